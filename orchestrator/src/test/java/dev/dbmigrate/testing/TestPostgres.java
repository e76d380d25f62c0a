package dev.dbmigrate.testing;

import dev.dbmigrate.embedded.EmbeddedPostgres;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * The real PostgreSQL servers the tests start for themselves: one per test JVM (and a second, {@link #second()}, for
 * tests that need staging and production on separate servers), with password authentication, data in
 * {@code target/test-postgres/}, stopped when the JVM exits. Each test asks for a fresh database. A test that uses
 * them carries {@code @Tag("postgres")}; in the fast tier, which runs only the others, they refuse to start.
 */
public final class TestPostgres {
    /** The superuser password of every test server; tests assert it never appears in output. */
    public static final String PASSWORD = "s3cret-Test-Pw";
    /** The system property the fast tier ({@code -Pfast}) sets to {@link #FAST_TIER}: no server may start then. */
    public static final String TIER_PROPERTY = "migrate.test.tier";
    /** The value of {@link #TIER_PROPERTY} in the fast tier. */
    public static final String FAST_TIER = "fast";

    private static final AtomicInteger COUNTER = new AtomicInteger();
    private static EmbeddedPostgres server;
    private static EmbeddedPostgres second;

    private TestPostgres() {}

    public static synchronized EmbeddedPostgres server() {
        if (server == null) {
            server = start("test-postgres");
        }
        return server;
    }

    /** A second, separate server (its own cluster and port). */
    public static synchronized EmbeddedPostgres second() {
        if (second == null) {
            second = start("test-postgres-2");
        }
        return second;
    }

    private static EmbeddedPostgres start(String label) {
        if (FAST_TIER.equals(System.getProperty(TIER_PROPERTY))) {
            throw new IllegalStateException("the fast tier (-Pfast) starts no PostgreSQL server: tag the test"
                    + " @Tag(\"postgres\") (docs/reliability.md, Test tiers)");
        }
        try {
            Path root = Path.of("target", "test-postgres").toAbsolutePath();
            Files.createDirectories(root);
            Path data = Files.createTempDirectory(root, "data-");
            Files.delete(data);
            EmbeddedPostgres started = EmbeddedPostgres.start(
                    new EmbeddedPostgres.Options(data, root, PASSWORD, false),
                    line -> System.out.println("[" + label + "] " + line));
            // the trials write gigabytes: a test JVM leaves no cluster behind
            Runtime.getRuntime().addShutdownHook(new Thread(() -> {
                started.close();
                deleteData(data);
            }));
            return started;
        } catch (java.io.IOException e) {
            throw new IllegalStateException(e);
        }
    }

    /** Deletes a stopped server's data folder. */
    public static void deleteData(Path data) {
        try (java.util.stream.Stream<Path> all = Files.walk(data)) {
            all.sorted(java.util.Comparator.reverseOrder())
                    .forEach(p -> p.toFile().delete());
        } catch (java.io.IOException e) {
            System.out.println("[test-postgres] could not delete " + data + ": " + e.getMessage());
        }
    }

    /** Creates a new, empty database and returns its JDBC URL. */
    public static String newDatabase(String hint) {
        return newDatabase(server(), hint);
    }

    /** Creates a new, empty database on {@code on} and returns its JDBC URL. */
    public static String newDatabase(EmbeddedPostgres on, String hint) {
        String name = (hint.replaceAll("[^a-zA-Z0-9]", "_") + "_" + COUNTER.incrementAndGet()).toLowerCase();
        on.createDatabase(name);
        return on.jdbcUrl(name);
    }

    /**
     * The rows {@code sql} returns on the database at {@code jdbcUrl}, as the superuser: each row's columns joined by
     * {@code |}, SQL NULL as {@code null}.
     */
    public static java.util.List<String> rows(String jdbcUrl, String sql) throws java.sql.SQLException {
        java.util.List<String> rows = new java.util.ArrayList<>();
        try (java.sql.Connection c = java.sql.DriverManager.getConnection(jdbcUrl, "postgres", PASSWORD);
                java.sql.Statement s = c.createStatement();
                java.sql.ResultSet rs = s.executeQuery(sql)) {
            int columns = rs.getMetaData().getColumnCount();
            while (rs.next()) {
                StringBuilder row = new StringBuilder();
                for (int i = 1; i <= columns; i++) {
                    row.append(i == 1 ? "" : "|").append(rs.getString(i));
                }
                rows.add(row.toString());
            }
        }
        return rows;
    }
}
