package dev.dbmigrate.promote;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.dbmigrate.app.MigrateCommands;
import dev.dbmigrate.config.SettingsResolver;
import dev.dbmigrate.error.ErrorCode;
import dev.dbmigrate.events.MigrateEvent;
import dev.dbmigrate.events.MigrateListener;
import dev.dbmigrate.promote.PromotionReport.Outcome;
import dev.dbmigrate.promote.StepResult.Status;
import dev.dbmigrate.testing.TestPostgres;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

/**
 * The drift check a promotion runs on both environments before anything else, as each profile's {@code drift} says.
 * The project lies under target/ (the scratch server runs as postgres when the build runs as root) and is shared, so
 * its scratch cluster is made once; each test has its own pair of environments.
 */
@Tag("postgres")
@Tag("process")
class PromoteDriftTest {
    private static final Map<String, String> ENVIRONMENT = Map.of("DB_PASSWORD", TestPostgres.PASSWORD);
    private static final AtomicInteger COUNTER = new AtomicInteger();
    private static Path project;

    private String staging;
    private String prod;
    private String prodUrl;
    private final List<String> warnings = new ArrayList<>();
    private final MigrateListener listener = event -> {
        if (event instanceof MigrateEvent.Message m && m.level() == MigrateEvent.Level.WARN) {
            warnings.add(m.text());
        }
    };

    @BeforeAll
    static void project() throws IOException {
        project = Files.createDirectories(
                Path.of("target", "promote-drift-" + System.nanoTime()).toAbsolutePath());
        Path migrations = Files.createDirectories(project.resolve("src/main/resources/db/migration"));
        Files.writeString(migrations.resolve("V1__create_users.sql"), "create table users (id bigint primary key);\n");
        Files.writeString(migrations.resolve("U1__create_users.sql"), "drop table users;\n");
        Files.writeString(migrations.resolve("V2__add_name.sql"), "alter table users add column name text;\n");
        Files.writeString(migrations.resolve("U2__add_name.sql"), "alter table users drop column name;\n");
    }

    @BeforeEach
    void environments() {
        int n = COUNTER.incrementAndGet();
        staging = "staging" + n;
        prod = "prod" + n;
        prodUrl = TestPostgres.newDatabase(prod);
    }

    /** Both profiles, prod protected with {@code prodDrift} (null: not written), both at version 1. */
    private void profiles(String prodDrift) throws IOException {
        Path envs = Files.createDirectories(project.resolve("environments"));
        String login = "user: postgres\npassword: ${DB_PASSWORD}\n";
        Files.writeString(
                envs.resolve(staging + ".yml"),
                "url: " + TestPostgres.newDatabase(staging) + "\n" + login + "backup: { directory: backups/" + staging
                        + " }\npromotesTo: " + prod + "\n");
        Files.writeString(
                envs.resolve(prod + ".yml"),
                "url: " + prodUrl + "\n" + login + "protected: true\nlockTimeout: 5s\nstatementTimeout: 1min\n"
                        + "backup: { directory: backups/" + prod + " }\n"
                        + (prodDrift == null ? "" : "drift: " + prodDrift + "\n"));
        for (String env : List.of(staging, prod)) {
            MigrateCommands.upgrade(
                    SettingsResolver.resolve(
                            Map.of("env", env, "target", "1"), ENVIRONMENT, project, project.resolve("target")),
                    MigrateListener.NONE);
        }
    }

    private void onProdByHand(String sql) throws SQLException {
        try (Connection c = DriverManager.getConnection(prodUrl, "postgres", TestPostgres.PASSWORD)) {
            c.createStatement().execute(sql);
        }
    }

    private PromotionReport promote() {
        PromotionSettings settings =
                PromotionSettings.resolve(Map.of("from", staging), ENVIRONMENT, project, project.resolve("target"));
        return new Promotion(settings, listener).run();
    }

    private String version(String env) {
        try (var migrator = new dev.dbmigrate.engine.Migrator(
                SettingsResolver.resolve(Map.of("env", env), ENVIRONMENT, project, project.resolve("target")),
                MigrateListener.NONE)) {
            return migrator.current().version();
        }
    }

    @Test
    void aProtectedEnvironmentThatDriftedStopsThePromotionBeforeAnythingIsChanged() throws Exception {
        profiles(null);
        onProdByHand("alter table users add column nick text");

        Promotion.PromotionFailure failure = assertThrows(Promotion.PromotionFailure.class, this::promote);

        assertEquals(ErrorCode.CHECK_FAILED, failure.code());
        assertEquals(Outcome.STOPPED, failure.report().outcome());
        assertEquals(
                "promote stopped: drift check failed: " + prod + " has drifted from what its applied migrations (up"
                        + " to version 1) build, 1 difference: only in " + prod + ": column public.users.nick;"
                        + " nothing was changed (for each change that should stay, write a migration that makes it,"
                        + " and revert any other by hand; or set drift: warn in the environment's profile to promote"
                        + " anyway); " + staging + " not touched; " + prod + " not touched",
                failure.getMessage());
        StepResult drift = failure.report().steps().get(0);
        assertEquals("drift check", drift.name());
        assertEquals(Status.FAILED, drift.status());
        assertEquals("1", version(staging));
        assertEquals("1", version(prod));
    }

    @Test
    void withDriftWarnEachDifferenceIsAWarningAndThePromotionGoesOn() throws Exception {
        profiles("warn");
        onProdByHand("alter table users add column nick text");

        PromotionReport report = promote();

        assertEquals(Outcome.PROMOTED, report.outcome());
        assertEquals(
                staging + ": no drift; " + prod + ": 1 difference (drift: warn)",
                report.steps().get(0).detail());
        assertTrue(
                warnings.contains(
                        "drift on " + prod + " (drift: warn): only in " + prod + ": column public.users.nick"),
                warnings.toString());
        assertEquals("2", version(prod));
    }

    @Test
    void withDriftOffTheEnvironmentIsNotChecked() throws Exception {
        profiles("off");
        onProdByHand("alter table users add column nick text");

        PromotionReport report = promote();

        assertEquals(Outcome.PROMOTED, report.outcome());
        assertEquals(
                staging + ": no drift; " + prod + ": off", report.steps().get(0).detail());
        assertEquals("2", version(prod));
    }

    @Test
    void theRehearsalRunsAfterThePreflightWhenAProfileAsksForIt() throws Exception {
        profiles("off");
        List<String> rehearsed = new ArrayList<>();
        PromotionSettings settings =
                PromotionSettings.resolve(Map.of("from", staging), ENVIRONMENT, project, project.resolve("target"));

        PromotionReport report = new Promotion(settings, listener, (from, to, l) -> {
                    rehearsed.add(from.env() + " -> " + to.env());
                    return "rehearsed 1 migration";
                })
                .run();

        assertEquals(List.of(staging + " -> " + prod), rehearsed, "prod is protected: rehearse defaults to true");
        StepResult step = report.steps().get(4);
        assertEquals("rehearse", step.name());
        assertEquals("rehearsed 1 migration", step.detail());
    }

    @Test
    void aPendingMigrationWhoseUndoIsNotExactStopsThePromotionBeforeStagingIsTouched() throws Exception {
        profiles("off");
        // the undo leaves a column behind: the rehearsal's round trip is not exact
        Path undo = project.resolve("src/main/resources/db/migration/U2__add_name.sql");
        Files.writeString(undo, "alter table users drop column name;\nalter table users add column left_over text;\n");
        PromotionSettings settings =
                PromotionSettings.resolve(Map.of("from", staging), ENVIRONMENT, project, project.resolve("target"));

        Promotion.PromotionFailure failure;
        try {
            failure = assertThrows(Promotion.PromotionFailure.class, () -> new Promotion(settings, listener).run());
        } finally {
            Files.writeString(undo, "alter table users drop column name;\n");
        }

        assertTrue(
                failure.getMessage()
                        .contains("test-rollback: 1 of 1 migration failed the round trip (apply, undo,"
                                + " apply again): V2__add_name.sql (undo leaves differences"),
                failure.getMessage());
        assertEquals("1", version(staging), "nothing ran on staging");
        assertEquals("1", version(prod));
    }

    @Test
    void exactRoundTripsLetThePromotionGoOnAndTheStepSaysWhatWasRehearsed() throws Exception {
        profiles("off");

        PromotionReport report = promote();

        StepResult step = report.steps().get(4);
        assertEquals("rehearse", step.name());
        assertTrue(
                step.detail().startsWith("1 of 1 pending on " + prod + " applied, undone and applied again exactly ("),
                step.detail());
        assertEquals("2", version(prod));
    }
}
