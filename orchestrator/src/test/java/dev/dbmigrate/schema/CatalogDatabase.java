package dev.dbmigrate.schema;

import dev.dbmigrate.embedded.EmbeddedPostgres;
import dev.dbmigrate.testing.TestPostgres;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Proxy;
import java.nio.charset.StandardCharsets;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Supplier;
import java.util.stream.Stream;

/**
 * A fresh database on a test server, built by SQL, and its snapshot: what the catalog reader's tests share. Every
 * test takes the server as a parameter ({@link #servers()}), so that running them on every major version is a matter
 * of listing more servers there.
 */
final class CatalogDatabase implements AutoCloseable {
    /** The scope of the goals: every schema, leaving out Flyway's history table and the tool's own tables. */
    static final SnapshotScope SCOPE = SnapshotScope.of(List.of(), "flyway_schema_history");

    private final Connection connection;

    private CatalogDatabase(Connection connection) {
        this.connection = connection;
    }

    /** The system property listing more servers to run on, as JDBC URLs of a database to connect to first. */
    static final String MORE_SERVERS = "migrate.test.catalogServers";

    private static final AtomicInteger COUNTER = new AtomicInteger();

    /** A server the tests make databases on: named for the test's display name. */
    record Server(String name, Supplier<String> newDatabase) {
        @Override
        public String toString() {
            return name;
        }
    }

    /**
     * The servers the reader's tests run on: one of every supported major ({@link TestPostgres#majors()}), and those {@value #MORE_SERVERS} lists (comma-separated
     * JDBC URLs such as {@code jdbc:postgresql://127.0.0.1:55412/postgres}, superuser {@code postgres} with the test
     * password or trust), so the tests can run on servers of other major versions.
     */
    static Stream<Server> servers() {
        Stream<Server> more = Stream.of(System.getProperty(MORE_SERVERS, "").split(","))
                .filter(url -> !url.isBlank())
                .map(url -> new Server(url, () -> newDatabase(url.strip())));
        Stream<Server> majors = TestPostgres.majors()
                .map(major -> new Server(
                        "PostgreSQL " + major, () -> TestPostgres.newDatabase(TestPostgres.ofMajor(major), "catalog")));
        return Stream.concat(majors, more);
    }

    private static String newDatabase(String url) {
        String name = "catalog_" + ProcessHandle.current().pid() + "_" + COUNTER.incrementAndGet();
        try (Connection connection =
                        DriverManager.getConnection(url, EmbeddedPostgres.SUPERUSER, TestPostgres.PASSWORD);
                Statement statement = connection.createStatement()) {
            statement.execute("create database " + name);
        } catch (SQLException e) {
            throw new IllegalStateException("could not create database " + name + " through " + url, e);
        }
        return url.substring(0, url.lastIndexOf('/') + 1) + name;
    }

    /** A new database on {@code server}, built by {@code sql}. */
    static CatalogDatabase of(Server server, String sql) throws SQLException {
        String url = server.newDatabase().get();
        CatalogDatabase database = new CatalogDatabase(
                DriverManager.getConnection(url, EmbeddedPostgres.SUPERUSER, TestPostgres.PASSWORD));
        database.execute(sql);
        return database;
    }

    /** The snapshot of a new database on {@code server} built by {@code sql}, in the goals' scope. */
    static Snapshot snapshot(Server server, String sql) throws SQLException {
        try (CatalogDatabase database = of(server, sql)) {
            return database.read(SCOPE);
        }
    }

    /** The text of a test resource. */
    static String resource(String name) {
        try (InputStream in = CatalogDatabase.class.getResourceAsStream(name)) {
            if (in == null) {
                throw new IllegalStateException("no test resource " + name);
            }
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    void execute(String sql) throws SQLException {
        try (Statement statement = connection.createStatement()) {
            statement.execute(sql);
        }
    }

    Snapshot read(SnapshotScope scope) throws SQLException {
        return CatalogReader.read(connection, scope);
    }

    /** How many statements a read in {@code scope} runs (prepared or not), counted on the real connection. */
    int statementsOfRead(SnapshotScope scope) throws SQLException {
        AtomicInteger statements = new AtomicInteger();
        Connection counting = (Connection) Proxy.newProxyInstance(
                Connection.class.getClassLoader(), new Class<?>[] {Connection.class}, (proxy, method, args) -> {
                    if (method.getName().equals("prepareStatement")
                            || method.getName().equals("createStatement")) {
                        statements.incrementAndGet();
                    }
                    try {
                        return method.invoke(connection, args);
                    } catch (InvocationTargetException e) {
                        throw e.getCause();
                    }
                });
        CatalogReader.read(counting, scope);
        return statements.get();
    }

    /** The server's major version (12, ..., 18). */
    int major() throws SQLException {
        return connection.getMetaData().getDatabaseMajorVersion();
    }

    @Override
    public void close() throws SQLException {
        connection.close();
    }
}
