package dev.dbmigrate.testing;

import dev.dbmigrate.embedded.EmbeddedPostgres;
import java.io.IOException;
import java.io.Writer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import java.util.Properties;
import java.util.stream.Stream;

/**
 * Starts and stops the PostgreSQL server that the plugin's invoker projects run against (from the build, through
 * exec:java): {@code start <dataDir> <propertiesFile> <itProjectsDir>} creates one database {@code it_<project>} per
 * invoker project and writes {@code it.pg.*} properties; {@code stop <dataDir>} stops it.
 *
 * <p>A project that needs more than one database (a promotion from staging to prod, say) lists suffixes, one a line,
 * in a file {@code databases.txt} in its folder; for each suffix {@code staging} the server also (re)creates
 * {@code it_<project>_staging}. Blank lines and lines starting with {@code #} are ignored.
 * {@link ItDatabase}'s overloads that take a suffix connect to those databases.
 */
public final class TestServerMain {
    private TestServerMain() {}

    public static void main(String[] args) throws IOException {
        Path data = Path.of(args[1]).resolve("data");
        EmbeddedPostgres.Options options = EmbeddedPostgres.Options.forData(data)
                .withPassword(TestPostgres.PASSWORD)
                .nonDurable();
        if (args[0].equals("stop")) {
            if (Files.exists(data.resolve("postmaster.pid"))) {
                EmbeddedPostgres.start(options, line -> {}).stop();
            }
            return;
        }
        EmbeddedPostgres server = EmbeddedPostgres.start(options, line -> System.out.println("[it-postgres] " + line));
        if (args.length > 3) {
            try (Stream<Path> projects = Files.list(Path.of(args[3]))) {
                for (Path p : projects.filter(Files::isDirectory).toList()) {
                    String database = databaseFor(p.getFileName().toString());
                    recreateDatabase(server, database);
                    for (String suffix : extraDatabaseSuffixes(p)) {
                        recreateDatabase(server, database + "_" + suffix);
                    }
                }
            }
        }
        Properties props = new Properties();
        props.setProperty("it.pg.base", "jdbc:postgresql://127.0.0.1:" + server.port() + "/");
        props.setProperty("it.pg.port", Integer.toString(server.port()));
        props.setProperty("it.pg.user", EmbeddedPostgres.SUPERUSER);
        props.setProperty("it.pg.password", TestPostgres.PASSWORD);
        try (Writer out = Files.newBufferedWriter(Path.of(args[2]))) {
            props.store(out, "PostgreSQL server for the invoker projects");
        }
    }

    /** Drops what an earlier run left (the data folder survives without mvn clean) and creates it empty. */
    private static void recreateDatabase(EmbeddedPostgres server, String name) {
        try (Connection c = server.connect("postgres");
                Statement s = c.createStatement()) {
            s.execute("drop database if exists \"" + name + "\" with (force)");
        } catch (SQLException e) {
            throw new IllegalStateException("could not drop database " + name + ": " + e.getMessage(), e);
        }
        server.createDatabase(name);
    }

    /** The suffixes listed in the project's {@code databases.txt}, or none when it has no such file. */
    private static List<String> extraDatabaseSuffixes(Path project) throws IOException {
        Path list = project.resolve("databases.txt");
        if (!Files.isRegularFile(list)) {
            return List.of();
        }
        List<String> suffixes = new ArrayList<>();
        for (String line : Files.readAllLines(list)) {
            String suffix = line.strip();
            if (suffix.isEmpty() || suffix.startsWith("#")) {
                continue;
            }
            if (!suffix.matches("[a-z0-9_]+")) {
                throw new IllegalArgumentException(list + ": database suffix '" + suffix
                        + "' must be lower-case letters, digits and '_' (such as staging)");
            }
            suffixes.add(suffix);
        }
        return suffixes;
    }

    /** The database an invoker project uses: {@code it_} and its folder name with '-' as '_'. */
    public static String databaseFor(String project) {
        return "it_" + project.replaceAll("[^A-Za-z0-9]", "_").toLowerCase();
    }
}
