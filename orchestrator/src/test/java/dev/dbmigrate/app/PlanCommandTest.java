package dev.dbmigrate.app;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.dbmigrate.config.DatabaseUrl;
import dev.dbmigrate.config.MigrateSettings;
import dev.dbmigrate.config.SettingsResolver;
import dev.dbmigrate.engine.Results;
import dev.dbmigrate.error.MigrateException;
import dev.dbmigrate.events.MigrateEvent;
import dev.dbmigrate.report.ConsoleText;
import dev.dbmigrate.testing.TestPostgres;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The plan goal as the front ends run it: the script to -Dmigrate.output or to the log, and its summary line. */
@Tag("postgres")
class PlanCommandTest {
    @TempDir
    Path project;

    private String url;
    private final List<MigrateEvent> events = new ArrayList<>();

    @BeforeEach
    void projectWithTwoMigrations() throws Exception {
        url = TestPostgres.newDatabase("plan_command");
        // the trace's scratch server lives under the project's target folder; run as root it runs as postgres
        Files.setPosixFilePermissions(project, PosixFilePermissions.fromString("rwxr-xr-x"));
        Path migrations = Files.createDirectories(project.resolve("src/main/resources/db/migration"));
        Files.writeString(migrations.resolve("V1__create_users.sql"), "create table users (id int primary key);\n");
        Files.writeString(migrations.resolve("V2__add_user_names.sql"), "alter table users add column name text;\n");
    }

    private MigrateSettings settings(String... extra) {
        Map<String, String> values = new HashMap<>();
        values.put("url", url);
        values.put("user", "postgres");
        values.put("password", TestPostgres.PASSWORD);
        for (int i = 0; i < extra.length; i += 2) {
            values.put(extra[i], extra[i + 1]);
        }
        return SettingsResolver.resolve(values, Map.of(), project, project.resolve("target"));
    }

    private List<String> lines() {
        return events.stream().map(ConsoleText::text).toList();
    }

    @Test
    void planWritesTheScriptToTheOutputFileAndSaysSoInOneLine() throws Exception {
        Path file = project.resolve("target/plan.sql");

        Results.Plan plan = PlanCommand.plan(settings("output", file.toString()), events::add);

        assertEquals(List.of("V1__create_users.sql", "V2__add_user_names.sql"), plan.pending());
        String script = Files.readString(file);
        assertTrue(script.contains("begin;\ncreate table users (id int primary key);\n"), script);
        // each migration annotated with what it measurably does, traced in a throwaway database
        assertTrue(
                script.contains("-- measured in a throwaway database, with no lockTimeout in the profile (the blocker"
                        + " rehearsal probed with 200 ms):\n--   line 1: "),
                script);
        String v2 = script.substring(script.indexOf("V2__add_user_names.sql"));
        assertTrue(v2.contains("--   line 1: ") && v2.contains("ACCESS EXCLUSIVE on public.users"), v2);
        assertTrue(v2.contains("--   behind an open transaction: line 1 (alter table users add column name text)"), v2);
        assertFalse(Files.exists(project.resolve("target/plan.sql.part")), "the partial file was left behind");
        assertTrue(
                lines().contains("Plan of 2 pending migrations (version <none> to 2) written to " + file
                        + "; nothing was changed"),
                lines().toString());
        assertEquals(List.of("null"), TestPostgres.rows(url, "select to_regclass('flyway_schema_history')"));
    }

    @Test
    void withoutAnOutputFileTheScriptGoesToTheLogLineByLine() {
        PlanCommand.plan(settings(), events::add, Map.of("V2__add_user_names.sql", List.of("rewrites: none")));

        List<String> lines = lines();
        assertTrue(lines.contains("\\set ON_ERROR_STOP on"), lines.toString());
        assertTrue(lines.contains("-- rewrites: none"), lines.toString());
        assertTrue(lines.contains("alter table users add column name text;"), lines.toString());
    }

    @Test
    void aPasswordInTheUrlNeverReachesThePlan() {
        DatabaseUrl jdbc = DatabaseUrl.parse(url, "test");
        url = "postgresql://postgres:" + TestPostgres.PASSWORD + "@" + jdbc.host() + ":" + jdbc.port() + "/"
                + jdbc.database();
        Map<String, String> values = Map.of("url", url);

        PlanCommand.plan(SettingsResolver.resolve(values, Map.of(), project, project.resolve("target")), events::add);

        assertTrue(lines().contains("\\set ON_ERROR_STOP on"), lines().toString());
        assertTrue(lines().stream().noneMatch(l -> l.contains(TestPostgres.PASSWORD)), lines().toString());
    }

    @Test
    void aRefusedPlanWritesNoFile() throws Exception {
        Path file = project.resolve("target/plan.sql");
        Files.writeString(project.resolve("src/main/resources/db/migration/V3__greet.sql"), "select '${greeting}';\n");

        MigrateException e = assertThrows(
                MigrateException.class, () -> PlanCommand.plan(settings("output", file.toString()), events::add));

        assertTrue(
                e.getMessage().startsWith("plan refused: upgrade would leave this run to Flyway's migrate"),
                e.getMessage());
        assertFalse(Files.exists(file), "a refused plan wrote " + file);
        assertFalse(Files.exists(project.resolve("target/plan.sql.part")), "the partial file was left behind");
    }
}
