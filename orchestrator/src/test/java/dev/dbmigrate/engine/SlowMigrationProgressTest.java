package dev.dbmigrate.engine;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.dbmigrate.app.MigrateCommands;
import dev.dbmigrate.config.SettingsResolver;
import dev.dbmigrate.events.MigrateEvent;
import dev.dbmigrate.report.ConsoleText;
import dev.dbmigrate.testing.TestPostgres;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.function.Predicate;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** A slow migration says it is running before it commits, also inside a group of migrations that commit together. */
@Tag("postgres")
class SlowMigrationProgressTest {
    @TempDir
    Path project;

    @Test
    void aSlowMigrationInACommitGroupShowsAProgressLineBeforeTheGroupCommits() throws Exception {
        Path migrations = Files.createDirectories(project.resolve("db/migration"));
        // the first group is one migration; the quick V1 doubles it, so V2 and the slow V3 commit together
        Files.writeString(migrations.resolve("V1__first.sql"), "create table first_table (id int);\n");
        Files.writeString(migrations.resolve("V2__second.sql"), "create table second_table (id int);\n");
        Files.writeString(
                migrations.resolve("V3__slow.sql"),
                "select pg_sleep(" + (SlowWork.AFTER.toMillis() / 1000.0 + 1.5) + ");\n");
        List<MigrateEvent> seen = Collections.synchronizedList(new ArrayList<>());
        String url = TestPostgres.newDatabase("progress");
        Results.Upgrade result = MigrateCommands.upgrade(
                SettingsResolver.resolve(
                        Map.of(
                                "url",
                                url,
                                "user",
                                "postgres",
                                "password",
                                TestPostgres.PASSWORD,
                                "locations",
                                migrations.toString()),
                        Map.of(),
                        project,
                        project.resolve("target")),
                e -> {
                    if (ConsoleText.level(e) == MigrateEvent.Level.INFO) {
                        seen.add(e);
                    }
                });
        assertEquals(3, result.applied().size());
        List<String> lines = texts(seen);
        // the group as it formed: V2 and V3 together, unless V1 took longer than the groups allow (a loaded machine)
        String grouped = "Still running V2 to V3 (2 migrations that commit together, V2__second.sql to V3__slow.sql;"
                + " each is listed once they have committed): " + SlowWork.AFTER.toSeconds() + " s so far";
        String alone = "Still running V3 slow (V3__slow.sql): " + SlowWork.AFTER.toSeconds() + " s so far";
        boolean together = lines.stream().anyMatch(l -> l.equals(grouped));
        int progress = indexOf(lines, together ? grouped : alone);
        assertTrue(progress > applied(seen, "1", "first", "V1__first.sql"), lines::toString);
        assertTrue(
                progress
                        < (together
                                ? applied(seen, "2", "second", "V2__second.sql")
                                : applied(seen, "3", "slow", "V3__slow.sql")),
                lines::toString);
        assertEquals(
                1,
                lines.stream().filter(l -> l.startsWith("Still running")).count(),
                "one line for the one slow group: " + lines);
    }

    @Test
    void aSlowUndoScriptShowsAProgressLineBeforeItCommits() throws Exception {
        Path migrations = Files.createDirectories(project.resolve("db/migration"));
        for (int v = 1; v <= 3; v++) {
            Files.writeString(migrations.resolve("V" + v + "__t" + v + ".sql"), "create table t" + v + " (id int);\n");
            Files.writeString(
                    migrations.resolve("U" + v + "__t" + v + ".sql"),
                    (v == 1 ? "select pg_sleep(" + (SlowWork.AFTER.toMillis() / 1000.0 + 1.5) + ");\n" : "")
                            + "drop table t" + v + ";\n");
        }
        String url = TestPostgres.newDatabase("progress_down");
        Map<String, String> props = Map.of(
                "url", url, "user", "postgres", "password", TestPostgres.PASSWORD, "locations", migrations.toString());
        MigrateCommands.upgrade(SettingsResolver.resolve(props, Map.of(), project, project.resolve("target")), e -> {});
        List<MigrateEvent> seen = Collections.synchronizedList(new ArrayList<>());
        Map<String, String> down = new java.util.HashMap<>(props);
        down.put("target", "0");
        Results.Downgrade result = MigrateCommands.downgrade(
                SettingsResolver.resolve(down, Map.of(), project, project.resolve("target")), e -> {
                    if (ConsoleText.level(e) == MigrateEvent.Level.INFO) {
                        seen.add(e);
                    }
                });
        assertEquals(3, result.undone().size());
        List<String> lines = texts(seen);
        String grouped = "Still running the undo of V2 to V1 (2 undo scripts that commit together, U2__t2.sql to"
                + " U1__t1.sql): " + SlowWork.AFTER.toSeconds() + " s so far";
        String alone = "Still running the undo of V1 (U1__t1.sql): " + SlowWork.AFTER.toSeconds() + " s so far";
        boolean together = lines.stream().anyMatch(l -> l.equals(grouped));
        int progress = indexOf(lines, together ? grouped : alone);
        assertTrue(progress < undone(seen, together ? "2" : "1"), lines::toString);
        assertEquals(
                1, lines.stream().filter(l -> l.startsWith("Still running")).count(), lines::toString);
    }

    private static List<String> texts(List<MigrateEvent> events) {
        synchronized (events) {
            return events.stream().map(ConsoleText::text).toList();
        }
    }

    /** The position of the event that reported the migration applied. */
    private static int applied(List<MigrateEvent> events, String version, String description, String script) {
        return position(
                events,
                e -> e instanceof MigrateEvent.MigrationApplied a
                        && version.equals(a.version())
                        && a.description().equals(description)
                        && a.script().equals(script),
                "V" + version + " applied");
    }

    /** The position of the event that reported the migration undone. */
    private static int undone(List<MigrateEvent> events, String version) {
        return position(
                events,
                e -> e instanceof MigrateEvent.MigrationUndone u && version.equals(u.version()),
                "V" + version + " undone");
    }

    private static int position(List<MigrateEvent> events, Predicate<MigrateEvent> which, String what) {
        synchronized (events) {
            for (int i = 0; i < events.size(); i++) {
                if (which.test(events.get(i))) {
                    return i;
                }
            }
            throw new AssertionError("no event for " + what + " in " + events);
        }
    }

    private static int indexOf(List<String> lines, String prefix) {
        for (int i = 0; i < lines.size(); i++) {
            if (lines.get(i).startsWith(prefix)) {
                return i;
            }
        }
        throw new AssertionError("no line starts with '" + prefix + "' in " + lines);
    }
}
