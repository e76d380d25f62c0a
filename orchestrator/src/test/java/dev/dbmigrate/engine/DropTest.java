package dev.dbmigrate.engine;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.dbmigrate.app.MigrateCommands;
import dev.dbmigrate.backup.BackupFile;
import dev.dbmigrate.backup.Backups;
import dev.dbmigrate.backup.PgTools;
import dev.dbmigrate.config.DatabaseUrl;
import dev.dbmigrate.config.MigrateSettings;
import dev.dbmigrate.config.SettingsResolver;
import dev.dbmigrate.db.Database;
import dev.dbmigrate.error.ErrorCode;
import dev.dbmigrate.error.MigrateException;
import dev.dbmigrate.events.MigrateEvent;
import dev.dbmigrate.report.ConsoleText;
import dev.dbmigrate.testing.TestPostgres;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.UnaryOperator;
import java.util.stream.IntStream;
import java.util.stream.Stream;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code drop} and {@code restore} as the front ends run them ({@link MigrateCommands}): confirmation outside the
 * embedded database, the backup first, the audit table kept and recording the drop.
 */
@Tag("postgres")
@Tag("process")
class DropTest {
    private static final UnaryOperator<String> BATCH = question -> null;

    @TempDir
    Path project;

    private Path migrations;
    private String url;
    private String database;
    private final List<MigrateEvent> events = Collections.synchronizedList(new ArrayList<>());

    @BeforeEach
    void setUp() throws IOException {
        migrations = Files.createDirectories(project.resolve("src/main/resources/db/migration"));
        Files.writeString(
                migrations.resolve("V1__create_songs.sql"),
                "create table songs (id int primary key);\n" + "insert into songs values (1), (2);\n");
        Files.writeString(migrations.resolve("U1__create_songs.sql"), "drop table songs;\n");
        Files.writeString(migrations.resolve("V2__create_tabs.sql"), "create table tabs (id int primary key);\n");
        Files.writeString(migrations.resolve("U2__create_tabs.sql"), "drop table tabs;\n");
        url = TestPostgres.newDatabase("drop");
        database = DatabaseUrl.parse(url, "test").database();
    }

    private MigrateSettings settings(Map<String, String> environment, String... extra) {
        Map<String, String> props = new HashMap<>();
        props.put("url", url);
        props.put("user", "postgres");
        props.put("password", TestPostgres.PASSWORD);
        for (int i = 0; i < extra.length; i += 2) {
            if (extra[i + 1] == null) {
                props.remove(extra[i]);
            } else {
                props.put(extra[i], extra[i + 1]);
            }
        }
        return SettingsResolver.resolve(props, environment, project, project.resolve("target"));
    }

    private MigrateSettings settings(String... extra) {
        return settings(Map.of(), extra);
    }

    private void protectedProfile() throws IOException {
        Files.createDirectories(project.resolve("environments"));
        Files.writeString(
                project.resolve("environments/prod.yml"),
                "url: " + url + "\nuser: postgres\n" + "password: ${PROD_PASSWORD}\nprotected: true\n");
    }

    private MigrateSettings prod(String... extra) {
        String[] all = Stream.concat(
                        Stream.of("url", null, "user", null, "password", null, "env", "prod"), Stream.of(extra))
                .toArray(String[]::new);
        return settings(Map.of("PROD_PASSWORD", TestPostgres.PASSWORD), all);
    }

    private List<String> tables() throws SQLException {
        return query("select table_name from information_schema.tables where table_schema = 'public'"
                + " order by table_name");
    }

    private List<String> query(String sql) throws SQLException {
        return TestPostgres.rows(url, sql);
    }

    private List<String> backupNames(String env) throws IOException {
        Path dir = project.resolve("backups").resolve(env);
        if (!Files.isDirectory(dir)) {
            return List.of();
        }
        try (Stream<Path> files = Files.list(dir)) {
            return files.map(p -> p.getFileName().toString())
                    .filter(n -> !n.endsWith(".sha256"))
                    .sorted()
                    .toList();
        }
    }

    private List<String> messages() {
        synchronized (events) {
            return events.stream().map(ConsoleText::text).toList();
        }
    }

    private String refusal(String why) {
        return "drop refused: " + why + "; nothing was dropped (to drop every object in schema public of database "
                + database + ", run mvn migrate:drop -Dmigrate.confirm=" + database + " with the same -Dmigrate.url)";
    }

    // ---- confirmation ------------------------------------------------------------------------------------------

    @Test
    void dropOfAConfiguredDatabaseInBatchModeIsRefusedWithoutOrWithAWrongConfirmationAndDropsNothing()
            throws Exception {
        MigrateCommands.upgrade(settings(), events::add);
        List<String> before = tables();

        MigrateException none =
                assertThrows(MigrateException.class, () -> MigrateCommands.drop(settings(), events::add, BATCH));
        assertEquals(ErrorCode.REFUSED, none.code());
        assertEquals(
                refusal("database " + database + " (" + url + ", from migrate.url) is not the embedded"
                        + " development database and nobody confirmed it (the run is not interactive: mvn -B, CI=true or"
                        + " no console)"),
                none.getMessage());

        MigrateException wrong = assertThrows(
                MigrateException.class,
                () -> MigrateCommands.drop(settings("confirm", database + "_typo"), events::add, BATCH));
        assertEquals(ErrorCode.REFUSED, wrong.code());
        assertEquals(
                refusal("database " + database + " (" + url + ", from migrate.url) is not the embedded"
                        + " development database and -Dmigrate.confirm=" + database
                        + "_typo does not match the database"
                        + " name"),
                wrong.getMessage());

        assertEquals(before, tables());
        assertEquals(List.of("2"), query("select count(*) from songs"));
        assertEquals(List.of(), backupNames("dev"), "a refused drop takes no backup either");
        assertFalse(Files.exists(project.resolve("backups")));
    }

    @Test
    void dropWithTheUrlFromDatabaseUrlAndNoProfileIsRefusedTooAndTheEngineRefusesOnItsOwn() throws Exception {
        MigrateCommands.upgrade(settings(), events::add);
        int port = TestPostgres.server().port();
        Map<String, String> environment = Map.of(
                "DATABASE_URL",
                "postgresql://postgres:" + TestPostgres.PASSWORD + "@127.0.0.1:" + port + "/" + database);

        MigrateException e = assertThrows(
                MigrateException.class,
                () -> MigrateCommands.drop(
                        settings(environment, "url", null, "user", null, "password", null), events::add));
        assertEquals(ErrorCode.REFUSED, e.code());
        assertTrue(e.getMessage().startsWith("drop refused: database " + database + " ("), e.getMessage());
        assertTrue(
                e.getMessage().contains(", from DATABASE_URL) is not the embedded development database"),
                e.getMessage());
        assertTrue(
                e.getMessage()
                        .endsWith("nothing was dropped (to drop every object in schema public of database " + database
                                + ", run mvn migrate:drop -Dmigrate.confirm=" + database
                                + " with the same DATABASE_URL)"),
                e.getMessage());
        assertFalse(e.getMessage().contains(TestPostgres.PASSWORD), e.getMessage());

        // the engine itself refuses, whichever front end calls it
        try (Migrator migrator = new Migrator(settings(), events::add)) {
            MigrateException engine = assertThrows(MigrateException.class, () -> migrator.drop(null, null));
            assertEquals(ErrorCode.REFUSED, engine.code());
        }
        assertEquals(List.of("flyway_schema_history", "migrate_audit", "songs", "tabs"), tables());
    }

    @Test
    void anInteractiveDropAsksForTheDatabaseNameAndRefusesAWrongAnswer() throws Exception {
        MigrateCommands.upgrade(settings(), events::add);
        AtomicReference<String> asked = new AtomicReference<>();

        MigrateException wrong = assertThrows(
                MigrateException.class,
                () -> MigrateCommands.drop(settings("backupBeforeDrop", "false"), events::add, question -> {
                    asked.set(question);
                    return "yes";
                }));
        assertEquals(
                refusal("database " + database + " (" + url + ", from migrate.url) is not the embedded"
                        + " development database and the answer 'yes' is not the database name"),
                wrong.getMessage());
        assertEquals(
                "This will drop every object in schema public of database " + database + " (" + url
                        + "). Type the database name to confirm: ",
                asked.get());
        assertEquals(List.of("flyway_schema_history", "migrate_audit", "songs", "tabs"), tables());

        Results.Drop dropped = MigrateCommands.drop(
                settings("backupBeforeDrop", "false"), events::add, question -> " " + database + "\n");
        assertEquals(
                List.of("table public.flyway_schema_history", "table public.songs", "table public.tabs"),
                dropped.dropped());
        assertEquals(List.of("migrate_audit"), tables());
    }

    // ---- backup first, audit kept ------------------------------------------------------------------------------

    @Test
    void aConfirmedDropBacksUpFirstKeepsTheAuditTableAndRecordsTheDropThere() throws Exception {
        MigrateCommands.upgrade(settings(), events::add);
        List<String> auditBefore =
                query("select id || '|' || command || '|' || version from migrate_audit" + " order by id");

        Results.Drop dropped = MigrateCommands.drop(settings("confirm", database), events::add, BATCH);

        assertEquals(3, dropped.dropped().size(), dropped.dropped()::toString);
        assertEquals(List.of("migrate_audit"), tables());
        List<String> names = backupNames("dev");
        assertEquals(1, names.size(), names::toString);
        String backup = names.get(0);
        assertTrue(backup.matches("dev-\\d{8}-\\d{6}-v2"), backup);
        assertTrue(
                messages()
                        .contains("Backing up database " + database + " before the drop (skip this for a"
                                + " throwaway database with -Dmigrate.backupBeforeDrop=false)"),
                messages()::toString);
        List<MigrateEvent> seen = List.copyOf(events);
        int written = IntStream.range(0, seen.size())
                .filter(i -> seen.get(i) instanceof MigrateEvent.BackupWritten w
                        && w.name().equals(backup))
                .findFirst()
                .orElseThrow(() -> new AssertionError("no backup written event for " + backup + ": " + seen));
        int dropLine = messages().indexOf("Dropped table public.songs");
        assertTrue(written < dropLine, "the backup is written before anything is dropped: " + messages());

        // the audit keeps its rows and records who dropped what, when, and the backup
        List<String> audit = query("select id || '|' || command || '|' || version from migrate_audit order by id");
        assertEquals(auditBefore, audit.subList(0, auditBefore.size()));
        assertEquals(
                List.of("drop|2|success|dropped 3 objects from schema public of database " + database + "|backup "
                        + backup + " taken first|" + System.getProperty("user.name") + "|postgres|true"),
                query("select command, version, outcome, description, message, os_user, db_user,"
                        + " (started_at > now() - interval '5 minutes')::text from migrate_audit"
                        + " where command = 'drop'"));

        // the backup restores what was dropped, and the audit of the drop survives that too
        MigrateCommands.restore(settings("backup", backup, "confirm", database), events::add);
        assertEquals(List.of("flyway_schema_history", "migrate_audit", "songs", "tabs"), tables());
        assertEquals(List.of("2"), query("select count(*) from songs"));
        assertEquals(List.of("1"), query("select count(*) from migrate_audit where command = 'drop'"));
    }

    @Test
    void backupBeforeDropFalseDropsAThrowawayDatabaseWithoutABackup() throws Exception {
        MigrateCommands.upgrade(settings(), events::add);

        MigrateCommands.drop(settings("confirm", database, "backupBeforeDrop", "false"), events::add, BATCH);

        assertEquals(List.of("migrate_audit"), tables());
        assertFalse(Files.exists(project.resolve("backups")), "no backup folder either");
        assertEquals(List.of("no backup taken"), query("select message from migrate_audit where command = 'drop'"));
        MigrateException bad =
                assertThrows(MigrateException.class, () -> settings("confirm", database, "backupBeforeDrop", "nope"));
        assertEquals(ErrorCode.CONFIGURATION, bad.code());
        assertTrue(bad.getMessage().contains("backupBeforeDrop"), bad.getMessage());
    }

    @Test
    void dropOnAProtectedEnvironmentTakesAVerifiedBackupEvenWhenTheOptOutIsSet() throws Exception {
        protectedProfile();
        MigrateCommands.upgrade(prod(), events::add);
        assertEquals(1, backupNames("prod").size(), "the protected upgrade backed up first");

        MigrateException refused =
                assertThrows(MigrateException.class, () -> MigrateCommands.drop(prod(), events::add, BATCH));
        assertTrue(
                refused.getMessage()
                        .startsWith("drop refused: environment 'prod' is protected and nobody" + " confirmed it"),
                refused.getMessage());
        assertTrue(
                refused.getMessage()
                        .endsWith("of database " + database + ", run mvn migrate:drop"
                                + " -Dmigrate.env=prod -Dmigrate.confirm=" + database + ")"),
                refused.getMessage());
        assertEquals(1, backupNames("prod").size());

        MigrateCommands.drop(prod("confirm", database, "backupBeforeDrop", "false"), events::add, BATCH);

        List<String> names = backupNames("prod");
        assertEquals(2, names.size(), names::toString);
        assertTrue(names.get(1).matches("prod-\\d{8}-\\d{6}-v2"), names::toString);
        assertTrue(
                messages().contains("Environment 'prod' is protected: backing it up before the drop"),
                messages()::toString);
        assertTrue(
                Files.exists(project.resolve("backups/prod").resolve(names.get(1) + ".sha256")),
                "the backup was checksummed");
        assertEquals(List.of("migrate_audit"), tables());
        // and it restores what the drop removed
        MigrateCommands.restore(prod("backup", names.get(1), "confirm", database), events::add);
        assertEquals(List.of("flyway_schema_history", "migrate_audit", "songs", "tabs"), tables());
    }

    @Test
    void restoreOnAProtectedEnvironmentBacksUpTheCurrentStateFirst() throws Exception {
        protectedProfile();
        MigrateCommands.upgrade(prod("target", "1"), events::add);
        BackupFile atOne = MigrateCommands.backup(prod(), events::add);
        assertEquals("1", atOne.schemaVersion());
        MigrateCommands.upgrade(prod(), events::add);
        try (Connection c = DriverManager.getConnection(url, "postgres", TestPostgres.PASSWORD);
                Statement s = c.createStatement()) {
            s.execute("insert into tabs values (42)");
        }
        List<String> before = backupNames("prod");

        MigrateCommands.restore(prod("backup", atOne.name(), "confirm", database), events::add);

        assertEquals(List.of("flyway_schema_history", "migrate_audit", "songs"), tables());
        List<String> after = backupNames("prod");
        List<String> added = new ArrayList<>(after);
        added.removeAll(before); // names sort by second, then version: the new one need not be the last
        assertEquals(1, added.size(), after::toString);
        String safety = added.get(0);
        assertTrue(safety.matches("prod-\\d{8}-\\d{6}-v2"), "the state before the restore, at version 2: " + safety);
        assertTrue(
                messages().contains("Environment 'prod' is protected: backing it up before the restore"),
                messages()::toString);
        // the restore of the wrong backup can itself be undone
        MigrateCommands.restore(prod("backup", safety, "confirm", database), events::add);
        assertEquals(List.of("42"), query("select id from tabs"));
    }

    @Test
    void theSafetyBackupBeforeARestoreNeverRotatesOutTheBackupBeingRestored() throws Exception {
        protectedProfile();
        Files.writeString(
                project.resolve("environments/prod.yml"),
                Files.readString(project.resolve("environments/prod.yml")) + "backup: { keep: 1, format: custom }\n");
        MigrateCommands.upgrade(prod("target", "1"), events::add);
        List<String> first = backupNames("prod");
        assertEquals(1, first.size());
        BackupFile atOne = MigrateCommands.backup(prod(), events::add);
        assertEquals(List.of(atOne.name()), backupNames("prod"), "keep: 1");

        MigrateCommands.restore(prod("backup", atOne.name(), "confirm", database), events::add);

        assertEquals(List.of("flyway_schema_history", "migrate_audit", "songs"), tables());
        assertTrue(
                messages().stream().anyMatch(m -> m.startsWith("Restored " + atOne.name() + " into ")),
                messages()::toString);
    }

    @Test
    void theEmbeddedDevelopmentDatabaseNeedsNoConfirmation() throws Exception {
        // the embedded server's data lives under the build folder, which the server's user must reach
        Path embeddedProject =
                Path.of("target", "drop-embedded-" + System.nanoTime()).toAbsolutePath();
        Files.createDirectories(embeddedProject);
        try {
            Path location = Files.createDirectories(embeddedProject.resolve("src/main/resources/db/migration"));
            Files.copy(migrations.resolve("V1__create_songs.sql"), location.resolve("V1__create_songs.sql"));
            MigrateSettings embedded = SettingsResolver.resolve(
                    new HashMap<>(), Map.of(), embeddedProject, embeddedProject.resolve("target"));
            assertNull(embedded.database(), "no URL: the embedded database");
            MigrateCommands.upgrade(embedded, events::add);

            Results.Drop dropped = MigrateCommands.drop(embedded, events::add, BATCH);

            assertTrue(dropped.dropped().contains("table public.songs"), dropped.dropped()::toString);
            assertFalse(Files.exists(embeddedProject.resolve("backups")), "no backup of the embedded database");
        } finally {
            TestPostgres.deleteData(embeddedProject);
        }
    }

    @Test
    void backupsOfADropCarryTheVersionReadAtDumpTime() throws Exception {
        MigrateCommands.upgrade(settings("target", "1"), events::add);
        Backups backups = Backups.of(settings(), PgTools.locate(null));
        try (Database db = Database.open(settings(), events::add)) {
            assertTrue(backups.create(db, events::add).name().endsWith("-v1"));
            MigrateCommands.upgrade(settings(), events::add);
            assertTrue(backups.create(db, events::add).name().endsWith("-v2"), "not a version read before");
        }
    }

    @Test
    void aConfirmationNamingAnotherDatabaseIsRefusedOnTheEmbeddedDatabaseWhereNoneIsNeeded() throws Exception {
        Path embeddedProject =
                Path.of("target", "drop-embedded-" + System.nanoTime()).toAbsolutePath();
        Files.createDirectories(embeddedProject);
        try {
            Path location = Files.createDirectories(embeddedProject.resolve("src/main/resources/db/migration"));
            Files.copy(migrations.resolve("V1__create_songs.sql"), location.resolve("V1__create_songs.sql"));
            Map<String, String> props = new HashMap<>();
            MigrateCommands.upgrade(
                    SettingsResolver.resolve(props, Map.of(), embeddedProject, embeddedProject.resolve("target")),
                    events::add);
            props.put("confirm", "shop3");
            MigrateSettings other =
                    SettingsResolver.resolve(props, Map.of(), embeddedProject, embeddedProject.resolve("target"));

            MigrateException e =
                    assertThrows(MigrateException.class, () -> MigrateCommands.drop(other, events::add, BATCH));

            assertEquals(ErrorCode.REFUSED, e.code());
            assertEquals(
                    "drop refused: database postgres is the embedded development database, which needs no"
                            + " confirmation, but -Dmigrate.confirm=shop3 names another database; nothing was dropped (to"
                            + " drop every object in schema public of database postgres, run mvn migrate:drop"
                            + " -Dmigrate.confirm=postgres)",
                    e.getMessage());
            // the engine refuses on its own too, and the right name (or none) still drops
            try (Migrator migrator = new Migrator(other, events::add)) {
                assertThrows(MigrateException.class, () -> migrator.drop("Postgres", null));
                props.put("confirm", "postgres");
                Results.Drop dropped = MigrateCommands.drop(
                        SettingsResolver.resolve(props, Map.of(), embeddedProject, embeddedProject.resolve("target")),
                        events::add,
                        BATCH);
                assertTrue(dropped.dropped().contains("table public.songs"), dropped.dropped()::toString);
            }
        } finally {
            TestPostgres.deleteData(embeddedProject);
        }
    }

    @Test
    void aRestoreWithAConfirmationNamingAnotherDatabaseIsRefusedOutsideProtectedEnvironmentsToo() throws Exception {
        MigrateCommands.upgrade(settings(), events::add);
        BackupFile backup = MigrateCommands.backup(settings(), events::add);
        MigrateCommands.downgrade(settings("steps", "1"), events::add);

        MigrateException e = assertThrows(
                MigrateException.class,
                () -> MigrateCommands.restore(settings("backup", backup.name(), "confirm", "shop3"), events::add));

        assertEquals(ErrorCode.REFUSED, e.code());
        assertEquals(
                "restore refused: database " + database + " (" + url + ", from migrate.url) is not the embedded"
                        + " development database and -Dmigrate.confirm=shop3 does not match the database name; nothing was"
                        + " changed (to replace schema public of database " + database + " with backup " + backup.name()
                        + ", run mvn migrate:restore -Dmigrate.backup=" + backup.name() + " -Dmigrate.confirm="
                        + database
                        + " with the same -Dmigrate.url)",
                e.getMessage());
        assertEquals(List.of("flyway_schema_history", "migrate_audit", "songs"), tables());
    }

    @Test
    void aRestoreIntoADatabaseThatIsNotTheEmbeddedOneNeedsItsNameAsADropDoes() throws Exception {
        MigrateCommands.upgrade(settings(), events::add);
        BackupFile backup = MigrateCommands.backup(settings(), events::add);
        MigrateCommands.downgrade(settings("steps", "1"), events::add);

        MigrateException batch = assertThrows(
                MigrateException.class, () -> MigrateCommands.restore(settings("backup", backup.name()), events::add));
        assertEquals(ErrorCode.REFUSED, batch.code());
        assertEquals(
                "restore refused: database " + database + " (" + url + ", from migrate.url) is not the embedded"
                        + " development database and nobody confirmed it (the run is not interactive: mvn -B, CI=true or no"
                        + " console); nothing was changed (to replace schema public of database " + database
                        + " with backup "
                        + backup.name() + ", run mvn migrate:restore -Dmigrate.backup=" + backup.name()
                        + " -Dmigrate.confirm="
                        + database + " with the same -Dmigrate.url)",
                batch.getMessage());
        java.util.concurrent.atomic.AtomicReference<String> asked = new java.util.concurrent.atomic.AtomicReference<>();
        MigrateException wrong = assertThrows(
                MigrateException.class,
                () -> MigrateCommands.restore(settings("backup", backup.name()), events::add, question -> {
                    asked.set(question);
                    return "yes";
                }));
        assertTrue(
                wrong.getMessage().contains("and the answer 'yes' is not the database name; nothing was changed"),
                wrong.getMessage());
        assertEquals(
                "This will replace schema public of database " + database + " with backup " + backup.name() + " (" + url
                        + "). Type the database name to confirm: ",
                asked.get());
        assertEquals(List.of("flyway_schema_history", "migrate_audit", "songs"), tables(), "nothing restored");

        MigrateCommands.restore(settings("backup", backup.name()), events::add, question -> database);
        assertEquals(List.of("flyway_schema_history", "migrate_audit", "songs", "tabs"), tables());
    }

    @Test
    void aPgBinDirWithoutTheToolsRefusesTheDropInsteadOfDroppingWithoutABackup() throws Exception {
        MigrateCommands.upgrade(settings(), events::add);
        Path empty = Files.createDirectories(project.resolve("no-tools"));
        for (String dir : List.of("/nonexistent/pg/bin", empty.toString())) {
            MigrateException e = assertThrows(
                    MigrateException.class,
                    () -> MigrateCommands.drop(settings("confirm", database, "pgBinDir", dir), events::add, BATCH));

            assertEquals(ErrorCode.ENVIRONMENT, e.code());
            assertEquals(
                    "drop refused: pg_dump, pg_restore, psql not found in " + dir + ", the folder"
                            + " -Dmigrate.pgBinDir names, so database " + database
                            + " cannot be backed up first; nothing"
                            + " was dropped (point -Dmigrate.pgBinDir at the folder holding pg_dump, pg_restore and psql, or"
                            + " leave it out to use the PATH, or drop without a backup: migrate:drop -Dmigrate.confirm="
                            + database + " -Dmigrate.backupBeforeDrop=false with the same -Dmigrate.url)",
                    e.getMessage());
        }
        assertEquals(List.of("flyway_schema_history", "migrate_audit", "songs", "tabs"), tables());
        assertEquals(List.of("0"), query("select count(*) from migrate_audit where command = 'drop'"));
        assertFalse(messages().stream().anyMatch(m -> m.startsWith("No backup before the drop")), messages()::toString);
    }
}
