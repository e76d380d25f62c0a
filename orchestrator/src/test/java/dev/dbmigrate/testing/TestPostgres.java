package dev.dbmigrate.testing;

import dev.dbmigrate.embedded.EmbeddedPostgres;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * The real PostgreSQL server the tests start for themselves: one per test JVM, with password authentication, data in
 * {@code target/test-postgres/}, stopped when the JVM exits. Each test asks for a fresh database.
 */
public final class TestPostgres {
    /** The superuser password of every test server; tests assert it never appears in output. */
    public static final String PASSWORD = "s3cret-Test-Pw";
    private static final AtomicInteger COUNTER = new AtomicInteger();
    private static EmbeddedPostgres server;

    private TestPostgres() {
    }

    public static synchronized EmbeddedPostgres server() {
        if (server == null) {
            try {
                Path root = Path.of("target", "test-postgres").toAbsolutePath();
                Files.createDirectories(root);
                Path data = Files.createTempDirectory(root, "data-");
                Files.delete(data);
                server = EmbeddedPostgres.start(
                        EmbeddedPostgres.Options.forData(data).withPassword(PASSWORD).nonDurable(),
                        line -> System.out.println("[test-postgres] " + line));
                EmbeddedPostgres started = server;
                Runtime.getRuntime().addShutdownHook(new Thread(started::close));
            } catch (java.io.IOException e) {
                throw new IllegalStateException(e);
            }
        }
        return server;
    }

    /** Creates a new, empty database and returns its JDBC URL. */
    public static String newDatabase(String hint) {
        String name = (hint.replaceAll("[^a-zA-Z0-9]", "_") + "_" + COUNTER.incrementAndGet()).toLowerCase();
        server().createDatabase(name);
        return server().jdbcUrl(name);
    }
}
