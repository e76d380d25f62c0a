package dev.dbmigrate.engine;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.dbmigrate.config.MigrateSettings;
import dev.dbmigrate.config.SettingsResolver;
import dev.dbmigrate.events.MigrateEvent;
import dev.dbmigrate.report.ConsoleText;
import dev.dbmigrate.testing.TestPostgres;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/** A project with a migration folder and a fresh database on the suite's real server, for the engine's tests. */
final class EngineFixture {
    final Path project;
    final Path migrations;
    final String url;
    final List<MigrateEvent> events = Collections.synchronizedList(new ArrayList<>());

    EngineFixture(Path project, String prefix) throws IOException {
        this.project = project;
        this.migrations = Files.createDirectories(project.resolve("src/main/resources/db/migration"));
        this.url = TestPostgres.newDatabase(prefix);
    }

    /** Settings for the fixture's database and folder, with {@code key, value} pairs on top. */
    MigrateSettings settings(String... extra) {
        Map<String, String> props = new HashMap<>();
        props.put("url", url);
        props.put("user", "postgres");
        props.put("password", TestPostgres.PASSWORD);
        for (int i = 0; i < extra.length; i += 2) {
            props.put(extra[i], extra[i + 1]);
        }
        return SettingsResolver.resolve(props, Map.of(), project, project.resolve("target"));
    }

    void write(String name, String sql) throws IOException {
        Path file = migrations.resolve(name);
        Files.createDirectories(file.getParent());
        Files.writeString(file, sql);
    }

    List<String> query(String sql) throws SQLException {
        return TestPostgres.rows(url, sql);
    }

    /** The history as version|success rows, in rank order. */
    List<String> history() throws SQLException {
        return query("select coalesce(version, 'R') || '|' || success || '|' || type from flyway_schema_history"
                + " where type <> 'SCHEMA' order by installed_rank");
    }

    /** The application's tables in schema public (not the history and audit tables), sorted. */
    List<String> tables() throws SQLException {
        return query("select tablename from pg_tables where schemaname = 'public' and tablename not in"
                + " ('flyway_schema_history', 'migrate_audit') order by 1");
    }

    List<String> warnings() {
        synchronized (events) {
            return events.stream()
                    .filter(e -> ConsoleText.level(e) == MigrateEvent.Level.WARN)
                    .map(ConsoleText::text)
                    .toList();
        }
    }

    static void assertContains(String text, String... fragments) {
        for (String f : fragments) {
            assertTrue(text.contains(f), () -> "expected '" + f + "' in: " + text);
        }
    }

    /** None of Flyway's own phrases or links reaches the user. */
    static void assertNoFlywayText(String text) {
        for (String phrase : List.of(
                "could not read the migration history",
                "Validate failed",
                "flywaydb.org",
                "red-gate",
                "rd.gt",
                "Learn more",
                "Need more flexibility",
                "Detected ",
                "Offenders",
                "Resolved locally",
                "Migration V",
                "(even though mixed is false)")) {
            assertFalse(text.contains(phrase), () -> "Flyway's text '" + phrase + "' reached the user: " + text);
        }
        assertFalse(text.matches("(?s).*Migration \\S+ failed.*"), text);
    }
}
