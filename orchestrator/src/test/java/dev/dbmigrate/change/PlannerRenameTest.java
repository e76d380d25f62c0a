package dev.dbmigrate.change;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.dbmigrate.schema.ObjectKind;
import dev.dbmigrate.schema.SchemaObject;
import dev.dbmigrate.schema.Snapshot;
import java.util.List;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

/**
 * Renames: confirmed ones ({@code -Dmigrate.rename}) become {@code RENAME} and keep the rows, likely ones are noted for
 * review and never guessed, and a rename that names nothing is refused with the value, the cause and the fix.
 */
@Tag("postgres")
class PlannerRenameTest {
    private static final String BEFORE = "CREATE TABLE t (id int PRIMARY KEY, fullname text);"
            + " CREATE INDEX t_fullname_idx ON t (fullname); CREATE VIEW v AS SELECT id, fullname FROM t";
    private static final String AFTER =
            BEFORE.replace("fullname", "display_name").replace("t_display_name_idx", "t_fullname_idx");
    private static final String ROWS = "INSERT INTO t VALUES (1, 'Ann Lee')";

    private static ChangeOptions renaming(String from, String to) {
        return new ChangeOptions(false, List.of(new Rename(from, to)));
    }

    @Test
    void aConfirmedColumnRenameKeepsTheRowsAndTheIndexAndRebuildsTheView() throws Exception {
        PlanProof.Proven proven = PlanProof.prove(BEFORE, ROWS, AFTER, renaming("t.fullname", "display_name"));
        String script = proven.script();
        List<String> forward = proven.plan().migrations().get(0).forward();
        assertEquals(
                List.of("DROP VIEW public.v", "ALTER TABLE public.t RENAME COLUMN fullname TO display_name"),
                forward.subList(0, 2),
                script);
        assertEquals(3, forward.size(), script);
        assertTrue(forward.get(2).startsWith("CREATE VIEW public.v AS"), script);
        assertTrue(forward.get(2).contains("display_name"), script);
        assertTrue(proven.plan().held().isEmpty(), script);
        assertTrue(proven.plan().notes().isEmpty(), proven.plan().notes().toString());
        assertTrue(
                proven.undoScript().contains("ALTER TABLE public.t RENAME COLUMN display_name TO fullname"),
                proven.undoScript());
        assertEquals(List.of("1|Ann Lee"), proven.rows("select id, display_name from t"));
    }

    @Test
    void aRenamedColumnKeepsTheConstraintsIndexesPoliciesAndTriggersThatNameItAndTheirDefaultNames() throws Exception {
        String schema = "CREATE TABLE ref (owner text PRIMARY KEY);"
                + " CREATE TABLE acct (code text PRIMARY KEY, %1$s text CHECK (%1$s <> ''), n int);"
                + " CREATE INDEX acct_%1$s_idx ON acct (lower(%1$s)) WHERE %1$s IS NOT NULL;"
                + " CREATE TABLE grp (id int, acct_owner text, owner text);"
                + " ALTER TABLE acct ADD CONSTRAINT acct_ref_fk FOREIGN KEY (%1$s) REFERENCES ref (owner);"
                + " ALTER TABLE acct ADD CONSTRAINT acct_%1$s_key UNIQUE (%1$s);"
                + " ALTER TABLE grp ADD CONSTRAINT grp_owner_fk FOREIGN KEY (acct_owner) REFERENCES acct (%1$s);"
                + " CREATE POLICY mine ON acct USING (%1$s = current_user);"
                + " CREATE FUNCTION touch() RETURNS trigger LANGUAGE plpgsql AS $$BEGIN RETURN NEW; END$$;"
                + " CREATE TRIGGER acct_touch BEFORE UPDATE OF %1$s ON acct FOR EACH ROW EXECUTE FUNCTION touch()";
        PlanProof.Proven proven = PlanProof.prove(
                schema.formatted("owner"),
                "INSERT INTO ref VALUES ('ann'); INSERT INTO acct VALUES ('a', 'ann', 1)",
                schema.formatted("holder"),
                renaming("acct.owner", "holder"));
        assertEquals(
                List.of(
                        "ALTER TABLE public.acct RENAME COLUMN owner TO holder",
                        "ALTER TABLE public.acct RENAME CONSTRAINT acct_owner_check TO acct_holder_check",
                        "ALTER TABLE public.acct RENAME CONSTRAINT acct_owner_key TO acct_holder_key",
                        "ALTER INDEX public.acct_owner_idx RENAME TO acct_holder_idx"),
                proven.plan().migrations().get(0).forward(),
                proven.script());
        assertEquals(List.of("a|ann"), proven.rows("select code, holder from acct"));
    }

    @Test
    void aRenamedPartitionKeyColumnIsRenamedOnceForThePartitions() throws Exception {
        String schema = "CREATE TABLE m (id int, %1$s date) PARTITION BY RANGE (%1$s);"
                + " CREATE TABLE m_2026 PARTITION OF m FOR VALUES FROM ('2026-01-01') TO ('2027-01-01')";
        PlanProof.Proven proven = PlanProof.prove(
                schema.formatted("at"),
                "INSERT INTO m VALUES (1, '2026-05-01')",
                schema.formatted("created_at"),
                renaming("m.at", "created_at"));
        assertEquals(
                List.of("ALTER TABLE public.m RENAME COLUMN at TO created_at"),
                proven.plan().migrations().get(0).forward(),
                proven.script());
        assertEquals(List.of("1|2026-05-01"), proven.rows("select id, created_at from m_2026"));
    }

    @Test
    void aConfirmedTableRenameKeepsTheRowsAndTheForeignKeysOnIt() throws Exception {
        String tables = "CREATE TABLE %s (id int CONSTRAINT items_pk PRIMARY KEY, name text);"
                + " CREATE TABLE orders (id int PRIMARY KEY, item_id int CONSTRAINT orders_item_fk REFERENCES %s)";
        PlanProof.Proven proven = PlanProof.prove(
                tables.formatted("item", "item") + "; ALTER TABLE item ADD COLUMN legacy text",
                "INSERT INTO item VALUES (1, 'pen'); INSERT INTO orders VALUES (9, 1)",
                tables.formatted("items", "items"),
                renaming("public.item", "items"));
        assertEquals(
                List.of("ALTER TABLE public.item RENAME TO items"),
                proven.plan().migrations().get(0).forward(),
                proven.script());
        assertEquals(
                List.of("ALTER TABLE public.items DROP COLUMN legacy"),
                proven.plan().held().get(0).forward(),
                "the held drop is for after the migration, so it names the table by its new name");
        assertEquals(
                List.of("9|pen"), proven.rows("select o.id, i.name from orders o join items i on i.id = o.item_id"));
    }

    @Test
    void aRenamedTablesDefaultNamedKeysIndexesAndSequencesAreRenamedWithIt() throws Exception {
        String tables = "CREATE TABLE %1$s (id serial PRIMARY KEY, code text UNIQUE); CREATE INDEX %1$s_code_idx ON"
                + " %1$s (lower(code)); CREATE TABLE orders (id int PRIMARY KEY, item_id int REFERENCES %1$s)";
        PlanProof.Proven proven = PlanProof.prove(
                tables.formatted("item"),
                "INSERT INTO item (code) VALUES ('pen'); INSERT INTO orders VALUES (9, 1)",
                tables.formatted("items"),
                renaming("item", "items"));
        assertEquals(
                List.of(
                        "ALTER TABLE public.item RENAME TO items",
                        "ALTER SEQUENCE public.item_id_seq RENAME TO items_id_seq",
                        "ALTER TABLE public.items RENAME CONSTRAINT item_code_key TO items_code_key",
                        "ALTER TABLE public.items RENAME CONSTRAINT item_pkey TO items_pkey",
                        "ALTER INDEX public.item_code_idx RENAME TO items_code_idx"),
                proven.plan().migrations().get(0).forward(),
                proven.script());
        assertEquals(List.of("2"), proven.rows("insert into items (code) values ('ink') returning id"));
    }

    @Test
    void aLikelyRenameIsNotedAndNotGuessed() throws Exception {
        PlanProof.Proven proven = PlanProof.prove(BEFORE, ROWS, AFTER, ChangeOptions.defaults());
        assertEquals(
                List.of("likely rename: column public.t.fullname is only in the current schema and column"
                        + " public.t.display_name only in the desired one, both text; as written, the migration drops"
                        + " the one (held back) and adds the other, empty; review it; if it is a rename, rerun with"
                        + " -Dmigrate.rename=public.t.fullname:display_name"),
                proven.plan().notes());
        assertFalse(proven.script().contains("RENAME"), proven.script());
        assertEquals(1, proven.plan().held().size(), proven.script());
    }

    @Test
    void aRenameThatNamesNothingIsRefusedWithTheValueTheCauseAndTheFix() {
        SchemaObject table = SchemaObject.of(ObjectKind.TABLE, "public.t");
        SchemaObject id = SchemaObject.of(ObjectKind.COLUMN, "public.t.id").with("type", "integer");
        SchemaObject name = SchemaObject.of(ObjectKind.COLUMN, "public.t.name").with("type", "text");
        Snapshot current = Snapshot.of("", List.of(table, id, name));
        Snapshot desired = Snapshot.of("", List.of(table, id, name.with("type", "text")));
        String fix = "; nothing was generated. Name a table of the current schema (table or schema.table) or one of"
                + " its columns (table.column), then a colon and the name the desired schema gives it, as in"
                + " -Dmigrate.rename=users.fullname:display_name";
        assertEquals(
                "-Dmigrate.rename=nope.x:y cannot be applied: the current schema has no table nope.x and no table nope"
                        + fix,
                refusal(current, desired, "nope.x", "y"));
        assertEquals(
                "-Dmigrate.rename=t.title:heading cannot be applied: table public.t has no column title (its columns:"
                        + " id, name)" + fix,
                refusal(current, desired, "t.title", "heading"));
        assertEquals(
                "-Dmigrate.rename=t.name:label cannot be applied: the desired schema has no column label in table"
                        + " public.t" + fix,
                refusal(current, desired, "t.name", "label"));
    }

    private static String refusal(Snapshot current, Snapshot desired, String from, String to) {
        return assertThrows(IllegalArgumentException.class, () -> Planner.plan(current, desired, renaming(from, to)))
                .getMessage();
    }
}
