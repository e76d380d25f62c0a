package dev.dbmigrate.change;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

/**
 * Columns changed in place ({@link ColumnAlteration}), each proven on a real database with rows that must survive:
 * type (with a view over it), narrowing held back, NOT NULL through a validated check, default, identity, generated.
 */
@Tag("postgres")
class PlannerColumnTest {
    private static final String ROWS = "INSERT INTO t (id, name) VALUES (1, 'ann'), (2, 'bob')";

    private static String table(String name) {
        return "CREATE TABLE t (id bigint PRIMARY KEY, name " + name + ")";
    }

    @Test
    void aWideningTypeChangeAltersTheColumnWithTheViewAndTriggerOverItCreatedAgainAround() throws Exception {
        String view = "; CREATE VIEW v AS SELECT id, name FROM t; CREATE FUNCTION touch() RETURNS trigger LANGUAGE"
                + " plpgsql AS $$BEGIN RETURN NEW; END$$; CREATE TRIGGER t_touch BEFORE UPDATE OF name ON t FOR EACH"
                + " ROW EXECUTE FUNCTION touch()";
        PlanProof.Proven proven =
                PlanProof.prove(table("varchar(50)") + view, ROWS, table("text") + view, ChangeOptions.defaults());
        String script = proven.script();
        int alter = script.indexOf("ALTER TABLE public.t ALTER COLUMN name TYPE text USING name::text");
        assertTrue(script.indexOf("DROP VIEW public.v") < alter && alter >= 0, script);
        assertTrue(alter < script.indexOf("CREATE VIEW public.v"), script);
        assertTrue(script.indexOf("DROP TRIGGER t_touch ON public.t") < alter, script);
        assertTrue(alter < script.indexOf("CREATE TRIGGER t_touch"), script);
        assertTrue(proven.plan().held().isEmpty(), script);
        assertTrue(
                proven.undoScript()
                        .contains("ALTER TABLE public.t ALTER COLUMN name TYPE character varying(50) USING"
                                + " name::character varying(50)"),
                proven.undoScript());
        assertEquals(List.of("1|ann", "2|bob"), proven.rows("select id, name from t order by id"));
    }

    @Test
    void aNarrowingTypeChangeIsHeldBackUnlessAllowed() throws Exception {
        PlanProof.Proven held =
                PlanProof.prove(table("varchar(50)"), ROWS, table("varchar(20)"), ChangeOptions.defaults());
        assertEquals(1, held.plan().held().size(), held.script());
        String warning = held.plan().held().get(0).warnings().get(0);
        assertTrue(
                warning.startsWith("changes the type of column public.t.name from character varying(50) to"
                        + " character varying(20), which may not hold every value (a narrowing change):"
                        + " \"never drop columns without data migration\" (the seed's rule)"),
                warning);
        assertTrue(warning.endsWith("-Dmigrate.allowDestructive=true"), warning);
        assertTrue(held.plan().migrations().get(0).forward().isEmpty(), held.script());

        PlanProof.Proven allowed =
                PlanProof.prove(table("varchar(50)"), ROWS, table("varchar(20)"), new ChangeOptions(true, List.of()));
        assertEquals(
                List.of("ALTER TABLE public.t ALTER COLUMN name TYPE character varying(20) USING"
                        + " name::character varying(20)"),
                allowed.plan().migrations().get(0).forward());
        assertEquals(List.of("1|ann", "2|bob"), allowed.rows("select id, name from t order by id"));
    }

    @Test
    void narrowingIsJudgedByWhatTheNewTypeCanHold() {
        assertFalse(Narrowing.narrows("character varying(20)", "character varying(50)"));
        assertFalse(Narrowing.narrows("character varying(20)", "text"));
        assertFalse(Narrowing.narrows("integer", "bigint"));
        assertFalse(Narrowing.narrows("integer", "numeric(12,2)"));
        assertFalse(Narrowing.narrows("numeric(10,2)", "numeric(12,3)"));
        assertFalse(Narrowing.narrows("date", "timestamp with time zone"));
        assertFalse(Narrowing.narrows("timestamp(3) without time zone", "timestamp without time zone"));
        assertFalse(Narrowing.narrows("integer[]", "bigint[]"));
        assertFalse(Narrowing.narrows("uuid", "text"));
        assertTrue(Narrowing.narrows("text", "character varying(10)"));
        assertTrue(Narrowing.narrows("character varying(10)", "character(10)"));
        assertTrue(Narrowing.narrows("bigint", "integer"));
        assertTrue(Narrowing.narrows("numeric", "integer"));
        assertTrue(Narrowing.narrows("numeric(10,2)", "numeric(10,3)"));
        assertTrue(Narrowing.narrows("timestamp with time zone", "date"));
        assertTrue(Narrowing.narrows("bigint", "double precision"));
        assertTrue(Narrowing.narrows("text", "jsonb"));
        assertTrue(Narrowing.narrows("integer", "integer[]"));
    }

    @Test
    void setNotNullGoesThroughACheckValidatedInAMigrationOfItsOwn() throws Exception {
        PlanProof.Proven proven =
                PlanProof.prove(table("text"), ROWS, table("text NOT NULL"), ChangeOptions.defaults());
        List<PlannedMigration> migrations = proven.plan().migrations();
        assertEquals(
                List.of(Phase.MAIN, Phase.VALIDATE, Phase.FINISH),
                migrations.stream().map(PlannedMigration::phase).toList());
        assertEquals(
                List.of("ALTER TABLE public.t ADD CONSTRAINT t_name_not_null_check CHECK (name IS NOT NULL) NOT VALID"),
                migrations.get(0).forward());
        assertEquals(
                List.of("ALTER TABLE public.t VALIDATE CONSTRAINT t_name_not_null_check"),
                migrations.get(1).forward());
        assertEquals(
                List.of(
                        "ALTER TABLE public.t ALTER COLUMN name SET NOT NULL",
                        "ALTER TABLE public.t DROP CONSTRAINT t_name_not_null_check"),
                migrations.get(2).forward());
        assertEquals(
                List.of(
                        "ALTER TABLE public.t ADD CONSTRAINT t_name_not_null_check CHECK (name IS NOT NULL)",
                        "ALTER TABLE public.t ALTER COLUMN name DROP NOT NULL"),
                migrations.get(2).undo());
        assertEquals(List.of("1|ann", "2|bob"), proven.rows("select id, name from t order by id"));
        StepwiseProof.check(proven);
    }

    @Test
    void dropNotNullAndDefaultsChangeInPlace() throws Exception {
        PlanProof.Proven proven = PlanProof.prove(
                table("text NOT NULL DEFAULT 'x'") + "; ALTER TABLE t ADD COLUMN score int",
                ROWS,
                table("text DEFAULT 'y'") + "; ALTER TABLE t ADD COLUMN score int DEFAULT 0",
                ChangeOptions.defaults());
        List<String> forward = proven.plan().migrations().get(0).forward();
        assertTrue(forward.contains("ALTER TABLE public.t ALTER COLUMN name DROP NOT NULL"), proven.script());
        assertTrue(forward.contains("ALTER TABLE public.t ALTER COLUMN name SET DEFAULT 'y'::text"), proven.script());
        assertTrue(forward.contains("ALTER TABLE public.t ALTER COLUMN score SET DEFAULT 0"), proven.script());
        assertEquals(List.of("1|ann", "2|bob"), proven.rows("select id, name from t order by id"));
    }

    @Test
    void identityIsAddedAfterTheLargestValueAndChangedAndDroppedInPlace() throws Exception {
        String before = "CREATE TABLE a (id bigint NOT NULL, n int); CREATE TABLE b (id bigint GENERATED ALWAYS AS"
                + " IDENTITY, n int); CREATE TABLE c (id bigint GENERATED ALWAYS AS IDENTITY, n int)";
        String after = "CREATE TABLE a (id bigint GENERATED BY DEFAULT AS IDENTITY, n int); CREATE TABLE b (id bigint"
                + " GENERATED BY DEFAULT AS IDENTITY, n int); CREATE TABLE c (id bigint NOT NULL, n int)";
        PlanProof.Proven proven =
                PlanProof.prove(before, "INSERT INTO a VALUES (7, 0)", after, ChangeOptions.defaults());
        String script = proven.script();
        assertTrue(
                script.contains("ALTER TABLE public.a ALTER COLUMN id ADD GENERATED BY DEFAULT AS IDENTITY"), script);
        assertTrue(
                script.contains("DO $$BEGIN EXECUTE format('ALTER TABLE public.a ALTER COLUMN id RESTART WITH %s',"
                        + " (SELECT coalesce(max(id), 0) + 1 FROM public.a)); END$$"),
                script);
        assertTrue(script.contains("ALTER TABLE public.b ALTER COLUMN id SET GENERATED BY DEFAULT"), script);
        assertTrue(script.contains("ALTER TABLE public.c ALTER COLUMN id DROP IDENTITY"), script);
        assertEquals(List.of("8"), proven.rows("insert into a (n) values (1) returning id"));
    }

    @Test
    void aSerialColumnBecomesAnIdentityWithItsSequenceDroppedAfterItsDefault() throws Exception {
        PlanProof.Proven proven = PlanProof.prove(
                "CREATE TABLE s (id serial PRIMARY KEY, n int)",
                "INSERT INTO s (n) VALUES (1), (2)",
                "CREATE TABLE s (id int GENERATED BY DEFAULT AS IDENTITY PRIMARY KEY, n int)",
                ChangeOptions.defaults());
        List<String> forward = proven.plan().migrations().get(0).forward();
        assertEquals(
                List.of(
                        "ALTER TABLE public.s ALTER COLUMN id DROP DEFAULT",
                        "DROP SEQUENCE public.s_id_seq",
                        "ALTER TABLE public.s ALTER COLUMN id ADD GENERATED BY DEFAULT AS IDENTITY",
                        "DO $$BEGIN EXECUTE format('ALTER TABLE public.s ALTER COLUMN id RESTART WITH %s', (SELECT"
                                + " coalesce(max(id), 0) + 1 FROM public.s)); END$$"),
                forward,
                proven.script());
        assertEquals(List.of("3"), proven.rows("insert into s (n) values (3) returning id"));
        StepwiseProof.check(proven);
        PlanProof.undoAll(proven);
        assertEquals(
                List.of("4"),
                proven.rows("insert into s (n) values (4) returning id"),
                "the undo gives the serial's sequence back past the largest id (3, inserted after the migration)");
    }

    @Test
    void aSequenceADroppedDefaultUsedIsDroppedAfterTheDefault() throws Exception {
        PlanProof.Proven proven = PlanProof.prove(
                "CREATE SEQUENCE counter; CREATE TABLE k (id bigint DEFAULT nextval('counter'), n int)",
                "INSERT INTO k (n) VALUES (1)",
                "CREATE TABLE k (id bigint, n int)",
                ChangeOptions.defaults());
        assertEquals(
                List.of("ALTER TABLE public.k ALTER COLUMN id DROP DEFAULT", "DROP SEQUENCE public.counter"),
                proven.plan().migrations().get(0).forward(),
                proven.script());
    }

    @Test
    void aGeneratedColumnWhoseExpressionChangesIsDroppedAndAddedWithItsIndex() throws Exception {
        String before = "CREATE TABLE p (id int PRIMARY KEY, price int, total int GENERATED ALWAYS AS (price * 2)"
                + " STORED); CREATE INDEX p_total_idx ON p (total)";
        String after = before.replace("price * 2", "price * 3");
        PlanProof.Proven proven =
                PlanProof.prove(before, "INSERT INTO p (id, price) VALUES (1, 10)", after, ChangeOptions.defaults());
        assertTrue(proven.plan().held().isEmpty(), proven.script());
        String script = proven.script();
        assertTrue(script.contains("ALTER TABLE public.p DROP COLUMN total"), script);
        assertTrue(script.contains("ADD COLUMN total integer GENERATED ALWAYS AS ((price * 3)) STORED"), script);
        assertTrue(script.contains("CREATE INDEX CONCURRENTLY p_total_idx"), script);
        assertEquals(List.of("1|30"), proven.rows("select id, total from p"));
    }

    @Test
    void aColumnAGeneratedColumnIsComputedFromChangesTypeWithTheGeneratedColumnAddedAgain() throws Exception {
        String before = "CREATE TABLE p (id int PRIMARY KEY, price int, total int GENERATED ALWAYS AS (price * 2)"
                + " STORED); CREATE INDEX p_total_idx ON p (total)";
        PlanProof.Proven proven = PlanProof.prove(
                before,
                "INSERT INTO p (id, price) VALUES (1, 10)",
                before.replace("price int", "price bigint"),
                ChangeOptions.defaults());
        String script = proven.script();
        int alter = script.indexOf("ALTER TABLE public.p ALTER COLUMN price TYPE bigint USING price::bigint");
        assertTrue(script.indexOf("ALTER TABLE public.p DROP COLUMN total") < alter, script);
        assertTrue(alter < script.indexOf("ADD COLUMN total integer GENERATED ALWAYS AS ((price * 2)) STORED"), script);
        assertEquals(List.of("1|20"), proven.rows("select id, total from p"));
        StepwiseProof.check(proven);
    }

    @Test
    void aCollationAloneChangesThroughTypeWithCollate() throws Exception {
        PlanProof.Proven proven =
                PlanProof.prove(table("text"), ROWS, table("text COLLATE \"C\""), ChangeOptions.defaults());
        assertEquals(
                List.of("ALTER TABLE public.t ALTER COLUMN name TYPE text COLLATE \"C\""),
                proven.plan().migrations().get(0).forward());
        assertEquals(
                List.of("ALTER TABLE public.t ALTER COLUMN name TYPE text COLLATE pg_catalog.\"default\""),
                proven.plan().migrations().get(0).undo());
    }

    @Test
    void anAddedColumnNotNullWithoutDefaultOrWithAVolatileDefaultIsWarnedAbout() throws Exception {
        PlanProof.Proven proven = PlanProof.prove(
                table("text"),
                table("text") + "; ALTER TABLE t ADD COLUMN code text NOT NULL, ADD COLUMN token float8 DEFAULT"
                        + " random(), ADD COLUMN at timestamptz DEFAULT now()");
        List<String> warnings = proven.plan().migrations().get(0).warnings();
        assertEquals(2, warnings.size(), warnings.toString());
        assertTrue(
                warnings.contains("adds column public.t.code NOT NULL without a default: this fails on a table with"
                        + " rows; give it a default, or add it nullable, fill it, then set NOT NULL in a later"
                        + " migration"),
                warnings.toString());
        assertTrue(
                warnings.stream()
                        .anyMatch(w -> w.startsWith("adds column public.t.token filled by random(), which"
                                + " PostgreSQL computes row by row: it rewrites the whole table")),
                warnings.toString());
    }

    @Test
    void aPartitionedTablesColumnChangesOnceForItsPartitions() throws Exception {
        String parent = "CREATE TABLE m (id int, at date, note %s) PARTITION BY RANGE (at);"
                + " CREATE TABLE m_2026 PARTITION OF m FOR VALUES FROM ('2026-01-01') TO ('2027-01-01')";
        PlanProof.Proven proven = PlanProof.prove(
                parent.formatted("varchar(10)"),
                "INSERT INTO m VALUES (1, '2026-03-01', 'hi')",
                parent.formatted("text NOT NULL"),
                ChangeOptions.defaults());
        String script = proven.script();
        assertTrue(script.contains("ALTER TABLE public.m ALTER COLUMN note TYPE text USING note::text"), script);
        assertFalse(script.contains("ALTER TABLE public.m_2026"), script);
        assertTrue(script.contains("ALTER TABLE public.m ALTER COLUMN note SET NOT NULL"), script);
        assertEquals(List.of("1|hi"), proven.rows("select id, note from m"));
        StepwiseProof.check(proven);
    }

    @Test
    void anIdentityOnANullableColumnWaitsForItsNotNull() throws Exception {
        PlanProof.Proven proven = PlanProof.prove(
                "CREATE TABLE d (id bigint, n int)",
                "INSERT INTO d VALUES (3, 0)",
                "CREATE TABLE d (id bigint GENERATED ALWAYS AS IDENTITY, n int)",
                ChangeOptions.defaults());
        List<PlannedMigration> migrations = proven.plan().migrations();
        assertEquals(
                List.of(Phase.MAIN, Phase.VALIDATE, Phase.FINISH),
                migrations.stream().map(PlannedMigration::phase).toList());
        assertEquals(
                "ALTER TABLE public.d ALTER COLUMN id ADD GENERATED ALWAYS AS IDENTITY",
                migrations.get(2).forward().get(2));
        assertEquals(List.of("4"), proven.rows("insert into d (n) values (1) returning id"));
        StepwiseProof.check(proven);
    }
}
