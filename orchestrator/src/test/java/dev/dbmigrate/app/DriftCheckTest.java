package dev.dbmigrate.app;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.dbmigrate.error.ErrorCode;
import dev.dbmigrate.error.MigrateException;
import dev.dbmigrate.rehearse.Drift;
import dev.dbmigrate.testing.TestPostgres;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

/** {@code check}: a live environment against what its applied migrations build. */
@Tag("postgres")
@Tag("process")
class DriftCheckTest {
    private static Path project;
    private SchemaGoalsFixture prod;

    @BeforeAll
    static void project() throws IOException {
        project = SchemaGoalsFixture.newProject("schema-drift");
    }

    @BeforeEach
    void environment() throws IOException {
        prod = new SchemaGoalsFixture(project);
    }

    private MigrateException drifted(String... more) {
        MigrateException e =
                assertThrows(MigrateException.class, () -> SchemaCommands.check(prod.settings(more), prod.listener));
        assertEquals(ErrorCode.CHECK_FAILED, e.code());
        return e;
    }

    /** The fix every drift message ends with. */
    private String fix() {
        return "; nothing was changed (for each change that should stay, write a migration that makes it, with"
                + " migrate:create; revert any other by hand on " + prod.env + "; then run migrate:check"
                + " -Dmigrate.env=" + prod.env + " again)";
    }

    @Test
    void anEnvironmentThatIsWhatItsMigrationsBuildHasNoDrift() {
        prod.upgrade(null);

        Drift drift = SchemaCommands.check(prod.settings(), prod.listener);

        assertFalse(drift.drifted());
        assertEquals(
                "no drift on " + prod.env + ": its schema is what its applied migrations (up to version 2) build ("
                        + drift.comparison().compared() + " objects compared)",
                prod.info.get(prod.info.size() - 1));
        assertFalse(prod.printed().contains(TestPostgres.PASSWORD), "the password never shows");
    }

    @Test
    void anEnvironmentWithNothingAppliedIsComparedWithAnEmptyDatabase() throws Exception {
        prod.byHand("create table made_by_hand (id int)");

        MigrateException e = drifted();

        assertEquals(
                "drift on environment " + prod.env + ": 2 differences between " + prod.env + " and what its applied"
                        + " migrations (up to version <none>) build: only in " + prod.env + ": table"
                        + " public.made_by_hand; only in " + prod.env + ": column public.made_by_hand.id" + fix(),
                e.getMessage());
    }

    @Test
    void onlyTheAppliedVersionsAreBuiltSoAPendingMigrationIsNoDrift() throws IOException {
        prod.migration("V3__add_phone.sql", "alter table users add column phone text;\n");
        prod.upgrade("2");

        assertFalse(SchemaCommands.check(prod.settings(), prod.listener).drifted());
    }

    @Test
    void aColumnTypeChangedOutsideMigrationsIsDrift() throws Exception {
        prod.upgrade(null);
        prod.byHand("alter table users alter column name type varchar(200)");

        MigrateException e = drifted();

        assertEquals(
                "drift on environment " + prod.env + ": 1 difference between " + prod.env + " and what its applied"
                        + " migrations (up to version 2) build: column public.users.name: type character varying(100)"
                        + " (migrations) vs character varying(200) (" + prod.env + ")" + fix(),
                e.getMessage());
        assertTrue(prod.info.contains("drift on " + prod.env + ": 1 difference between " + prod.env
                + " and what its applied migrations (up to version 2) build"));
    }

    @Test
    void anIndexAddedByHandIsDrift() throws Exception {
        // needs the catalog reader's indexes
        prod.upgrade(null);
        prod.byHand("create index users_name_idx on users (name)");

        MigrateException e = drifted();

        assertTrue(
                e.getMessage()
                        .startsWith("drift on environment " + prod.env + ": 1 difference between " + prod.env
                                + " and what its applied migrations (up to version 2) build: only in " + prod.env
                                + ": index public.users_name_idx;"),
                e.getMessage());
    }

    @Test
    void aFunctionRedefinedOutsideMigrationsIsDrift() throws Exception {
        // needs the catalog reader's functions
        prod.migration("V3__greet.sql", "create function greet() returns text language sql as $$ select 'hello' $$;\n");
        prod.upgrade(null);
        prod.byHand("create or replace function greet() returns text language sql as $$ select 'bye' $$");

        MigrateException e = drifted();

        assertTrue(
                e.getMessage()
                        .startsWith("drift on environment " + prod.env + ": 1 difference between " + prod.env
                                + " and what its applied migrations (up to version 3) build: function public.greet():"
                                + " definition "),
                e.getMessage());
    }

    @Test
    void anAppliedFileEditedAfterwardsIsDriftEvenWhenTheSchemaAgrees() throws Exception {
        prod.upgrade(null);
        prod.migration(
                "V1__create_users.sql",
                "-- reviewed\ncreate table users (id bigint primary key, name varchar(100));\n");

        MigrateException e = drifted();

        assertTrue(
                e.getMessage()
                        .matches("drift on environment " + prod.env + ": 1 difference between " + prod.env
                                + " and what its applied migrations \\(up to version 2\\) build: V1__create_users.sql"
                                + " was changed after it was applied on " + prod.env + " \\(checksum -?\\d+ recorded,"
                                + " -?\\d+ now\\): the comparison builds the file as it is now \\(restore the file as it"
                                + " was applied; a change belongs in a new migration\\); nothing was changed .*"),
                e.getMessage());
    }

    @Test
    void anAppliedFileThatIsGoneIsDriftAndWhatItBuiltShowsAsOnlyInTheEnvironment() throws Exception {
        prod.upgrade(null);
        Files.delete(prod.migrations.resolve("V2__add_email.sql"));

        MigrateException e = drifted();

        assertEquals(
                "drift on environment " + prod.env + ": 2 differences between " + prod.env + " and what its applied"
                        + " migrations (up to version 2) build: V2__add_email.sql (version 2) is applied on "
                        + prod.env + " but is not in the migration locations: what it built cannot be built again, so"
                        + " it is left out of the comparison (restore the file from version control); only in "
                        + prod.env + ": column public.users.email" + fix(),
                e.getMessage());
    }

    @Test
    void theJsonFormatCarriesTheHistoryAndTheComparison() throws Exception {
        prod.upgrade(null);
        prod.byHand("alter table users add column nick text");
        Path output = project.resolve("target/check-" + prod.env + ".json");

        drifted("format", "json", "output", output.toString());

        JsonNode json = new ObjectMapper().readTree(Files.readString(output));
        assertEquals(prod.env, json.get("environment").asText());
        assertEquals("2", json.get("appliedVersion").asText());
        assertTrue(json.get("drifted").asBoolean());
        assertEquals(
                List.of("only in " + prod.env + ": column public.users.nick"),
                List.of(json.get("comparison")
                        .get("differences")
                        .get(0)
                        .get("line")
                        .asText()));
    }

    @Test
    void theMarkdownFormatHasTheHeadlineAndTheTable() throws Exception {
        prod.upgrade(null);
        prod.byHand("alter table users add column nick text");
        Path output = project.resolve("target/check-" + prod.env + ".md");

        drifted("format", "markdown", "output", output.toString());

        String markdown = Files.readString(output);
        assertTrue(markdown.startsWith("## drift on " + prod.env + ": 1 difference"), markdown);
        assertTrue(markdown.contains("| column public.users.nick | only in " + prod.env + " |  | present |"), markdown);
    }

    @Test
    void anEnvironmentThatCannotBeReachedFailsAndLeavesNoScratchServerRunning() throws IOException {
        MigrateException e = assertThrows(
                MigrateException.class,
                () -> SchemaCommands.check(
                        prod.settings("url", "jdbc:postgresql://127.0.0.1:1/nowhere"), prod.listener));

        assertTrue(e.getMessage().contains("127.0.0.1:1"), e.getMessage());
        assertFalse(
                java.nio.file.Files.exists(project.resolve("target/migrate/scratch/data/postmaster.pid")),
                "the scratch server started early is stopped when the environment cannot be read");
        assertEquals(List.of(), copiesInMemoryOfThisProcess(), "and its copy of the cluster in memory is deleted");
    }

    /** The scratch clusters' copies in /dev/shm that this JVM made and has not deleted. */
    private static List<Path> copiesInMemoryOfThisProcess() throws IOException {
        Path memory = Path.of("/dev/shm");
        if (!Files.isDirectory(memory)) {
            return List.of();
        }
        String me = Long.toString(ProcessHandle.current().pid());
        try (var copies = Files.newDirectoryStream(memory, "migrate-scratch-*")) {
            List<Path> mine = new java.util.ArrayList<>();
            for (Path copy : copies) {
                Path owner = copy.resolve("owner");
                if (Files.isReadable(owner)
                        && Files.readString(owner).split(" ")[0].strip().equals(me)) {
                    mine.add(copy);
                }
            }
            return mine;
        }
    }
}
