package dev.dbmigrate.lint;

import static dev.dbmigrate.lint.StatementRules.shown;
import static org.junit.jupiter.api.Assertions.assertEquals;

import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Issue 16: create-index-not-concurrent, concurrent-in-transaction and index-beside-changes. */
class IndexRulesTest {
    @TempDir
    Path dir;

    private StatementRules rules;

    @BeforeEach
    void users() throws Exception {
        rules = new StatementRules(dir).write("V1__create_users.sql", "CREATE TABLE users (id bigint, email text);");
    }

    @Test
    void anIndexOnAnExistingTableWithoutConcurrentlyIsAnError() throws Exception {
        rules.write("V2__index_users.sql", "-- the lookup by email", "CREATE INDEX users_email_idx ON users (email);");
        assertEquals(
                List.of("create-index-not-concurrent ERROR 2 V2__index_users.sql line 2: creates the index"
                        + " users_email_idx on the existing table users without CONCURRENTLY, which blocks every"
                        + " write to users until the index is built"),
                shown(rules.found()));
    }

    @Test
    void anIndexBuiltConcurrentlyAloneOrOnANewTableIsFine() throws Exception {
        rules.write(
                "V2__index_users.sql",
                "CREATE UNIQUE INDEX CONCURRENTLY IF NOT EXISTS users_email_idx ON users (email)");
        rules.write(
                "V3__index_users.sql",
                "CREATE INDEX CONCURRENTLY ON users (id);",
                "CREATE INDEX CONCURRENTLY users_id_email_idx ON users (id, email);");
        rules.write(
                "V4__create_items.sql",
                "CREATE TABLE items (id bigint, user_id bigint);",
                "CREATE INDEX items_user_idx ON items (user_id);");
        rules.write("V5__index_parts.sql", "CREATE INDEX parts_idx ON ONLY parts (id);");
        rules.write(
                "V6__create_totals.sql",
                "CREATE MATERIALIZED VIEW totals AS SELECT id FROM users;",
                "CREATE UNIQUE INDEX totals_id_idx ON totals (id);");
        assertEquals(List.of(), shown(rules.found()));
    }

    @Test
    void concurrentlyInsideBeginCommitOrBesideOtherStatementsIsAnError() throws Exception {
        rules.write(
                "V2__index_users.sql",
                "BEGIN;",
                "CREATE INDEX CONCURRENTLY users_email_idx ON users (email);",
                "COMMIT;");
        rules.write(
                "V3__add_name.sql",
                "ALTER TABLE users ADD COLUMN name text;",
                "CREATE INDEX CONCURRENTLY users_name_idx ON users (name);");
        rules.write("V4__detach_old.sql", "ALTER TABLE events DETACH PARTITION events_2020 CONCURRENTLY;");
        assertEquals(
                List.of(
                        "concurrent-in-transaction ERROR 2 V2__index_users.sql line 2: CREATE INDEX CONCURRENTLY"
                                + " users_email_idx ON users (email) runs in a script that opens its own transaction"
                                + " (BEGIN ... COMMIT), which PostgreSQL refuses: it cannot run inside a transaction"
                                + " block",
                        "concurrent-in-transaction ERROR 2 V3__add_name.sql line 2: CREATE INDEX CONCURRENTLY"
                                + " users_name_idx ON users (name) runs beside another statement that needs a"
                                + " transaction, so upgrade refuses the file: it could not be applied or rolled back as"
                                + " one unit",
                        "concurrent-in-transaction ERROR 1 V4__detach_old.sql line 1: ALTER TABLE events DETACH"
                                + " PARTITION events_2020 CONCURRENTLY runs inside the migration's transaction, which"
                                + " PostgreSQL refuses (DETACH PARTITION CONCURRENTLY cannot run inside a transaction"
                                + " block)"),
                shown(rules.found()));
    }

    @Test
    void anIndexOnAnExistingTableBesideOtherChangesIsAWarning() throws Exception {
        rules.write(
                "V2__add_name.sql",
                "ALTER TABLE users ADD COLUMN name text;",
                "-- migrate:allow create-index-not-concurrent because users holds a dozen rows",
                "CREATE INDEX users_name_idx ON users (name);");
        Lint.Result result = rules.lint("5s");
        assertEquals(
                List.of("index-beside-changes WARNING 3 V2__add_name.sql line 3: creates the index users_name_idx on"
                        + " the existing table users in the same migration as other changes (line 1: ALTER TABLE"
                        + " users ADD COLUMN name text), so a slow build holds their locks until it ends and a failed"
                        + " one undoes them"),
                shown(rules.found()));
        assertEquals(
                List.of("create-index-not-concurrent"),
                result.silenced().stream().map(Finding::ruleId).toList());
    }

    @Test
    void anIndexAloneOrBesideOnlySettingsIsNotBesideChanges() throws Exception {
        rules.write(
                "V2__index_users.sql",
                "SET LOCAL lock_timeout = '2s';",
                "CREATE INDEX users_email_idx ON users (email);",
                "CREATE INDEX users_id_idx ON users (id);");
        assertEquals(
                List.of("create-index-not-concurrent", "create-index-not-concurrent"),
                rules.found().stream().map(Finding::ruleId).toList());
    }
}
