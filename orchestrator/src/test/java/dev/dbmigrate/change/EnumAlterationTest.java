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

/**
 * Enum values added in place (in a migration before the one that may use them), and removed or reordered by
 * recreating the type, proven on a table whose rows use the enum, with a view, a check, an index and a function that
 * name it.
 */
@Tag("postgres")
class EnumAlterationTest {
    private static final String TABLE = "; CREATE TABLE feelings (id bigint PRIMARY KEY, m mood NOT NULL DEFAULT"
            + " 'happy', ms mood[], CONSTRAINT sad_alone CHECK (ms IS NULL OR m <> 'sad'));"
            + " CREATE INDEX feelings_m_idx ON feelings (m);"
            + " CREATE VIEW happy_ones AS SELECT id FROM feelings WHERE m = 'happy';"
            + " CREATE FUNCTION first_mood() RETURNS mood LANGUAGE sql AS $$SELECT 'happy'::mood$$;"
            + " CREATE FUNCTION keep() RETURNS trigger LANGUAGE plpgsql AS $$BEGIN RETURN NEW; END$$;"
            + " CREATE TRIGGER feelings_change BEFORE UPDATE ON feelings FOR EACH ROW WHEN (NEW.m <> OLD.m)"
            + " EXECUTE FUNCTION keep()";
    private static final String ROWS =
            "INSERT INTO feelings VALUES (1, 'happy', '{happy,sad}'), (2, 'sad', NULL), (3, 'happy', '{}')";
    private static final List<String> KEPT = List.of("1|happy|{happy,sad}", "2|sad|null", "3|happy|{}");

    @Test
    void addedValuesComeInTheDesiredOrderInAMigrationBeforeTheOneThatUsesThem() throws Exception {
        PlanProof.Proven proven = PlanProof.prove(
                "CREATE TYPE mood AS ENUM ('happy', 'sad')" + TABLE,
                ROWS,
                "CREATE TYPE mood AS ENUM ('calm', 'happy', 'ok', 'sad', 'great')" + TABLE
                        + "; ALTER TABLE feelings ADD COLUMN later mood DEFAULT 'great'",
                ChangeOptions.defaults());
        List<PlannedMigration> migrations = proven.plan().migrations();
        assertEquals(
                List.of(Phase.ENUM_VALUES, Phase.MAIN),
                migrations.stream().map(PlannedMigration::phase).toList());
        assertEquals(
                List.of(
                        "ALTER TYPE public.mood ADD VALUE E'calm' BEFORE E'happy'",
                        "ALTER TYPE public.mood ADD VALUE E'ok' AFTER E'happy'",
                        "ALTER TYPE public.mood ADD VALUE E'great' AFTER E'sad'"),
                migrations.get(0).forward());
        assertTrue(migrations.get(1).forward().get(0).contains("DEFAULT 'great'::public.mood"), proven.script());
        String undo = String.join("\n", migrations.get(0).undo());
        int rename = undo.indexOf("ALTER TYPE public.mood RENAME");
        assertTrue(undo.indexOf("DROP VIEW public.happy_ones") < rename, undo);
        assertTrue(undo.indexOf("DROP TRIGGER feelings_change ON public.feelings") < rename, undo);
        assertTrue(
                undo.indexOf("DROP TYPE public.\"mood__old\"") < undo.indexOf("CREATE TRIGGER feelings_change"), undo);
        assertTrue(
                undo.contains("ALTER TYPE public.mood RENAME TO \"mood__old\"\n"
                        + "CREATE TYPE public.mood AS ENUM (E'happy', E'sad')\n"
                        + "ALTER TABLE public.feelings ALTER COLUMN m DROP DEFAULT\n"),
                undo);
        assertTrue(undo.contains("ALTER COLUMN ms TYPE public.mood[] USING ms::text[]::public.mood[]"), undo);
        assertTrue(undo.contains("DROP TYPE public.\"mood__old\""), undo);
        assertTrue(migrations.get(0).warnings().get(0).contains("without 'calm', 'ok', 'great'"), proven.script());
        assertEquals(KEPT, proven.rows("select id, m, ms from feelings order by id"));
    }

    @Test
    void aRemovedValueIsHeldBackUnlessAllowedAndThenTheTypeIsRecreated() throws Exception {
        String before = "CREATE TYPE mood AS ENUM ('happy', 'meh', 'sad')" + TABLE;
        String after = "CREATE TYPE mood AS ENUM ('happy', 'sad')" + TABLE;
        PlanProof.Proven held = PlanProof.prove(before, ROWS, after, ChangeOptions.defaults());
        assertEquals(1, held.plan().held().size(), held.script());
        List<String> warnings = held.plan().held().get(0).warnings();
        assertTrue(warnings.get(1).startsWith("removes 'meh' from enum public.mood"), warnings.toString());
        assertTrue(warnings.get(1).contains("never drop columns without data migration"), warnings.toString());

        PlanProof.Proven allowed = PlanProof.prove(before, ROWS, after, new ChangeOptions(true, List.of()));
        String script = allowed.script();
        assertTrue(script.indexOf("DROP VIEW public.happy_ones") < script.indexOf("RENAME TO"), script);
        assertTrue(script.indexOf("DROP FUNCTION public.first_mood()") < script.indexOf("RENAME TO"), script);
        assertTrue(script.contains("CREATE TYPE public.mood AS ENUM (E'happy', E'sad')"), script);
        assertTrue(script.indexOf("DROP TYPE public.\"mood__old\"") < script.indexOf("CREATE VIEW"), script);
        assertTrue(allowed.undoScript().contains("CREATE TYPE public.mood AS ENUM (E'happy', E'meh', E'sad')"));
        assertEquals(KEPT, allowed.rows("select id, m, ms from feelings order by id"));
    }

    @Test
    void aPartitionedTableAndAMaterializedViewOverItSurviveTheUndoOfAddedValues() throws Exception {
        String events = "; CREATE TABLE events (id bigint, m mood NOT NULL DEFAULT 'sad', at date NOT NULL)"
                + " PARTITION BY RANGE (at); CREATE TABLE events_2025 PARTITION OF events FOR VALUES FROM"
                + " ('2025-01-01') TO ('2026-01-01'); CREATE MATERIALIZED VIEW moods AS SELECT DISTINCT m FROM"
                + " events; CREATE UNIQUE INDEX moods_m ON moods (m)";
        PlanProof.Proven proven = PlanProof.prove(
                "CREATE TYPE mood AS ENUM ('happy', 'sad')" + events,
                "INSERT INTO events VALUES (1, 'happy', '2025-03-01'), (2, DEFAULT, '2025-04-01')",
                "CREATE TYPE mood AS ENUM ('happy', 'sad', 'ok')" + events,
                ChangeOptions.defaults());
        String undo = String.join("\n", proven.plan().migrations().get(0).undo());
        assertTrue(undo.startsWith("DROP MATERIALIZED VIEW public.moods\n"), undo);
        assertTrue(undo.contains("ALTER TABLE public.events ALTER COLUMN m TYPE public.mood USING"), undo);
        assertTrue(!undo.contains("ALTER TABLE public.events_2025 ALTER COLUMN m TYPE"), undo);
        assertTrue(undo.endsWith("CREATE UNIQUE INDEX moods_m ON public.moods USING btree (m)"), undo);
        assertEquals(List.of("1|happy", "2|sad"), proven.rows("select id, m from events order by id"));
    }

    @Test
    void whatARecreatedEnumCannotConvertIsNamedInAWarning() {
        SchemaObject mood = SchemaObject.of(ObjectKind.ENUM, "public.mood").with("values", List.of("a", "b"));
        List<SchemaObject> users = List.of(
                SchemaObject.of(ObjectKind.DOMAIN, "public.good_mood").with("type", "public.mood"),
                SchemaObject.of(ObjectKind.TABLE, "public.t"),
                SchemaObject.of(ObjectKind.COLUMN, "public.t.m").with("type", "public.mood"),
                SchemaObject.of(ObjectKind.COLUMN, "public.t.label")
                        .with("type", "text")
                        .with("generated", "(m)::text"));
        List<SchemaObject> before = new ArrayList<>(users);
        before.add(mood);
        List<SchemaObject> after = new ArrayList<>(users);
        after.add(mood.with("values", List.of("b", "a")));
        Plan plan = Planner.plan(
                Snapshot.of("PostgreSQL 15", before), Snapshot.of("PostgreSQL 15", after), ChangeOptions.defaults());
        List<String> warnings = plan.changes().get(0).warnings();
        assertEquals(
                List.of(
                        "domain public.good_mood is over public.mood: recreating the type does not convert it;"
                                + " change it by hand",
                        "column public.t.label is generated from a column of public.mood (PostgreSQL refuses to"
                                + " convert a column a generated one uses): recreating the type does not convert it;"
                                + " change it by hand"),
                warnings.subList(1, warnings.size()));
    }

    @Test
    void reorderedValuesRecreateTheTypeWithoutLosingAnything() throws Exception {
        PlanProof.Proven proven = PlanProof.prove(
                "CREATE TYPE mood AS ENUM ('happy', 'sad')" + TABLE,
                ROWS,
                "CREATE TYPE mood AS ENUM ('sad', 'happy')" + TABLE,
                ChangeOptions.defaults());
        assertTrue(proven.plan().held().isEmpty(), proven.script());
        assertTrue(proven.script().contains("CREATE TYPE public.mood AS ENUM (E'sad', E'happy')"), proven.script());
        assertEquals(KEPT, proven.rows("select id, m, ms from feelings order by id"));
        assertEquals(List.of("2", "1", "3"), proven.rows("select id from feelings order by m, id"));
    }
}
