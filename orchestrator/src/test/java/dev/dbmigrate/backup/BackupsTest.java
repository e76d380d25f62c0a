package dev.dbmigrate.backup;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.dbmigrate.config.EnvironmentProfile;
import dev.dbmigrate.config.SettingsResolver;
import dev.dbmigrate.db.Database;
import dev.dbmigrate.engine.Migrator;
import dev.dbmigrate.error.ErrorCode;
import dev.dbmigrate.error.MigrateException;
import dev.dbmigrate.events.MigrateEvent;
import dev.dbmigrate.process.ProcessPipeline;
import dev.dbmigrate.report.ConsoleText;
import dev.dbmigrate.testing.TestPostgres;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.ResultSetMetaData;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Backups and restores with the machine's real pg_dump, pg_restore and psql against {@link TestPostgres}. */
@Tag("postgres")
@Tag("process")
class BackupsTest {
    @TempDir
    Path project;

    private Path migrations;
    private String url;
    private Database db;
    private final List<MigrateEvent> events = Collections.synchronizedList(new ArrayList<>());
    private final SteppingClock clock = new SteppingClock(Instant.parse("2026-11-24T10:15:00Z"));

    @BeforeEach
    void setUp() throws IOException {
        migrations = project.resolve("db/migration");
        Files.createDirectories(migrations);
        url = TestPostgres.newDatabase("bk");
        db = open(url, "postgres", TestPostgres.PASSWORD);
    }

    @AfterEach
    void tearDown() {
        db.close();
        String everything = String.join("\n", messages());
        assertFalse(everything.contains(TestPostgres.PASSWORD), "a log line holds the password: " + everything);
    }

    // ---- restore brings back exactly the content at backup time --------------------------------------------------

    @Test
    void restoreOfCustomFormatBringsBackSchemaAndDataAndKeepsLaterAuditRows() throws Exception {
        restoreBringsBackTheStateAtBackupTime(backups(null));
    }

    @Test
    void restoreKeepsAPromotionJournalOfTheLayoutBeforeHistoryMarkAndBringsItToTheCurrentLayout() throws Exception {
        migrateTo("1");
        Backups backups = backups(null);
        BackupFile backup = backups.create(db, events::add);
        // the live journal, written by a release before history_mark, with a row the restore must keep
        sql(
                "create table public.migrate_promotion (run_id text primary key, from_env text not null,"
                        + " to_env text not null, step text not null, status text not null,"
                        + " started_at timestamptz not null, updated_at timestamptz not null,"
                        + " started_by text not null, source_before text, target_before text, source_backup text,"
                        + " target_backup text)",
                "insert into public.migrate_promotion (run_id, from_env, to_env, step, status, started_at,"
                        + " updated_at, started_by) values ('old-run', 'staging', 'prod', 'verify prod', 'finished',"
                        + " now(), now(), 'ci')");

        backups.restore(db, backup, List.of("public"), events::add);

        assertEquals(
                List.of("old-run|finished|null", "restored"),
                query("select run_id || '|' || status || '|' || coalesce(history_mark, 'null') from"
                        + " public.migrate_promotion where run_id = 'old-run' union all select status from"
                        + " public.migrate_promotion where run_id <> 'old-run'"));
        assertEquals(
                List.of("migrate_promotion schema 2"),
                query("select obj_description('public.migrate_promotion'::regclass, 'pg_class')"));
    }

    @Test
    void restoreOfDirectoryFormatWithTwoJobsBringsBackSchemaAndData() throws Exception {
        Backups backups = backups(new EnvironmentProfile.Backup("backups/dev", "directory", 2, 10));
        restoreBringsBackTheStateAtBackupTime(backups);
        BackupFile backup = backups.latest();
        assertEquals("directory", backup.format());
        assertTrue(Files.isDirectory(backup.path()), backup.path() + " is a folder");
        assertTrue(Files.exists(backup.path().resolve("toc.dat")));
        assertTrue(
                commandLines().stream().anyMatch(c -> c.contains("pg_dump --format=directory --jobs=2")),
                String.join("\n", commandLines()));
    }

    @Test
    void theDefaultIsTheDirectoryFormatWithTwoJobsAndGzipLevelOneAndRestores() throws Exception {
        Backups backups = backups(null);
        restoreBringsBackTheStateAtBackupTime(backups);
        BackupFile backup = backups.latest();
        assertEquals("directory", backup.format());
        assertTrue(Files.exists(backup.path().resolve("toc.dat")));
        assertTrue(
                commandLines().stream().anyMatch(c -> c.contains("pg_dump --format=directory --jobs=2 --compress=1 ")),
                String.join("\n", commandLines()));
        MigrateEvent.BackupWritten written = written(backup);
        assertEquals(backups.directory(), written.directory());
        assertEquals("directory", written.format());
        assertEquals(2, written.jobs());
        assertEquals(1, written.compression());
    }

    @Test
    void theNameCarriesTheVersionReadInTheSnapshotPgDumpDumpsAndAFailedReadLeavesNothing() throws Exception {
        migrateTo("1", "2", "3");
        Backups backups = backups(new EnvironmentProfile.Backup("backups/snap/dev", "custom", 1, 10, 1));
        BackupFile backup = backups.create(db, events::add);
        assertTrue(backup.name().matches("dev-\\d{8}-\\d{6}-v3\\.dump"), backup.name());
        assertEquals("3", backup.schemaVersion());
        assertTrue(
                commandLines().stream().anyMatch(c -> c.matches("ran \\S*pg_dump .*--snapshot=[0-9A-F-]+ .*")),
                "pg_dump dumps the snapshot the version was read in: " + String.join("\n", commandLines()));
        // the archive holds exactly the version in its name
        sql("create table public.later (id int)");
        migrateTo("4");
        backups.restore(db, backup, List.of(), events::add);
        assertEquals(
                List.of("3"),
                query("select max(version::int)::text from public.flyway_schema_history" + " where success"));

        // a login that may connect but not read the history table: nothing is dumped, nothing is left
        String role = "nohistory_" + System.nanoTime();
        sql("create role " + role + " login password 'nohistory-pw'");
        Backups other = backups(new EnvironmentProfile.Backup("backups/failing/dev", "custom", 1, 10, 1));
        try (Database reader = open(url, role, "nohistory-pw")) {
            MigrateException e = assertThrows(MigrateException.class, () -> other.create(reader, events::add));
            assertTrue(
                    e.getMessage()
                            .startsWith("could not read the schema version of "
                                    + reader.url().display() + " for the name of a backup of dev: "),
                    e.getMessage());
            assertTrue(e.getMessage().contains("permission denied"), e.getMessage());
            assertTrue(
                    e.getMessage().contains("no backup was written and the earlier backups are untouched"),
                    e.getMessage());
            assertFalse(e.getMessage().contains("nohistory-pw"), e.getMessage());
        } finally {
            sql("drop role " + role);
        }
        assertFalse(Files.exists(project.resolve("backups/failing")), "the folders made for the backup are gone");
        assertTrue(
                ProcessHandle.current()
                        .children()
                        .noneMatch(p -> p.info().command().orElse("").endsWith("pg_dump")),
                "no pg_dump left running");
    }

    // ---- where backups live: outside the build folder, out of git ----------------------------------------------

    @Test
    void byDefaultBackupsGoToBackupsEnvAtTheProjectRootWithAGitignoreSoGitStatusShowsNothing() throws Exception {
        sql("create table t (id int)");
        Backups backups = new Backups(project, "prod", null, PgTools.locate(), clock);
        assertEquals(project.resolve("backups/prod").toAbsolutePath().normalize(), backups.directory());

        BackupFile backup = backups.create(db, events::add);

        assertEquals(backups.directory(), backup.path().getParent());
        assertEquals(
                List.of("*"),
                Files.readAllLines(project.resolve("backups/.gitignore")).stream()
                        .filter(l -> !l.startsWith("#"))
                        .toList(),
                "the topmost folder the backup created ignores all");
        assertEquals(
                List.of(backup.name()),
                backups.list().stream().map(BackupFile::name).toList());
        Path git = Stream.of("/usr/bin/git", "/usr/local/bin/git", "/bin/git")
                .map(Path::of)
                .filter(Files::isExecutable)
                .findFirst()
                .orElse(null);
        if (git != null) {
            assertEquals("", run(git, "init", "-q"));
            assertEquals(
                    "",
                    run(git, "status", "--porcelain", "--untracked-files=all", "--", "backups"),
                    "git status shows no backup");
        }

        // a folder that exists keeps its own ignore file; the new folder below it gets one of ours
        Files.writeString(project.resolve("backups/.gitignore"), "prod/\n");
        Backups staging = new Backups(project, "staging", null, PgTools.locate(), clock);
        staging.create(db, events::add);
        assertEquals("prod/\n", Files.readString(project.resolve("backups/.gitignore")), "not overwritten");
        assertTrue(Files.readAllLines(project.resolve("backups/staging/.gitignore"))
                .contains("*"));
        assertEquals(1, staging.list().size(), "the ignore file is not taken for a backup");

        // below a folder that already ignores everything, no second ignore file is needed
        Backups qa = new Backups(
                project,
                "qa",
                new EnvironmentProfile.Backup("backups/staging/qa", "custom", 1, 10),
                PgTools.locate(),
                clock);
        qa.create(db, events::add);
        assertFalse(Files.exists(project.resolve("backups/staging/qa/.gitignore")));
        if (git != null) {
            assertEquals("", run(git, "status", "--porcelain", "--untracked-files=all", "--", "backups/staging"));
        }
    }

    @Test
    void aBackupFolderThatWasThereBeforeKeepsItsOwnFilesVisibleToGitButNeverTheBackups() throws Exception {
        sql("create table t (id int)");
        Path folder = Files.createDirectories(project.resolve("backups/dev"));
        Files.writeString(folder.resolve("README.md"), "restore with migrate:restore\n");
        Files.writeString(folder.resolve(".gitignore"), "*.tmp");
        Backups backups = new Backups(project, "dev", null, PgTools.locate(), clock);

        BackupFile first = backups.create(db, events::add);
        backups.create(db, events::add);

        assertEquals(
                List.of(
                        "*.tmp",
                        "# dev's backups are database dumps: never commit them (written by migrate)",
                        "/dev-*",
                        "/.dev-*.partial"),
                Files.readAllLines(folder.resolve(".gitignore")),
                "the user's line kept, ours added once");
        assertTrue(backups.list().stream().anyMatch(b -> b.name().equals(first.name())));
        Path git = Stream.of("/usr/bin/git", "/usr/local/bin/git", "/bin/git")
                .map(Path::of)
                .filter(Files::isExecutable)
                .findFirst()
                .orElseThrow(() -> new AssertionError("git is needed"));
        assertEquals("", run(git, "init", "-q"));
        assertEquals(
                "?? backups/dev/.gitignore\n?? backups/dev/README.md",
                run(git, "status", "--porcelain", "--untracked-files=all", "--", "backups"),
                "git sees the folder's own files, never a backup");
    }

    private String run(Path program, String... args) throws Exception {
        List<String> command = new ArrayList<>(List.of(program.toString()));
        command.addAll(List.of(args));
        Process p = new ProcessBuilder(command)
                .directory(project.toFile())
                .redirectErrorStream(true)
                .start();
        String out = new String(p.getInputStream().readAllBytes(), java.nio.charset.StandardCharsets.UTF_8);
        assertEquals(0, p.waitFor(), out);
        return out.strip();
    }

    @Test
    void aBackupFolderInsideTheBuildFolderIsRefusedBecauseMvnCleanDeletesIt() throws Exception {
        for (String inside : List.of(
                "target/backups/prod",
                "./target/../target/x",
                "target",
                project.resolve("target/abs").toString())) {
            MigrateException e = assertThrows(
                    MigrateException.class,
                    () -> new Backups(
                            project,
                            "prod",
                            new EnvironmentProfile.Backup(inside, "custom", 1, 10),
                            PgTools.locate(),
                            clock),
                    inside);
            assertEquals(ErrorCode.CONFIGURATION, e.code());
            assertEquals(
                    "backup.directory = '" + inside + "' of environment prod is inside the build folder "
                            + project.resolve("target").toAbsolutePath().normalize() + ", where mvn clean deletes every"
                            + " backup; nothing was changed and no backup was written or restored (set backup.directory in"
                            + " environments/prod.yml to a folder outside it, such as backups/prod, the default)",
                    e.getMessage());
        }
        assertFalse(Files.exists(project.resolve("target")), "nothing was created");
        // a sibling whose name merely starts with the build folder's is fine
        new Backups(
                project,
                "prod",
                new EnvironmentProfile.Backup("target-backups/prod", "custom", 1, 10),
                PgTools.locate(),
                clock);
        // a link that leads into the build folder is refused too: mvn clean deletes what it points at
        Files.createDirectories(project.resolve("target/real"));
        Files.createSymbolicLink(project.resolve("linkt"), project.resolve("target"));
        MigrateException linked = assertThrows(
                MigrateException.class,
                () -> new Backups(
                        project,
                        "prod",
                        new EnvironmentProfile.Backup("linkt/x", "custom", 1, 10),
                        PgTools.locate(),
                        clock));
        assertTrue(
                linked.getMessage()
                        .startsWith(
                                "backup.directory = 'linkt/x' of environment prod is inside the" + " build folder "),
                linked.getMessage());
    }

    @Test
    void aBackupFolderThatIsTheProjectFolderOrInAMigrationLocationIsRefusedBecauseGitWouldSeeTheDumps()
            throws Exception {
        Path root = project.toAbsolutePath().normalize();
        Path defaultLocation = root.resolve("src/main/resources/db/migration");
        String fix = "; nothing was changed and no backup was written or restored (set backup.directory in"
                + " environments/prod.yml to a folder of its own, such as backups/prod, the default)";
        Map<String, String> refused = new java.util.LinkedHashMap<>();
        for (String same : List.of(".", "./", "", "src/..", root.toString())) {
            refused.put(
                    same,
                    "is the project folder " + root + " itself, where git status shows every database"
                            + " dump ready to commit");
        }
        for (String inside : List.of(
                "src/main/resources/db/migration",
                "src/main/resources/db/migration/dumps",
                "./src/main/resources/db/migration/../migration/x")) {
            refused.put(
                    inside,
                    "is inside the migration location " + defaultLocation + ", where git status shows"
                            + " every database dump ready to commit and the build packages it with the migrations");
        }
        refused.put(
                "src/main/resources",
                "holds the migration location " + defaultLocation + ", where git status"
                        + " shows every database dump ready to commit and the build may package it with the migrations");
        refused.forEach((directory, why) -> {
            MigrateException e = assertThrows(
                    MigrateException.class,
                    () -> new Backups(
                            project,
                            "prod",
                            new EnvironmentProfile.Backup(directory, "custom", 1, 10),
                            PgTools.locate(),
                            clock),
                    directory);
            assertEquals(ErrorCode.CONFIGURATION, e.code());
            assertEquals("backup.directory = '" + directory + "' of environment prod " + why + fix, e.getMessage());
        });
        assertFalse(Files.exists(project.resolve("src")), "nothing was created");

        // the configured locations count, not only the default one
        Files.createDirectories(project.resolve("environments"));
        Files.writeString(
                project.resolve("environments/prod.yml"),
                "url: jdbc:postgresql://localhost/shop\n" + "backup: { directory: db/sql/dumps }\n");
        dev.dbmigrate.config.MigrateSettings custom = SettingsResolver.resolve(
                Map.of("env", "prod", "locations", "filesystem:db/sql"), Map.of(), project, project.resolve("target"));
        MigrateException e = assertThrows(MigrateException.class, () -> Backups.of(custom, PgTools.locate()));
        assertEquals(
                "backup.directory = 'db/sql/dumps' of environment prod is inside the migration location "
                        + root.resolve("db/sql")
                        + ", where git status shows every database dump ready to commit and the"
                        + " build packages it with the migrations" + fix,
                e.getMessage());
        // a folder outside the project, or one whose name merely starts with a location's, is fine
        Files.writeString(
                project.resolve("environments/prod.yml"),
                "url: jdbc:postgresql://localhost/shop\n" + "backup: { directory: db/sql-dumps }\n");
        assertEquals(
                root.resolve("db/sql-dumps"),
                Backups.of(
                                SettingsResolver.resolve(
                                        Map.of("env", "prod", "locations", "filesystem:db/sql"),
                                        Map.of(),
                                        project,
                                        project.resolve("target")),
                                PgTools.locate())
                        .directory());
        new Backups(
                project, "prod", new EnvironmentProfile.Backup("../backups", "custom", 1, 10), PgTools.locate(), clock);
    }

    @Test
    void compressionLevelsReachPgDumpAndEveryLevelRestores() throws Exception {
        // compressible rows, so the levels differ in size
        sql(
                "create table public.notes (id int primary key, body text not null)",
                "insert into public.notes select g, repeat('backup ' || (g % 7), 40) from generate_series(1, 5000) g");
        String before = snapshot("public");
        Map<Integer, Long> sizes = new HashMap<>();
        for (int level : new int[] {0, 9}) {
            Backups backups = backups(new EnvironmentProfile.Backup("backups/z" + level, "custom", 1, 10, level));
            BackupFile backup = backups.create(db, events::add);
            sizes.put(level, backup.sizeBytes());
            assertTrue(
                    commandLines().stream()
                            .anyMatch(c -> c.contains("pg_dump --format=custom --compress=" + level + " ")),
                    String.join("\n", commandLines()));
            sql("delete from public.notes where id % 2 = 0", "create table public.later (id int)");
            backups.restore(db, backup, List.of(), events::add);
            assertEquals(before, snapshot("public"), "level " + level + " restores");
        }
        assertTrue(sizes.get(0) > 5 * sizes.get(9), "level 0 does not compress, level 9 does: " + sizes);
        MigrateException e = assertThrows(
                MigrateException.class, () -> backups(new EnvironmentProfile.Backup("backups/z", "custom", 1, 10, 10)));
        assertEquals(ErrorCode.CONFIGURATION, e.code());
    }

    private void restoreBringsBackTheStateAtBackupTime(Backups backups) throws Exception {
        migrateTo("1", "2");
        sql(
                "create schema app",
                "create type public.mood as enum ('ok', 'sad')",
                "create table public.songs (id bigserial primary key, title text not null, mood public.mood,"
                        + " rating numeric(3,1))",
                "create index songs_title on public.songs (title)",
                "insert into public.songs (title, mood, rating) values ('Blackbird', 'ok', 9.5),"
                        + " ('Yesterday', 'sad', 8.0), ('Help!', null, null)",
                "create view public.sad_songs as select title from public.songs where mood = 'sad'",
                "create function public.stars(r numeric) returns text language sql as $$select repeat('*', r::int)$$",
                "create sequence public.ticket_seq start 100",
                "select nextval('public.ticket_seq')",
                "create table app.settings (key text primary key, value text)",
                "insert into app.settings values ('theme', 'dark')");
        String before = snapshot("public", "app");
        List<String> auditBefore = auditRows();

        BackupFile backup = backups.create(db, events::add);
        assertEquals("2", backup.schemaVersion());
        assertEquals(64, backup.sha256().length());
        assertTrue(backup.name().startsWith("dev-20261124-101500-v2"), backup.name());
        assertTrue(Files.readString(backup.checksumFile()).equals(backup.sha256() + "  " + backup.name() + "\n"));
        MigrateEvent.BackupWritten written = written(backup);
        assertEquals(backups.directory(), written.directory());
        assertFalse(written.duration().isNegative(), written::toString);

        // everything changes after the backup, including a migration that writes audit rows and history
        migrateTo("3");
        sql(
                "insert into public.songs (title) values ('Let It Be')",
                "update public.songs set rating = 1 where title = 'Blackbird'",
                "delete from public.songs where title = 'Help!'",
                "drop view public.sad_songs",
                "alter table public.songs alter column title type varchar(200)",
                "alter type public.mood add value 'happy'",
                "create table public.extra (id int)",
                "select setval('public.ticket_seq', 5000)",
                "select nextval('public.songs_id_seq')",
                "insert into app.settings values ('lang', 'en')");
        List<String> auditAfterChanges = auditRows();
        assertTrue(auditAfterChanges.size() > auditBefore.size(), "the later migration wrote audit rows");
        assertNotEquals(before, snapshot("public", "app"));

        backups.restore(db, backup, List.of("public", "app"), events::add);

        assertEquals(before, snapshot("public", "app"));
        assertEquals(
                List.of(), query("select table_name from information_schema.tables" + " where table_name = 'extra'"));
        assertEquals(
                List.of("1", "2"),
                query("select version from public.flyway_schema_history" + " where success order by installed_rank"));
        List<String> auditAfterRestore = auditRows();
        assertEquals(
                auditAfterChanges,
                auditAfterRestore.subList(0, auditAfterRestore.size() - 1),
                "audit rows written after the backup are kept");
        assertTrue(
                auditAfterRestore
                        .get(auditAfterRestore.size() - 1)
                        .matches("[0-9a-f-]{36}\\|restore\\|2\\|null" + "\\|restored\\|.*\\|0\\|postgres"),
                "the restore itself is recorded: " + auditAfterRestore);
        assertEquals(
                List.of("null"),
                query("select to_regclass('public.migrate_promotion')::text"),
                "no promotion journal where none was kept or restored (PromotionTest checks the one that is)");
        assertTrue(
                messages().stream()
                        .anyMatch(m -> m.matches("Restored " + backup.name().replace(".", "\\.")
                                + " into .* \\(schemas public, app\\) in \\d+ ms")),
                String.join("\n", messages()));
        // the restored audit table's sequence continues after the kept rows
        sql("insert into public.migrate_audit (run_id, command, outcome, started_at, duration_ms)"
                + " values ('r', 'test', 'success', now(), 1)");
        assertNoTemporaryFiles(backups);
        assertPasswordNeverOnACommandLine();
    }

    @Test
    void restoreKeepsThePublicSchemaOwnedByTheDatabaseOwnerAndUsableByOtherRoles() throws Exception {
        sql("create table t (id int)", "insert into t values (1)");
        String schemaBefore = query("select nspowner::regrole::text || ' ' || coalesce(nspacl::text, '')"
                        + " || ' ' || coalesce(obj_description(oid, 'pg_namespace'), '') from pg_namespace"
                        + " where nspname = 'public'")
                .get(0);
        Backups backups = backups(null);
        BackupFile backup = backups.create(db, events::add);
        assertTrue(backup.name().endsWith("-v0"), "no migration applied: v0, " + backup.name());
        assertNull(backup.schemaVersion());

        backups.restore(db, backup, List.of(), events::add);

        assertEquals(
                schemaBefore,
                query("select nspowner::regrole::text || ' ' || coalesce(nspacl::text, '')"
                                + " || ' ' || coalesce(obj_description(oid, 'pg_namespace'), '') from pg_namespace"
                                + " where nspname = 'public'")
                        .get(0));
        // PostgreSQL 15 made pg_database_owner the owner of the public schema; before, the bootstrap superuser
        assertTrue(
                schemaBefore.startsWith(PgTools.serverMajor(db) >= 15 ? "pg_database_owner " : "postgres "),
                schemaBefore);
        assertEquals(List.of("1"), query("select id::text from public.t"));
    }

    // ---- rotation and failed backups ---------------------------------------------------------------------------

    @Test
    void rotationKeepsTheNewestBackupsAndDeletesOlderOnesWithTheirChecksums() throws Exception {
        sql("create table t (id int)");
        Backups backups = backups(new EnvironmentProfile.Backup("backups/dev", "custom", 1, 2));
        List<BackupFile> made = new ArrayList<>();
        for (int i = 1; i <= 4; i++) {
            made.add(backups.create(db, events::add));
        }
        List<BackupFile> left = backups.list();
        assertEquals(
                List.of(made.get(2).name(), made.get(3).name()),
                left.stream().map(BackupFile::name).toList());
        assertEquals(made.get(3).name(), backups.latest().name());
        assertEquals(
                Stream.of(made.get(2), made.get(3))
                        .flatMap(b -> Stream.of(b.name(), b.name() + ".sha256"))
                        .sorted()
                        .toList(),
                directoryListing(backups));
        assertTrue(messages().contains("Deleted old backup " + made.get(0).name() + " (keeping the newest 2)"));
        assertTrue(messages().contains("Deleted old backup " + made.get(1).name() + " (keeping the newest 2)"));
    }

    @Test
    void failedPgDumpLeavesNoBackupBehindAndDoesNotRotateOutGoodOnes() throws Exception {
        sql("create table secret (id int)", "insert into secret values (1)");
        Backups backups = backups(new EnvironmentProfile.Backup("backups/dev", "custom", 1, 1));
        BackupFile good = backups.create(db, events::add);
        List<String> listingBefore = directoryListing(backups);

        // a login that may connect but not read the table: pg_dump itself fails
        String role = "reader_" + System.nanoTime();
        sql("create role " + role + " login password 'reader-pw'", "revoke all on table secret from public");
        try (Database reader = open(url, role, "reader-pw")) {
            MigrateException e = assertThrows(MigrateException.class, () -> backups.create(reader, events::add));
            assertEquals(ErrorCode.ENVIRONMENT, e.code());
            assertTrue(
                    e.getMessage().startsWith("pg_dump of " + reader.url().display() + " failed (exit 1): "),
                    e.getMessage());
            assertTrue(e.getMessage().contains("permission denied for table secret"), e.getMessage());
            assertTrue(
                    e.getMessage()
                            .contains("dev was not changed: no backup was written and the earlier backups" + " in "
                                    + backups.directory() + " are untouched"),
                    e.getMessage());
            assertFalse(e.getMessage().contains("reader-pw"), e.getMessage());
        } finally {
            sql("drop role " + role);
        }
        assertEquals(listingBefore, directoryListing(backups));
        assertEquals(
                List.of(good.name()),
                backups.list().stream().map(BackupFile::name).toList());
        assertTrue(Files.readString(good.checksumFile()).startsWith(BackupChecksum.sha256(good.path())));
    }

    @Test
    void unwritableBackupDirectoryFailsBeforePgDumpRuns() throws Exception {
        Files.writeString(project.resolve("blocker"), "a regular file, not a folder");
        Backups backups = backups(new EnvironmentProfile.Backup("blocker/backups", "custom", 1, 10));
        MigrateException e = assertThrows(MigrateException.class, () -> backups.create(db, events::add));
        assertEquals(ErrorCode.ENVIRONMENT, e.code());
        assertTrue(
                e.getMessage()
                        .startsWith("cannot write backups to "
                                + project.resolve("blocker/backups")
                                        .toAbsolutePath()
                                        .normalize() + " ("),
                e.getMessage());
        assertTrue(
                e.getMessage()
                        .contains("dev was not changed and pg_dump was not run (set backup.directory in "
                                + "environments/dev.yml to a folder this user can create and write"),
                e.getMessage());
        assertTrue(commandLines().isEmpty(), "no child process ran: " + commandLines());
    }

    // ---- restore refuses damaged backups and is atomic ---------------------------------------------------------

    @Test
    void tamperedBackupIsRefusedBeforeTheDatabaseIsTouched() throws Exception {
        sql("create table t (id int)", "insert into t values (1)");
        Backups backups = backups(null);
        BackupFile backup = backups.create(db, events::add);
        sql("insert into t values (2)", "create table later (id int)");
        String before = snapshot("public");

        // one bit of the archive (the default directory format: of its table of contents)
        Path damaged = Files.isDirectory(backup.path()) ? backup.path().resolve("toc.dat") : backup.path();
        byte[] bytes = Files.readAllBytes(damaged);
        bytes[bytes.length / 2] ^= 0x01;
        Files.write(damaged, bytes);
        String actual = BackupChecksum.sha256(backup.path());

        MigrateException e =
                assertThrows(MigrateException.class, () -> backups.restore(db, backup, List.of("public"), events::add));
        assertEquals(ErrorCode.REFUSED, e.code());
        assertEquals(
                "cannot restore " + backup.path() + ": its SHA-256 is " + actual + " but " + backup.name()
                        + ".sha256 expects " + backup.sha256() + ", so the backup was changed or damaged after it was "
                        + "written; the database was not touched (restore another backup)",
                e.getMessage());
        assertEquals(before, snapshot("public"));
        assertTrue(commandLines().stream().noneMatch(c -> c.contains("psql")), String.join("\n", commandLines()));
    }

    @Test
    void backupWithoutChecksumFileIsRefusedBeforeTheDatabaseIsTouched() throws Exception {
        sql("create table t (id int)");
        Backups backups = backups(null);
        BackupFile backup = backups.create(db, events::add);
        sql("create table later (id int)");
        String before = snapshot("public");
        Files.delete(backup.checksumFile());

        BackupFile found = backups.find(backup.name());
        assertNull(found.sha256());
        MigrateException e =
                assertThrows(MigrateException.class, () -> backups.restore(db, found, List.of("public"), events::add));
        assertEquals(ErrorCode.REFUSED, e.code());
        assertTrue(
                e.getMessage()
                        .startsWith("cannot restore " + backup.path() + ": its checksum file "
                                + backup.checksumFile()
                                + " is missing or empty, so the backup cannot be verified; the database was"
                                + " not touched"),
                e.getMessage());
        assertEquals(before, snapshot("public"));
    }

    @Test
    void restoreThatFailsMidwayIsRolledBackAndLeavesTheDatabaseAsItWas() throws Exception {
        // public.songs uses a type of the unmanaged schema lib; once lib is gone, restoring public alone must fail
        sql(
                "create schema lib",
                "create type lib.mood as enum ('ok', 'sad')",
                "create table songs (id serial primary key, mood lib.mood)",
                "insert into songs (mood) values ('ok')");
        Backups backups = backups(null);
        BackupFile backup = backups.create(db, events::add);
        sql("drop schema lib cascade", "create table later (id int)", "insert into songs (id) values (42)");
        String before = snapshot("public");

        MigrateException e =
                assertThrows(MigrateException.class, () -> backups.restore(db, backup, List.of("public"), events::add));
        assertEquals(ErrorCode.MIGRATION_FAILED, e.code());
        assertTrue(
                e.getMessage()
                        .startsWith(
                                "restore of " + backup.name() + " into "
                                        + db.url().display()
                                        + " failed and was rolled back, so schemas public are as they were before the restore: "),
                e.getMessage());
        assertTrue(
                e.getMessage().contains("schema \"lib\" does not exist")
                        || e.getMessage().contains("type \"lib.mood\" does not exist"),
                e.getMessage());
        assertEquals(before, snapshot("public"));
        assertEquals(
                List.of("later"),
                query("select table_name from information_schema.tables" + " where table_name = 'later'"));
        assertNoTemporaryFiles(backups);
    }

    @Test
    void pgRestoreThatDiesHalfWayNeverLetsPsqlCommit() throws Exception {
        // the restore's SQL is piped from pg_restore into psql --single-transaction: a pg_restore that stops half-way
        // (here: its output cut at a statement boundary, after the tables are created but before their data, then
        // exit 3) must not leave psql to commit the preamble's drops and empty tables
        sql(
                "create table t (id int primary key, body text)",
                "insert into t select g, repeat(md5(g::text), 20) from generate_series(1, 2000) g");
        Backups backups = backups(null);
        BackupFile backup = backups.create(db, events::add);
        sql("insert into t values (-1, 'after the backup')", "create table later (id int)");
        String before = snapshot("public");
        PgTools real = PgTools.locate();
        Path bin = Files.createDirectories(project.resolve("cut-bin"));
        Files.createSymbolicLink(bin.resolve("pg_dump"), real.pgDump());
        Files.createSymbolicLink(bin.resolve("psql"), real.psql());
        script(
                bin.resolve("pg_restore"),
                "'" + real.pgRestore() + "' \"$@\" | sed -n '/^COPY /q;p'\necho 'pg_restore: error: "
                        + "simulated read error' >&2\nexit 3");
        Backups cut = new Backups(project, "dev", null, PgTools.locate(bin), clock);

        MigrateException e =
                assertThrows(MigrateException.class, () -> cut.restore(db, backup, List.of("public"), events::add));
        assertEquals(ErrorCode.ENVIRONMENT, e.code(), e.getMessage());
        assertEquals(
                "pg_restore could not read " + backup.path() + " (exit 3): pg_restore: error: simulated read error;"
                        + " the restore was rolled back, so the database is as it was (check that the backup is complete and "
                        + "that pg_restore is at least as new as the pg_dump that wrote it)",
                e.getMessage());
        assertEquals(before, snapshot("public"));
        assertNoTemporaryFiles(backups);
    }

    /** psql as the restore runs it, reading its standard input and then the completion check. */
    private List<String> guardedPsql(Path work, String completed) throws IOException {
        Path guard = work.resolve("guard.sql");
        Files.writeString(guard, RestoreScript.requireCompletion(completed));
        List<String> psql = new ArrayList<>(List.of(
                PgTools.locate().psql().toString(),
                "-X",
                "-q",
                "-v",
                "ON_ERROR_STOP=1",
                "--single-transaction",
                "-f",
                "-",
                "-f",
                guard.toString()));
        psql.addAll(LibpqConnection.of(db.url()).arguments());
        return psql;
    }

    @Test
    void theOsPipeCommitsOnlyWhatACompletedProducerWrote() throws Exception {
        LibpqConnection connection = LibpqConnection.of(db.url());
        Path work = Files.createDirectories(project.resolve("pipe"));
        String completed = RestoreScript.completionVariable();
        List<String> psql = guardedPsql(work, completed);

        ProcessPipeline.Result ok = ProcessPipeline.run(
                List.of("sh", "-c", "printf 'create table piped_ok (id int);\\n'"),
                psql,
                connection.environment(),
                RestoreScript.completion(completed),
                work,
                Duration.ofMinutes(1));
        assertEquals(0, ok.producerExit());
        assertEquals(0, ok.consumerExit(), ok.consumerError());
        // a producer that fails after writing, even one that writes a completion line of its own guessing
        ProcessPipeline.Result cut = ProcessPipeline.run(
                List.of(
                        "sh",
                        "-c",
                        "printf 'create table piped_cut (id int);\\n"
                                + "\\\\set migrate_restore_complete_0 on\\n'; echo 'read error' >&2; exit 3"),
                psql,
                connection.environment(),
                RestoreScript.completion(completed),
                work,
                Duration.ofMinutes(1));
        assertEquals(3, cut.producerExit());
        assertFalse(cut.consumerStoppedEarly());
        assertNotEquals(0, cut.consumerExit());
        assertEquals("read error\n", cut.producerError());
        assertEquals(
                List.of("piped_ok"),
                query("select table_name from information_schema.tables" + " where table_name like 'piped%'"));

        // the guard alone, without the consumer being killed: input that lacks the completion line is rolled back
        ProcessBuilder alone = new ProcessBuilder(psql).redirectErrorStream(true);
        alone.environment().putAll(connection.environment());
        Process p = alone.start();
        p.getOutputStream().write("create table guarded (id int);\n".getBytes(java.nio.charset.StandardCharsets.UTF_8));
        p.getOutputStream().close();
        String output = new String(p.getInputStream().readAllBytes(), java.nio.charset.StandardCharsets.UTF_8);
        assertEquals(3, p.waitFor(), output);
        assertTrue(output.contains("pg_restore did not finish, so nothing of the restore is kept"), output);
        assertEquals(List.of(), query("select table_name from information_schema.tables where table_name = 'guarded'"));
    }

    @Test
    void thePumpedPipeNeverLetsTheConsumerSeeTheEndOfAFailedProducer() throws Exception {
        Path work = Files.createDirectories(project.resolve("pumped"));
        String completed = RestoreScript.completionVariable();
        List<String> consumer =
                List.of("sh", "-c", "cat > '" + work.resolve("seen") + "' && touch '" + work.resolve("ended") + "'");

        ProcessPipeline.Result failed = ProcessPipeline.pumped(
                List.of("sh", "-c", "echo part; exit 3"),
                consumer,
                Map.of(),
                RestoreScript.completion(completed),
                work,
                Duration.ofMinutes(1));
        assertEquals(3, failed.producerExit());
        assertNotEquals(0, failed.consumerExit(), "killed");
        assertFalse(Files.exists(work.resolve("ended")), "the consumer never saw the end of its input");

        ProcessPipeline.Result whole = ProcessPipeline.pumped(
                List.of("sh", "-c", "echo all"),
                consumer,
                Map.of(),
                RestoreScript.completion(completed),
                work,
                Duration.ofMinutes(1));
        assertEquals(0, whole.producerExit());
        assertEquals(0, whole.consumerExit());
        assertEquals(
                "all\n\n\\set " + completed + " on\n",
                Files.readString(work.resolve("seen")),
                "the completion line follows a successful producer's output");
        assertTrue(Files.exists(work.resolve("ended")));

        // and psql, as the restore runs it, commits what the pump brought with its completion line
        LibpqConnection connection = LibpqConnection.of(db.url());
        ProcessPipeline.Result restored = ProcessPipeline.pumped(
                List.of("sh", "-c", "printf 'create table pumped_ok (id int);\\n'"),
                guardedPsql(work, completed),
                connection.environment(),
                RestoreScript.completion(completed),
                work,
                Duration.ofMinutes(1));
        assertEquals(0, restored.consumerExit(), restored.consumerError());
        assertEquals(
                List.of("pumped_ok"),
                query("select table_name from information_schema.tables" + " where table_name = 'pumped_ok'"));
    }

    @Test
    void latestAndFindNameTheDirectoryAndWhatExists() throws Exception {
        Backups backups = backups(null);
        MigrateException none = assertThrows(MigrateException.class, backups::latest);
        assertEquals(
                "there is no backup of dev in " + backups.directory() + "; nothing was changed (run "
                        + "migrate:backup -Dmigrate.env=dev first)",
                none.getMessage());

        BackupFile backup = backups.create(db, events::add);
        assertEquals(backup.path(), backups.find(backup.name()).path());
        assertEquals(
                backup.path(), backups.find(backup.name().replace(".dump", "")).path());
        assertEquals(backup.path(), backups.find(backup.path().toString()).path());
        MigrateException missing = assertThrows(MigrateException.class, () -> backups.find("dev-19990101-000000"));
        assertEquals(
                "no backup 'dev-19990101-000000' in " + backups.directory() + " (the backups there are " + backup.name()
                        + "); nothing was changed",
                missing.getMessage());
    }

    // ---- PgTools -----------------------------------------------------------------------------------------------

    @Test
    void binDirectoryWithoutTheToolsNamesWhatIsMissingAndTheFix() throws Exception {
        Path bin = Files.createDirectories(project.resolve("empty-bin"));
        PgTools tools = PgTools.locate(bin);
        MigrateException e = assertThrows(MigrateException.class, () -> tools.requireUsableFor(db));
        assertEquals(ErrorCode.ENVIRONMENT, e.code());
        int server = PgTools.serverMajor(db); // 15, or the major -Dmigrate.test.major runs the suite on
        assertEquals(
                "pg_dump, pg_restore, psql not found in " + bin.toAbsolutePath() + "; nothing was changed "
                        + "(install the PostgreSQL " + server + " client with apt-get install postgresql-client-"
                        + server + ", or point the bin directory at one holding pg_dump, pg_restore and psql)",
                e.getMessage());
    }

    @Test
    void pgDumpOlderThanTheServerIsRefusedWithTheFix() throws Exception {
        Path bin = Files.createDirectories(project.resolve("old-bin"));
        Path fake = bin.resolve("pg_dump");
        PgTools real = PgTools.locate();
        script(fake, "echo 'pg_dump (PostgreSQL) 11.22'");
        script(bin.resolve("pg_restore"), "exec '" + real.pgRestore() + "' \"$@\"");
        script(bin.resolve("psql"), "exec '" + real.psql() + "' \"$@\"");

        PgTools tools = PgTools.locate(bin);
        assertEquals(11, tools.major());
        MigrateException e = assertThrows(MigrateException.class, () -> tools.requireUsableFor(db));
        assertEquals(ErrorCode.ENVIRONMENT, e.code());
        int server = PgTools.serverMajor(db);
        assertEquals(
                "pg_dump 11 cannot back up PostgreSQL " + server + " on "
                        + db.url().host() + ":"
                        + db.url().port()
                        + ": that needs pg_dump " + server + " or newer, and the one found is " + fake.toAbsolutePath()
                        + " (version 11.22), in the folder -Dmigrate.pgBinDir names; nothing was changed (install"
                        + " postgresql-client-" + server + ", for example apt-get install postgresql-client-" + server
                        + ", and put its bin folder first on the PATH, or set pgBinDir (-Dmigrate.pgBinDir) to a"
                        + " folder holding pg_dump, pg_restore and psql of PostgreSQL " + server + " or newer)",
                e.getMessage());

        Backups backups = new Backups(project, "dev", null, tools, clock);
        assertThrows(MigrateException.class, () -> backups.create(db, events::add));
        assertFalse(Files.exists(backups.directory()), "nothing was written");
    }

    @Test
    void machineToolsMatchTheTestServer() {
        PgTools tools = PgTools.locate();
        assertEquals(List.of(), tools.missing());
        assertEquals(15, tools.major());
        tools.requireUsableFor(db);
    }

    // ---- LibpqConnection ---------------------------------------------------------------------------------------

    @Test
    void connectionPassesThePasswordAndSslSettingsOnlyInTheEnvironment() {
        var parsed = dev.dbmigrate.config.DatabaseUrl.parse(
                "postgresql://deploy:pa%20ss@db.internal:6543/shop"
                        + "?sslmode=verify-full&sslrootcert=/etc/ca.pem&sslcert=/etc/c.pem&sslkey=/etc/k.pem",
                "test");
        LibpqConnection c = LibpqConnection.of(parsed);
        assertEquals(List.of("--host=db.internal", "--port=6543", "--username=deploy", "--dbname=shop"), c.arguments());
        assertEquals(
                Map.of(
                        "PGPASSWORD",
                        "pa ss",
                        "PGSSLMODE",
                        "verify-full",
                        "PGSSLROOTCERT",
                        "/etc/ca.pem",
                        "PGSSLCERT",
                        "/etc/c.pem",
                        "PGSSLKEY",
                        "/etc/k.pem",
                        "PGCONNECT_TIMEOUT",
                        "10",
                        "PGAPPNAME",
                        "migrate"),
                c.environment());
    }

    // ---- helpers -----------------------------------------------------------------------------------------------

    private static void script(Path file, String body) throws IOException {
        Files.writeString(file, "#!/bin/sh\n" + body + "\n");
        Files.setPosixFilePermissions(file, PosixFilePermissions.fromString("rwxr-xr-x"));
    }

    private Backups backups(EnvironmentProfile.Backup settings) {
        return new Backups(project, "dev", settings, PgTools.locate(), clock);
    }

    private Database open(String jdbcUrl, String user, String password) {
        Map<String, String> props = new HashMap<>();
        props.put("url", jdbcUrl);
        props.put("user", user);
        props.put("password", password);
        props.put("locations", "filesystem:" + migrations);
        return Database.open(
                SettingsResolver.resolve(props, Map.of(), project, project.resolve("target")), events::add);
    }

    /** Writes migrations with the given versions and applies them with the engine (history and audit rows). */
    private void migrateTo(String... versions) throws IOException {
        for (String v : versions) {
            Files.writeString(
                    migrations.resolve("V" + v + "__step_" + v + ".sql"), "create table step_" + v + " (id int);\n");
        }
        Map<String, String> props = new HashMap<>();
        props.put("url", url);
        props.put("user", "postgres");
        props.put("password", TestPostgres.PASSWORD);
        props.put("locations", "filesystem:" + migrations);
        try (Migrator migrator = new Migrator(
                SettingsResolver.resolve(props, Map.of(), project, project.resolve("target")), events::add)) {
            migrator.upgrade();
        }
    }

    private void sql(String... statements) throws SQLException {
        try (Connection c = db.connect();
                Statement s = c.createStatement()) {
            for (String statement : statements) {
                s.execute(statement);
            }
        }
    }

    /** Each row of the query as its columns joined with '|'. */
    private List<String> query(String sql) throws SQLException {
        List<String> rows = new ArrayList<>();
        try (Connection c = db.connect();
                Statement s = c.createStatement();
                ResultSet rs = s.executeQuery(sql)) {
            ResultSetMetaData meta = rs.getMetaData();
            while (rs.next()) {
                StringBuilder row = new StringBuilder();
                for (int i = 1; i <= meta.getColumnCount(); i++) {
                    row.append(i > 1 ? "|" : "").append(rs.getString(i));
                }
                rows.add(row.toString());
            }
        }
        return rows;
    }

    /**
     * The content of the schemas as text: tables and columns, indexes and constraints, views, functions, types,
     * sequences' current values, and every row of every table (the audit table apart, which a restore keeps).
     */
    private String snapshot(String... schemas) throws SQLException {
        String in = "('" + String.join("','", schemas) + "')";
        StringBuilder out = new StringBuilder();
        for (String catalog : List.of(
                "select table_schema, table_name, table_type from information_schema.tables where table_schema in " + in
                        + " order by 1, 2",
                "select table_schema, table_name, ordinal_position, column_name, data_type, character_maximum_length,"
                        + " is_nullable, column_default from information_schema.columns where table_schema in " + in
                        + " order by 1, 2, 3",
                "select schemaname, tablename, indexname, indexdef from pg_indexes where schemaname in " + in
                        + " order by 1, 2, 3",
                "select n.nspname, c.conname, pg_get_constraintdef(c.oid) from pg_constraint c join pg_namespace n"
                        + " on n.oid = c.connamespace where n.nspname in " + in + " order by 1, 2",
                "select schemaname, viewname, definition from pg_views where schemaname in " + in + " order by 1, 2",
                "select n.nspname, p.proname, pg_get_functiondef(p.oid) from pg_proc p join pg_namespace n"
                        + " on n.oid = p.pronamespace where n.nspname in " + in + " order by 1, 2",
                "select n.nspname, t.typname, e.enumlabel from pg_enum e join pg_type t on t.oid = e.enumtypid"
                        + " join pg_namespace n on n.oid = t.typnamespace where n.nspname in " + in
                        + " order by 1, 2, e.enumsortorder",
                "select schemaname, sequencename, last_value from pg_sequences where schemaname in " + in
                        + " and sequencename <> 'migrate_audit_id_seq' order by 1, 2")) {
            out.append(String.join("\n", query(catalog))).append("\n--\n");
        }
        for (String table : query("select quote_ident(table_schema) || '.' || quote_ident(table_name)"
                + " from information_schema.tables where table_type = 'BASE TABLE' and table_schema in " + in
                + " and table_name <> 'migrate_audit' order by 1")) {
            out.append(table)
                    .append(":\n")
                    .append(String.join("\n", query("select r::text from " + table + " r order by 1")))
                    .append("\n");
        }
        return out.toString();
    }

    /** The audit rows without their ids, oldest first. */
    private List<String> auditRows() throws SQLException {
        return query("select run_id, command, version, script, outcome, started_at, duration_ms, db_user"
                + " from public.migrate_audit order by id");
    }

    /** The event that reported {@code backup} written. */
    private MigrateEvent.BackupWritten written(BackupFile backup) {
        synchronized (events) {
            return events.stream()
                    .filter(e -> e instanceof MigrateEvent.BackupWritten)
                    .map(e -> (MigrateEvent.BackupWritten) e)
                    .filter(w -> w.name().equals(backup.name()))
                    .findFirst()
                    .orElseThrow(() -> new AssertionError("no event for " + backup.name() + ": " + events));
        }
    }

    private List<String> messages() {
        synchronized (events) {
            return events.stream().map(ConsoleText::text).toList();
        }
    }

    /** The command lines of the child processes the backups ran, from their debug lines. */
    private List<String> commandLines() {
        return messages().stream().filter(m -> m.startsWith("ran ")).toList();
    }

    private void assertPasswordNeverOnACommandLine() {
        List<String> lines = commandLines();
        assertTrue(lines.stream().anyMatch(l -> l.contains("pg_dump")), String.join("\n", lines));
        assertTrue(lines.stream().anyMatch(l -> l.contains("psql")), String.join("\n", lines));
        for (String line : lines) {
            assertFalse(line.contains(TestPostgres.PASSWORD), line);
        }
    }

    private static List<String> directoryListing(Backups backups) throws IOException {
        try (Stream<Path> files = Files.list(backups.directory())) {
            return files.map(p -> p.getFileName().toString()).sorted().toList();
        }
    }

    private static void assertNoTemporaryFiles(Backups backups) throws IOException {
        List<String> hidden = directoryListing(backups).stream()
                .filter(n -> n.startsWith("."))
                .toList();
        assertEquals(List.of(), hidden);
    }

    /** A clock that moves one second on each reading, so backups taken in a row get distinct names. */
    private static final class SteppingClock extends Clock {
        private Instant now;

        SteppingClock(Instant start) {
            this.now = start;
        }

        @Override
        public ZoneId getZone() {
            return ZoneOffset.UTC;
        }

        @Override
        public Clock withZone(ZoneId zone) {
            return this;
        }

        @Override
        public synchronized Instant instant() {
            Instant current = now;
            now = now.plus(Duration.ofSeconds(1));
            return current;
        }
    }

    @Test
    void twoBackupsInTheSameSecondGetTwoNamesAndNeitherIsOverwritten() throws Exception {
        Backups sameSecond = new Backups(
                project,
                "prod",
                null,
                PgTools.locate(null),
                java.time.Clock.fixed(java.time.Instant.parse("2026-11-25T10:15:00Z"), java.time.ZoneOffset.UTC));
        migrateTo("3");
        BackupFile first = sameSecond.create(db, dev.dbmigrate.events.MigrateListener.NONE);
        BackupFile second = sameSecond.create(db, dev.dbmigrate.events.MigrateListener.NONE);
        assertEquals("prod-20261125-101500-v3", first.path().getFileName().toString());
        assertEquals("prod-20261125-101501-v3", second.path().getFileName().toString());
        assertEquals(2, sameSecond.list().size());
    }
}
