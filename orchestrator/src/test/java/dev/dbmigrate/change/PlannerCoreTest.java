package dev.dbmigrate.change;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

/**
 * The planner's own rules, each proven on a real database by {@link PlanProof}: creations in dependency order, drops
 * in reverse, what meets existing rows written the seed's way, destructive changes held back unless allowed.
 */
@Tag("postgres")
class PlannerCoreTest {
    private static final String USERS = "CREATE TABLE users (id bigint PRIMARY KEY, email text NOT NULL)";

    @Test
    void equalSchemasGiveAnEmptyPlan() throws Exception {
        PlanProof.Proven proven = PlanProof.prove(USERS, USERS);
        assertTrue(proven.plan().isEmpty(), proven.script());
        assertEquals(List.of(), proven.plan().migrations());
    }

    @Test
    void aNewTableWithAForeignKeyToAnExistingOneIsOneMigrationAndItsUndoDropsIt() throws Exception {
        PlanProof.Proven proven = PlanProof.prove(
                USERS,
                USERS + "; CREATE TABLE prefs (id bigint PRIMARY KEY, user_id bigint NOT NULL REFERENCES users,"
                        + " theme text DEFAULT 'light'); CREATE INDEX prefs_user_idx ON prefs (user_id)");
        assertEquals(1, proven.plan().migrations().size(), proven.script());
        String script = proven.script();
        assertTrue(script.indexOf("CREATE TABLE public.prefs") < script.indexOf("FOREIGN KEY"), script);
        assertFalse(script.contains("CONCURRENTLY"), "a new table has no rows to wait for: " + script);
        assertFalse(script.contains("NOT VALID"), script);
        assertTrue(proven.undoScript().contains("DROP TABLE public.prefs"), proven.undoScript());
    }

    @Test
    void anIndexOnAnExistingTableIsBuiltConcurrentlyInAMigrationOfItsOwn() throws Exception {
        PlanProof.Proven proven = PlanProof.prove(
                USERS,
                USERS + "; ALTER TABLE users ADD COLUMN name text; CREATE INDEX users_email_idx ON users (email)");
        List<PlannedMigration> migrations = proven.plan().migrations();
        assertEquals(
                List.of(Phase.MAIN, Phase.INDEX),
                migrations.stream().map(PlannedMigration::phase).toList());
        assertEquals(
                List.of("CREATE INDEX CONCURRENTLY users_email_idx ON public.users USING btree (email)"),
                migrations.get(1).forward());
        assertEquals(
                List.of("DROP INDEX CONCURRENTLY public.users_email_idx"),
                migrations.get(1).undo());
    }

    @Test
    void aForeignKeyOnAnExistingTableIsAddedNotValidAndValidatedInALaterMigration() throws Exception {
        String before = USERS + "; CREATE TABLE orders (id bigint PRIMARY KEY, user_id bigint)";
        PlanProof.Proven proven = PlanProof.prove(
                before,
                "INSERT INTO users VALUES (1, 'a@example.com'); INSERT INTO orders VALUES (10, 1)",
                before + "; ALTER TABLE orders ADD CONSTRAINT orders_user_fk FOREIGN KEY (user_id) REFERENCES users;"
                        + " ALTER TABLE orders ADD CONSTRAINT orders_id_positive CHECK (id > 0)",
                ChangeOptions.defaults());
        List<PlannedMigration> migrations = proven.plan().migrations();
        assertEquals(
                List.of(Phase.MAIN, Phase.VALIDATE),
                migrations.stream().map(PlannedMigration::phase).toList());
        assertTrue(migrations.get(0).forward().stream().allMatch(s -> s.endsWith("NOT VALID")), proven.script());
        assertEquals(
                List.of(
                        "ALTER TABLE public.orders VALIDATE CONSTRAINT orders_id_positive",
                        "ALTER TABLE public.orders VALIDATE CONSTRAINT orders_user_fk"),
                migrations.get(1).forward().stream().sorted().toList());
        assertEquals(List.of("10|1"), proven.rows("select id, user_id from orders"));
    }

    @Test
    void aDroppedTableIsHeldBackUnlessDestructiveChangesAreAllowed() throws Exception {
        String before = USERS + "; CREATE TABLE audit (id bigint PRIMARY KEY, note text); CREATE INDEX audit_note_idx"
                + " ON audit (note)";
        PlanProof.Proven held = PlanProof.prove(before, USERS);
        assertEquals(1, held.plan().held().size());
        assertTrue(held.plan().held().get(0).warnings().get(0).contains("never drop columns without data migration"));
        assertTrue(held.plan().migrations().get(0).forward().isEmpty(), held.script());

        PlanProof.Proven allowed = PlanProof.prove(before, "", USERS, new ChangeOptions(true, List.of()));
        assertEquals(
                List.of("DROP TABLE public.audit"),
                allowed.plan().migrations().get(0).forward());
        assertTrue(allowed.undoScript().contains("CREATE INDEX audit_note_idx"), allowed.undoScript());
    }

    @Test
    void aViewOverAChangedFunctionIsDroppedAndCreatedAgainAroundIt() throws Exception {
        // a new result type: CREATE OR REPLACE cannot change it (a new body alone is replaced in place)
        String function =
                "; CREATE FUNCTION twice(x int) RETURNS %1$s LANGUAGE sql IMMUTABLE AS 'SELECT (x * 2)::%1$s';"
                        + " CREATE VIEW doubled AS SELECT twice(id::int) AS d FROM users";
        PlanProof.Proven proven =
                PlanProof.prove(USERS + function.formatted("int"), USERS + function.formatted("bigint"));
        String script = proven.script();
        assertTrue(script.indexOf("DROP VIEW public.doubled") < script.indexOf("DROP FUNCTION"), script);
        assertTrue(script.indexOf("DROP FUNCTION") < script.indexOf("CREATE OR REPLACE FUNCTION"), script);
        assertTrue(script.indexOf("CREATE OR REPLACE FUNCTION") < script.indexOf("CREATE VIEW public.doubled"), script);
    }

    @Test
    void commentsAndGrantsChangeInPlace() throws Exception {
        PlanProof.Proven proven = PlanProof.prove(
                USERS + "; GRANT SELECT ON users TO plan_reader",
                USERS + "; GRANT SELECT, INSERT ON users TO plan_reader; COMMENT ON TABLE users IS 'people'");
        assertEquals(
                List.of(
                        "COMMENT ON TABLE public.users IS E'people'",
                        "GRANT INSERT ON TABLE public.users TO \"plan_reader\""),
                proven.plan().migrations().get(0).forward());
    }
}
