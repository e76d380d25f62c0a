package dev.dbmigrate.testing;

import dev.dbmigrate.config.EmbeddedVersion;
import dev.dbmigrate.embedded.EmbeddedPostgres;
import dev.dbmigrate.embedded.PostgresBinaries;
import dev.dbmigrate.embedded.PostgresBundle;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.stream.IntStream;
import java.util.stream.Stream;

/**
 * The real PostgreSQL servers the tests start for themselves: one per test JVM (and a second, {@link #second()}, for
 * tests that need staging and production on separate servers), with password authentication, data in
 * {@code target/test-postgres/}, stopped when the JVM exits. Each test asks for a fresh database. A test that uses
 * them carries {@code @Tag("postgres")}; in the fast tier, which runs only the others, they refuse to start.
 *
 * <p>A test that must hold on every supported PostgreSQL version gets a server of each major from {@link #ofMajor}
 * (started when first asked for, one per major per JVM), typically as a parameterized test over {@link #majors()}:
 * <pre>{@code
 * @ParameterizedTest
 * @MethodSource("dev.dbmigrate.testing.TestPostgres#majors")
 * void worksOnEveryMajor(int major) { String url = TestPostgres.newDatabase(TestPostgres.ofMajor(major), "t"); ... }
 * }</pre>
 */
public final class TestPostgres {
    /** The superuser password of every test server; tests assert it never appears in output. */
    public static final String PASSWORD = "s3cret-Test-Pw";
    /** The system property the fast tier ({@code -Pfast}) sets to {@link #FAST_TIER}: no server may start then. */
    public static final String TIER_PROPERTY = "migrate.test.tier";
    /** The value of {@link #TIER_PROPERTY} in the fast tier. */
    public static final String FAST_TIER = "fast";

    /**
     * The system property that runs the tests on another supported major: {@code -Dmigrate.test.major=17} makes
     * {@link #server()} and {@link #second()} servers of PostgreSQL 17 (docs/reliability.md, Test tiers).
     */
    public static final String MAJOR_PROPERTY = "migrate.test.major";

    /** Where the build copies the bundle of every major (the orchestrator's pom, maven-dependency-plugin). */
    private static final Path BUNDLES = Path.of("target", "postgres-bundles");

    private static final AtomicInteger COUNTER = new AtomicInteger();
    private static final Map<Integer, EmbeddedPostgres> BY_MAJOR = new HashMap<>();
    private static EmbeddedPostgres server;
    private static EmbeddedPostgres second;

    private TestPostgres() {}

    /** The server of the default major, or of the major {@value #MAJOR_PROPERTY} names. */
    public static synchronized EmbeddedPostgres server() {
        if (server == null) {
            server = startMajor("test-postgres", chosenMajor());
        }
        return server;
    }

    /** A second, separate server (its own cluster and port), of the same major as {@link #server()}. */
    public static synchronized EmbeddedPostgres second() {
        if (second == null) {
            second = startMajor("test-postgres-2", chosenMajor());
        }
        return second;
    }

    /** The major the tests' servers run: {@value #MAJOR_PROPERTY}, else the default bundle's. */
    private static int chosenMajor() {
        String asked = System.getProperty(MAJOR_PROPERTY, "");
        return asked.isBlank()
                ? PostgresBundle.DEFAULT_MAJOR
                : EmbeddedVersion.parse(asked.strip()).major();
    }

    /** The majors the tool supports, oldest first: the arguments of a test over every version. */
    public static Stream<Integer> majors() {
        return IntStream.rangeClosed(EmbeddedVersion.OLDEST, EmbeddedVersion.NEWEST)
                .boxed();
    }

    /**
     * A server of PostgreSQL {@code major} (from {@link EmbeddedVersion#OLDEST} to {@link EmbeddedVersion#NEWEST}):
     * {@link #server()} for the default bundle's major, else one started when first asked for, from the bundle
     * {@code BundleVersions} pins, and stopped when the JVM exits.
     */
    public static synchronized EmbeddedPostgres ofMajor(int major) {
        if (major == chosenMajor()) {
            return server();
        }
        EmbeddedPostgres started = BY_MAJOR.get(major);
        if (started == null) {
            started = startMajor("test-postgres-" + major, major);
            BY_MAJOR.put(major, started);
        }
        return started;
    }

    private static EmbeddedPostgres startMajor(String label, int major) {
        if (major == PostgresBundle.DEFAULT_MAJOR) {
            return start(label, null);
        }
        // the bundles of other majors are not on the class path (one version per artifact): the build copied them
        try (PostgresBinaries.Registration bundles = PostgresBinaries.resolveBundlesWith(TestPostgres::copied)) {
            return start(label, EmbeddedVersion.parse(Integer.toString(major)));
        }
    }

    /** The jar of {@code bundle} that the build copied into {@link #BUNDLES}. */
    private static Path copied(PostgresBundle bundle) {
        Path jar = BUNDLES.resolve(bundle.jarName()).toAbsolutePath();
        if (!Files.isRegularFile(jar)) {
            throw new IllegalStateException("the test bundle " + jar + " is missing (run mvn generate-test-resources"
                    + " in orchestrator, whose maven-dependency-plugin copies it there)");
        }
        return jar;
    }

    private static EmbeddedPostgres start(String label, EmbeddedVersion version) {
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
                    new EmbeddedPostgres.Options(data, root, PASSWORD, false, version),
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
