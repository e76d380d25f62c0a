package dev.dbmigrate.change;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.dbmigrate.testing.TestPostgres;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.List;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

/**
 * Views, materialized views, functions, triggers and policies changed in place where PostgreSQL can, and dropped and
 * created again (with what depends on them) where it cannot; schemas and partitions created and dropped.
 */
@Tag("postgres")
class CodeAlterationTest {
    private static final String USERS = "CREATE TABLE users (id bigint PRIMARY KEY, email text NOT NULL)";
    private static final String USER_ROWS = "INSERT INTO users VALUES (1, 'a@example.com'), (20, 'b@example.com')";

    @Test
    void aViewWhoseOptionsAloneChangeIsAlteredNotRecreated() throws Exception {
        String view = "; CREATE VIEW named WITH (%s) AS SELECT id, email FROM users WHERE id > 0";
        PlanProof.Proven proven = PlanProof.prove(
                USERS + view.formatted("security_barrier"), USERS + view.formatted("check_option=local"));
        assertEquals(
                List.of(
                        "ALTER VIEW public.named RESET (security_barrier)",
                        "ALTER VIEW public.named SET (check_option=local)"),
                proven.plan().migrations().get(0).forward());
        assertEquals(
                List.of(
                        "ALTER VIEW public.named RESET (check_option)",
                        "ALTER VIEW public.named SET (security_barrier=true)"),
                proven.plan().migrations().get(0).undo());
    }

    @Test
    void aMaterializedViewWithANewDefinitionIsRecreatedWithItsIndexesNotConcurrently() throws Exception {
        String index = "; CREATE UNIQUE INDEX totals_id ON totals (id)";
        PlanProof.Proven proven = PlanProof.prove(
                USERS + "; CREATE MATERIALIZED VIEW totals AS SELECT id FROM users" + index,
                USER_ROWS,
                USERS + "; CREATE MATERIALIZED VIEW totals AS SELECT id, email FROM users" + index,
                ChangeOptions.defaults());
        List<PlannedMigration> migrations = proven.plan().migrations();
        assertEquals(1, migrations.size(), proven.script());
        List<String> forward = migrations.get(0).forward();
        assertEquals(3, forward.size(), proven.script());
        assertEquals("DROP MATERIALIZED VIEW public.totals", forward.get(0));
        // the query as pg_get_viewdef prints it, which differs between majors (16 drops the "users." qualifiers)
        assertTrue(forward.get(1).startsWith("CREATE MATERIALIZED VIEW public.totals AS\n SELECT "), forward.get(1));
        assertEquals("CREATE UNIQUE INDEX totals_id ON public.totals USING btree (id)", forward.get(2));
        assertEquals(List.of("1|a@example.com", "20|b@example.com"), proven.rows("select * from totals order by id"));
    }

    @Test
    void aTriggerFunctionWithANewBodyIsReplacedInPlaceAndItsTriggerKeepsFiring() throws Exception {
        String audit = "; CREATE TABLE audit (note text); CREATE FUNCTION log_user() RETURNS trigger LANGUAGE plpgsql"
                + " AS $$BEGIN INSERT INTO audit VALUES (%s); RETURN NEW; END$$;"
                + " CREATE TRIGGER users_log AFTER INSERT ON users FOR EACH ROW EXECUTE FUNCTION log_user()";
        PlanProof.Proven proven =
                PlanProof.prove(USERS + audit.formatted("'old'"), USERS + audit.formatted("'new ' || NEW.email"));
        List<String> forward = proven.plan().migrations().get(0).forward();
        assertEquals(1, forward.size(), proven.script());
        assertTrue(forward.get(0).startsWith("CREATE OR REPLACE FUNCTION public.log_user()"), forward.get(0));
        assertTrue(forward.get(0).contains("'new ' || NEW.email"), forward.get(0));
        assertTrue(proven.plan().migrations().get(0).undo().get(0).contains("VALUES ('old')"), proven.undoScript());
        execute(proven.url(), "INSERT INTO users VALUES (3, 'c@example.com')");
        assertEquals(List.of("new c@example.com"), proven.rows("select note from audit"));
    }

    @Test
    void aFunctionReplacedInPlaceWarnsAboutTheIndexThatStoresItsResults() throws Exception {
        String function = "; CREATE FUNCTION domain_of(e text) RETURNS text LANGUAGE sql IMMUTABLE AS %s;"
                + " CREATE INDEX users_domain ON users (domain_of(email))";
        PlanProof.Proven proven = PlanProof.prove(
                USERS + function.formatted("$$SELECT split_part(e, '@', 2)$$"),
                USERS + function.formatted("$$SELECT lower(split_part(e, '@', 2))$$"));
        List<String> forward = proven.plan().migrations().get(0).forward();
        assertEquals(1, forward.size(), proven.script());
        assertEquals(
                List.of("function public.domain_of(e text) is replaced in place, but what stores its results is not"
                        + " computed again: index public.users_domain; if its results change for existing rows,"
                        + " rebuild them (REINDEX, REFRESH MATERIALIZED VIEW, or drop and add the check)"),
                proven.plan().migrations().get(0).warnings());
    }

    @Test
    void aFunctionWithANewResultTypeIsRecreatedWithTheCheckThatUsesItValidatedLater() throws Exception {
        String function = "; CREATE FUNCTION norm(x bigint) RETURNS %1$s LANGUAGE sql IMMUTABLE AS 'SELECT x::%1$s';"
                + " ALTER TABLE users ADD CONSTRAINT users_norm CHECK (norm(id) > 0)";
        PlanProof.Proven proven = PlanProof.prove(
                USERS + function.formatted("int"),
                USER_ROWS,
                USERS + function.formatted("bigint"),
                ChangeOptions.defaults());
        List<PlannedMigration> migrations = proven.plan().migrations();
        assertEquals(
                List.of(Phase.MAIN, Phase.VALIDATE),
                migrations.stream().map(PlannedMigration::phase).toList());
        List<String> main = migrations.get(0).forward();
        assertEquals("ALTER TABLE public.users DROP CONSTRAINT users_norm", main.get(0));
        assertEquals("DROP FUNCTION public.norm(x bigint)", main.get(1));
        assertEquals("SET LOCAL check_function_bodies = false", main.get(2));
        assertTrue(
                main.get(3).startsWith("CREATE OR REPLACE FUNCTION public.norm(x bigint)\n RETURNS bigint"),
                main.get(3));
        assertEquals(
                "ALTER TABLE public.users ADD CONSTRAINT users_norm CHECK ((public.norm(id) > 0)) NOT VALID",
                main.get(main.size() - 1));
        assertEquals(
                List.of("ALTER TABLE public.users VALIDATE CONSTRAINT users_norm"),
                migrations.get(1).forward());
    }

    @Test
    void aTriggerThatOnlyChangesHowItFiresIsEnabledOrDisabled() throws Exception {
        String trigger = "; CREATE FUNCTION touch() RETURNS trigger LANGUAGE plpgsql AS $$BEGIN RETURN NEW; END$$;"
                + " CREATE TRIGGER users_touch BEFORE UPDATE ON users FOR EACH ROW EXECUTE FUNCTION touch()";
        PlanProof.Proven proven = PlanProof.prove(
                USERS + trigger, USERS + trigger + "; ALTER TABLE users ENABLE REPLICA TRIGGER users_touch");
        assertEquals(
                List.of("ALTER TABLE public.users ENABLE REPLICA TRIGGER users_touch"),
                proven.plan().migrations().get(0).forward());
        assertEquals(
                List.of("ALTER TABLE public.users ENABLE TRIGGER users_touch"),
                proven.plan().migrations().get(0).undo());
    }

    @Test
    void policiesAreAddedAlteredAndDroppedAndRecreatedWhenTheirCommandChanges() throws Exception {
        String table = USERS + "; ALTER TABLE users ENABLE ROW LEVEL SECURITY";
        PlanProof.Proven proven = PlanProof.prove(
                table + "; CREATE POLICY readers ON users FOR SELECT TO plan_reader USING (id > 0);"
                        + " CREATE POLICY writers ON users FOR INSERT WITH CHECK (id > 0);"
                        + " CREATE POLICY old_rule ON users AS RESTRICTIVE USING (email <> '')",
                table + "; CREATE POLICY readers ON users FOR SELECT TO PUBLIC USING (id > 10);"
                        + " CREATE POLICY writers ON users FOR UPDATE USING (id > 0);"
                        + " CREATE POLICY new_rule ON users AS RESTRICTIVE USING (email LIKE '%@%')");
        String script = proven.script();
        assertTrue(script.contains("DROP POLICY old_rule ON public.users"), script);
        assertTrue(script.contains("ALTER POLICY readers ON public.users TO PUBLIC USING ((id > 10))"), script);
        assertTrue(script.indexOf("DROP POLICY writers") < script.indexOf("CREATE POLICY writers"), script);
        assertTrue(script.contains("CREATE POLICY new_rule ON public.users AS RESTRICTIVE"), script);
        assertTrue(
                proven.undoScript()
                        .contains("ALTER POLICY readers ON public.users TO \"plan_reader\" USING ((id > 0))"),
                proven.undoScript());
    }

    @Test
    void aNewPartitionIsCreatedAndADroppedOneIsHeldBackAsDestructive() throws Exception {
        String events = "CREATE TABLE events (id bigint, at date NOT NULL) PARTITION BY RANGE (at);"
                + " CREATE TABLE events_2025 PARTITION OF events FOR VALUES FROM ('2025-01-01') TO ('2026-01-01')";
        String y2024 =
                "; CREATE TABLE events_2024 PARTITION OF events FOR VALUES FROM ('2024-01-01') TO ('2025-01-01')";
        String y2026 =
                "; CREATE TABLE events_2026 PARTITION OF events FOR VALUES FROM ('2026-01-01') TO ('2027-01-01')";
        String rows = "INSERT INTO events VALUES (1, '2024-05-01'), (2, '2025-05-01')";
        PlanProof.Proven held = PlanProof.prove(events + y2024, rows, events + y2026, ChangeOptions.defaults());
        assertEquals(1, held.plan().held().size(), held.script());
        assertEquals("drop table public.events_2024", held.plan().held().get(0).summary());
        assertTrue(held.script().contains("CREATE TABLE public.events_2026 PARTITION OF public.events"), held.script());
        assertEquals(List.of("1", "2"), held.rows("select id from events order by id"));

        PlanProof.Proven allowed =
                PlanProof.prove(events + y2024, rows, events + y2026, new ChangeOptions(true, List.of()));
        assertTrue(allowed.script().contains("DROP TABLE public.events_2024"), allowed.script());
        assertEquals(List.of("2"), allowed.rows("select id from events order by id"));
    }

    @Test
    void aNewSchemaComesWithItsObjectsAndAnEmptiedOneIsDropped() throws Exception {
        String app = "; CREATE SCHEMA app; CREATE TABLE app.orders (id bigint PRIMARY KEY, user_id bigint REFERENCES"
                + " users); CREATE VIEW app.order_ids AS SELECT id FROM app.orders";
        PlanProof.Proven created = PlanProof.prove(USERS, USERS + app);
        String script = created.script();
        assertTrue(script.indexOf("CREATE SCHEMA app") < script.indexOf("CREATE TABLE app.orders"), script);
        assertTrue(created.undoScript().contains("DROP SCHEMA app"), created.undoScript());

        PlanProof.Proven kept = PlanProof.prove(USERS + app, USERS);
        assertEquals(
                List.of("drop table app.orders", "drop schema app"),
                kept.plan().held().stream().map(Change::summary).toList());
        assertEquals(
                List.of("schema app stays: a table or column held back uses it"),
                kept.plan().held().get(1).warnings());
        assertFalse(kept.script().contains("DROP SCHEMA"), kept.script());

        PlanProof.Proven dropped = PlanProof.prove(USERS + app, "", USERS, new ChangeOptions(true, List.of()));
        String drops = dropped.script();
        assertTrue(drops.indexOf("DROP TABLE app.orders") < drops.indexOf("DROP SCHEMA app"), drops);
        assertFalse(drops.contains("CASCADE"), drops);
    }

    private static void execute(String url, String sql) throws SQLException {
        try (Connection connection = DriverManager.getConnection(url, "postgres", TestPostgres.PASSWORD);
                Statement statement = connection.createStatement()) {
            statement.execute(sql);
        }
    }
}
