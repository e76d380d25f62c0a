package dev.dbmigrate.backup;

import static dev.dbmigrate.config.MigrateProperty.PG_BIN_DIR;

import dev.dbmigrate.db.Database;
import dev.dbmigrate.error.ErrorCode;
import dev.dbmigrate.error.MigrateException;
import dev.dbmigrate.process.ProcessResult;
import dev.dbmigrate.process.ProcessRunner;
import dev.dbmigrate.support.Messages;
import java.io.File;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;

/**
 * The PostgreSQL client programs a backup and a restore run: {@code pg_dump}, {@code pg_restore} and {@code psql}.
 *
 * <p>They are looked up in an explicit bin directory when one is given (and only there), otherwise on the
 * {@code PATH}, otherwise in the highest {@code /usr/lib/postgresql/<N>/bin} (Debian's layout, where the versioned
 * programs live when the {@code PATH} has none). {@link #requireUsableFor(Database)} checks, before anything is run,
 * that all three exist and that {@code pg_dump} is not older than the server: an older pg_dump refuses to dump a newer
 * server.
 */
public final class PgTools {
    private final java.util.Map<String, Integer> serverMajors = new java.util.concurrent.ConcurrentHashMap<>();
    /** The programs this class finds. */
    public static final List<String> PROGRAMS = List.of("pg_dump", "pg_restore", "psql");

    private static final Path DEBIAN_ROOT = Path.of("/usr/lib/postgresql");
    private static final Pattern VERSION = Pattern.compile("\\(PostgreSQL\\)\\s+(\\d+)(?:\\.(\\d+))?");
    private static final Duration VERSION_TIMEOUT = Duration.ofSeconds(30);

    private final Path explicitBinDir;
    private final String searched;
    private final Map<String, Path> found;
    private Integer major;
    private String version;

    private PgTools(Path explicitBinDir, String searched, Map<String, Path> found) {
        this.explicitBinDir = explicitBinDir;
        this.searched = searched;
        this.found = found;
    }

    /**
     * Finds the programs.
     *
     * @param binDir a directory holding pg_dump, pg_restore and psql, or {@code null} to search the {@code PATH} and
     *               then {@code /usr/lib/postgresql/<N>/bin}
     */
    public static PgTools locate(Path binDir) {
        List<Path> candidates = new ArrayList<>();
        String searched;
        if (binDir != null) {
            candidates.add(binDir.toAbsolutePath());
            searched = binDir.toAbsolutePath().toString();
        } else {
            String path = System.getenv("PATH");
            if (path != null) {
                for (String entry : path.split(File.pathSeparator)) {
                    if (!entry.isBlank()) {
                        candidates.add(Path.of(entry));
                    }
                }
            }
            highestDebianBin().ifPresent(candidates::add);
            searched = "the PATH and " + DEBIAN_ROOT + "/<version>/bin";
        }
        Map<String, Path> found = new LinkedHashMap<>();
        for (String program : PROGRAMS) {
            for (Path dir : candidates) {
                Path file = dir.resolve(program);
                if (Files.isRegularFile(file) && Files.isExecutable(file)) {
                    found.put(program, file);
                    break;
                }
            }
        }
        return new PgTools(binDir, searched, found);
    }

    /** Finds the programs on the {@code PATH} or in {@code /usr/lib/postgresql/<N>/bin}. */
    public static PgTools locate() {
        return locate(null);
    }

    public Path pgDump() {
        return require("pg_dump");
    }

    public Path pgRestore() {
        return require("pg_restore");
    }

    public Path psql() {
        return require("psql");
    }

    /** The programs that were not found, in the order pg_dump, pg_restore, psql. */
    public List<String> missing() {
        return PROGRAMS.stream().filter(p -> !found.containsKey(p)).toList();
    }

    /** pg_dump's major version, read from {@code pg_dump --version}, such as 15. */
    public synchronized int major() {
        if (major == null) {
            ProcessResult result =
                    ProcessRunner.run(List.of(pgDump().toString(), "--version"), Map.of(), VERSION_TIMEOUT);
            Matcher m = VERSION.matcher(result.stdout());
            if (!result.succeeded() || !m.find()) {
                throw new MigrateException(
                        ErrorCode.ENVIRONMENT,
                        pgDump() + " --version printed '"
                                + result.stdout().strip() + "' (exit " + result.exitCode()
                                + "), not a PostgreSQL version; "
                                + "nothing was changed (check that it is PostgreSQL's pg_dump)");
            }
            major = Integer.parseInt(m.group(1));
            version = m.group(2) == null ? m.group(1) : m.group(1) + "." + m.group(2);
        }
        return major;
    }

    /** pg_dump's version as it prints it, such as {@code 15.18}. */
    public synchronized String version() {
        major();
        return version;
    }

    /**
     * Checks that the programs can back up and restore {@code db}: all three exist and pg_dump's major version is at
     * least the server's.
     *
     * @throws MigrateException ({@link ErrorCode#ENVIRONMENT}) naming what is missing or too old and the fix
     */
    public void requireUsableFor(Database db) {
        int server = serverMajorOf(db);
        List<String> missing = missing();
        if (!missing.isEmpty()) {
            throw new MigrateException(
                    ErrorCode.ENVIRONMENT,
                    String.join(", ", missing) + " not found in "
                            + searched + "; nothing was changed (install the PostgreSQL " + server + " client with "
                            + "apt-get install postgresql-client-" + server
                            + (explicitBinDir == null
                                    ? ", or add the directory holding pg_dump, pg_restore and psql to the PATH)"
                                    : ", or point the bin directory at one holding pg_dump, pg_restore and psql)"));
        }
        int client = major();
        if (client < server) {
            throw tooOld(client, server, db);
        }
    }

    /**
     * The one message for a pg_dump older than the server (an older pg_dump refuses a newer server): the version
     * needed, the program found and its version, and the fix.
     */
    private MigrateException tooOld(int client, int server, Database db) {
        return new MigrateException(
                ErrorCode.ENVIRONMENT,
                "pg_dump " + client + " cannot back up PostgreSQL " + server + " on "
                        + db.url().host() + ":"
                        + db.url().port() + ": that needs pg_dump " + server + " or newer, and the one found is "
                        + pgDump() + " (version " + version() + ")"
                        + (explicitBinDir == null ? "" : ", in the folder -D" + PG_BIN_DIR.property() + " names")
                        + "; nothing was changed (install postgresql-client-" + server + ", for example apt-get"
                        + " install postgresql-client-" + server + ", and put its bin folder first on the PATH, or"
                        + " set " + PG_BIN_DIR.key() + " (-D" + PG_BIN_DIR.property() + ") to a folder holding"
                        + " pg_dump, pg_restore and psql of PostgreSQL " + server + " or newer)");
    }

    /**
     * True when all three programs exist and pg_dump is older than the server of {@code db}, so it cannot back it up
     * ({@link #requireUsableFor} says so, with the fix).
     */
    public boolean olderThanServerOf(Database db) {
        return missing().isEmpty() && major() < serverMajorOf(db);
    }

    /** The server's major version, asked once per database (a promotion's preflight and backups share it). */
    private int serverMajorOf(Database db) {
        return serverMajors.computeIfAbsent(db.url().jdbcUrl(), url -> serverMajor(db));
    }

    /** The server's major version, from {@code show server_version_num}, such as 15. */
    static int serverMajor(Database db) {
        try (Connection c = db.connect();
                Statement s = c.createStatement();
                ResultSet rs = s.executeQuery("show server_version_num")) {
            rs.next();
            int number = Integer.parseInt(rs.getString(1).strip());
            return number >= 100000 ? number / 10000 : number / 100;
        } catch (SQLException e) {
            throw new MigrateException(
                    ErrorCode.CONNECTION,
                    "could not read the server version of "
                            + db.url().display() + ": " + Messages.oneLine(e.getMessage())
                            + "; nothing was changed",
                    e);
        }
    }

    private Path require(String program) {
        Path path = found.get(program);
        if (path == null) {
            throw new MigrateException(
                    ErrorCode.ENVIRONMENT,
                    program + " not found in " + searched
                            + "; nothing was changed (install the PostgreSQL client, such as apt-get install "
                            + "postgresql-client-15, or add its bin directory to the PATH)");
        }
        return path;
    }

    private static Optional<Path> highestDebianBin() {
        if (!Files.isDirectory(DEBIAN_ROOT)) {
            return Optional.empty();
        }
        try (Stream<Path> versions = Files.list(DEBIAN_ROOT)) {
            return versions.filter(p -> p.getFileName().toString().matches("\\d+(\\.\\d+)?"))
                    .filter(p -> Files.isDirectory(p.resolve("bin")))
                    .max(Comparator.comparingDouble(
                            p -> Double.parseDouble(p.getFileName().toString())))
                    .map(p -> p.resolve("bin"));
        } catch (IOException e) {
            return Optional.empty();
        }
    }

    @Override
    public String toString() {
        return "PgTools" + found;
    }
}
