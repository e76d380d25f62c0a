package dev.dbmigrate.app;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.dbmigrate.backup.BackupFile;
import dev.dbmigrate.backup.PgTools;
import dev.dbmigrate.config.DatabaseUrl;
import dev.dbmigrate.config.MigrateSettings;
import dev.dbmigrate.config.SettingsResolver;
import dev.dbmigrate.embedded.EmbeddedPostgres;
import dev.dbmigrate.engine.Results;
import dev.dbmigrate.error.ErrorCode;
import dev.dbmigrate.error.MigrateException;
import dev.dbmigrate.events.MigrateListener;
import dev.dbmigrate.testing.TestPostgres;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.SQLException;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * The everyday commands, as the goals and the CLI verbs run them ({@link MigrateCommands}), on a server of every
 * supported major version (12 to 18), each checked on the database itself: init, current, history, validate, downgrade
 * with its undo script, upgrade, repair of a changed checksum, backup and restore where this machine's pg_dump can dump
 * the server (and its refusal, naming the version needed, where it cannot), and drop.
 */
@Tag("postgres")
@Tag("process")
class EveryPostgresVersionTest {
    private static final MigrateListener QUIET = event -> {};

    @TempDir
    Path project;

    private String url;

    @ParameterizedTest(name = "PostgreSQL {0}")
    @MethodSource("dev.dbmigrate.testing.TestPostgres#majors")
    void theEverydayCommandsWorkOnEveryMajor(int major) throws Exception {
        EmbeddedPostgres server = TestPostgres.ofMajor(major);
        url = TestPostgres.newDatabase(server, "pg" + major);
        assertEquals(
                List.of(Integer.toString(major)), rows("select current_setting('server_version_num')::int / 10000"));
        writeMigrations();

        Results.Upgrade init = MigrateCommands.init(settings(), QUIET);
        assertEquals("2", init.toVersion());
        assertEquals(List.of("songs", "tabs"), tables());
        assertEquals(List.of("happy|2"), rows("select mood, count(*) from songs group by mood"));
        assertEquals(List.of("1|t", "2|t"), history());

        Results.Current current = MigrateCommands.current(settings(), QUIET);
        assertEquals("2", current.version());
        assertEquals(0, current.pendingCount());
        assertEquals(2, MigrateCommands.history(settings(), QUIET).rows().size());
        assertEquals(4, MigrateCommands.validate(settings(), QUIET).checked());

        Results.Downgrade down = MigrateCommands.downgrade(settings(), QUIET);
        assertEquals("1", down.toVersion());
        assertEquals(List.of("songs"), tables());
        assertEquals(List.of(), rows("select viewname from pg_views where schemaname = 'public'"));
        assertEquals(List.of("1|t"), history());

        assertEquals("2", MigrateCommands.upgrade(settings(), QUIET).toVersion());
        assertEquals(List.of("song_tabs"), rows("select viewname from pg_views where schemaname = 'public'"));

        repairsAChangedChecksum();
        backsUpAndRestoresWhereTheClientAllows(major);

        String database = DatabaseUrl.parse(url, "test").database();
        PgTools tools = PgTools.locate();
        if (tools.major() < major) {
            // the backup a drop takes when pg_dump is there: this one cannot dump the server, so nothing is dropped
            MigrateException refused = assertThrows(
                    MigrateException.class, () -> MigrateCommands.drop(settings("confirm", database), QUIET));
            assertTrue(
                    refused.getMessage()
                            .startsWith("drop refused: pg_dump " + tools.version() + " (" + tools.pgDump()
                                    + ") is older than the server, so database " + database
                                    + " cannot be backed up first; nothing was dropped (install the PostgreSQL client"
                                    + " of the server's version"),
                    refused.getMessage());
            assertTrue(refused.getMessage().contains("-Dmigrate.backupBeforeDrop=false"), refused.getMessage());
            assertEquals(List.of("songs", "tabs"), tables());
            MigrateCommands.drop(settings("confirm", database, "backupBeforeDrop", "false"), QUIET);
        } else {
            MigrateCommands.drop(settings("confirm", database), QUIET);
        }
        assertEquals(List.of(), tables());
        assertEquals(List.of(), rows("select typname from pg_type where typname = 'mood'"));
    }

    /** A comment added to an applied script: validate refuses, repair records the new checksum, validate passes. */
    private void repairsAChangedChecksum() throws IOException {
        Path v1 = migrations().resolve("V1__songs.sql");
        Files.writeString(v1, Files.readString(v1) + "-- reviewed\n");
        MigrateException changed =
                assertThrows(MigrateException.class, () -> MigrateCommands.validate(settings(), QUIET));
        assertEquals(ErrorCode.VALIDATION, changed.code());
        assertTrue(changed.getMessage().contains("V1__songs.sql"), changed.getMessage());
        assertFalse(MigrateCommands.repair(settings(), QUIET).actions().isEmpty());
        assertEquals(4, MigrateCommands.validate(settings(), QUIET).checked());
    }

    /**
     * With this machine's pg_dump at least the server's major: a backup, every migration undone, and the restore
     * bringing the tables, rows and history back. With an older pg_dump: the refusal naming the version needed and the
     * pg_dump found, and no backup written.
     */
    private void backsUpAndRestoresWhereTheClientAllows(int major) throws SQLException {
        PgTools tools = PgTools.locate();
        if (tools.major() < major) {
            MigrateException refused =
                    assertThrows(MigrateException.class, () -> MigrateCommands.backup(settings(), QUIET));
            assertEquals(ErrorCode.ENVIRONMENT, refused.code());
            String host = DatabaseUrl.parse(url, "test").host() + ":"
                    + DatabaseUrl.parse(url, "test").port();
            assertEquals(
                    "pg_dump " + tools.major() + " cannot back up PostgreSQL " + major + " on " + host
                            + ": that needs pg_dump " + major + " or newer, and the one found is " + tools.pgDump()
                            + " (version " + tools.version() + "); nothing was changed (install postgresql-client-"
                            + major + ", for example apt-get install postgresql-client-" + major + ", and put its"
                            + " bin folder first on the PATH, or set pgBinDir (-Dmigrate.pgBinDir) to a folder"
                            + " holding pg_dump, pg_restore and psql of PostgreSQL " + major + " or newer)",
                    refused.getMessage());
            assertFalse(Files.exists(project.resolve("backups")), "no backup folder was made");
            assertEquals(List.of("1|t", "2|t"), history());
            return;
        }
        BackupFile backup = MigrateCommands.backup(settings(), QUIET);
        assertTrue(Files.exists(backup.path()), backup.path().toString());
        MigrateCommands.downgrade(settings("target", "0"), QUIET);
        assertEquals(List.of(), tables());
        MigrateCommands.restore(
                settings("confirm", DatabaseUrl.parse(url, "test").database()), QUIET);
        assertEquals(List.of("songs", "tabs"), tables());
        assertEquals(List.of("happy|2"), rows("select mood, count(*) from songs group by mood"));
        assertEquals(List.of("1|t", "2|t"), history());
    }

    private void writeMigrations() throws IOException {
        Path folder = Files.createDirectories(migrations());
        Files.writeString(folder.resolve("V1__songs.sql"), """
                create type mood as enum ('happy', 'sad');
                create table songs (
                    id int generated always as identity primary key,
                    title text not null,
                    mood mood not null default 'happy'
                );
                create index songs_title on songs (lower(title)) where title <> '';
                insert into songs (title) values ('Tabs'), ('Chords');
                """);
        Files.writeString(folder.resolve("U1__songs.sql"), "drop table songs;\ndrop type mood;\n");
        Files.writeString(folder.resolve("V2__tabs.sql"), """
                create table tabs (song_id int not null references songs (id), body text not null default '');
                create view song_tabs as select s.title, t.body from songs s join tabs t on t.song_id = s.id;
                """);
        Files.writeString(folder.resolve("U2__tabs.sql"), "drop view song_tabs;\ndrop table tabs;\n");
    }

    private Path migrations() {
        return project.resolve("src/main/resources/db/migration");
    }

    private MigrateSettings settings(String... extra) {
        Map<String, String> props = new HashMap<>();
        props.put("url", url);
        props.put("user", "postgres");
        props.put("password", TestPostgres.PASSWORD);
        for (int i = 0; i < extra.length; i += 2) {
            props.put(extra[i], extra[i + 1]);
        }
        return SettingsResolver.resolve(props, Map.of(), project, project.resolve("target"));
    }

    private List<String> tables() throws SQLException {
        return rows("select table_name from information_schema.tables where table_schema = 'public'"
                + " and table_type = 'BASE TABLE' and table_name <> 'flyway_schema_history'"
                + " and table_name not like 'migrate\\_%'"
                + " order by table_name");
    }

    private List<String> history() throws SQLException {
        return rows("select version, success from flyway_schema_history order by installed_rank");
    }

    private List<String> rows(String sql) throws SQLException {
        return TestPostgres.rows(url, sql);
    }
}
