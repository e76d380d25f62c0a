package dev.dbmigrate.app;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.dbmigrate.error.ErrorCode;
import dev.dbmigrate.error.MigrateException;
import dev.dbmigrate.rehearse.Comparison;
import dev.dbmigrate.schema.ObjectKind;
import dev.dbmigrate.schema.Snapshot;
import dev.dbmigrate.schema.SnapshotJson;
import dev.dbmigrate.testing.TestPostgres;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

/** {@code snapshot} and {@code diff} over each kind of side: an environment, {@code migrations}, a snapshot file. */
@Tag("postgres")
@Tag("process")
class SnapshotAndDiffTest {
    private static Path project;
    private SchemaGoalsFixture prod;

    @BeforeAll
    static void project() throws IOException {
        project = SchemaGoalsFixture.newProject("schema-diff");
    }

    @BeforeEach
    void environment() throws IOException {
        prod = new SchemaGoalsFixture(project);
        prod.upgrade(null);
    }

    private Comparison diff(String... more) {
        return SchemaCommands.diff(
                prod.values(more), SchemaGoalsFixture.ENVIRONMENT, project, project.resolve("target"), prod.listener);
    }

    @Test
    void anEnvironmentBuiltByItsMigrationsHasNoDifferencesFromThem() {
        Comparison comparison = diff("from", "migrations", "to", prod.env);

        assertTrue(comparison.equal());
        assertEquals(
                "no differences between migrations and " + prod.env + " (" + comparison.compared()
                        + " objects compared)",
                prod.info.get(prod.info.size() - 1));
        assertFalse(prod.printed().contains(TestPostgres.PASSWORD), "the password never shows");
    }

    @Test
    void eachDifferenceIsOneLineNamingTheObjectAndWhatDiffers() throws Exception {
        prod.byHand("alter table users alter column name type varchar(200); alter table users add column nick text");

        Comparison comparison = diff("from", "migrations", "to", prod.env);

        assertEquals(
                List.of(
                        "column public.users.name: type character varying(100) (migrations) vs character"
                                + " varying(200) (" + prod.env + ")",
                        "only in " + prod.env + ": column public.users.nick"),
                comparison.lines());
        assertTrue(prod.info.contains("2 differences between migrations and " + prod.env + " (" + comparison.compared()
                + " objects compared)"));
        assertTrue(prod.info.contains("  only in " + prod.env + ": column public.users.nick"));
    }

    @Test
    void differencesDoNotFailTheBuildUnlessFailOnDifferenceIsSet() throws Exception {
        prod.byHand("alter table users add column nick text");

        MigrateException e = assertThrows(
                MigrateException.class, () -> diff("from", prod.env, "to", "migrations", "failOnDifference", "true"));

        assertEquals(ErrorCode.CHECK_FAILED, e.code());
        assertEquals(
                "diff found 1 difference between " + prod.env + " and migrations: missing in migrations: column"
                        + " public.users.nick; nothing was changed (diff only reads; make the two equal, or leave"
                        + " out -Dmigrate.failOnDifference=true to only report them)",
                e.getMessage());
    }

    @Test
    void theJsonFormatHasOneObjectPerDifference() throws Exception {
        prod.byHand("alter table users alter column name type text");
        Path output = project.resolve("target/diff-" + prod.env + ".json");

        diff("from", "migrations", "to", prod.env, "format", "json", "output", output.toString());

        JsonNode json = new ObjectMapper().readTree(Files.readString(output));
        assertEquals("migrations", json.get("from").asText());
        assertFalse(json.get("equal").asBoolean());
        JsonNode difference = json.get("differences").get(0);
        assertEquals("column public.users.name", difference.get("object").asText());
        assertEquals("changed", difference.get("change").asText());
        assertEquals("type", difference.get("property").asText());
        assertEquals("character varying(100)", difference.get("from").asText());
        assertEquals("text", difference.get("to").asText());
        assertEquals(
                "1 difference between migrations and " + prod.env + " ("
                        + json.get("compared").asInt()
                        + " objects compared); written to target/diff-"
                        + prod.env + ".json",
                prod.info.get(prod.info.size() - 1));
    }

    @Test
    void theMarkdownFormatIsATableWithBothSidesAsColumns() throws Exception {
        prod.byHand("alter table users alter column name type text; alter table users add column nick text");
        Path output = project.resolve("target/diff-" + prod.env + ".md");

        diff("from", "migrations", "to", prod.env, "format", "markdown", "output", output.toString());

        String markdown = Files.readString(output);
        assertTrue(markdown.startsWith("## 2 differences between migrations and " + prod.env), markdown);
        assertTrue(markdown.contains("| Object | Difference | migrations | " + prod.env + " |\n"), markdown);
        assertTrue(
                markdown.contains("| column public.users.name | type | character varying(100) | text |\n"), markdown);
        assertTrue(
                markdown.contains("| column public.users.nick | only in " + prod.env + " |  | present |\n"), markdown);
    }

    @Test
    void aSnapshotFileIsASideAndEqualsTheEnvironmentItWasTakenFrom() throws Exception {
        Snapshot snapshot = SchemaCommands.snapshot(prod.settings(), prod.listener);
        Path file = project.resolve("target/migrate/snapshot-" + prod.env + ".json");

        assertTrue(snapshot.find(ObjectKind.COLUMN, "public.users.email").isPresent());
        assertEquals(snapshot, SnapshotJson.read(Files.readString(file), "test"));
        assertTrue(prod.info.contains("Snapshot of " + prod.env + " written to target/migrate/snapshot-" + prod.env
                + ".json: " + snapshot.size() + " objects (" + snapshot.server() + ")"));
        assertTrue(diff("from", file.toString(), "to", prod.env).equal());
        assertTrue(diff("from", "target/migrate/snapshot-" + prod.env + ".json", "to", "migrations")
                .equal());
    }

    @Test
    void theSnapshotOfTheMigrationsIsWrittenUnderTargetByDefault() throws Exception {
        prod.migration("V3__add_phone.sql", "alter table users add column phone text;\n");

        Snapshot snapshot = SchemaCommands.snapshot(prod.settings("from", "migrations"), prod.listener);

        Path file = project.resolve("target/migrate/snapshot-migrations.json");
        assertTrue(snapshot.find(ObjectKind.COLUMN, "public.users.phone").isPresent());
        assertTrue(Files.readString(file).contains("\"public.users.phone\""));
        assertEquals(
                "Snapshot of migrations written to target/migrate/snapshot-migrations.json: " + snapshot.size()
                        + " objects (" + snapshot.server() + ")",
                prod.info.get(prod.info.size() - 1));
    }

    @Test
    void aSideThatIsNoneOfTheThreeIsRefusedWithWhatASideCanBe() {
        MigrateException e = assertThrows(MigrateException.class, () -> diff("from", "prdo", "to", "migrations"));

        assertEquals(ErrorCode.CONFIGURATION, e.code());
        assertTrue(
                e.getMessage()
                        .startsWith("migrate.from = 'prdo' is not an environment, not migrations and not a snapshot"
                                + " file (no file " + project.resolve("prdo") + "); nothing was changed (a side is an"
                                + " environment (dev, "),
                e.getMessage());
        assertTrue(
                e.getMessage()
                        .endsWith("), migrations (what the migration files build), or a snapshot file written by"
                                + " migrate:snapshot (a path ending in .json); for example -Dmigrate.from=migrations)"),
                e.getMessage());
        assertTrue(e.getMessage().contains(prod.env), "it lists the environments found");
    }

    @Test
    void aSnapshotFileThatIsMissingOrNotASnapshotIsRefusedNamingIt() throws Exception {
        MigrateException missing =
                assertThrows(MigrateException.class, () -> diff("from", "migrations", "to", "gone.json"));
        assertEquals(
                "migrate.to = 'gone.json' names a snapshot file that does not exist (" + project.resolve("gone.json")
                        + "); nothing was changed (write it first with migrate:snapshot, or give the path of an"
                        + " existing one)",
                missing.getMessage());

        Files.writeString(project.resolve("target/not-a-snapshot.json"), "{\"tables\": [}");
        Files.writeString(project.resolve("target/empty.json"), "{}");
        Map<String, String> twoFiles = prod.values("from", "target/empty.json", "to", "target/not-a-snapshot.json");
        MigrateException bad = assertThrows(
                MigrateException.class,
                () -> SchemaCommands.diff(
                        twoFiles, SchemaGoalsFixture.ENVIRONMENT, project, project.resolve("target"), prod.listener));
        assertEquals(ErrorCode.CONFIGURATION, bad.code());
        assertEquals(
                "snapshot file target/empty.json is not a migrate snapshot (its \"format\" is missing, expected"
                        + " \"migrate-snapshot/1\"): give a snapshot file written by migrate:snapshot; nothing was"
                        + " changed",
                bad.getMessage());
    }

    @Test
    void snapshotTakesOnlyMigrationsAsItsFrom() {
        MigrateException e = assertThrows(
                MigrateException.class, () -> SchemaCommands.snapshot(prod.settings("from", "prod"), prod.listener));
        assertEquals(
                "migrate.from = 'prod' is not something snapshot reads; nothing was changed (use"
                        + " -Dmigrate.from=migrations for what the migration files build, or -Dmigrate.env=<env> for"
                        + " an environment)",
                e.getMessage());
    }
}
