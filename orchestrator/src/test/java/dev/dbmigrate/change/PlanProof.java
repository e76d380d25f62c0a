package dev.dbmigrate.change;

import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.dbmigrate.schema.CatalogReader;
import dev.dbmigrate.schema.SchemaDiff;
import dev.dbmigrate.schema.Snapshot;
import dev.dbmigrate.schema.SnapshotScope;
import dev.dbmigrate.testing.TestPostgres;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.List;
import java.util.stream.Collectors;

/**
 * The planner's proof in tests: the schemas {@code before} and {@code after} are built from SQL in two fresh
 * databases, the plan between their snapshots is run on the first migration by migration (each in a transaction but
 * an {@link Phase#alone} one), and the result must be the plan's expected schema; then the undo scripts, last first,
 * must give the schema before back exactly, and the migrations again the expected schema. {@code data} runs in the
 * first database before the plan, so a test can check its rows afterwards ({@link #rows}).
 */
final class PlanProof {
    private static final SnapshotScope SCOPE = SnapshotScope.of(List.of(), "flyway_schema_history");

    /** What a proof gives a test to look at. */
    record Proven(Plan plan, Snapshot current, Snapshot desired, String url) {
        /** Every migration's statements, each migration opened by {@code -- <phase>}: to assert on and to read. */
        String script() {
            return plan.migrations().stream()
                    .map(migration -> "-- " + migration.phase() + "\n"
                            + migration.forward().stream().map(s -> s + ";\n").collect(Collectors.joining()))
                    .collect(Collectors.joining());
        }

        /** Every undo script's statements, in the order they run (the last migration's first). */
        String undoScript() {
            List<PlannedMigration> migrations = plan.migrations();
            StringBuilder text = new StringBuilder();
            for (int i = migrations.size() - 1; i >= 0; i--) {
                text.append("-- undo ").append(migrations.get(i).phase()).append('\n');
                migrations
                        .get(i)
                        .undo()
                        .forEach(statement -> text.append(statement).append(";\n"));
            }
            return text.toString();
        }

        /** The rows of {@code sql} in the database the plan ran on. */
        List<String> rows(String sql) throws SQLException {
            return TestPostgres.rows(url, sql);
        }
    }

    private PlanProof() {}

    /** Proves the plan from {@code before} to {@code after} with destructive changes held back. */
    static Proven prove(String before, String after) throws SQLException {
        return prove(before, "", after, ChangeOptions.defaults());
    }

    /** Proves the plan from {@code before} (then {@code data}) to {@code after} under {@code options}. */
    static Proven prove(String before, String data, String after, ChangeOptions options) throws SQLException {
        String url = TestPostgres.newDatabase("plan_current");
        String desiredUrl = TestPostgres.newDatabase("plan_desired");
        execute(url, before + ";" + data);
        execute(desiredUrl, after);
        Snapshot current = read(url);
        Snapshot desired = read(desiredUrl);
        Plan plan = Planner.plan(current, desired, options);
        Proven proven = new Proven(plan, current, desired, url);
        Snapshot expected = plan.expected(desired);
        forward(url, plan);
        assertSame(expected, read(url), "after the migrations", proven);
        undoAll(proven);
        assertSame(current, read(url), "after the undo scripts", proven);
        forward(url, plan);
        assertSame(expected, read(url), "after the migrations again", proven);
        return proven;
    }

    /** Runs every undo script of {@code proven}'s plan on its database, the last migration's first. */
    static void undoAll(Proven proven) throws SQLException {
        List<PlannedMigration> migrations = proven.plan().migrations();
        for (int i = migrations.size() - 1; i >= 0; i--) {
            run(
                    proven.url(),
                    migrations.get(i).undo(),
                    migrations.get(i).phase().alone());
        }
    }

    private static void forward(String url, Plan plan) throws SQLException {
        for (PlannedMigration migration : plan.migrations()) {
            run(url, migration.forward(), migration.phase().alone());
        }
    }

    private static void assertSame(Snapshot expected, Snapshot actual, String when, Proven proven) {
        String differences = SchemaDiff.between(expected, actual).stream()
                .map(difference -> difference.line("expected", "database"))
                .collect(Collectors.joining("\n"));
        assertEquals(
                "", differences, when + "\n--- migrations:\n" + proven.script() + "--- undo:\n" + proven.undoScript());
    }

    /** Runs one migration's statements: in one transaction, or one by one when it stands alone. */
    static void run(String url, List<String> statements, boolean alone) throws SQLException {
        try (Connection connection = connect(url);
                Statement statement = connection.createStatement()) {
            connection.setAutoCommit(alone);
            for (String sql : statements) {
                statement.execute(sql);
            }
            if (!alone) {
                connection.commit();
            }
        }
    }

    private static void execute(String url, String sql) throws SQLException {
        try (Connection connection = connect(url);
                Statement statement = connection.createStatement()) {
            statement.execute("DO $$ BEGIN CREATE ROLE plan_reader; EXCEPTION WHEN duplicate_object THEN NULL; END $$");
            if (!sql.isBlank()) {
                statement.execute(sql);
            }
        }
    }

    /** The snapshot of the database at {@code url}. */
    static Snapshot read(String url) throws SQLException {
        try (Connection connection = connect(url)) {
            return CatalogReader.read(connection, SCOPE);
        }
    }

    private static Connection connect(String url) throws SQLException {
        return DriverManager.getConnection(url, "postgres", TestPostgres.PASSWORD);
    }
}
