package dev.dbmigrate.embedded;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;

/**
 * What Linux's {@code /proc} tells about PostgreSQL processes, independent of any record this tool keeps: which live
 * postmasters run on a data folder (also on a deleted folder of that path, which {@code mvn clean} leaves behind).
 * Without {@code /proc} nothing is found.
 */
final class Postmasters {
    private static final Path PROC = Path.of("/proc");
    private static final String DELETED = " (deleted)";

    private Postmasters() {
    }

    /** A live postmaster on the data folder asked about; {@code deleted} when it runs on a deleted folder of that path. */
    record Found(long pid, boolean deleted) {
    }

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
            processes.filter(p -> p.getFileName().toString().chars().allMatch(Character::isDigit)).forEach(p -> {
                long pid = Long.parseLong(p.getFileName().toString());
                List<String> args = arguments(pid);
                if (args.isEmpty() || !isPostmaster(args) || pid == ProcessHandle.current().pid()) {
                    return;
                }
                String cwd = workingFolder(pid);
                boolean deleted = cwd.equals(path + DELETED);
                int d = args.indexOf("-D");
                boolean byArgument = d >= 0 && d + 1 < args.size()
                        && Path.of(args.get(d + 1)).toAbsolutePath().normalize().toString().equals(path);
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
        String name = Path.of(args.get(0)).getFileName() == null ? "" : Path.of(args.get(0)).getFileName().toString();
        // initdb's bootstrap and single-user backends are no servers
        return (name.equals("postgres") || name.equals("postmaster"))
                && !args.contains("--boot") && !args.contains("--single");
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
}
