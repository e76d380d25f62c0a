package dev.dbmigrate.app;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.dbmigrate.config.SettingsResolver;
import dev.dbmigrate.error.ErrorCode;
import dev.dbmigrate.error.MigrateException;
import dev.dbmigrate.events.MigrateEvent;
import dev.dbmigrate.events.MigrateListener;
import dev.dbmigrate.testing.TestPostgres;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The doctor goal: every line printed first, then the failure naming each failed check; JSON into a file. */
@Tag("postgres")
@Tag("process")
class DoctorCommandTest {
    @TempDir
    Path project;

    private final List<String> lines = new ArrayList<>();
    private final MigrateListener listener = event -> {
        if (event instanceof MigrateEvent.Message m && m.level() == MigrateEvent.Level.INFO) {
            lines.add(m.text());
        }
    };

    @BeforeEach
    void protectedProfileWithoutTimeouts() throws Exception {
        Files.createDirectories(project.resolve("src/main/resources/db/migration"));
        Path envs = Files.createDirectories(project.resolve("environments"));
        Files.writeString(
                envs.resolve("prod.yml"),
                "url: " + TestPostgres.newDatabase("doctor_goal") + "\nuser: postgres\npassword: ${DB_PASSWORD}\n"
                        + "protected: true\nbackup: { directory: backups/prod }\n");
    }

    private void doctor(String... more) {
        Map<String, String> values = new HashMap<>(Map.of("env", "prod", "allowEmpty", "true"));
        for (int i = 0; i < more.length; i += 2) {
            values.put(more[i], more[i + 1]);
        }
        DoctorCommand.run(
                SettingsResolver.resolve(
                        values, Map.of("DB_PASSWORD", TestPostgres.PASSWORD), project, project.resolve("target")),
                listener);
    }

    @Test
    void everyLineIsPrintedBeforeTheFailureThatNamesEachFailedCheck() {
        MigrateException e = assertThrows(MigrateException.class, this::doctor);

        assertEquals(ErrorCode.CHECK_FAILED, e.code());
        assertEquals(
                "doctor found 1 failed check on prod: timeouts: environments/prod.yml is protected but sets no"
                        + " lockTimeout and no statementTimeout: a migration waiting for a lock would hold up every"
                        + " query behind it (fix: add lockTimeout: 5s and statementTimeout: 15min to"
                        + " environments/prod.yml); nothing was changed (fix each, then run migrate:doctor"
                        + " -Dmigrate.env=prod again)",
                e.getMessage());
        int timeouts = lines.indexOf("[FAIL] timeouts: environments/prod.yml is protected but sets no lockTimeout and"
                + " no statementTimeout: a migration waiting for a lock would hold up every query behind it");
        assertTrue(timeouts > 0, lines.toString());
        assertEquals(
                "    fix: add lockTimeout: 5s and statementTimeout: 15min to environments/prod.yml",
                lines.get(timeouts + 1));
        assertTrue(lines.get(timeouts + 2).startsWith("[PASS] invalid indexes: "), lines.toString());
        assertEquals(
                "doctor on prod: 8 checks, 7 passed, 0 warnings, 1 failed, 0 skipped", lines.get(lines.size() - 1));
    }

    @Test
    void jsonGoesToTheOutputFileAndTheHeadlineToTheLog() throws Exception {
        assertThrows(MigrateException.class, () -> doctor("format", "json", "output", "target/doctor.json"));

        String json = Files.readString(project.resolve("target/doctor.json"));
        assertTrue(json.contains("\"healthy\": false"), json);
        assertTrue(json.contains("\"name\": \"timeouts\",\n      \"status\": \"fail\""), json);
        assertEquals(
                List.of("doctor on prod: 8 checks, 7 passed, 0 warnings, 1 failed, 0 skipped; written to"
                        + " target/doctor.json"),
                lines.stream().filter(l -> l.startsWith("doctor on")).toList());
    }

    @Test
    void aFormatTheDoctorCannotWriteIsRefusedBeforeAnythingRuns() {
        MigrateException e = assertThrows(MigrateException.class, () -> doctor("format", "markdown"));

        assertEquals(ErrorCode.CONFIGURATION, e.code());
        assertEquals(
                "doctor cannot write -Dmigrate.format=markdown; nothing was done (use one of text, json)",
                e.getMessage());
        assertEquals(List.of(), lines);
    }
}
