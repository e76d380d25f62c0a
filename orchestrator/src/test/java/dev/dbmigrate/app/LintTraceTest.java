package dev.dbmigrate.app;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.dbmigrate.events.MigrateEvent;
import dev.dbmigrate.events.MigrateListener;
import dev.dbmigrate.rehearse.RehearsalProject;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

/** {@code migrate:lint -Dmigrate.lint.trace=true}: the measured locks and rewrites beside the findings. */
@Tag("postgres")
class LintTraceTest {
    private final List<String> lines = new ArrayList<>();
    private final MigrateListener listener = event -> {
        if (event instanceof MigrateEvent.Message m && m.level() != MigrateEvent.Level.DEBUG) {
            lines.add(m.text());
        }
    };

    private static RehearsalProject project(String name) {
        return new RehearsalProject("lint-trace-" + name)
                .file("V1__create_users.sql", "CREATE TABLE users (id int PRIMARY KEY, email varchar(10));")
                .file("U1__create_users.sql", "DROP TABLE users;")
                .file("D1__users.sql", "INSERT INTO users SELECT g, 'u' || g FROM generate_series(1, 100) g;")
                .file("V2__modify_users_id.sql", "ALTER TABLE users ALTER COLUMN id TYPE bigint;")
                .file("U2__modify_users_id.sql", "ALTER TABLE users ALTER COLUMN id TYPE int;")
                .file("V3__modify_users_email.sql", "ALTER TABLE users ALTER COLUMN email TYPE varchar(20);")
                .file("U3__modify_users_email.sql", "ALTER TABLE users ALTER COLUMN email TYPE varchar(10);");
    }

    @Test
    void theJsonReportHasEachMigrationsStatementsWithTheLocksTheyTookAndTheTablesTheyRewrote() throws Exception {
        RehearsalProject project = project("json");
        Path output = project.dir.resolve("target/lint.json");
        Map<String, String> values =
                Map.of("lintTrace", "true", "format", "json", "output", output.toString(), "lintFailOn", "never");
        LintCommand.run(project.settings(values), listener);

        JsonNode root = new ObjectMapper().readTree(Files.readString(output));
        JsonNode migrations = root.get("migrations");
        assertEquals(3, migrations.size(), root.toPrettyString());
        JsonNode widen = migrations.get(1);
        assertEquals(
                "src/main/resources/db/migration/V2__modify_users_id.sql",
                widen.get("file").asText());
        JsonNode statement = widen.get("statements").get(0);
        assertEquals(1, statement.get("line").asInt());
        assertTrue(
                statement
                        .get("locks")
                        .toString()
                        .contains("{\"relation\":\"public.users\",\"mode\":\"ACCESS EXCLUSIVE\"}"),
                statement.toString());
        assertEquals("[\"public.users\"]", statement.get("rewrote").toString());
        // varchar(10) to varchar(20) takes the same lock but writes nothing anew
        JsonNode longer = migrations.get(2).get("statements").get(0);
        assertEquals("[]", longer.get("rewrote").toString());
        // the rule saw the rewrite; no lock timeout: the blocker rehearsal says the ALTER would queue
        assertTrue(root.get("findings").toString().contains("\"ruleId\":\"table-rewrite\""), root.toString());
        assertTrue(statement.get("blocked").get("wouldQueue").asBoolean(), statement.toString());
        assertEquals("[]", root.get("disagreements").toString());
    }

    @Test
    void theTextReportShowsTheMeasuredFactsBeforeTheSummaryAndSaysWhereTheRulesDisagree() throws Exception {
        RehearsalProject project = project("text")
                // a rewrite no rule can see: a column type changed inside a DO block
                .file(
                        "V4__modify_users_hidden.sql",
                        "DO $$ BEGIN EXECUTE 'ALTER TABLE users ALTER COLUMN id TYPE numeric'; END $$;")
                .file("U4__modify_users_hidden.sql", "ALTER TABLE users ALTER COLUMN id TYPE bigint;");
        Files.createDirectories(project.dir.resolve("environments"));
        Files.writeString(project.dir.resolve("environments/dev.yml"), "lockTimeout: 1s\n");
        LintCommand.run(project.settings(Map.of("lintTrace", "true", "lintFailOn", "never")), listener);

        int summary = indexOf("lint of every migration: ");
        int trace = indexOf("trace, in a throwaway database built by the migrations before each, with the profile's"
                + " lockTimeout 1s:");
        assertTrue(trace >= 0 && trace < summary, lines.toString());
        assertTrue(
                lines.stream()
                        .anyMatch(l -> l.startsWith("  line 1 (ALTER TABLE users ALTER COLUMN id TYPE bigint): ")
                                && l.contains("ACCESS EXCLUSIVE on public.users")
                                && l.contains("rewrote public.users")),
                lines.toString());
        assertTrue(
                lines.stream()
                        .anyMatch(l -> l.startsWith("disagreement: V4__modify_users_hidden.sql:1: ")
                                && l.contains("missed a rewrite")),
                lines.toString());
        assertTrue(
                lines.stream().anyMatch(l -> l.contains("lock_timeout 1s (the profile's lockTimeout) fired")),
                lines.toString());
    }

    private int indexOf(String prefix) {
        for (int i = 0; i < lines.size(); i++) {
            if (lines.get(i).startsWith(prefix)) {
                return i;
            }
        }
        return -1;
    }
}
