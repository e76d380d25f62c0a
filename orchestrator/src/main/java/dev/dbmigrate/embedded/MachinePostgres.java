package dev.dbmigrate.embedded;

import java.io.File;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.stream.Stream;

/**
 * The machine's own PostgreSQL server programs, where the usual packages put them: the newest major version of a
 * versioned layout ({@code /usr/lib/postgresql/<major>/bin} of Debian and Ubuntu, {@code /usr/pgsql-<major>/bin} of
 * the PostgreSQL RPMs, Homebrew's {@code postgresql@<major>}, {@code C:\Program Files\PostgreSQL\<major>\bin}), else
 * the folder of {@code initdb} on the PATH, else Postgres.app and a build from source ({@code /usr/local/pgsql/bin}).
 */
final class MachinePostgres {
    /** A folder of versioned installations: {@code <parent>/<prefix><major>/<bin>}. */
    record Versioned(Path parent, String prefix, String bin) {
        @Override
        public String toString() {
            return parent.resolve(prefix + "<major>").resolve(bin).toString();
        }
    }

    private static final List<Versioned> VERSIONED = List.of(
            new Versioned(Path.of("/usr/lib/postgresql"), "", "bin"),
            new Versioned(Path.of("/usr"), "pgsql-", "bin"),
            new Versioned(Path.of("/opt/homebrew/opt"), "postgresql@", "bin"),
            new Versioned(Path.of("/usr/local/opt"), "postgresql@", "bin"));
    private static final List<Path> FIXED = List.of(
            Path.of("/Applications/Postgres.app/Contents/Versions/latest/bin"), Path.of("/usr/local/pgsql/bin"));
    private static final String WINDOWS_INSTALLATIONS = "C:\\Program Files\\PostgreSQL";

    private final List<Versioned> versioned;
    private final String path;
    private final List<Path> fixed;

    MachinePostgres(List<Versioned> versioned, String path, List<Path> fixed) {
        this.versioned = versioned;
        this.path = path;
        this.fixed = fixed;
    }

    /** The places of this machine, with the PATH of {@code environment}. */
    static MachinePostgres of(Map<String, String> environment) {
        String path = environment.getOrDefault("PATH", environment.getOrDefault("Path", ""));
        if (File.separatorChar == '\\') {
            List<Versioned> windows = List.of(new Versioned(Path.of(WINDOWS_INSTALLATIONS), "", "bin"));
            return new MachinePostgres(windows, path, List.of());
        }
        return new MachinePostgres(VERSIONED, path, FIXED);
    }

    /** The first of the places above that holds initdb, pg_ctl and postgres. */
    Optional<PostgresBinaries> find() {
        for (Versioned v : versioned) {
            Optional<Path> newest = newest(v);
            if (newest.isPresent()) {
                return Optional.of(machine(newest.get()));
            }
        }
        for (String dir : path.split(File.pathSeparator)) {
            Optional<Path> onPath = dir.isBlank() ? Optional.empty() : besideInitdb(Path.of(dir));
            if (onPath.isPresent()) {
                return Optional.of(machine(onPath.get()));
            }
        }
        return fixed.stream().filter(PostgresBinaries::holdsServer).findFirst().map(MachinePostgres::machine);
    }

    /** Where {@link #find} looked, for a message. */
    String places() {
        List<String> places = new ArrayList<>();
        versioned.forEach(v -> places.add(v.toString()));
        places.add("the PATH");
        fixed.forEach(f -> places.add(f.toString()));
        return String.join(", ", places);
    }

    private static PostgresBinaries machine(Path bin) {
        return new PostgresBinaries(bin, "machine binaries " + bin);
    }

    private static Optional<Path> newest(Versioned v) {
        if (!Files.isDirectory(v.parent())) {
            return Optional.empty();
        }
        try (Stream<Path> children = Files.list(v.parent())) {
            return children.filter(p -> majorOf(p, v.prefix()) >= 0)
                    .filter(p -> PostgresBinaries.holdsServer(p.resolve(v.bin())))
                    .max(Comparator.comparingInt(p -> majorOf(p, v.prefix())))
                    .map(p -> p.resolve(v.bin()));
        } catch (IOException | SecurityException e) {
            return Optional.empty();
        }
    }

    /** The folder of the real file of {@code initdb} in {@code dir} (a link is followed). */
    private static Optional<Path> besideInitdb(Path dir) {
        try {
            Path initdb = dir.resolve(PostgresBinaries.executable("initdb"));
            if (!Files.isRegularFile(initdb)) {
                return Optional.empty();
            }
            Path bin = initdb.toRealPath().getParent();
            return PostgresBinaries.holdsServer(bin) ? Optional.of(bin) : Optional.empty();
        } catch (IOException | RuntimeException e) {
            return Optional.empty();
        }
    }

    private static int majorOf(Path versionDir, String prefix) {
        String name = versionDir.getFileName().toString();
        if (!name.startsWith(prefix)) {
            return -1;
        }
        try {
            return Integer.parseInt(name.substring(prefix.length()));
        } catch (NumberFormatException e) {
            return -1;
        }
    }
}
