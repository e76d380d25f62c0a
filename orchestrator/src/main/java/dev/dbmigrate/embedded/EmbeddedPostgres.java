package dev.dbmigrate.embedded;

import dev.dbmigrate.error.ErrorCode;
import dev.dbmigrate.error.MigrateException;
import dev.dbmigrate.process.ProcessResult;
import dev.dbmigrate.process.ProcessRunner;
import java.io.IOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermission;
import java.nio.file.attribute.PosixFilePermissions;
import java.nio.file.attribute.UserPrincipal;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.Set;
import java.util.function.Consumer;
import java.util.stream.Stream;

/**
 * A PostgreSQL server on 127.0.0.1 whose data lives in a folder of the caller's choosing: the embedded default of the
 * goals (data under {@code target/}, kept between builds) and the server the tests start for themselves.
 *
 * <p>PostgreSQL refuses to run as root. When this JVM runs as root the server is initialised and started as the
 * unprivileged user {@code postgres} (through {@code runuser}), and the data folder is handed to that user.
 *
 * <p>{@link #start} reuses a server already running on the same data folder (another build started it); {@link #close}
 * stops the server only when this instance started it.
 */
public final class EmbeddedPostgres implements AutoCloseable {
    /** The superuser that initdb creates. */
    public static final String SUPERUSER = "postgres";
    private static final Duration TOOL_TIMEOUT = Duration.ofSeconds(120);
    /** Users the server may run as when the build runs as root, in order of preference. */
    private static final List<String> UNPRIVILEGED_USERS = List.of("postgres", "nobody");

    private final PostgresBinaries binaries;
    private final Path dataDir;
    private final int port;
    private final boolean startedHere;
    private final String runAs;
    private final String password;
    private ServerOwners owners;
    private Long postmaster;
    private Consumer<String> log = line -> { };

    private EmbeddedPostgres(PostgresBinaries binaries, Path dataDir, int port, boolean startedHere, String runAs,
                             String password) {
        this.binaries = binaries;
        this.dataDir = dataDir;
        this.port = port;
        this.startedHere = startedHere;
        this.runAs = runAs;
        this.password = password;
    }

    /** This instance started (or took over) the server: it records itself as the owner. */
    private EmbeddedPostgres owned(ServerOwners by, Consumer<String> logTo) {
        this.owners = by;
        this.log = logTo;
        this.postmaster = postmasterPid(dataDir.resolve("postmaster.pid"));
        if (postmaster != null) {
            by.record(dataDir, port, postmaster);
        }
        return this;
    }

    /**
     * How to start a server.
     *
     * @param dataDir   the cluster's data folder (created and initialised when missing or empty)
     * @param cacheRoot where the binary bundle is unpacked ({@link #forData} puts it beside the data folder; the
     *                  commands use the per-user {@link PostgresBinaries#sharedCache})
     * @param password  the superuser's password, or null for trust authentication on 127.0.0.1
     * @param durable   false turns off fsync (for throw-away test servers)
     */
    public record Options(Path dataDir, Path cacheRoot, String password, boolean durable) {
        public static Options forData(Path dataDir) {
            Path absolute = dataDir.toAbsolutePath().normalize();
            return new Options(absolute, absolute.getParent(), null, true);
        }

        public Options withPassword(String newPassword) {
            return new Options(dataDir, cacheRoot, newPassword, durable);
        }

        public Options nonDurable() {
            return new Options(dataDir, cacheRoot, password, false);
        }
    }

    /** Initialises the cluster if needed, then starts it or attaches to the server already running on it. */
    public static EmbeddedPostgres start(Options options, Consumer<String> log) {
        long began = System.nanoTime();
        PostgresBinaries binaries = PostgresBinaries.locate(options.cacheRoot(), log);
        Path dataDir = options.dataDir().toAbsolutePath().normalize();
        String runAs = runningAsRoot() ? unprivilegedUser() : null;
        if (runAs != null) {
            log.accept("Running as root: the embedded PostgreSQL server runs as the unprivileged user '" + runAs
                    + "', since PostgreSQL refuses to run as root");
        }
        ServerOwners owners = ServerOwners.in(options.cacheRoot());
        stopOrphans(owners, binaries, runAs, dataDir, log);
        try {
            stopUnrecorded(owners, binaries, runAs, dataDir, log);
            Integer running = runningPort(binaries, dataDir, runAs);
            if (running != null) {
                return attach(owners, binaries, dataDir, running, runAs, options.password(), log);
            }
            // recorded before a server process exists: a run killed from here on leaves a record of its server
            owners.recordProvisional(dataDir);
            if (!Files.isRegularFile(dataDir.resolve("PG_VERSION"))) {
                initialise(binaries, dataDir, runAs, options, log);
            }
            int port = freePort();
            Path logFile = dataDir.resolve("server.log");
            ProcessResult started = runUntil(binaries, runAs, () -> serverReady(dataDir, port),
                    binaries.tool("pg_ctl").toString(), "start", "-D", dataDir.toString(), "-l", logFile.toString(),
                    "-w", "-t", "60", "-o", "-p " + port + clientCheck(dataDir));
            if (!started.succeeded()) {
                owners.forgetOwn(dataDir);
                Integer other = runningPort(binaries, dataDir, runAs);
                if (other != null) {
                    return new EmbeddedPostgres(binaries, dataDir, other, false, runAs, options.password());
                }
                throw new MigrateException(ErrorCode.ENVIRONMENT, "the embedded PostgreSQL server with data in "
                        + dataDir + " did not start: " + (started.stdout() + started.stderr()).strip()
                        + " (see " + logFile + "; delete the folder to start from an empty database)");
            }
            log.accept("Started embedded PostgreSQL (" + binaries.origin() + ") on 127.0.0.1:" + port
                    + " with data in " + dataDir + ": ready in " + millisSince(began) + " ms");
            return new EmbeddedPostgres(binaries, dataDir, port, true, runAs, options.password()).owned(owners, log);
        } catch (IOException e) {
            throw new MigrateException(ErrorCode.ENVIRONMENT, "could not prepare the embedded PostgreSQL data folder "
                    + dataDir + ": " + e.getMessage(), e);
        }
    }

    /**
     * The server already running on {@code dataDir}: used as it is while the run that started it is alive (that run
     * stops it); taken over when that run is gone (killed with {@code kill -9}) and nobody is connected, so this run
     * stops it at its end and an orphan is never reused forever; left running when its owner is gone but a client
     * is still connected to it.
     */
    private static EmbeddedPostgres attach(ServerOwners owners, PostgresBinaries binaries, Path dataDir, int port,
                                           String runAs, String password, Consumer<String> log) {
        Long pid = postmasterPid(dataDir.resolve("postmaster.pid"));
        var owner = owners.of(dataDir).filter(e -> pid != null && e.postmasterPid() == pid);
        if (owner.isPresent() && owner.get().ownerAlive() || pid == null) {
            log.accept("Reusing the embedded PostgreSQL server already running on port " + port + " with data in "
                    + dataDir + owner.map(e -> " (started by process " + e.ownerPid() + ", which stops it when"
                    + " nobody else uses it)")
                    .orElse(""));
            return new EmbeddedPostgres(binaries, dataDir, port, false, runAs, password);
        }
        String whose = owner.map(e -> "the run that started it (process " + e.ownerPid() + ") is gone")
                .orElse("no running process owns it");
        if (ServerOwners.inUse(pid, port)) {
            log.accept("Reusing the embedded PostgreSQL server already running on port " + port + " with data in "
                    + dataDir + ": " + whose + ", but a client is connected to it, so it is left running");
            return new EmbeddedPostgres(binaries, dataDir, port, false, runAs, password);
        }
        log.accept("Taking over the embedded PostgreSQL server running on port " + port + " (pid " + pid
                + ") with data in " + dataDir + ": " + whose + "; this run stops it when it ends");
        return new EmbeddedPostgres(binaries, dataDir, port, true, runAs, password).owned(owners, log);
    }

    /**
     * Stops the recorded servers that nobody will stop: one whose data folder was deleted while it ran (whoever owns
     * it), and one whose owner is gone and to which no client is connected. The server of {@code dataDir} is left
     * to {@link #attach}.
     */
    private static void stopOrphans(ServerOwners owners, PostgresBinaries binaries, String runAs, Path dataDir,
                                    Consumer<String> log) {
        for (ServerOwners.Entry e : owners.all()) {
            if (e.provisional()) {
                stopUnfinishedStart(e, binaries, runAs, dataDir, log);
            } else if (!e.serverAlive()) {
                ServerOwners.delete(e);
            } else if (e.dataFolderGone()) {
                // pg_ctl needs the data folder; the postmaster's pid is enough to ask for a fast shutdown
                run(binaries, runAs, Map.of(), binaries.tool("pg_ctl").toString(), "kill", "INT",
                        Long.toString(e.postmasterPid()));
                awaitExit(e.postmasterPid());
                ServerOwners.delete(e);
                log.accept("Stopped the embedded PostgreSQL server on port " + e.port() + " (pid " + e.postmasterPid()
                        + "): its data folder " + e.dataDir() + " was deleted while it ran");
            } else if (!e.dataDir().equals(dataDir) && !e.ownerAlive() && !ServerOwners.inUse(e.postmasterPid(), e.port())) {
                run(binaries, runAs, Map.of(), binaries.tool("pg_ctl").toString(), "stop", "-D",
                        e.dataDir().toString(), "-m", "fast", "-w");
                ServerOwners.delete(e);
                log.accept("Stopped the orphaned embedded PostgreSQL server on port " + e.port() + " with data in "
                        + e.dataDir() + ": the run that started it (process " + e.ownerPid() + ") is gone and"
                        + " nobody is connected to it");
            }
        }
    }

    /**
     * A provisional record ({@link ServerOwners#recordProvisional}) whose owner is gone: that run was killed while its
     * server started, before it could record the server's pid. Its postmaster, if one came up, is found by its data
     * folder and stopped when nobody is connected; the server of {@code dataDir} is left to {@link #stopUnrecorded}
     * and {@link #attach}.
     */
    private static void stopUnfinishedStart(ServerOwners.Entry e, PostgresBinaries binaries, String runAs,
                                            Path dataDir, Consumer<String> log) {
        if (e.ownerAlive() || e.dataDir().equals(dataDir)) {
            return;
        }
        for (Postmasters.Found found : Postmasters.on(e.dataDir())) {
            if (!found.deleted() && ServerOwners.inUse(found.pid(), portOf(e.dataDir()))) {
                return; // in use: the next start looks again
            }
            terminate(binaries, runAs, found);
            log.accept("Stopped the orphaned embedded PostgreSQL server (pid " + found.pid() + ") with data in "
                    + e.dataDir() + (found.deleted() ? " (deleted)" : "") + ": the run that started it (process "
                    + e.ownerPid() + ") was killed before it recorded the server");
        }
        ServerOwners.delete(e);
    }

    /**
     * Stops, before a cluster is initialised or started on {@code dataDir}, every live postmaster that no record or
     * pid file accounts for there: one running on a deleted folder of this path (its files were removed while it ran;
     * stopped later it would write into the new cluster at the same path), and one running on this folder that its
     * {@code postmaster.pid} does not name. A postmaster that a live run is starting right now (its provisional record
     * names a live owner) is left to that run.
     */
    private static void stopUnrecorded(ServerOwners owners, PostgresBinaries binaries, String runAs, Path dataDir,
                                       Consumer<String> log) {
        Long named = postmasterPid(dataDir.resolve("postmaster.pid"));
        var record = owners.of(dataDir);
        for (Postmasters.Found found : Postmasters.on(dataDir)) {
            if (!found.deleted() && (named != null && named == found.pid()
                    || record.filter(ServerOwners.Entry::ownerAlive)
                    .filter(e -> e.provisional() || e.postmasterPid() == found.pid()).isPresent())) {
                continue;
            }
            terminate(binaries, runAs, found);
            log.accept("Stopped a PostgreSQL server (pid " + found.pid() + ") that no run owns, running on "
                    + (found.deleted() ? "a deleted data folder " + dataDir + " (its files were removed while it ran)"
                    : dataDir + " without naming itself in its postmaster.pid")
                    + ", before starting the embedded server there");
        }
    }

    /**
     * Stops a postmaster by its pid (its data folder may be gone, which pg_ctl stop needs): an immediate shutdown
     * (SIGQUIT) when it runs on a deleted folder, since nothing it would write there is kept, a fast one (SIGINT:
     * sessions rolled back) otherwise; SIGKILL when it has not ended within 10 s.
     */
    private static void terminate(PostgresBinaries binaries, String runAs, Postmasters.Found found) {
        String pid = Long.toString(found.pid());
        run(binaries, runAs, Map.of(), binaries.tool("pg_ctl").toString(), "kill", found.deleted() ? "QUIT" : "INT",
                pid);
        if (!awaitExit(found.pid(), Duration.ofSeconds(10))) {
            run(binaries, runAs, Map.of(), binaries.tool("pg_ctl").toString(), "kill", "KILL", pid);
            awaitExit(found.pid(), Duration.ofSeconds(10));
        }
    }

    private static boolean awaitExit(long pid, Duration atMost) {
        ProcessHandle.of(pid).ifPresent(p -> p.onExit().completeOnTimeout(p, atMost.toMillis(),
                java.util.concurrent.TimeUnit.MILLISECONDS).join());
        return ProcessHandle.of(pid).map(p -> !p.isAlive()).orElse(true);
    }

    /** The port in {@code dataDir}'s postmaster.pid, or 0. */
    private static int portOf(Path dataDir) {
        try {
            List<String> lines = Files.readAllLines(dataDir.resolve("postmaster.pid"));
            return lines.size() > 3 ? Integer.parseInt(lines.get(3).strip()) : 0;
        } catch (IOException | RuntimeException e) {
            return 0;
        }
    }

    private static void awaitExit(long pid) {
        ProcessHandle.of(pid).ifPresent(p -> p.onExit().completeOnTimeout(p, TOOL_TIMEOUT.toSeconds(),
                java.util.concurrent.TimeUnit.SECONDS).join());
    }

    private static void initialise(PostgresBinaries binaries, Path dataDir, String runAs, Options options,
                                   Consumer<String> log) throws IOException {
        long began = System.nanoTime();
        Files.createDirectories(dataDir);
        if (!PostgresBinaries.isEmptyDirectory(dataDir)) {
            throw new MigrateException(ErrorCode.ENVIRONMENT, "the embedded PostgreSQL data folder " + dataDir
                    + " is not empty but holds no PostgreSQL cluster (no PG_VERSION); move its files away or delete it");
        }
        Files.setPosixFilePermissions(dataDir, PosixFilePermissions.fromString("rwx------"));
        if (runAs != null) {
            handOver(dataDir, runAs);
            checkReachable(dataDir, runAs);
        }
        List<String> initdb = new ArrayList<>(List.of(binaries.tool("initdb").toString(), "-D", dataDir.toString(),
                "-U", SUPERUSER, "-E", "UTF8", "--locale=C", "--no-sync"));
        Path passwordFile = null;
        if (options.password() != null) {
            passwordFile = dataDir.resolveSibling(dataDir.getFileName() + ".pwfile");
            Files.deleteIfExists(passwordFile);
            Files.createFile(passwordFile, PosixFilePermissions.asFileAttribute(
                    Set.of(PosixFilePermission.OWNER_READ, PosixFilePermission.OWNER_WRITE)));
            Files.writeString(passwordFile, options.password());
            if (runAs != null) {
                handOver(passwordFile, runAs);
            }
            initdb.addAll(List.of("--auth=scram-sha-256", "--pwfile=" + passwordFile));
        } else {
            initdb.add("--auth=trust");
        }
        try {
            ProcessResult result;
            try {
                result = run(binaries, runAs, Map.of(), initdb.toArray(String[]::new));
            } catch (MigrateException e) {
                if (e.code() != ErrorCode.INTERRUPTED) {
                    throw e;
                }
                // the folder was empty before: empty again, the next run initialises it from the start
                emptyQuietly(dataDir);
                throw new MigrateException(ErrorCode.INTERRUPTED, "interrupted (SIGINT or SIGTERM) while setting up"
                        + " the embedded database: initdb was stopped before the database existed and its unfinished"
                        + " data folder " + dataDir + " was emptied; nothing was changed and no migration ran (run"
                        + " the command again)", e);
            }
            if (!result.succeeded()) {
                throw new MigrateException(ErrorCode.ENVIRONMENT, "initdb failed for the embedded PostgreSQL data folder "
                        + dataDir + ": " + (result.stdout() + result.stderr()).strip());
            }
        } finally {
            if (passwordFile != null) {
                Files.deleteIfExists(passwordFile);
            }
        }
        StringBuilder conf = new StringBuilder("\n# written by migrate's embedded PostgreSQL\n")
                .append("listen_addresses = '127.0.0.1'\n")
                .append("unix_socket_directories = ''\n")
                .append("max_connections = 50\n");
        if (!options.durable()) {
            conf.append("fsync = off\nsynchronous_commit = off\nfull_page_writes = off\n");
        }
        Files.writeString(dataDir.resolve("postgresql.conf"), conf.toString(),
                java.nio.file.StandardOpenOption.APPEND);
        log.accept("Initialised a new embedded PostgreSQL cluster in " + dataDir + " (initdb: " + millisSince(began)
                + " ms)");
    }

    /** Deletes what {@code dir} holds, leaving the folder itself; what cannot be deleted is left. */
    private static void emptyQuietly(Path dir) {
        try (Stream<Path> all = Files.walk(dir)) {
            all.sorted(java.util.Comparator.reverseOrder()).filter(p -> !p.equals(dir)).forEach(p -> {
                try {
                    Files.deleteIfExists(p);
                } catch (IOException e) {
                    // left behind: the next run says the folder is not empty and how to clear it
                }
            });
        } catch (IOException | java.io.UncheckedIOException e) {
            // as above
        }
    }

    private static void handOver(Path path, String user) throws IOException {
        UserPrincipal owner = path.getFileSystem().getUserPrincipalLookupService().lookupPrincipalByName(user);
        Files.setOwner(path, owner);
    }

    private static void checkReachable(Path dataDir, String user) {
        for (Path p = dataDir.getParent(); p != null; p = p.getParent()) {
            try {
                Set<PosixFilePermission> perms = Files.getPosixFilePermissions(p);
                if (!perms.contains(PosixFilePermission.OTHERS_EXECUTE)) {
                    throw new MigrateException(ErrorCode.ENVIRONMENT, "the embedded PostgreSQL server runs as '" + user
                            + "' (the build runs as root), but that user cannot enter " + p + " to reach " + dataDir
                            + " (run 'chmod o+x " + p + "', build as an ordinary user, or configure -Dmigrate.url)");
                }
            } catch (IOException e) {
                return;
            }
        }
    }

    /**
     * From PostgreSQL 14 on, the server looks every second whether a running statement's client is still there, so the
     * session of a run killed with {@code kill -9} ends (rolled back, its locks released) within a second instead of
     * when the statement ends.
     */
    private static String clientCheck(Path dataDir) {
        try {
            String version = Files.readString(dataDir.resolve("PG_VERSION")).strip();
            return Integer.parseInt(version.contains(".") ? version.substring(0, version.indexOf('.')) : version) >= 14
                    ? " -c client_connection_check_interval=1000" : "";
        } catch (IOException | RuntimeException e) {
            return "";
        }
    }

    private static Integer runningPort(PostgresBinaries binaries, Path dataDir, String runAs) throws IOException {
        Path pidFile = dataDir.resolve("postmaster.pid");
        if (!Files.isRegularFile(pidFile)) {
            return null;
        }
        ProcessResult status = run(binaries, runAs, Map.of(), binaries.tool("pg_ctl").toString(), "status",
                "-D", dataDir.toString());
        if (!status.succeeded()) {
            return null;
        }
        List<String> lines = Files.readAllLines(pidFile);
        // postmaster.pid: pid, data dir, start time, port, socket dir, listen address, shared memory key, status
        return lines.size() > 3 ? Integer.valueOf(lines.get(3).strip()) : null;
    }

    private static ProcessResult run(PostgresBinaries binaries, String runAs, Map<String, String> env,
                                     String... command) {
        List<String> line = new ArrayList<>();
        if (runAs != null) {
            line.addAll(List.of(runuser(), "-u", runAs, "--"));
        }
        line.addAll(List.of(command));
        return ProcessRunner.run(line, env, TOOL_TIMEOUT);
    }

    private static String runuser() {
        return Stream.of("/usr/sbin/runuser", "/sbin/runuser", "/usr/bin/runuser")
                .filter(p -> Files.isExecutable(Path.of(p))).findFirst()
                .orElseThrow(() -> new MigrateException(ErrorCode.ENVIRONMENT,
                        "the build runs as root and PostgreSQL refuses to; 'runuser' (util-linux) is needed to start"
                                + " the embedded server as an unprivileged user but was not found (install util-linux,"
                                + " or build as an ordinary user)"));
    }

    private static String unprivilegedUser() {
        var lookup = java.nio.file.FileSystems.getDefault().getUserPrincipalLookupService();
        for (String user : UNPRIVILEGED_USERS) {
            try {
                lookup.lookupPrincipalByName(user);
                return user;
            } catch (IOException e) {
                // try the next one
            }
        }
        throw new MigrateException(ErrorCode.ENVIRONMENT, "the build runs as root, PostgreSQL refuses to, and neither"
                + " of the users " + UNPRIVILEGED_USERS + " exists to run the embedded server as (create one with"
                + " 'useradd --system postgres', build as an ordinary user, or configure -Dmigrate.url)");
    }

    static boolean runningAsRoot() {
        try {
            return new com.sun.security.auth.module.UnixSystem().getUid() == 0;
        } catch (RuntimeException | LinkageError e) {
            return "root".equals(System.getProperty("user.name"));
        }
    }

    private static int freePort() throws IOException {
        try (ServerSocket socket = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            return socket.getLocalPort();
        }
    }

    public int port() {
        return port;
    }

    public Path dataDir() {
        return dataDir;
    }

    /** True when this instance started the server (and so stops it on {@link #close}). */
    public boolean startedHere() {
        return startedHere;
    }

    /** The superuser's password, or null when the server trusts local connections. */
    public String password() {
        return password;
    }

    public String jdbcUrl(String database) {
        return "jdbc:postgresql://127.0.0.1:" + port + "/" + database;
    }

    /** Opens a superuser connection to {@code database}. */
    public Connection connect(String database) throws SQLException {
        Properties props = new Properties();
        props.setProperty("user", SUPERUSER);
        if (password != null) {
            props.setProperty("password", password);
        }
        return DriverManager.getConnection(jdbcUrl(database), props);
    }

    /** Creates {@code name} unless it exists. */
    public void createDatabase(String name) {
        try (Connection c = connect("postgres"); Statement s = c.createStatement()) {
            var rs = s.executeQuery("select 1 from pg_database where datname = '" + name.replace("'", "''") + "'");
            if (!rs.next()) {
                s.execute("create database \"" + name.replace("\"", "\"\"") + "\"");
            }
        } catch (SQLException e) {
            throw new MigrateException(ErrorCode.ENVIRONMENT, "could not create database '" + name
                    + "' on the embedded server: " + e.getMessage(), e);
        }
    }

    /**
     * Stops the server if this instance started it, unless another client (a second run on the same project that
     * reused it) is still connected: then the server is left running and recorded as this run's, so the next start,
     * finding its owner gone, takes it over once nobody uses it (see {@link #attach}).
     */
    @Override
    public void close() {
        if (!startedHere) {
            return;
        }
        int others = otherClients();
        if (others > 0) {
            log.accept("Left the embedded PostgreSQL server on port " + port + " with data in " + dataDir + " running: "
                    + others + (others == 1 ? " other client is" : " other clients are") + " still connected to it"
                    + " (another run on this project); the next run stops it once nobody uses it");
            return;
        }
        stop();
    }

    /**
     * How many clients other than this process are connected: told by {@code /proc} where there is one (a client
     * whose process has gone does not count), else by asking the server.
     */
    private int otherClients() {
        if (postmaster != null && Postmasters.available()) {
            return Postmasters.otherClients(postmaster, port).orElse(0);
        }
        try (Connection c = connect("postgres"); Statement s = c.createStatement();
             var rs = s.executeQuery("select count(*) from pg_stat_activity where backend_type = 'client backend'"
                     + " and pid <> pg_backend_pid()")) {
            return rs.next() ? rs.getInt(1) : 0;
        } catch (SQLException e) {
            return 0; // not answering: nobody can be using it
        }
    }

    /** Stops the server whoever started it. */
    public void stop() {
        stop("fast");
    }

    /**
     * Stops the server with pg_ctl's {@code mode}: {@code fast} (rolls back open transactions, the normal way) or
     * {@code immediate} (no shutdown at all, as in a power cut: the next start runs crash recovery).
     */
    public void stop(String mode) {
        // pg_ctl -W signals the server and returns; the wait is ours, at 5 ms instead of pg_ctl's 100 ms: the server is
        // down when it has removed postmaster.pid (as pg_ctl -w sees it), or when its process is gone
        Path pidFile = dataDir.resolve("postmaster.pid");
        Long pid = postmasterPid(pidFile);
        if (pid == null && postmaster != null && !Files.isDirectory(dataDir)) {
            // the data folder was deleted while the server ran (mvn clean): pg_ctl needs it, the pid is enough
            run(binaries, runAs, Map.of(), binaries.tool("pg_ctl").toString(), "kill", "INT", postmaster.toString());
            awaitExit(postmaster);
            owners.forgetOwn(dataDir);
            return;
        }
        ProcessResult signalled = run(binaries, runAs, Map.of(), binaries.tool("pg_ctl").toString(), "stop",
                "-D", dataDir.toString(), "-m", mode, "-W");
        if (owners != null) {
            owners.forgetOwn(dataDir);
        }
        if (!signalled.succeeded() || pid == null) {
            return;
        }
        long deadline = System.nanoTime() + TOOL_TIMEOUT.toNanos();
        while (Files.exists(pidFile) && ProcessHandle.of(pid).map(ProcessHandle::isAlive).orElse(false)
                && System.nanoTime() < deadline) {
            try {
                Thread.sleep(5);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return;
            }
        }
    }

    private static Long postmasterPid(Path pidFile) {
        try {
            List<String> lines = Files.readAllLines(pidFile);
            return lines.isEmpty() ? null : Long.valueOf(lines.get(0).strip());
        } catch (IOException | RuntimeException e) {
            return null;
        }
    }

    /**
     * Runs a {@code pg_ctl start -w} and returns as soon as {@code done} holds, without waiting for pg_ctl itself:
     * pg_ctl looks at the server only every 100 ms, which made each start last about 110 ms where the server needs
     * about 40. pg_ctl is left to notice and end on its own. When pg_ctl ends first, its result counts, so every
     * failure is still reported as pg_ctl reports it.
     */
    private static ProcessResult runUntil(PostgresBinaries binaries, String runAs, java.util.function.BooleanSupplier done,
                                          String... command) {
        List<String> line = new ArrayList<>();
        if (runAs != null) {
            line.addAll(List.of(runuser(), "-u", runAs, "--"));
        }
        line.addAll(List.of(command));
        Path output = null;
        try {
            output = Files.createTempFile("migrate-pg_ctl-", ".log");
            Process process = new ProcessBuilder(line).redirectErrorStream(true)
                    .redirectOutput(output.toFile()).redirectInput(ProcessBuilder.Redirect.from(new java.io.File("/dev/null")))
                    .start();
            long deadline = System.nanoTime() + TOOL_TIMEOUT.toNanos();
            while (true) {
                if (!process.isAlive()) {
                    return new ProcessResult(line, process.exitValue(), Files.readString(output), "");
                }
                if (done.getAsBoolean()) {
                    return new ProcessResult(line, 0, "", "");
                }
                if (System.nanoTime() > deadline) {
                    process.destroyForcibly();
                    throw new MigrateException(ErrorCode.ENVIRONMENT, String.join(" ", line) + " did not finish within "
                            + TOOL_TIMEOUT.toSeconds() + " s and was stopped; " + Files.readString(output).strip());
                }
                Thread.sleep(5);
            }
        } catch (IOException e) {
            throw new MigrateException(ErrorCode.ENVIRONMENT, "could not run " + command[0] + ": " + e.getMessage()
                    + " (check that the program exists and is executable)", e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new MigrateException(ErrorCode.ENVIRONMENT, "interrupted while waiting for " + String.join(" ", line),
                    e);
        } finally {
            if (output != null) {
                try {
                    Files.deleteIfExists(output);
                } catch (IOException ignored) {
                    // a temporary file of a few bytes
                }
            }
        }
    }

    /**
     * True once the server on {@code port} with data in {@code dataDir} accepts connections: its
     * {@code postmaster.pid} names a live process, the port, and the status {@code ready} (what pg_ctl -w waits for).
     * A stale file of a crashed server names a dead process or another port.
     */
    static boolean serverReady(Path dataDir, int port) {
        try {
            List<String> lines = Files.readAllLines(dataDir.resolve("postmaster.pid"));
            // postmaster.pid: pid, data dir, start time, port, socket dir, listen address, shared memory key, status
            if (lines.size() < 8 || !lines.get(7).strip().equals("ready")
                    || !lines.get(3).strip().equals(Integer.toString(port))) {
                return false;
            }
            long pid = Long.parseLong(lines.get(0).strip());
            return ProcessHandle.of(pid).map(ProcessHandle::isAlive).orElse(false);
        } catch (IOException | RuntimeException e) {
            return false;
        }
    }

    private static long millisSince(long startedNanos) {
        return (System.nanoTime() - startedNanos) / 1_000_000;
    }
}
