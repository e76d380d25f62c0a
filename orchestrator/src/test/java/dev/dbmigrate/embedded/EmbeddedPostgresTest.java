package dev.dbmigrate.embedded;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.ResultSet;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class EmbeddedPostgresTest {
    @TempDir
    Path temp;

    @Test
    void dataSurvivesAStopAndTheSecondStartReusesTheCluster() throws Exception {
        Path data = Path.of("target", "embedded-test-" + System.nanoTime(), "data").toAbsolutePath();
        List<String> log = new ArrayList<>();
        try (EmbeddedPostgres first = EmbeddedPostgres.start(EmbeddedPostgres.Options.forData(data), log::add)) {
            assertTrue(first.startedHere());
            try (Connection c = first.connect("postgres")) {
                c.createStatement().execute("create table kept(id int)");
                c.createStatement().execute("insert into kept values (42)");
            }
        }
        assertTrue(log.stream().anyMatch(l -> l.startsWith("Initialised a new embedded PostgreSQL cluster")), log::toString);
        log.clear();
        try (EmbeddedPostgres second = EmbeddedPostgres.start(EmbeddedPostgres.Options.forData(data), log::add);
             Connection c = second.connect("postgres")) {
            ResultSet rs = c.createStatement().executeQuery("select id from kept");
            assertTrue(rs.next());
            assertEquals(42, rs.getInt(1));
            assertFalse(log.stream().anyMatch(l -> l.startsWith("Initialised")), log::toString);
            // a third start while the second runs attaches instead of starting another server
            try (EmbeddedPostgres third = EmbeddedPostgres.start(EmbeddedPostgres.Options.forData(data), log::add)) {
                assertFalse(third.startedHere());
                assertEquals(second.port(), third.port());
            }
            assertTrue(c.isValid(2), "closing an attached instance must not stop the server");
        }
        assertFalse(Files.exists(data.resolve("postmaster.pid")), "the server that started it stops it");
    }
}
