package dev.dbmigrate.change;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.dbmigrate.schema.ObjectKind;
import dev.dbmigrate.schema.SchemaObject;
import dev.dbmigrate.schema.Snapshot;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

/** Domains, composite types and extensions changed in place, proven on real databases where they can be undone. */
@Tag("postgres")
class TypeAlterationTest {
    private static final String ITEMS = "; CREATE TABLE items (id bigint PRIMARY KEY, qty positive, c code)";
    private static final String ITEM_ROWS = "INSERT INTO items VALUES (1, 5, 'a'), (2, 7, DEFAULT)";

    @Test
    void aDomainChangesItsDefaultNotNullAndChecksInPlaceANewCheckValidatedLater() throws Exception {
        PlanProof.Proven proven = PlanProof.prove(
                "CREATE DOMAIN positive AS int CHECK (VALUE > 0); CREATE DOMAIN code AS text DEFAULT 'x'" + ITEMS,
                ITEM_ROWS,
                "CREATE DOMAIN positive AS int NOT NULL CONSTRAINT small CHECK (VALUE < 1000);"
                        + " CREATE DOMAIN code AS text DEFAULT 'y'" + ITEMS,
                ChangeOptions.defaults());
        List<PlannedMigration> migrations = proven.plan().migrations();
        assertEquals(
                List.of(Phase.MAIN, Phase.VALIDATE),
                migrations.stream().map(PlannedMigration::phase).toList());
        assertEquals(
                List.of(
                        "ALTER DOMAIN public.code SET DEFAULT 'y'::text",
                        "ALTER DOMAIN public.positive SET NOT NULL",
                        "ALTER DOMAIN public.positive DROP CONSTRAINT positive_check",
                        "ALTER DOMAIN public.positive ADD CONSTRAINT small CHECK ((VALUE < 1000)) NOT VALID"),
                migrations.get(0).forward());
        assertEquals(
                List.of("ALTER DOMAIN public.positive VALIDATE CONSTRAINT small"),
                migrations.get(1).forward());
        assertEquals(List.of("1|5|a", "2|7|x"), proven.rows("select id, qty, c from items order by id"));
    }

    @Test
    void aDomainsNewBaseTypeRecreatesItHeldBackUnlessAllowed() throws Exception {
        String before = "CREATE DOMAIN positive AS int CHECK (VALUE > 0); CREATE DOMAIN code AS text" + ITEMS
                + "; CREATE VIEW big_items AS SELECT id FROM items WHERE qty > 6";
        String after = before.replace("AS int", "AS bigint");
        PlanProof.Proven held = PlanProof.prove(before, ITEM_ROWS, after, ChangeOptions.defaults());
        assertEquals(1, held.plan().held().size(), held.script());
        assertTrue(
                held.plan()
                        .held()
                        .get(0)
                        .warnings()
                        .get(0)
                        .startsWith("domain public.positive changes its base type from integer to bigint, which"
                                + " ALTER DOMAIN cannot do"),
                held.plan().held().get(0).warnings().toString());

        PlanProof.Proven allowed = PlanProof.prove(before, ITEM_ROWS, after, new ChangeOptions(true, List.of()));
        String script = allowed.script();
        assertTrue(script.indexOf("DROP VIEW public.big_items") < script.indexOf("RENAME TO"), script);
        assertTrue(
                script.contains("ALTER TABLE public.items ALTER COLUMN qty TYPE public.positive USING"
                        + " qty::text::public.positive"),
                script);
        assertEquals(List.of("1|5|a", "2|7|null"), allowed.rows("select id, qty, c from items order by id"));
    }

    @Test
    void aCompositeTypeGainsChangesAndLosesAttributesInPlace() throws Exception {
        PlanProof.Proven proven = PlanProof.prove(
                "CREATE TYPE pair AS (a int, b text)", "CREATE TYPE pair AS (a bigint, b text, c date)");
        assertEquals(
                List.of(
                        "ALTER TYPE public.pair ADD ATTRIBUTE c date",
                        "ALTER TYPE public.pair ALTER ATTRIBUTE a SET DATA TYPE bigint"),
                proven.plan().migrations().get(0).forward());
    }

    @Test
    void aCompositeTypeWhoseAttributesAreReorderedIsRecreatedWithTheFunctionReturningIt() throws Exception {
        String function = "; CREATE FUNCTION origin() RETURNS pair LANGUAGE sql AS $$SELECT NULL::pair$$";
        PlanProof.Proven proven = PlanProof.prove(
                "CREATE TYPE pair AS (a int, b text)" + function, "CREATE TYPE pair AS (b text, a int)" + function);
        List<String> forward = proven.plan().migrations().get(0).forward();
        assertEquals("DROP FUNCTION public.origin()", forward.get(0));
        assertEquals("DROP TYPE public.pair", forward.get(1));
        assertEquals("SET LOCAL check_function_bodies = false", forward.get(2));
        assertEquals("CREATE TYPE public.pair AS (b text, a integer)", forward.get(3));
    }

    @Test
    void aDomainsNewCollationRecreatesItAndConvertsItsColumns() throws Exception {
        String before = "CREATE DOMAIN positive AS int; CREATE DOMAIN code AS text" + ITEMS
                + "; CREATE TABLE labels (id int PRIMARY KEY, l code COLLATE \"POSIX\")";
        PlanProof.Proven proven = PlanProof.prove(
                before,
                ITEM_ROWS,
                before.replace("AS text", "AS text COLLATE \"C\""),
                new ChangeOptions(true, List.of()));
        assertTrue(
                proven.script()
                        .contains(
                                "CREATE DOMAIN public.code AS text COLLATE \"C\";\n"
                                        + "ALTER TABLE public.items ALTER COLUMN c TYPE public.code USING c::text::public.code"),
                proven.script());
        assertTrue(
                proven.script().contains("ALTER COLUMN l TYPE public.code COLLATE \"POSIX\" USING"), proven.script());
        assertEquals(List.of("1|5|a", "2|7|null"), proven.rows("select id, qty, c from items order by id"));
    }

    @Test
    void droppingAnAttributeOfATypeATableUsesIsHeldBackWithTheRestOfItsChanges() throws Exception {
        String table = "; CREATE TABLE points (id bigint PRIMARY KEY, p pair)";
        String before = "CREATE TYPE pair AS (a int, b text)" + table;
        String after = "CREATE TYPE pair AS (a int, c date)" + table;
        String rows = "INSERT INTO points VALUES (1, ROW(4, 'x'))";
        PlanProof.Proven held = PlanProof.prove(before, rows, after, ChangeOptions.defaults());
        assertEquals(1, held.plan().held().size(), held.script());
        assertTrue(held.plan().held().get(0).warnings().get(0).contains("never drop columns without data migration"));

        PlanProof.Proven allowed = PlanProof.prove(before, rows, after, new ChangeOptions(true, List.of()));
        assertEquals(
                List.of("ALTER TYPE public.pair DROP ATTRIBUTE b", "ALTER TYPE public.pair ADD ATTRIBUTE c date"),
                allowed.plan().migrations().get(0).forward());
        assertEquals(List.of("1|(4,)"), allowed.rows("select id, p from points"));
    }

    @Test
    void retypingAnAttributeOfATypeATableUsesIsLeftToTheReviewerInANote() {
        SchemaObject pair = SchemaObject.of(ObjectKind.COMPOSITE_TYPE, "public.pair")
                .with("attributes", List.of("a integer", "b text"));
        List<SchemaObject> table = List.of(
                SchemaObject.of(ObjectKind.TABLE, "public.points"),
                SchemaObject.of(ObjectKind.COLUMN, "public.points.p").with("type", "public.pair"));
        List<SchemaObject> before = new ArrayList<>(table);
        before.add(pair);
        List<SchemaObject> after = new ArrayList<>(table);
        after.add(pair.with("attributes", List.of("a bigint", "b text")));
        Plan plan = Planner.plan(
                Snapshot.of("PostgreSQL 15", before), Snapshot.of("PostgreSQL 15", after), ChangeOptions.defaults());
        assertTrue(plan.isEmpty(), plan.changes().toString());
        assertEquals(
                List.of("composite type public.pair: attribute a changes from integer to bigint, which PostgreSQL"
                        + " refuses while table columns use the type; nothing was generated for it: move the columns"
                        + " to a new type by hand"),
                plan.notes());
    }

    @Test
    void anExtensionMovesToAnotherSchema() throws Exception {
        PlanProof.Proven proven = PlanProof.prove(
                "CREATE SCHEMA ext; CREATE EXTENSION hstore", "CREATE SCHEMA ext; CREATE EXTENSION hstore SCHEMA ext");
        assertEquals(
                List.of("ALTER EXTENSION \"hstore\" SET SCHEMA \"ext\""),
                proven.plan().migrations().get(0).forward());
        assertEquals(
                List.of("ALTER EXTENSION \"hstore\" SET SCHEMA \"public\""),
                proven.plan().migrations().get(0).undo());
    }

    @Test
    void anExtensionsNewVersionIsAnUpdateWhoseUndoWarnsAboutDowngradeScripts() {
        SchemaObject hstore = SchemaObject.of(ObjectKind.EXTENSION, "hstore").with("schema", "public");
        Plan plan = Planner.plan(
                Snapshot.of("PostgreSQL 15", List.of(hstore.with("version", "1.7"))),
                Snapshot.of("PostgreSQL 15", List.of(hstore.with("version", "1.8"))),
                ChangeOptions.defaults());
        PlannedMigration migration = plan.migrations().get(0);
        assertEquals(List.of("ALTER EXTENSION \"hstore\" UPDATE TO E'1.8'"), migration.forward());
        assertEquals(List.of("ALTER EXTENSION \"hstore\" UPDATE TO E'1.7'"), migration.undo());
        assertEquals(
                List.of("the undo of updating extension hstore to 1.8 updates it back to 1.7, which works only if the"
                        + " extension ships a downgrade script (hstore--1.8--1.7.sql); most do not: restore a backup"
                        + " to go back"),
                migration.warnings());
    }
}
