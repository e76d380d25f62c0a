package dev.dbmigrate.schema;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import org.junit.jupiter.api.Test;

/** {@link SchemaDiff} and {@link SnapshotJson} on snapshots made in memory: no database. */
class SchemaDiffTest {
    private static final Snapshot BEFORE = Snapshot.of(
            "PostgreSQL 15.19",
            List.of(
                    SchemaObject.of(ObjectKind.TABLE, "public.users"),
                    SchemaObject.of(ObjectKind.COLUMN, "public.users.email")
                            .with("type", "character varying(100)")
                            .with("notNull", true),
                    SchemaObject.of(ObjectKind.TRIGGER, "public.users.audit").with("definition", "CREATE TRIGGER")));
    private static final Snapshot AFTER = Snapshot.of(
            "PostgreSQL 16.10",
            List.of(
                    SchemaObject.of(ObjectKind.TABLE, "public.users"),
                    SchemaObject.of(ObjectKind.COLUMN, "public.users.email")
                            .with("type", "character varying(200)")
                            .with("notNull", true),
                    SchemaObject.of(ObjectKind.INDEX, "public.users_email_idx").with("columns", List.of("email"))));

    @Test
    void equalSnapshotsHaveNoDifferenceWhateverServerReadThem() {
        Snapshot same = Snapshot.of("PostgreSQL 18.0", BEFORE.objects());
        assertEquals(List.of(), SchemaDiff.between(BEFORE, same));
    }

    @Test
    void eachDifferenceIsOneLineNamingTheObjectAndWhatDiffers() {
        List<String> lines = SchemaDiff.between(BEFORE, AFTER).stream()
                .map(difference -> difference.line("migrations", "prod"))
                .toList();
        assertEquals(
                List.of(
                        "column public.users.email: type character varying(100) (migrations) vs character"
                                + " varying(200) (prod)",
                        "only in prod: index public.users_email_idx",
                        "missing in prod: trigger public.users.audit"),
                lines);
    }

    @Test
    void aPropertySetOnOneSideOnlyShowsNotSetOnTheOther() {
        Snapshot nullable = Snapshot.of(
                "",
                List.of(SchemaObject.of(ObjectKind.COLUMN, "public.users.email")
                        .with("type", "character varying(100)")));
        List<Difference> differences = SchemaDiff.between(BEFORE, nullable);
        assertTrue(differences.stream()
                .map(d -> d.line("a", "b"))
                .anyMatch(line -> line.equals("column public.users.email: notNull true (a) vs (not set) (b)")));
    }

    @Test
    void jsonIsStableAndReadsBackToAnEqualSnapshot() {
        String json = SnapshotJson.write(AFTER);
        assertEquals(json, SnapshotJson.write(SnapshotJson.read(json, "after.json")));
        assertEquals(AFTER, SnapshotJson.read(json, "after.json"));
        assertTrue(json.startsWith("{\n  \"format\" : \"migrate-snapshot/1\",\n"), json);
        assertTrue(json.indexOf("\"tables\"") < json.indexOf("\"columns\""), "kinds in snapshot order: " + json);
    }

    @Test
    void aFileThatIsNotASnapshotIsRefusedNamingTheFileAndTheFix() {
        IllegalArgumentException notJson =
                assertThrows(IllegalArgumentException.class, () -> SnapshotJson.read("{\"format\":", "prod.json"));
        assertTrue(notJson.getMessage().startsWith("prod.json is not JSON ("), notJson.getMessage());
        IllegalArgumentException otherFormat = assertThrows(
                IllegalArgumentException.class, () -> SnapshotJson.read("{\"format\":\"atlas\"}", "prod.json"));
        assertEquals(
                "prod.json is not a migrate snapshot (its \"format\" is \"atlas\", expected \"migrate-snapshot/1\"):"
                        + " give a snapshot file written by migrate:snapshot",
                otherFormat.getMessage());
        IllegalArgumentException unknownKey = assertThrows(
                IllegalArgumentException.class,
                () -> SnapshotJson.read("{\"format\":\"migrate-snapshot/1\",\"tabels\":{}}", "prod.json"));
        assertTrue(unknownKey.getMessage().startsWith("prod.json has an unknown key \"tabels\""));
    }

    @Test
    void twoObjectsOfOneKindAndNameAreRefused() {
        IllegalArgumentException twice = assertThrows(
                IllegalArgumentException.class,
                () -> Snapshot.of(
                        "",
                        List.of(
                                SchemaObject.of(ObjectKind.TABLE, "public.t"),
                                SchemaObject.of(ObjectKind.TABLE, "public.t"))));
        assertEquals("two objects are called table public.t", twice.getMessage());
    }

    @Test
    void anObjectOnOneSideOnlySaysWhatItIsWhenItsKindAndNameDoNot() {
        Snapshot partitioned = Snapshot.of(
                "",
                List.of(
                        SchemaObject.of(ObjectKind.TABLE, "public.events_2026")
                                .with("partitionOf", "public.events")
                                .with("partitionBound", "FOR VALUES FROM ('2026-01-01') TO ('2027-01-01')"),
                        SchemaObject.of(ObjectKind.FUNCTION, "public.close_order(p_order bigint)")
                                .with("kind", "procedure")));
        assertEquals(
                List.of(
                        "only in b: table public.events_2026 (partition of public.events FOR VALUES FROM"
                                + " ('2026-01-01') TO ('2027-01-01'))",
                        "only in b: function public.close_order(p_order bigint) (procedure)"),
                SchemaDiff.between(Snapshot.of("", List.of()), partitioned).stream()
                        .map(d -> d.line("a", "b"))
                        .toList());
        assertEquals(
                "missing in a: function public.close_order(p_order bigint) (procedure)",
                SchemaDiff.between(partitioned, Snapshot.of("", List.of()))
                        .get(1)
                        .line("b", "a"));
    }
}
