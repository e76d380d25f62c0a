package dev.dbmigrate.change;

import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.dbmigrate.schema.SchemaDiff;
import dev.dbmigrate.schema.Snapshot;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Collectors;

/**
 * A stricter check than {@link PlanProof}'s for plans of several migrations: each migration's undo alone must give
 * back the schema before that migration (as a deployment rolled back one migration at a time needs), not only the
 * whole chain of undos the schema before the first.
 */
final class StepwiseProof {

    private StepwiseProof() {}

    /** Runs {@code proven}'s migrations again on its database, then each undo, checking the schema after each. */
    static void check(PlanProof.Proven proven) throws SQLException {
        List<PlannedMigration> migrations = proven.plan().migrations();
        PlanProof.undoAll(proven);
        List<Snapshot> before = new ArrayList<>();
        for (PlannedMigration migration : migrations) {
            before.add(PlanProof.read(proven.url()));
            PlanProof.run(proven.url(), migration.forward(), migration.phase().alone());
        }
        for (int i = migrations.size() - 1; i >= 0; i--) {
            PlanProof.run(
                    proven.url(),
                    migrations.get(i).undo(),
                    migrations.get(i).phase().alone());
            String differences = SchemaDiff.between(before.get(i), PlanProof.read(proven.url())).stream()
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
            PlanProof.run(proven.url(), migration.forward(), migration.phase().alone());
        }
    }
}
