package dev.dbmigrate.engine;

import static dev.dbmigrate.engine.EngineFixture.assertContains;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import dev.dbmigrate.app.MigrateCommands;
import dev.dbmigrate.error.ErrorCode;
import dev.dbmigrate.error.MigrateException;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A migration or undo script that mixes a statement that cannot run inside a transaction with others could not be run
 * as one unit: upgrade and downgrade refuse it before anything runs, in the same words, and validate reports it.
 */
@Tag("postgres")
class MixedTransactionScriptTest {
    @TempDir
    Path project;

    private EngineFixture fx;

    @BeforeEach
    void setUp() throws Exception {
        fx = new EngineFixture(project, "mixed");
        fx.write("V1__create_t1.sql", "create table t1 (id int);\n");
        fx.write("U1__create_t1.sql", "drop table t1;\n");
        fx.write("V2__idx.sql", "create table t2 (id int);\ncreate index i2 on t2 (id);\n");
        fx.write("U2__idx.sql", "drop index concurrently if exists i2;\ndrop table t2;\ndrop table nonexist;\n");
        fx.write("V3__t3.sql", "create table t3 (id int);\n");
        fx.write("U3__t3.sql", "drop table t3;\n");
    }

    private static final String U2_REFUSED = "downgrade refused: U2__idx.sql mixes a statement that cannot run inside"
            + " a transaction (line 1: drop index concurrently if exists i2) with other statements, so it could not"
            + " be undone or rolled back as one unit; nothing was changed (an undo script runs as one unit: write"
            + " each such statement so that it runs inside a transaction, for example DROP INDEX without"
            + " CONCURRENTLY, or make it the only statement of the undo script, then run migrate:downgrade"
            + " -Dmigrate.steps=2 with the same -Dmigrate.url again)";

    @Test
    void downgradeRefusesAMixedUndoScriptBeforeAnyUndoRuns() throws Exception {
        MigrateCommands.upgrade(fx.settings(), fx.events::add);
        List<String> history = fx.history();
        // the mixed script is the second to run: the first (U3) may not run either
        MigrateException e = assertThrows(
                MigrateException.class, () -> MigrateCommands.downgrade(fx.settings("steps", "2"), fx.events::add));
        assertEquals(ErrorCode.VALIDATION, e.code());
        assertEquals(U2_REFUSED, e.getMessage());
        assertEquals(List.of("t1", "t2", "t3"), fx.tables());
        assertEquals(history, fx.history());
        assertEquals(List.of("i2"), fx.query("select indexname::text from pg_indexes where tablename = 't2'"));

        // a VACUUM among other statements, the only undo to run: refused the same way
        fx.write("U3__t3.sql", "drop table t3;\nvacuum t1;\n");
        assertEquals(
                "downgrade refused: U3__t3.sql mixes a statement that cannot run inside a transaction (line 2:"
                        + " vacuum t1) with another statement, so it could not be undone or rolled back as one unit;"
                        + " nothing was changed (an undo script runs as one unit: write each such statement so that it runs"
                        + " inside a transaction, for example DROP INDEX without CONCURRENTLY, or make it the only statement"
                        + " of the undo script, then run migrate:downgrade with the same -Dmigrate.url again)",
                assertThrows(MigrateException.class, () -> MigrateCommands.downgrade(fx.settings(), fx.events::add))
                        .getMessage());
        assertEquals(List.of("t1", "t2", "t3"), fx.tables());
        assertEquals(history, fx.history());
    }

    @Test
    void anUndoScriptOfOnlySuchStatementsStillRuns() throws Exception {
        fx.write("U2__idx.sql", "drop index concurrently if exists i2;\n");
        fx.write("V3__t3.sql", "create index concurrently i3 on t1 (id);\n");
        fx.write("U3__t3.sql", "drop index concurrently i3;\n");
        MigrateCommands.upgrade(fx.settings(), fx.events::add);
        MigrateCommands.validate(fx.settings(), fx.events::add);
        Results.Downgrade result = MigrateCommands.downgrade(fx.settings("steps", "2"), fx.events::add);
        assertEquals("1", result.toVersion());
        assertEquals(List.of(), fx.query("select indexname::text from pg_indexes where indexname in ('i2', 'i3')"));
        assertEquals(List.of("1|true|SQL"), fx.history());
    }

    @Test
    void validateReportsAMixedMigrationAndAMixedUndoScriptWithTheFix() throws Exception {
        fx.write(
                "V4__idx_t1.sql",
                "alter table t1 add column name text;\n\ncreate index concurrently t1_name on t1" + " (name);\n");
        fx.write("U4__idx_t1.sql", "alter table t1 drop column name;\n");
        MigrateException e =
                assertThrows(MigrateException.class, () -> MigrateCommands.validate(fx.settings(), fx.events::add));
        assertContains(
                e.getMessage(),
                "validate found 2 problems",
                "U2__idx.sql mixes a statement that cannot run inside a transaction (line 1: drop index concurrently"
                        + " if exists i2) with other statements, so it could not be undone or rolled back as one unit"
                        + " (an undo script runs as one unit: write each such statement so that it runs inside a"
                        + " transaction, for example DROP INDEX without CONCURRENTLY, or make it the only statement of"
                        + " the undo script)",
                "V4__idx_t1.sql mixes a statement that cannot run inside a transaction (line 3: create index"
                        + " concurrently t1_name on t1 (name)) with another statement, so it could not be applied or rolled"
                        + " back as one unit (move each such statement, for example CREATE INDEX CONCURRENTLY, into a"
                        + " migration file of its own)");
        assertEquals(List.of(), fx.tables());
    }
}
