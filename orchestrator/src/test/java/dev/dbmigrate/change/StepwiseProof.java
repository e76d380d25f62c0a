package dev.dbmigrate.change;

import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.dbmigrate.schema.CatalogReader;
import dev.dbmigrate.schema.SchemaDiff;
import dev.dbmigrate.schema.Snapshot;
import dev.dbmigrate.schema.SnapshotScope;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Collectors;

/**
 * A stricter check than {@link PlanProof}'s for plans of several migrations: each migration's undo alone must give
 * back the schema before that migration (as a deployment rolled back one migration at a time needs), not only the
 * whole chain of undos the schema before the first.
 */
final class StepwiseProof {
    private static final SnapshotScope SCOPE = SnapshotScope.of(List.of(), "flyway_schema_history");

    private StepwiseProof() {}

    /** Runs {@code proven}'s migrations again on its database, then each undo, checking the schema after each. */
    static void check(PlanProof.Proven proven) throws SQLException {
        List<PlannedMigration> migrations = proven.plan().migrations();
        for (int i = migrations.size() - 1; i >= 0; i--) {
            run(
                    proven.url(),
                    migrations.get(i).undo(),
                    migrations.get(i).phase().alone());
        }
        List<Snapshot> before = new ArrayList<>();
        for (PlannedMigration migration : migrations) {
            before.add(read(proven.url()));
            run(proven.url(), migration.forward(), migration.phase().alone());
        }
        for (int i = migrations.size() - 1; i >= 0; i--) {
            run(
                    proven.url(),
                    migrations.get(i).undo(),
                    migrations.get(i).phase().alone());
            String differences = SchemaDiff.between(before.get(i), read(proven.url())).stream()
                    .map(difference -> difference.line("before", "after its undo"))
                    .collect(Collectors.joining("\n"));
            assertEquals(
                    "",
                    differences,
                    "the undo of migration " + (i + 1) + " ("
                            + migrations.get(i).phase() + ")\n" + proven.script() + "--- undo:\n"
                            + proven.undoScript());
        }
        for (PlannedMigration migration : migrations) {
            run(proven.url(), migration.forward(), migration.phase().alone());
        }
    }

    /** Runs every undo script of {@code proven}'s plan on its database, the last migration's first. */
    static void undoAll(PlanProof.Proven proven) throws SQLException {
        List<PlannedMigration> migrations = proven.plan().migrations();
        for (int i = migrations.size() - 1; i >= 0; i--) {
            run(
                    proven.url(),
                    migrations.get(i).undo(),
                    migrations.get(i).phase().alone());
        }
    }

    private static void run(String url, List<String> statements, boolean alone) throws SQLException {
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

    private static Snapshot read(String url) throws SQLException {
        try (Connection connection = connect(url)) {
            return CatalogReader.read(connection, SCOPE);
        }
    }

    private static Connection connect(String url) throws SQLException {
        return DriverManager.getConnection(url, "postgres", dev.dbmigrate.testing.TestPostgres.PASSWORD);
    }
}
