package dev.dbmigrate.change;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

/**
 * Tables and what belongs to them changed in place, each proven on a real database with rows that must survive:
 * logging, row-level security, inheritance, partition bounds, partitioning (held back with a note), constraints,
 * indexes, sequences.
 */
@Tag("postgres")
class PlannerTableTest {
    private static final String T = "CREATE TABLE t (id bigint PRIMARY KEY, n int)";
    private static final String ROWS = "INSERT INTO t VALUES (1, 10), (2, 20)";

    @Test
    void loggingAndRowLevelSecurityChangeInPlace() throws Exception {
        PlanProof.Proven proven = PlanProof.prove(
                T.replace("TABLE", "UNLOGGED TABLE"),
                ROWS,
                T + "; ALTER TABLE t ENABLE ROW LEVEL SECURITY; ALTER TABLE t FORCE ROW LEVEL SECURITY",
                ChangeOptions.defaults());
        assertEquals(
                List.of(
                        "ALTER TABLE public.t SET LOGGED",
                        "ALTER TABLE public.t ENABLE ROW LEVEL SECURITY",
                        "ALTER TABLE public.t FORCE ROW LEVEL SECURITY"),
                proven.plan().migrations().get(0).forward());
        assertEquals(
                List.of(
                        "ALTER TABLE public.t NO FORCE ROW LEVEL SECURITY",
                        "ALTER TABLE public.t DISABLE ROW LEVEL SECURITY",
                        "ALTER TABLE public.t SET UNLOGGED"),
                proven.plan().migrations().get(0).undo());
        assertEquals(List.of("1|10", "2|20"), proven.rows("select id, n from t order by id"));
    }

    @Test
    void aPartitionWhoseBoundChangesIsDetachedAndAttachedWithItsRows() throws Exception {
        String parent = "CREATE TABLE m (id int, at date) PARTITION BY RANGE (at);";
        String before = parent + " CREATE TABLE m_2026 PARTITION OF m FOR VALUES FROM ('2026-01-01') TO ('2026-07-01')";
        String after = parent + " CREATE TABLE m_2026 PARTITION OF m FOR VALUES FROM ('2026-01-01') TO ('2027-01-01')";
        PlanProof.Proven proven =
                PlanProof.prove(before, "INSERT INTO m VALUES (1, '2026-03-01')", after, ChangeOptions.defaults());
        assertEquals(
                List.of(
                        "ALTER TABLE public.m DETACH PARTITION public.m_2026",
                        "ALTER TABLE public.m ATTACH PARTITION public.m_2026 FOR VALUES FROM ('2026-01-01') TO"
                                + " ('2027-01-01')"),
                proven.plan().migrations().get(0).forward());
        assertEquals(List.of("1|2026-03-01"), proven.rows("select id, at from m"));
    }

    @Test
    void inheritanceIsAddedAndRemovedInPlace() throws Exception {
        String tables = "CREATE TABLE base (id int); CREATE TABLE other (id int);";
        PlanProof.Proven proven = PlanProof.prove(
                tables + " CREATE TABLE kid (id int) INHERITS (base)",
                "INSERT INTO kid VALUES (5)",
                tables + " CREATE TABLE kid (id int) INHERITS (other)",
                ChangeOptions.defaults());
        assertEquals(
                List.of("ALTER TABLE public.kid NO INHERIT public.base", "ALTER TABLE public.kid INHERIT public.other"),
                proven.plan().migrations().get(0).forward());
        assertEquals(List.of("5"), proven.rows("select id from other"));
    }

    @Test
    void aPlainTableThatBecomesPartitionedIsLeftAsItIsWithANote() throws Exception {
        PlanProof.Proven proven = PlanProof.prove(
                T.replace(" PRIMARY KEY", ""),
                ROWS,
                T.replace(" PRIMARY KEY", "") + " PARTITION BY RANGE (id)",
                new ChangeOptions(true, List.of()));
        assertEquals(1, proven.plan().held().size(), proven.script());
        String note = proven.plan().notes().get(0);
        assertTrue(
                note.startsWith("table public.t is not partitioned but the desired schema has it PARTITION BY RANGE"
                        + " (id): PostgreSQL cannot change a table's partitioning in place"),
                note);
        assertEquals(List.of("1|10", "2|20"), proven.rows("select id, n from t order by id"));
    }

    @Test
    void aChangedCheckIsDroppedAndAddedNotValidThenValidated() throws Exception {
        PlanProof.Proven proven = PlanProof.prove(
                T + "; ALTER TABLE t ADD CONSTRAINT t_n_check CHECK (n > 0)",
                ROWS,
                T + "; ALTER TABLE t ADD CONSTRAINT t_n_check CHECK (n > 5)",
                ChangeOptions.defaults());
        List<PlannedMigration> migrations = proven.plan().migrations();
        assertEquals(
                List.of(
                        "ALTER TABLE public.t DROP CONSTRAINT t_n_check",
                        "ALTER TABLE public.t ADD CONSTRAINT t_n_check CHECK ((n > 5)) NOT VALID"),
                migrations.get(0).forward());
        assertEquals(
                List.of("ALTER TABLE public.t VALIDATE CONSTRAINT t_n_check"),
                migrations.get(1).forward());
        StepwiseProof.check(proven);
    }

    @Test
    void aChangedPrimaryKeyIsDroppedAndAddedWithTheForeignKeysOnItAndAWarning() throws Exception {
        String child = "; CREATE TABLE c (id int PRIMARY KEY, t_id bigint REFERENCES t)";
        PlanProof.Proven proven = PlanProof.prove(
                T + child,
                ROWS + "; INSERT INTO c VALUES (1, 2)",
                T.replace(" PRIMARY KEY", "") + "; ALTER TABLE t ADD CONSTRAINT t_pkey PRIMARY KEY (id) INCLUDE (n)"
                        + child,
                ChangeOptions.defaults());
        String script = proven.script();
        int dropForeignKey = script.indexOf("ALTER TABLE public.c DROP CONSTRAINT c_t_id_fkey");
        int dropKey = script.indexOf("ALTER TABLE public.t DROP CONSTRAINT t_pkey");
        assertTrue(dropForeignKey >= 0 && dropForeignKey < dropKey, script);
        assertTrue(script.contains("ADD CONSTRAINT t_pkey PRIMARY KEY (id) INCLUDE (n)"), script);
        assertTrue(script.contains("VALIDATE CONSTRAINT c_t_id_fkey"), script);
        assertTrue(
                proven.plan().migrations().get(0).warnings().stream()
                        .anyMatch(w -> w.startsWith("adding constraint public.t.t_pkey builds its index under an"
                                + " ACCESS EXCLUSIVE lock")),
                proven.plan().migrations().get(0).warnings().toString());
        assertEquals(List.of("1|2"), proven.rows("select id, t_id from c"));
        StepwiseProof.check(proven);
    }

    @Test
    void aChangedKeyNoForeignKeyReferencesGetsItsIndexBuiltConcurrentlyThenUsed() throws Exception {
        PlanProof.Proven proven = PlanProof.prove(
                T + "; ALTER TABLE t ADD CONSTRAINT t_n_key UNIQUE (n)",
                ROWS,
                T + "; ALTER TABLE t ADD CONSTRAINT t_n_key UNIQUE (n, id) DEFERRABLE",
                ChangeOptions.defaults());
        List<PlannedMigration> migrations = proven.plan().migrations();
        assertEquals(
                List.of(Phase.INDEX, Phase.FINISH),
                migrations.stream().map(PlannedMigration::phase).toList());
        assertEquals(
                List.of("CREATE UNIQUE INDEX CONCURRENTLY t_n_key_new ON public.t USING btree (n, id)"),
                migrations.get(0).forward());
        assertEquals(
                List.of(
                        "ALTER TABLE public.t DROP CONSTRAINT t_n_key",
                        "ALTER TABLE public.t ADD CONSTRAINT t_n_key UNIQUE USING INDEX t_n_key_new DEFERRABLE"),
                migrations.get(1).forward());
        assertEquals(
                List.of(
                        "ALTER TABLE public.t DROP CONSTRAINT t_n_key",
                        "ALTER TABLE public.t ADD CONSTRAINT t_n_key UNIQUE (n)",
                        "CREATE UNIQUE INDEX t_n_key_new ON public.t USING btree (n, id)"),
                migrations.get(1).undo());
        assertEquals(List.of("1|10", "2|20"), proven.rows("select id, n from t order by id"));
        StepwiseProof.check(proven);
    }

    @Test
    void aWiderPrimaryKeyWaitsForItsNewColumnsNotNull() throws Exception {
        PlanProof.Proven proven = PlanProof.prove(
                T, ROWS, "CREATE TABLE t (id bigint, n int NOT NULL, PRIMARY KEY (id, n))", ChangeOptions.defaults());
        List<PlannedMigration> migrations = proven.plan().migrations();
        assertEquals(
                List.of(Phase.MAIN, Phase.INDEX, Phase.VALIDATE, Phase.FINISH),
                migrations.stream().map(PlannedMigration::phase).toList());
        assertEquals(
                List.of(
                        "ALTER TABLE public.t ALTER COLUMN n SET NOT NULL",
                        "ALTER TABLE public.t DROP CONSTRAINT t_n_not_null_check",
                        "ALTER TABLE public.t DROP CONSTRAINT t_pkey",
                        "ALTER TABLE public.t ADD CONSTRAINT t_pkey PRIMARY KEY USING INDEX t_pkey_new"),
                migrations.get(3).forward());
        assertEquals(List.of("1|10", "2|20"), proven.rows("select id, n from t order by id"));
        StepwiseProof.check(proven);
    }

    @Test
    void aChangedIndexIsDroppedThenBuiltConcurrentlyAlone() throws Exception {
        PlanProof.Proven proven = PlanProof.prove(
                T + "; CREATE INDEX t_n_idx ON t (n)",
                ROWS,
                T + "; CREATE INDEX t_n_idx ON t (n DESC)",
                ChangeOptions.defaults());
        List<PlannedMigration> migrations = proven.plan().migrations();
        assertEquals(
                List.of(Phase.MAIN, Phase.INDEX),
                migrations.stream().map(PlannedMigration::phase).toList());
        assertEquals(List.of("DROP INDEX public.t_n_idx"), migrations.get(0).forward());
        assertEquals(
                List.of("CREATE INDEX CONCURRENTLY t_n_idx ON public.t USING btree (n DESC)"),
                migrations.get(1).forward());
        assertEquals(
                List.of("DROP INDEX CONCURRENTLY public.t_n_idx"),
                migrations.get(1).undo());
        StepwiseProof.check(proven);
    }

    @Test
    void sequenceOptionsAndOwnerChangeInPlaceAndBack() throws Exception {
        PlanProof.Proven proven = PlanProof.prove(
                T + "; CREATE SEQUENCE s AS integer INCREMENT BY 2",
                "SELECT nextval('s'); SELECT nextval('s')",
                T + "; CREATE SEQUENCE s MAXVALUE 1000 CACHE 10 CYCLE OWNED BY t.n",
                ChangeOptions.defaults());
        assertEquals(
                List.of(
                        "ALTER SEQUENCE public.s AS bigint INCREMENT BY 1 MINVALUE 1 MAXVALUE 1000 START WITH 1 CACHE 10"
                                + " CYCLE",
                        "ALTER SEQUENCE public.s OWNED BY public.t.n"),
                proven.plan().migrations().get(0).forward());
        assertEquals(List.of("4"), proven.rows("select nextval('s')"));
    }
}
