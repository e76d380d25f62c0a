package dev.dbmigrate.embedded;

import java.io.IOException;
import java.io.Reader;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.Properties;
import java.util.stream.Stream;

/**
 * Which process owns each embedded server started from one binary cache: one small file per server under
 * {@code <cache>/servers/}, naming its data folder, its postmaster (pid and start time) and the process that started
 * it (pid and start time, so a reused pid is not taken for the owner). The owner stops its server when its run ends;
 * a server whose owner is gone (killed with {@code kill -9}) is an orphan, which the next start stops or takes over
 * (see {@link EmbeddedPostgres#start}).
 */
final class ServerOwners {
    private final Path folder;

    private ServerOwners(Path folder) {
        this.folder = folder;
    }

    /** One server and its owner, as recorded. */
    record Entry(
            Path file,
            Path dataDir,
            int port,
            long postmasterPid,
            String postmasterStart,
            long ownerPid,
            String ownerStart) {
        /** True while the recorded postmaster still runs (and is the same process, not a reused pid). */
        boolean serverAlive() {
            return postmasterPid != 0 && alive(postmasterPid, postmasterStart);
        }

        /** True while the process that started (or took over) the server runs. */
        boolean ownerAlive() {
            return alive(ownerPid, ownerStart);
        }

        /** Written before the server started: its postmaster is not known yet (see {@link Postmasters#on}). */
        boolean provisional() {
            return postmasterPid == 0;
        }

        boolean dataFolderGone() {
            return !Files.isRegularFile(dataDir.resolve("PG_VERSION"));
        }
    }

    static ServerOwners in(Path cacheRoot) {
        return new ServerOwners(cacheRoot.toAbsolutePath().normalize().resolve("servers"));
    }

    /**
     * Records this JVM as the owner of the server it is about to initialise or start on {@code dataDir}, before any
     * server process exists, so a run killed while its server starts leaves a record naming the folder
     * ({@link Entry#provisional}); {@link #record} completes it.
     */
    void recordProvisional(Path dataDir) {
        record(dataDir, 0, 0);
    }

    /** Records this JVM as the owner of the server running on {@code dataDir} with postmaster {@code pid}. */
    void record(Path dataDir, int port, long pid) {
        ProcessHandle self = ProcessHandle.current();
        Properties p = new Properties();
        p.setProperty("dataDir", dataDir.toString());
        p.setProperty("port", Integer.toString(port));
        p.setProperty("postmasterPid", Long.toString(pid));
        p.setProperty("postmasterStart", pid == 0 ? "" : start(pid));
        p.setProperty("ownerPid", Long.toString(self.pid()));
        p.setProperty("ownerStart", start(self.pid()));
        try {
            Files.createDirectories(folder);
            Path file = fileFor(dataDir);
            Path staging = Files.createTempFile(folder, ".owner-", ".tmp");
            try (Writer out = Files.newBufferedWriter(staging, StandardCharsets.UTF_8)) {
                p.store(out, "embedded PostgreSQL server and the process that owns it (migrate)");
            }
            Files.move(staging, file, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
        } catch (IOException e) {
            // without the record, a server orphaned by a kill -9 of this run is taken over only when idle
        }
    }

    /** Forgets the record of {@code dataDir}'s server when this JVM owns it (it was stopped). */
    void forgetOwn(Path dataDir) {
        of(dataDir).filter(e -> e.ownerPid() == ProcessHandle.current().pid()).ifPresent(ServerOwners::delete);
    }

    Optional<Entry> of(Path dataDir) {
        return read(fileFor(dataDir));
    }

    /** Every recorded server. */
    List<Entry> all() {
        List<Entry> entries = new ArrayList<>();
        if (!Files.isDirectory(folder)) {
            return entries;
        }
        try (Stream<Path> files = Files.list(folder)) {
            files.filter(f -> f.getFileName().toString().endsWith(".owner"))
                    .forEach(f -> read(f).ifPresent(entries::add));
        } catch (IOException e) {
            // nothing to sweep
        }
        return entries;
    }

    static void delete(Entry entry) {
        try {
            Files.deleteIfExists(entry.file());
        } catch (IOException ignored) {
            // the next sweep tries again
        }
    }

    /**
     * Whether a client is connected to the server of {@code postmasterPid} listening on {@code port}: a client whose
     * process has gone (a run killed with {@code kill -9}, whose session the server has not closed yet) does not
     * count, nor does one of this process (see {@link Postmasters#otherClients}). True when that cannot be told (no
     * {@code /proc}), so an orphan of unknown use is left running.
     */
    static boolean inUse(long postmasterPid, int port) {
        return Postmasters.otherClients(postmasterPid, port).map(n -> n > 0).orElse(true);
    }

    private Path fileFor(Path dataDir) {
        String key = Integer.toHexString(
                dataDir.toAbsolutePath().normalize().toString().hashCode());
        return folder.resolve("server-" + key + ".owner");
    }

    private static Optional<Entry> read(Path file) {
        if (!Files.isRegularFile(file)) {
            return Optional.empty();
        }
        Properties p = new Properties();
        try (Reader in = Files.newBufferedReader(file, StandardCharsets.UTF_8)) {
            p.load(in);
            return Optional.of(new Entry(
                    file,
                    Path.of(p.getProperty("dataDir")),
                    Integer.parseInt(p.getProperty("port")),
                    Long.parseLong(p.getProperty("postmasterPid")),
                    p.getProperty("postmasterStart", ""),
                    Long.parseLong(p.getProperty("ownerPid")),
                    p.getProperty("ownerStart", "")));
        } catch (IOException | RuntimeException e) {
            return Optional.empty(); // unreadable: as if not recorded
        }
    }

    /** When a process started, as the system reports it; "" when it cannot tell. */
    static String start(long pid) {
        return ProcessHandle.of(pid)
                .flatMap(h -> h.info().startInstant())
                .map(Instant::toString)
                .orElse("");
    }

    /** True when {@code pid} runs and started at {@code started} (when that was recorded and can be read). */
    static boolean alive(long pid, String started) {
        Optional<ProcessHandle> handle = ProcessHandle.of(pid).filter(ProcessHandle::isAlive);
        if (handle.isEmpty()) {
            return false;
        }
        String now = handle.get().info().startInstant().map(Instant::toString).orElse("");
        return started.isEmpty() || now.isEmpty() || now.equals(started);
    }
}
