package dev.dbmigrate.config;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;

import dev.dbmigrate.config.FixHint.FrontEnd;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Each front end spells the library's fix hints in its own syntax. */
class FixHintTest {
    @Test
    void mavenPrintsTheCanonicalFormAsItIs() {
        String message = "nothing was changed (run migrate:downgrade -Dmigrate.target=3)";
        assertEquals(message, FixHint.render(message, FrontEnd.MAVEN));
    }

    @Test
    void cliSpellsGoalsAsVerbsAndPropertiesAsOptions() {
        assertEquals(
                "nothing was changed (run migrate downgrade --target 3)",
                FixHint.render("nothing was changed (run migrate:downgrade -Dmigrate.target=3)", FrontEnd.CLI));
        assertEquals(
                "restore it by hand: migrate restore --env prod --backup prod-20261124-101500-v7.dump; then",
                FixHint.render(
                        "restore it by hand: mvn migrate:restore -Dmigrate.env=prod"
                                + " -Dmigrate.backup=prod-20261124-101500-v7.dump; then",
                        FrontEnd.CLI));
        assertEquals(
                "pass --message \"Add user preferences table\", or leave out --failIfPending, use --to prod,",
                FixHint.render(
                        "pass -Dmigrate.message=\"Add user preferences table\", or leave out"
                                + " -Dmigrate.failIfPending, use -Dmigrate.to=prod,",
                        FrontEnd.CLI));
        assertEquals("(set --lint.trace true)", FixHint.render("(set -Dmigrate.lint.trace=true)", FrontEnd.CLI));
        assertEquals(
                "--lint.scope = 'some' is not valid",
                FixHint.render("migrate.lint.scope = 'some' is not valid", FrontEnd.CLI));
        assertEquals(
                "check --user/--password, -Dmigrate.serverId (with mvn), the profile's",
                FixHint.render(
                        "check -Dmigrate.user/-Dmigrate.password, -Dmigrate.serverId, the profile's", FrontEnd.CLI));
    }

    @Test
    void onlyGoalsAreRenderedNotOtherWordsAfterMigrateColon() {
        assertEquals(
                "write the SQL, or delete its line '-- migrate:template (marks the unedited template)'; then run"
                        + " migrate upgrade",
                FixHint.render(
                        "write the SQL, or delete its line '-- migrate:template (marks the"
                                + " unedited template)'; then run migrate:upgrade",
                        FrontEnd.CLI));
        assertEquals(
                "-- migrate:allow lock-rule because it is small",
                FixHint.render("-- migrate:allow lock-rule because it is small", FrontEnd.CLI));
    }

    @Test
    void aPropertyNamedInAMessageIsTheCliOption() {
        assertEquals(
                "--lockWait = '5' has no unit (write 5s); remove --url and --env",
                FixHint.render(
                        "migrate.lockWait = '5' has no unit (write 5s); remove migrate.url and migrate.env",
                        FrontEnd.CLI));
        assertEquals(
                "migrate.lockWait = '5' has no unit",
                FixHint.render("migrate.lockWait = '5' has no unit", FrontEnd.MAVEN));
        // not a property: a file, a schema-qualified name, a longer word
        assertEquals(
                "public.migrate_audit, x/migrate.yml, migrate.urls",
                FixHint.render("public.migrate_audit, x/migrate.yml, migrate.urls", FrontEnd.CLI));
    }

    @Test
    void aLargerHeapIsMavenOptsForMavenAndAJavaOptionForTheCli() {
        String message = "(give it a larger heap and run it again: " + FixHint.withHeap("2g", "upgrade") + ")";
        assertEquals(
                "(give it a larger heap and run it again: MAVEN_OPTS=-Xmx2g mvn migrate:upgrade)",
                FixHint.render(message, FrontEnd.MAVEN));
        assertEquals(
                "(give it a larger heap and run it again: java -Xmx2g -jar"
                        + " migrate-orchestrator-<version>-cli.jar upgrade)",
                FixHint.render(message, FrontEnd.CLI));
    }

    @Test
    void hintsBuiltHereAreQuotedWhenTheValueNeedsIt() {
        assertEquals("-Dmigrate.to=prod", FixHint.set(MigrateProperty.TO, "prod"));
        assertEquals("-Dmigrate.message=\"Add a table\"", FixHint.set(MigrateProperty.MESSAGE, "Add a table"));
        assertEquals(
                "--message \"Add a table\"",
                FixHint.render(FixHint.set(MigrateProperty.MESSAGE, "Add a table"), FrontEnd.CLI));
        assertEquals("migrate:promote", FixHint.goal("promote"));
    }

    @TempDir
    Path project;

    private MigrateSettings settings(Map<String, String> environment, String... properties) throws IOException {
        Files.createDirectories(project.resolve("environments"));
        Files.writeString(project.resolve("environments/prod.yml"), "url: postgresql://db.example/shop\n");
        Files.writeString(project.resolve("environments/staging-eu.yml"), "protected: false\n");
        Map<String, String> props = new HashMap<>();
        for (int i = 0; i < properties.length; i += 2) {
            props.put(properties[i], properties[i + 1]);
        }
        return SettingsResolver.resolve(props, environment, project, project.resolve("target"));
    }

    @Test
    void aFollowUpCommandNamesTheEnvironmentAndTheSourceOfTheUrlNeverTheUrl() throws IOException {
        MigrateSettings prod = settings(Map.of(), "env", "prod");
        assertEquals("migrate:upgrade -Dmigrate.env=prod", FixHint.command(prod, "upgrade"));
        assertEquals("migrate upgrade --env prod", FixHint.render(FixHint.command(prod, "upgrade"), FrontEnd.CLI));

        MigrateSettings url = settings(Map.of(), "url", "postgresql://app:S3cret@db.example/shop3");
        assertEquals(
                "migrate:drop -Dmigrate.confirm=shop3 with the same -Dmigrate.url",
                FixHint.command(url, "drop", FixHint.set(MigrateProperty.CONFIRM, "shop3")));
        assertEquals(
                "migrate drop --confirm shop3 with the same --url",
                FixHint.render(
                        FixHint.command(url, "drop", FixHint.set(MigrateProperty.CONFIRM, "shop3")), FrontEnd.CLI));
        assertFalse(FixHint.command(url, "drop").contains("S3cret"));

        MigrateSettings exported =
                settings(Map.of("DATABASE_URL", "postgresql://app:S3cret@db.example/shop3"), "env", "staging-eu");
        assertEquals(
                "migrate:repair -Dmigrate.env=staging-eu with the same DATABASE_URL",
                FixHint.command(exported, "repair"));
    }

    @Test
    void aCommandRunAgainKeepsTheOptionsThatChoseWhatItDoesWhereTheGoalTakesThem() throws IOException {
        MigrateSettings run =
                settings(Map.of(), "env", "prod", "outOfOrder", "true", "steps", "2", "requireUndo", "false");
        // a step count is relative: the caller says how many are left
        assertEquals("migrate:downgrade -Dmigrate.env=prod -Dmigrate.outOfOrder=true", FixHint.rerun(run, "downgrade"));
        assertEquals(
                "migrate:current -Dmigrate.env=prod -Dmigrate.outOfOrder=true -Dmigrate.failIfPending=true"
                        + " -Dmigrate.requireUndo=false",
                FixHint.rerun(run, "current", FixHint.set(MigrateProperty.FAIL_IF_PENDING, "true")));
        // drop reads no migration files: no outOfOrder, no steps
        assertEquals("migrate:drop -Dmigrate.env=prod", FixHint.rerun(run, "drop"));
        assertEquals("migrate:upgrade -Dmigrate.target=5", FixHint.rerun(settings(Map.of(), "target", "5"), "upgrade"));
    }
}
