package dev.dbmigrate.engine;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.dbmigrate.config.MigrateSettings;
import dev.dbmigrate.config.MigrateSettings.Executor;
import dev.dbmigrate.config.SettingsResolver;
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
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The profile's {@code lockRetries} against a real blocking session: a second connection holds a lock the migration
 * needs inside an open transaction, and lets go after the first retry, or never.
 */
@Tag("postgres")
class LockRetryTest {
    private static final String LOCKED = "lockTimeout: 300ms\nlockRetries:\n  attempts: 5\n  backoff: 200ms\n";

    @TempDir
    Path project;

    private Path migrations;
    private String url;
    private final List<MigrateEvent> events = Collections.synchronizedList(new ArrayList<>());
    /** Counted down at the first retry: the blocker lets go only after the migration was tried again. */
    private final CountDownLatch retried = new CountDownLatch(1);

    @BeforeEach
    void setUp() throws IOException {
        migrations = project.resolve("db/migration");
        Files.createDirectories(migrations);
        Files.createDirectories(project.resolve("environments"));
        url = TestPostgres.newDatabase("lr");
    }

    private MigrateSettings settings(String... extra) {
        Map<String, String> props = new HashMap<>();
        props.put("url", url);
        props.put("user", "postgres");
        props.put("password", TestPostgres.PASSWORD);
        props.put("locations", migrations.toString());
        for (int i = 0; i < extra.length; i += 2) {
            props.put(extra[i], extra[i + 1]);
        }
        return SettingsResolver.resolve(props, Map.of(), project, project.resolve("target"));
    }

    private Results.Upgrade upgrade(String... extra) {
        return upgrade(Executor.DIRECT, extra);
    }

    private Results.Upgrade upgrade(Executor executor, String... extra) {
        try (Migrator migrator = new Migrator(settings(extra).withExecutor(executor), event -> {
            events.add(event);
            if (event instanceof MigrateEvent.MigrationRetried) {
                retried.countDown();
            }
        })) {
            return migrator.upgrade();
        }
    }

    private void write(String name, String sql) throws IOException {
        Files.writeString(migrations.resolve(name), sql);
    }

    private void profile(String yaml) throws IOException {
        Files.writeString(project.resolve("environments/locked.yml"), yaml);
    }

    private Connection connect() throws SQLException {
        return DriverManager.getConnection(url, "postgres", TestPostgres.PASSWORD);
    }

    /** A session that takes a lock on {@code t} with {@code sql} in a transaction it keeps open. */
    private Connection blocker(String sql) throws SQLException {
        Connection c = connect();
        c.setAutoCommit(false);
        c.createStatement().execute(sql);
        return c;
    }

    /** Commits the blocker's transaction from a background thread once the migration was retried. */
    private CompletableFuture<Void> letGoAfterTheFirstRetry(Connection blocker) {
        return CompletableFuture.runAsync(() -> {
            try {
                assertTrue(retried.await(30, TimeUnit.SECONDS), "no retry was reported");
                blocker.commit();
            } catch (InterruptedException | SQLException e) {
                throw new IllegalStateException(e);
            }
        });
    }

    private List<String> retries() {
        synchronized (events) {
            return events.stream()
                    .filter(e -> e instanceof MigrateEvent.MigrationRetried)
                    .map(ConsoleText::text)
                    .toList();
        }
    }

    private List<String> history() throws SQLException {
        return TestPostgres.rows(
                url, "select version || ':' || success from flyway_schema_history order by installed_rank");
    }

    @Test
    void aMigrationBlockedUntilAfterItsFirstRetryIsAppliedOnceTheBlockerLetsGo() throws Exception {
        write("V1__create_t.sql", "create table t (id int);\n");
        upgrade();
        write("V2__add_t_c.sql", "alter table t add column c text;\n");
        profile(LOCKED);
        try (Connection blocker = blocker("lock table t in access share mode")) {
            CompletableFuture<Void> letGo = letGoAfterTheFirstRetry(blocker);
            Results.Upgrade result = upgrade("env", "locked");
            letGo.join();
            assertEquals("2", result.toVersion());
        }
        List<String> retries = retries();
        assertTrue(!retries.isEmpty() && retries.size() <= 5, retries.toString());
        assertEquals(
                "V2__add_t_c.sql hit the lock timeout (lock_timeout 300ms): retry 1 of 5 in 200ms", retries.get(0));
        if (retries.size() > 1) {
            assertEquals(
                    "V2__add_t_c.sql hit the lock timeout (lock_timeout 300ms): retry 2 of 5 in 400ms", retries.get(1));
        }
        assertEquals(List.of("1:true", "2:true"), history());
        assertEquals(
                List.of("c"),
                TestPostgres.rows(
                        url,
                        "select column_name from information_schema.columns"
                                + " where table_name = 't' and column_name = 'c'"));
    }

    @Test
    void flywaysExecutorRetriesAMigrationItRolledBackAsTheDirectOneDoes() throws Exception {
        write("V1__create_t.sql", "create table t (id int);\n");
        upgrade();
        write("V2__add_t_c.sql", "alter table t add column c text;\n");
        profile(LOCKED);
        try (Connection blocker = blocker("lock table t in access share mode")) {
            CompletableFuture<Void> letGo = letGoAfterTheFirstRetry(blocker);
            upgrade(Executor.FLYWAY, "env", "locked");
            letGo.join();
        }
        List<String> retries = retries();
        assertTrue(!retries.isEmpty() && retries.size() <= 5, retries.toString());
        assertEquals(
                "V2__add_t_c.sql hit the lock timeout (lock_timeout 300ms): retry 1 of 5 in 200ms", retries.get(0));
        assertEquals(List.of("1:true", "2:true"), history());
    }

    @Test
    void flywaysExecutorGivesUpAfterTheAttemptsWithTheSameAccount() throws Exception {
        write("V1__create_t.sql", "create table t (id int);\n");
        upgrade();
        write("V2__add_t_c.sql", "alter table t add column c text;\n");
        profile("lockTimeout: 300ms\nlockRetries:\n  attempts: 2\n  backoff: 100ms\n");
        MigrateException e;
        try (Connection blocker = blocker("lock table t in access share mode")) {
            e = assertThrows(MigrateException.class, () -> upgrade(Executor.FLYWAY, "env", "locked"));
            blocker.rollback();
        }
        assertTrue(
                e.getMessage()
                        .startsWith("upgrade stopped: migration V2__add_t_c.sql failed at line 1: hit the lock"
                                + " timeout (lock_timeout 300ms) on all 3 tries: retried 2 times over "),
                e.getMessage());
        assertTrue(e.getMessage().contains("another session held a lock V2__add_t_c.sql needs"), e.getMessage());
        assertEquals(2, retries().size(), retries().toString());
        assertEquals(List.of("1:true"), history());
    }

    @Test
    void aBlockerThatNeverLetsGoFailsAfterTheAttemptsWithTheDatabaseAtThePreviousVersion() throws Exception {
        write("V1__create_t.sql", "create table t (id int);\n");
        upgrade();
        write("V2__create_u.sql", "create table u (id int);\n");
        write("V3__add_t_c.sql", "alter table t add column c text;\n");
        profile("lockTimeout: 300ms\nlockRetries:\n  attempts: 3\n  backoff: 100ms\n");
        MigrateException e;
        try (Connection blocker = blocker("lock table t in access share mode")) {
            e = assertThrows(MigrateException.class, () -> upgrade("env", "locked"));
            blocker.rollback();
        }
        assertEquals(ErrorCode.MIGRATION_FAILED, e.code());
        String message = e.getMessage();
        assertTrue(
                message.startsWith("upgrade stopped: migration V3__add_t_c.sql failed at line 1: hit the lock timeout"
                        + " (lock_timeout 300ms) on all 4 tries: retried 3 times over "),
                message);
        assertTrue(
                message.contains(" ms (lockRetries: attempts 3, backoff 100ms): ERROR: canceling statement due to"
                        + " lock timeout"),
                message);
        assertTrue(
                message.contains("; V3__add_t_c.sql was rolled back and is not applied; 1 earlier migration of this"
                        + " run stays applied (V2__create_u.sql); the database is at version 2 (another session held"
                        + " a lock V3__add_t_c.sql needs: find it in pg_stat_activity (a long transaction on the same"
                        + " table, often idle in transaction) and let it finish or end it with"
                        + " pg_terminate_backend(pid); raise lockRetries (attempts, backoff) in"
                        + " environments/locked.yml, or run at a quieter time; then run "),
                message);
        assertEquals(
                List.of(
                        "V3__add_t_c.sql hit the lock timeout (lock_timeout 300ms): retry 1 of 3 in 100ms",
                        "V3__add_t_c.sql hit the lock timeout (lock_timeout 300ms): retry 2 of 3 in 200ms",
                        "V3__add_t_c.sql hit the lock timeout (lock_timeout 300ms): retry 3 of 3 in 400ms"),
                retries());
        assertEquals(List.of("1:true", "2:true"), history());
        assertEquals(
                List.of(),
                TestPostgres.rows(
                        url,
                        "select column_name from information_schema.columns"
                                + " where table_name = 't' and column_name = 'c'"));
    }

    @Test
    void theInvalidIndexOfABlockedCreateIndexConcurrentlyIsDroppedBeforeTheRetry() throws Exception {
        write("V1__create_t.sql", "create table t (id int);\ninsert into t select generate_series(1, 100);\n");
        upgrade();
        write("V2__index_t_id.sql", "create index concurrently t_id_idx on t (id);\n");
        profile(LOCKED);
        try (Connection blocker = blocker("insert into t values (101)")) {
            CompletableFuture<Void> letGo = letGoAfterTheFirstRetry(blocker);
            upgrade("env", "locked");
            letGo.join();
        }
        assertTrue(!retries().isEmpty(), events.toString());
        List<String> lines;
        synchronized (events) {
            lines = events.stream().map(ConsoleText::text).toList();
        }
        assertTrue(
                lines.contains("Dropped the invalid index public.t_id_idx that V2__index_t_id.sql left when its"
                        + " CREATE INDEX CONCURRENTLY hit the lock timeout, before trying it again"),
                lines.toString());
        assertEquals(
                List.of("t_id_idx:true"),
                TestPostgres.rows(
                        url,
                        "select c.relname || ':' || i.indisvalid from pg_index i"
                                + " join pg_class c on c.oid = i.indexrelid where i.indrelid = 't'::regclass"));
        assertEquals(List.of("1:true", "2:true"), history());
    }

    @Test
    void anInvalidIndexThatCannotBeDroppedWhileTheBlockerStaysIsNamedWithItsDropAndRecordedAsFailed() throws Exception {
        write("V1__create_t.sql", "create table t (id int);\n");
        upgrade();
        write("V2__index_t_id.sql", "create index concurrently t_id_idx on t (id);\n");
        profile("lockTimeout: 300ms\nlockRetries:\n  attempts: 1\n  backoff: 100ms\n");
        MigrateException e;
        try (Connection blocker = blocker("insert into t values (1)")) {
            e = assertThrows(MigrateException.class, () -> upgrade("env", "locked"));
            blocker.rollback();
        }
        String message = e.getMessage();
        assertTrue(
                message.startsWith("upgrade stopped: migration V2__index_t_id.sql failed at line 1: hit the lock"
                        + " timeout (lock_timeout 300ms) on all 2 tries: retried 1 time over "),
                message);
        assertTrue(
                message.contains(" ms (lockRetries: attempts 1, backoff 100ms); the invalid index public.t_id_idx it"
                        + " left is still there (dropping it waits for the session that holds the lock: run DROP"
                        + " INDEX CONCURRENTLY IF EXISTS public.t_id_idx once that session is gone): ERROR: canceling"
                        + " statement due to lock timeout; V2__index_t_id.sql ran outside a transaction and is"
                        + " recorded as failed, partly applied;"),
                message);
        assertTrue(message.contains("; drop its invalid index, run "), message);
        assertEquals(1, retries().size(), retries().toString());
        assertEquals(List.of("1:true", "2:false"), history());
        assertEquals(
                List.of("t_id_idx:false"),
                TestPostgres.rows(
                        url,
                        "select c.relname || ':' || i.indisvalid from pg_index i"
                                + " join pg_class c on c.oid = i.indexrelid where i.indrelid = 't'::regclass"));
    }

    @Test
    void aFailureOtherThanTheLockTimeoutIsNotRetried() throws Exception {
        write("V1__create_t.sql", "create table t (id int);\n");
        write("V2__broken.sql", "alter tabel t add column c text;\n");
        profile(LOCKED);
        MigrateException e = assertThrows(MigrateException.class, () -> upgrade("env", "locked"));
        assertTrue(
                e.getMessage()
                        .startsWith("upgrade stopped: migration V2__broken.sql failed at line 1: ERROR: syntax error at"
                                + " or near \"tabel\""),
                e.getMessage());
        assertTrue(e.getMessage().contains("(fix V2__broken.sql and run "), e.getMessage());
        assertEquals(List.of(), retries());
        assertEquals(List.of("1:true"), history());
    }
}
