package dev.dbmigrate.embedded;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;

/**
 * What Linux's {@code /proc} tells about PostgreSQL processes, independent of any record this tool keeps: which live
 * postmasters run on a data folder (also on a deleted folder of that path, which {@code mvn clean} leaves behind), and
 * whether the client of a server's session still runs. Without {@code /proc} nothing is found and every client counts
 * as alive.
 */
final class Postmasters {
    private static final Path PROC = Path.of("/proc");
    private static final String DELETED = " (deleted)";
    /** A client session among a postmaster's children: {@code postgres: user db 127.0.0.1(port) state}. */
    private static final Pattern CLIENT_BACKEND = Pattern.compile("\\((\\d+)\\)|\\[local\\]");
    /** TCP state ESTABLISHED in {@code /proc/net/tcp}. */
    private static final String ESTABLISHED = "01";

    private Postmasters() {}

    /** A live postmaster on the data folder asked about; {@code deleted} when it runs on a deleted folder of that path. */
    record Found(long pid, boolean deleted) {}

    static boolean available() {
        return Files.isDirectory(PROC.resolve("self"));
    }

    /**
     * The live postmasters whose data folder is {@code dataDir} or a deleted folder of that path: processes named
     * {@code postgres} or {@code postmaster} started with {@code -D dataDir} (as pg_ctl starts them) or working in that
     * folder (a postmaster works in its data folder). Its own children (whose titles replace the command line) are not
     * postmasters and are left out.
     */
    static List<Found> on(Path dataDir) {
        List<Found> found = new ArrayList<>();
        if (!available()) {
            return found;
        }
        String path = dataDir.toAbsolutePath().normalize().toString();
        try (Stream<Path> processes = Files.list(PROC)) {
            processes
                    .filter(p -> p.getFileName().toString().chars().allMatch(Character::isDigit))
                    .forEach(p -> {
                        long pid = Long.parseLong(p.getFileName().toString());
                        List<String> args = arguments(pid);
                        if (args.isEmpty()
                                || !isPostmaster(args)
                                || pid == ProcessHandle.current().pid()) {
                            return;
                        }
                        String cwd = workingFolder(pid);
                        boolean deleted = cwd.equals(path + DELETED);
                        int d = args.indexOf("-D");
                        boolean byArgument = d >= 0
                                && d + 1 < args.size()
                                && Path.of(args.get(d + 1))
                                        .toAbsolutePath()
                                        .normalize()
                                        .toString()
                                        .equals(path);
                        if (deleted || cwd.equals(path) || byArgument) {
                            found.add(new Found(pid, deleted || byArgument && cwd.endsWith(DELETED)));
                        }
                    });
        } catch (IOException | RuntimeException e) {
            // a process list that cannot be read: nothing found
        }
        return found;
    }

    private static boolean isPostmaster(List<String> args) {
        String name = Path.of(args.get(0)).getFileName() == null
                ? ""
                : Path.of(args.get(0)).getFileName().toString();
        // initdb's bootstrap and single-user backends are no servers
        return (name.equals("postgres") || name.equals("postmaster"))
                && !args.contains("--boot")
                && !args.contains("--single");
    }

    private static List<String> arguments(long pid) {
        try {
            String raw = new String(Files.readAllBytes(PROC.resolve(pid + "/cmdline")), StandardCharsets.UTF_8);
            return raw.isEmpty() ? List.of() : List.of(raw.split("\0"));
        } catch (IOException | RuntimeException e) {
            return List.of(); // ended meanwhile, or not ours to read
        }
    }

    private static String workingFolder(long pid) {
        try {
            return Files.readSymbolicLink(PROC.resolve(pid + "/cwd")).toString();
        } catch (IOException | RuntimeException e) {
            return "";
        }
    }

    /**
     * How many clients other than this process are connected to the server of {@code postmasterPid} listening on
     * {@code port}: its children whose title names a client address, less those whose client has gone (a run killed
     * with {@code kill -9}: its session lives on until the server notices the closed socket) and those of this
     * process. Empty when that cannot be told (no {@code /proc}).
     */
    static Optional<Integer> otherClients(long postmasterPid, int port) {
        Optional<ProcessHandle> postmaster = ProcessHandle.of(postmasterPid);
        if (postmaster.isEmpty()) {
            return Optional.of(0);
        }
        if (!available()) {
            return Optional.empty();
        }
        Map<Integer, Long> live = liveClientSockets(port);
        Set<Long> mine = ownSockets();
        int[] count = {0};
        postmaster.get().children().forEach(child -> {
            List<String> title = arguments(child.pid());
            Matcher m = CLIENT_BACKEND.matcher(String.join(" ", title));
            if (!m.find()) {
                return;
            }
            if (m.group(1) == null) {
                count[0]++; // a Unix-socket client: cannot be told apart, counts
                return;
            }
            Long socket = live.get(Integer.valueOf(m.group(1)));
            if (socket != null && !mine.contains(socket)) {
                count[0]++;
            }
        });
        return Optional.of(count[0]);
    }

    /** Client port to socket inode of each established connection to {@code port} that a process still holds. */
    private static Map<Integer, Long> liveClientSockets(int port) {
        Map<Integer, Long> keys = new HashMap<>();
        for (String table : List.of("net/tcp", "net/tcp6")) {
            try {
                for (String line : Files.readAllLines(PROC.resolve(table))) {
                    String[] f = line.trim().split("\\s+");
                    if (f.length < 10 || !f[3].equals(ESTABLISHED) || f[9].equals("0") || !f[1].contains(":")) {
                        continue; // a closed socket (inode 0) belongs to no process any more
                    }
                    int local = Integer.parseInt(f[1].substring(f[1].indexOf(':') + 1), 16);
                    int remote = Integer.parseInt(f[2].substring(f[2].indexOf(':') + 1), 16);
                    if (remote == port) {
                        keys.put(local, Long.valueOf(f[9]));
                    }
                }
            } catch (IOException | RuntimeException e) {
                // no such table (no IPv6)
            }
        }
        return keys;
    }

    private static Set<Long> ownSockets() {
        Set<Long> inodes = new HashSet<>();
        try (Stream<Path> fds = Files.list(PROC.resolve("self/fd"))) {
            fds.forEach(fd -> {
                try {
                    String target = Files.readSymbolicLink(fd).toString();
                    if (target.startsWith("socket:[")) {
                        inodes.add(Long.parseLong(target.substring(8, target.length() - 1)));
                    }
                } catch (IOException | RuntimeException e) {
                    // closed meanwhile
                }
            });
        } catch (IOException e) {
            // none known
        }
        return inodes;
    }
}
