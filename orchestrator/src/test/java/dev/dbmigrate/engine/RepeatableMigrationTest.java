package dev.dbmigrate.engine;

import static dev.dbmigrate.engine.EngineFixture.assertContains;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.dbmigrate.app.MigrateCommands;
import dev.dbmigrate.cli.MigrateCli;
import dev.dbmigrate.error.ErrorCode;
import dev.dbmigrate.error.MigrateException;
import dev.dbmigrate.history.MigrationInfo;
import dev.dbmigrate.report.HistoryReport;
import dev.dbmigrate.testing.TestPostgres;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Repeatable ({@code R__}) migrations beside versioned ones: {@code current}, {@code history} and {@code validate} read
 * them, and the gate counts a changed or new repeatable as pending work, naming the file.
 */
@Tag("postgres")
class RepeatableMigrationTest {
    @TempDir
    Path project;

    private EngineFixture fx;

    @BeforeEach
    void setUp() throws Exception {
        fx = new EngineFixture(project, "repeatable");
        fx.write("V1__create_t1.sql", "create table t1 (id int);\n");
        fx.write("U1__create_t1.sql", "drop table t1;\n");
        fx.write("R__v_t1.sql", "create or replace view v_t1 as select * from t1;\n");
        MigrateCommands.upgrade(fx.settings(), fx.events::add);
    }

    @Test
    void aDroppedSchemaThatKeepsOnlyTheAuditTakesRepeatableMigrationsAgain() throws Exception {
        // drop keeps migrate_audit; Flyway, which applies repeatable migrations, refuses a schema that holds tables
        // but no history table unless the history table is created beside the tool's own tables first
        String database = fx.url.substring(fx.url.lastIndexOf('/') + 1);
        MigrateCommands.drop(fx.settings("confirm", database, "backupBeforeDrop", "false"), fx.events::add);
        assertEquals(
                List.of("migrate_audit"),
                fx.query("select relname from pg_class c join pg_namespace n"
                        + " on n.oid = c.relnamespace where n.nspname = 'public' and c.relkind = 'r'"));

        MigrateCommands.upgrade(fx.settings(), fx.events::add);

        assertEquals(List.of("1|true|SQL", "R|true|SQL"), fx.history());
        assertEquals(List.of("0"), fx.query("select count(*) from v_t1"));
    }

    @Test
    void anAppliedUnchangedRepeatablePassesCurrentHistoryValidateAndTheGate() throws Exception {
        Results.Current current = MigrateCommands.current(fx.settings("failIfPending", "true"), fx.events::add);
        assertEquals("1", current.version());
        assertEquals(0, current.pendingCount());
        MigrateCommands.validate(fx.settings(), fx.events::add);

        HistoryReport history = MigrateCommands.history(fx.settings(), fx.events::add);
        assertEquals(
                List.of("1|Success|V1__create_t1.sql", "null|Success|R__v_t1.sql"),
                history.rows().stream()
                        .map(r -> r.version() + "|" + r.state() + "|" + r.script())
                        .toList());
        String json = MigrateCommands.history(fx.settings("format", "json"), fx.events::add)
                .render(dev.dbmigrate.config.MigrateSettings.OutputFormat.JSON);
        assertContains(json, "\"version\": null", "\"script\": \"R__v_t1.sql\"");

        assertEquals(0, cli("current", "--failIfPending", "true"), output);
        assertEquals(0, cli("history"), output);
        assertContains(output, "(repeatable) | v t1        | Success");
        assertFalse(output.contains("NullPointerException"), output);
    }

    @Test
    void aChangedRepeatableIsPendingWorkTheGateNamesAndUpgradeReapplies() throws Exception {
        fx.write("R__v_t1.sql", "create or replace view v_t1 as select id, id + 1 as next from t1;\n");
        Results.Current current = MigrateCommands.current(fx.settings(), fx.events::add);
        assertEquals(
                List.of("R__v_t1.sql"),
                current.pending().stream().map(MigrationInfo::script).toList());

        Results.Validation validation = MigrateCommands.validate(fx.settings(), fx.events::add);
        assertEquals(
                List.of("R__v_t1.sql was changed after it was applied: the next migrate:upgrade with the same"
                        + " -Dmigrate.url applies it again"),
                validation.warnings());

        MigrateException gate = assertThrows(
                MigrateException.class,
                () -> MigrateCommands.current(fx.settings("failIfPending", "true"), fx.events::add));
        assertEquals(ErrorCode.CHECK_FAILED, gate.code());
        assertEquals(
                "1 migration is pending on environment dev (current version 1); nothing was changed (run"
                        + " migrate:upgrade with the same -Dmigrate.url first, or leave out -Dmigrate.failIfPending=true)",
                gate.getMessage());
        assertEquals(ErrorCode.CHECK_FAILED.exitCode(), cli("current", "--failIfPending", "true"), output);
        assertContains(output, "pending repeatable v t1 (R__v_t1.sql)");

        HistoryReport history = MigrateCommands.history(fx.settings(), fx.events::add);
        assertTrue(
                history.rows().stream()
                        .anyMatch(r ->
                                r.script().equals("R__v_t1.sql") && r.state().equals("Pending")),
                history.rows().toString());
        assertEquals(List.of("1|true|SQL", "R|true|SQL"), fx.history());

        MigrateCommands.upgrade(fx.settings(), fx.events::add);
        assertEquals(List.of("1|true|SQL", "R|true|SQL", "R|true|SQL"), fx.history());
        assertEquals(
                List.of("id", "next"),
                fx.query("select column_name::text from information_schema.columns"
                        + " where table_name = 'v_t1' order by ordinal_position"));
        assertEquals(
                0,
                MigrateCommands.current(fx.settings("failIfPending", "true"), fx.events::add)
                        .pendingCount());
        assertEquals(0, cli("history", "--format", "json"), output);
        assertContains(output, "\"script\": \"R__v_t1.sql\"");
    }

    @Test
    void aNewRepeatableFailsTheGateNamingIt() throws Exception {
        fx.write("R__v_t1_ids.sql", "create or replace view v_t1_ids as select id from t1;\n");
        MigrateException gate = assertThrows(
                MigrateException.class,
                () -> MigrateCommands.current(
                        fx.settings("failIfPending", "true", "requireUndo", "false"), fx.events::add));
        assertContains(gate.getMessage(), "1 migration is pending on environment dev (current version 1)");
        assertEquals(
                List.of("R__v_t1_ids.sql"),
                MigrateCommands.current(fx.settings(), fx.events::add).pending().stream()
                        .map(MigrationInfo::script)
                        .toList());
    }

    private String output;

    private int cli(String... args) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        String databaseUrl =
                fx.url.replace("jdbc:postgresql://", "postgresql://postgres:" + TestPostgres.PASSWORD + "@");
        String[] all = new String[args.length + 2];
        System.arraycopy(args, 0, all, 0, args.length);
        all[args.length] = "--project-dir";
        all[args.length + 1] = project.toString();
        PrintStream print = new PrintStream(out, true, StandardCharsets.UTF_8);
        int exit = MigrateCli.run(all, print, print, Map.of("DATABASE_URL", databaseUrl));
        output = out.toString(StandardCharsets.UTF_8);
        return exit;
    }
}
