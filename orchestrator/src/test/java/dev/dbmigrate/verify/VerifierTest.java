package dev.dbmigrate.verify;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.dbmigrate.config.EnvironmentProfile.VerifyQuery;
import dev.dbmigrate.config.SettingsResolver;
import dev.dbmigrate.db.Database;
import dev.dbmigrate.error.ErrorCode;
import dev.dbmigrate.error.MigrateException;
import dev.dbmigrate.events.MigrateEvent;
import dev.dbmigrate.events.MigrateListener;
import dev.dbmigrate.report.ConsoleText;
import dev.dbmigrate.report.Json;
import dev.dbmigrate.report.VerificationJson;
import dev.dbmigrate.report.VerificationMarkdown;
import dev.dbmigrate.testing.TestPostgres;
import dev.dbmigrate.verify.DatabaseStats.IndexStats;
import dev.dbmigrate.verify.DatabaseStats.TableStats;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Verification checks and database statistics against the real PostgreSQL server the tests start. */
@Tag("postgres")
class VerifierTest {
    private static final String ORPHAN_TABS =
            "select t.id, t.song_id from tabs t left join songs s on s.id = t.song_id where s.id is null order by t.id";
    private static final List<String> SCHEMAS = List.of("public");

    @TempDir
    Path project;

    private String url;
    private final List<MigrateEvent> events = Collections.synchronizedList(new ArrayList<>());
    private final MigrateListener listener = events::add;

    @BeforeEach
    void createSchema() throws SQLException {
        url = TestPostgres.newDatabase("verify");
        sql(
                "create table songs (id int primary key, title text not null)",
                "create table tabs (id int primary key, song_id int not null, body text)",
                "create index tabs_song_id_idx on tabs (song_id)",
                "insert into songs values (1, 'Stairway'), (2, 'Wonderwall')",
                "insert into tabs values (1, 1, 'e|---0---|'), (2, 2, 'e|---2---|')");
    }

    // ---- helpers ------------------------------------------------------------------------------------------------

    private Connection connect() throws SQLException {
        return DriverManager.getConnection(url, "postgres", TestPostgres.PASSWORD);
    }

    private void sql(String... statements) throws SQLException {
        try (Connection c = connect();
                Statement st = c.createStatement()) {
            for (String s : statements) {
                st.execute(s);
            }
        }
    }

    private String value(String query) throws SQLException {
        try (Connection c = connect();
                Statement st = c.createStatement();
                ResultSet rs = st.executeQuery(query)) {
            rs.next();
            return rs.getString(1);
        }
    }

    private Database database(String jdbcUrl) {
        return Database.open(
                SettingsResolver.resolve(
                        Map.of(
                                "url",
                                jdbcUrl,
                                "user",
                                "postgres",
                                "password",
                                TestPostgres.PASSWORD,
                                "allowEmpty",
                                "true"),
                        Map.of(),
                        project,
                        project.resolve("target")),
                MigrateListener.NONE);
    }

    private VerificationResult verify(Duration timeout, VerifyQuery... checks) {
        try (Database db = database(url)) {
            return Verifier.run(db, List.of(checks), SCHEMAS, timeout, listener);
        }
    }

    private VerificationResult verify(VerifyQuery... checks) {
        return verify(Duration.ofSeconds(10), checks);
    }

    private CheckResult only(VerificationResult result) {
        assertEquals(1, result.checks().size());
        return result.checks().get(0);
    }

    private static VerifyQuery rows(String name, String sql, long rows) {
        return new VerifyQuery(name, sql, rows, null, null);
    }

    private static VerifyQuery equalsCheck(String name, String sql, String value) {
        return new VerifyQuery(name, sql, null, value, null);
    }

    /** The check results the run reported, in order. */
    private List<MigrateEvent.CheckFinished> checkEvents() {
        return events.stream()
                .filter(e -> e instanceof MigrateEvent.CheckFinished)
                .map(e -> (MigrateEvent.CheckFinished) e)
                .toList();
    }

    private List<String> lines(MigrateEvent.Level level) {
        return events.stream()
                .filter(e -> ConsoleText.level(e) == level)
                .map(ConsoleText::text)
                .toList();
    }

    // ---- expectations -------------------------------------------------------------------------------------------

    @Test
    void rowsExpectationPassesAndPrintsCountAndDuration() {
        VerificationResult result = verify(rows("every tab has a song", ORPHAN_TABS, 0));

        assertTrue(result.passed());
        CheckResult check = only(result);
        assertEquals("0 rows", check.expected());
        assertEquals("0 rows", check.actual());
        assertEquals("0 rows, expected 0", check.message());
        assertEquals(
                List.of(new MigrateEvent.CheckFinished(
                        "every tab has a song",
                        true,
                        "0 rows, expected 0",
                        Duration.ofMillis(check.durationMs()),
                        null)),
                checkEvents());
        assertTrue(
                lines(MigrateEvent.Level.INFO).contains("verify: 1 check passed in " + check.durationMs() + " ms"),
                events.toString());
    }

    @Test
    void rowsExpectationFailsShowingCountAndFirstThreeOffendingRows() throws SQLException {
        sql("insert into tabs values (3, 99, null), (4, 98, null), (5, 97, null), (6, 96, null)");

        VerificationResult result = verify(rows("every tab has a song", ORPHAN_TABS, 0));

        assertFalse(result.passed());
        CheckResult check = only(result);
        assertEquals(List.of(check), result.failures());
        assertEquals("4 rows", check.actual());
        assertEquals(
                "returned 4 rows, expected 0 (first 3 rows: {id=3, song_id=99}; {id=4, song_id=98};"
                        + " {id=5, song_id=97}; ...)",
                check.message());
        assertEquals(
                "verify 'every tab has a song': FAILED: " + check.message() + " in " + check.durationMs() + " ms",
                ConsoleText.text(check.event()));
        assertEquals(List.of(check.event()), checkEvents());
        assertFalse(check.event().passed());
        assertTrue(
                lines(MigrateEvent.Level.WARN)
                        .contains("verify: 1 of 1 check FAILED: 'every tab has a song' " + check.message()),
                events.toString());
    }

    @Test
    void rowsExpectationFailsShowingTheSingleOffendingRow() throws SQLException {
        sql("insert into tabs values (3, 99, null)");

        CheckResult check = only(verify(rows("every tab has a song", ORPHAN_TABS, 0)));

        assertEquals("returned 1 row, expected 0 (first row: {id=3, song_id=99})", check.message());
    }

    @Test
    void equalsExpectationPassesWhenTheValueMatchesAsText() {
        VerificationResult result = verify(
                equalsCheck("two songs", "select count(*) from songs", "2"),
                equalsCheck("null reads as null", "select null::text", "null"));

        assertTrue(result.passed(), result.failures().toString());
        assertEquals("value '2', expected '2'", result.checks().get(0).message());
        assertEquals("null", result.checks().get(1).actual());
    }

    @Test
    void equalsExpectationFailsNamingBothValues() {
        CheckResult check = only(verify(equalsCheck("three songs", "select count(*) from songs", "3")));

        assertFalse(check.passed());
        assertEquals("3", check.expected());
        assertEquals("2", check.actual());
        assertEquals("returned '2', expected '3'", check.message());
    }

    @Test
    void equalsExpectationFailsClearlyOnAMultiRowResult() {
        CheckResult check = only(verify(equalsCheck("first song", "select id, title from songs order by id", "1")));

        assertFalse(check.passed());
        assertEquals("2 rows", check.actual());
        assertEquals(
                "returned 2 rows, expected one row with the value '1' (first 2 rows: {id=1, title=Stairway};"
                        + " {id=2, title=Wonderwall})",
                check.message());
    }

    @Test
    void equalsExpectationFailsOnOneRowWithSeveralColumns() {
        CheckResult check = only(verify(equalsCheck("first song", "select id, title from songs where id = 1", "1")));

        assertEquals("returned one row with 2 columns (id, title), expected a single value '1'", check.message());
    }

    @Test
    void equalsExpectationFailsOnAnEmptyResult() {
        CheckResult check = only(verify(equalsCheck("song 9", "select title from songs where id = 9", "Creep")));

        assertEquals("returned no rows, expected one row with the value 'Creep'", check.message());
    }

    // ---- failing SQL --------------------------------------------------------------------------------------------

    @Test
    void sqlErrorFailsWithPostgresMessageAndLaterChecksStillRun() {
        VerificationResult result = verify(rows("typo", "selec 1", 1), rows("fine", "select 1", 1));

        CheckResult typo = result.checks().get(0);
        assertFalse(typo.passed());
        assertEquals(null, typo.actual());
        assertTrue(typo.message().startsWith("query failed: ERROR: syntax error at or near \"selec\""), typo.message());
        assertTrue(result.checks().get(1).passed(), result.checks().get(1).message());
        assertEquals(List.of(typo), result.failures());
    }

    /** A permission error is a failed check naming the table, the role and the GRANT, never "could not connect". */
    @Test
    void checkWithoutSelectPrivilegeFailsSayingPermissionDeniedWithTheGrant() throws SQLException {
        String role = "verify_reader_" + Long.toHexString(System.nanoTime());
        String database = value("select current_database()");
        sql(
                "create role " + role + " login password 'Reader-Pw-4711'",
                "grant connect on database " + database + " to " + role,
                "grant usage on schema public to " + role,
                "grant select on songs to " + role);
        VerificationResult result;
        try (Database db = Database.open(
                SettingsResolver.resolve(
                        Map.of("url", url, "user", role, "password", "Reader-Pw-4711", "allowEmpty", "true"),
                        Map.of(),
                        project,
                        project.resolve("target")),
                MigrateListener.NONE)) {
            result = Verifier.run(
                    db,
                    List.of(
                            rows("tabs have songs", ORPHAN_TABS, 0),
                            rows("songs readable", "select * from songs where id = 1", 1)),
                    SCHEMAS,
                    Duration.ofSeconds(10),
                    listener);
        }
        CheckResult denied = result.checks().get(0);
        assertFalse(denied.passed());
        assertEquals(
                "query failed: ERROR: permission denied for table tabs (role " + role + " lacks the privilege:"
                        + " GRANT SELECT ON tabs TO " + role + ", or connect as a role that has it)",
                denied.message());
        assertEquals(
                denied.event(),
                events.stream()
                        .filter(e -> ConsoleText.level(e) == MigrateEvent.Level.WARN)
                        .findFirst()
                        .orElseThrow(),
                events.toString());
        assertTrue(result.checks().get(1).passed(), result.checks().get(1).message());
        assertFalse(
                events.stream().anyMatch(e -> ConsoleText.text(e).contains("could not connect")), events.toString());
        assertFalse(events.stream().anyMatch(e -> ConsoleText.text(e).contains("Reader-Pw-4711")), events.toString());
        assertEquals("2", value("select count(*) from tabs"));
    }

    /** The same role without CONNECT on the database: a connection failure that says permission denied and the GRANT. */
    @Test
    void roleWithoutConnectPrivilegeIsToldTheGrantNotToCheckTheServer() throws SQLException {
        String role = "verify_noconnect_" + Long.toHexString(System.nanoTime());
        String database = value("select current_database()");
        sql(
                "create role " + role + " login password 'Reader-Pw-4712'",
                "revoke connect on database " + database + " from public");
        MigrateException e = assertThrows(MigrateException.class, () -> {
            try (Database db = Database.open(
                    SettingsResolver.resolve(
                            Map.of("url", url, "user", role, "password", "Reader-Pw-4712", "allowEmpty", "true"),
                            Map.of(),
                            project,
                            project.resolve("target")),
                    MigrateListener.NONE)) {
                Verifier.run(db, List.of(rows("songs", "select 1", 1)), SCHEMAS, Duration.ofSeconds(10), listener);
            }
        });
        assertEquals(ErrorCode.CONNECTION, e.code());
        assertTrue(
                e.getMessage()
                        .startsWith("could not connect to the database: FATAL: permission denied for database" + " \""
                                + database + "\""),
                e.getMessage());
        assertTrue(
                e.getMessage()
                        .endsWith("; nothing was changed (role " + role + " lacks the privilege: GRANT CONNECT"
                                + " ON DATABASE " + database + " TO " + role + ", or connect as a role that has it)"),
                e.getMessage());
        assertFalse(e.getMessage().contains("check that the server is running"), e.getMessage());
    }

    @Test
    void writesAreRefusedByTheReadOnlyTransactionAndDataIsUnchanged() throws SQLException {
        VerificationResult result = verify(
                rows("sneaky insert", "insert into songs values (3, 'Creep') returning id", 1),
                rows("sneaky update", "update songs set title = 'changed' returning id", 2),
                rows("commit first", "commit; insert into songs values (4, 'Yellow')", 0));

        assertEquals("Stairway,Wonderwall", value("select string_agg(title, ',' order by id) from songs"));
        assertEquals(3, result.failures().size());
        assertEquals(
                "query failed: ERROR: cannot execute INSERT in a read-only transaction"
                        + " (verify runs its queries READ ONLY; nothing was changed)",
                result.checks().get(0).message());
        assertEquals(
                "query failed: ERROR: cannot execute UPDATE in a read-only transaction"
                        + " (verify runs its queries READ ONLY; nothing was changed)",
                result.checks().get(1).message());
        assertEquals(
                "the SQL holds 2 statements; a check must be exactly one query (select ...)",
                result.checks().get(2).message());
    }

    @Test
    void emptySqlFailsAndATrailingSemicolonIsAccepted() {
        VerificationResult result = verify(rows("empty", "-- nothing yet", 0), rows("semicolon", "select 1;", 1));

        assertEquals(
                "the SQL holds no statement; a check must be exactly one query (select ...)",
                result.checks().get(0).message());
        assertTrue(result.checks().get(1).passed(), result.checks().get(1).message());
    }

    @Test
    void statementTimeoutFailsWithTimeoutMessage() {
        VerificationResult result =
                verify(Duration.ofMillis(200), rows("slow", "select pg_sleep(2)", 1), rows("fast", "select 1", 1));

        CheckResult slow = result.checks().get(0);
        assertFalse(slow.passed());
        assertEquals(
                "query failed: ERROR: canceling statement due to statement timeout"
                        + " (the statement timeout is 200 ms)",
                slow.message());
        assertTrue(slow.durationMs() < 2000, "cancelled after " + slow.durationMs() + " ms");
        assertTrue(result.checks().get(1).passed(), result.checks().get(1).message());
    }

    @Test
    void budgetMissFailsNamingTheDurationAndTheBudget() {
        CheckResult check = only(verify(new VerifyQuery("quick enough", "select pg_sleep(0.3)", 1L, null, 50L)));

        assertFalse(check.passed());
        Matcher m = Pattern.compile("1 row, expected 1, but took (\\d+) ms, over its budget of 50 ms")
                .matcher(check.message());
        assertTrue(m.matches(), check.message());
        long took = Long.parseLong(m.group(1));
        assertEquals(check.durationMs(), took);
        assertTrue(took >= 300, check.message());
        assertEquals(50L, check.budgetMs());
    }

    @Test
    void checkWithinItsBudgetPassesAndShowsTheBudget() {
        CheckResult check = only(verify(new VerifyQuery("quick", "select 1", 1L, null, 5000L)));

        assertTrue(check.passed(), check.message());
        assertTrue(ConsoleText.text(check.event()).endsWith(" ms (budget 5000 ms)"), ConsoleText.text(check.event()));
    }

    @Test
    void noChecksPassWithAnEmptyListAndStillCollectStats() {
        VerificationResult result = verify();

        assertTrue(result.passed());
        assertEquals(List.of(), result.checks());
        assertEquals(List.of(), result.failures());
        assertNotNull(result.stats());
        assertTrue(lines(MigrateEvent.Level.INFO).contains("verify: no checks to run"), events.toString());
    }

    @Test
    void unreachableDatabaseThrowsAConnectionError() {
        MigrateException e = assertThrows(MigrateException.class, () -> {
            try (Database db = database("jdbc:postgresql://127.0.0.1:1/nothing")) {
                Verifier.run(db, List.of(rows("any", "select 1", 1)), SCHEMAS, null, listener);
            }
        });

        assertEquals(ErrorCode.CONNECTION, e.code());
        assertTrue(e.getMessage().startsWith("could not connect to the database: "), e.getMessage());
        assertFalse(e.getMessage().contains(TestPostgres.PASSWORD));
    }

    @Test
    void aFailedCheckReachesTheConsoleAndItsStatisticsRenderAsJsonAndMarkdown() throws SQLException {
        sql("insert into tabs values (3, 99, 'a|b')");

        VerificationResult result = verify(rows("every tab has a song", ORPHAN_TABS, 0));

        CheckResult check = result.checks().get(0);
        assertFalse(check.passed());
        assertEquals(MigrateEvent.Level.WARN, ConsoleText.level(check.event()));
        assertTrue(ConsoleText.text(check.event()).contains("every tab has a song"), ConsoleText.text(check.event()));
        String json = Json.write(VerificationJson.of(result.stats()));
        assertTrue(json.contains("\"name\": \"tabs_song_id_idx\""), json);
        String markdown = VerificationMarkdown.of(result.stats());
        assertTrue(markdown.contains("| public.tabs |"), markdown);
    }

    // ---- statistics ---------------------------------------------------------------------------------------------

    @Test
    void statsListTablesAndIndexesWithSizesAndScanCounts() throws Exception {
        sql("analyze songs", "analyze tabs");
        try (Connection c = connect();
                Statement st = c.createStatement()) {
            st.execute("set enable_seqscan = off");
            st.executeQuery("select title from songs where id = 1").close();
            st.execute("select pg_stat_force_next_flush()");
        }

        DatabaseStats stats = statsOnceScanned("public.songs_pkey");

        assertEquals(value("select current_database()"), stats.database());
        assertTrue(stats.databaseSizeBytes() > 0);
        assertEquals(
                List.of("public.songs", "public.tabs"),
                stats.tables().stream().map(TableStats::qualifiedName).toList());
        TableStats songs = stats.table("public.songs");
        assertEquals(2, songs.estimatedRows());
        assertTrue(songs.tableBytes() > 0 && songs.indexBytes() > 0, songs.toString());
        assertEquals(songs.totalBytes(), songs.tableBytes() + songs.indexBytes());
        assertEquals(
                List.of("public.songs_pkey", "public.tabs_pkey", "public.tabs_song_id_idx"),
                stats.indexes().stream().map(IndexStats::qualifiedName).toList());
        IndexStats pkey = stats.index("public.songs_pkey");
        assertTrue(pkey.bytes() > 0 && pkey.scans() > 0 && !pkey.unused() && pkey.unique(), pkey.toString());
        IndexStats songId = stats.index("public.tabs_song_id_idx");
        assertEquals("tabs", songId.table());
        assertEquals(0, songId.scans());
        assertTrue(songId.unused() && !songId.unique(), songId.toString());
        assertTrue(
                VerificationMarkdown.of(stats)
                        .lines()
                        .anyMatch(l -> l.startsWith("| public.tabs_song_id_idx | tabs | ")
                                && l.endsWith(" | 0 | **unused** |")),
                VerificationMarkdown.of(stats));
        assertTrue(
                VerificationMarkdown.of(stats).contains("| public.tabs_song_id_idx | tabs | "),
                VerificationMarkdown.of(stats));
        assertTrue(VerificationMarkdown.of(stats).contains(" | 0 | **unused** |"), VerificationMarkdown.of(stats));
    }

    /** Cumulative statistics reach other sessions with a delay; waits until the index's scan shows. */
    private DatabaseStats statsOnceScanned(String index) throws Exception {
        long deadline = System.nanoTime() + Duration.ofSeconds(10).toNanos();
        while (true) {
            DatabaseStats stats;
            try (Connection c = connect()) {
                stats = DatabaseStats.collect(c, SCHEMAS);
            }
            if (stats.index(index).scans() > 0 || System.nanoTime() > deadline) {
                return stats;
            }
            Thread.sleep(100);
        }
    }

    @Test
    void compareReportsAddedTableGrownTableAndNewIndex() throws SQLException {
        DatabaseStats before = verify().stats();
        sql(
                "create table setlists (id int primary key, name text)",
                "insert into songs select g, 'song ' || g from generate_series(3, 5000) g",
                "drop index tabs_song_id_idx");
        DatabaseStats after = verify().stats();

        StatsDelta delta = DatabaseStats.compare(before, after);

        assertEquals(
                List.of("public.setlists"),
                delta.tablesAdded().stream().map(TableStats::qualifiedName).toList());
        assertEquals(List.of(), delta.tablesRemoved());
        StatsDelta.TableChange songs = delta.change("public.songs");
        assertTrue(songs.bytesChange() > 0, songs.toString());
        assertEquals(
                List.of(songs),
                delta.resizedTables().stream()
                        .filter(c -> c.table().equals("public.songs"))
                        .toList());
        assertEquals(
                List.of("public.setlists_pkey"),
                delta.indexesAdded().stream().map(IndexStats::qualifiedName).toList());
        assertEquals(List.of("public.tabs_song_id_idx"), delta.indexesRemoved());
        assertEquals(after.databaseSizeBytes() - before.databaseSizeBytes(), delta.databaseSizeChange());
        String markdown = VerificationMarkdown.of(delta, "### What the deployment changed");
        assertTrue(markdown.contains("- Tables added: public.setlists ("), markdown);
        assertTrue(markdown.contains("- Indexes added: public.setlists_pkey on setlists ("), markdown);
        assertTrue(markdown.contains("- Indexes removed: public.tabs_song_id_idx"), markdown);
        assertTrue(markdown.contains("| public.songs | "), markdown);
        assertTrue(Json.write(VerificationJson.of(delta)).contains("\"table\": \"public.songs\""));
    }
}
