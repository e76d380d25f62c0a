package dev.dbmigrate.promote;

import dev.dbmigrate.config.FixHint;
import dev.dbmigrate.config.MigrateSettings;
import dev.dbmigrate.engine.Migrator;
import dev.dbmigrate.events.MigrateListener;
import dev.dbmigrate.history.Versions;
import dev.dbmigrate.rehearse.Rehearsal;
import dev.dbmigrate.rehearse.RehearsalReport;
import dev.dbmigrate.rehearse.RehearsedMigration;

/**
 * The rehearsal a promotion runs before it touches the source: the migrations pending on the environment that is
 * further behind (the target, usually), built from the files up to its version in a throwaway database, each applied,
 * undone and applied again ({@link Rehearsal}). A migration whose round trip is not exact stops the promotion before
 * anything changed.
 */
final class RehearsePending implements PendingRehearsal {
    @Override
    public String rehearse(MigrateSettings source, MigrateSettings target, MigrateListener listener) {
        String sourceVersion = applied(source);
        String targetVersion = applied(target);
        boolean sourceBehind =
                sourceVersion == null || targetVersion != null && Versions.compare(sourceVersion, targetVersion) < 0;
        MigrateSettings behind = sourceBehind ? source : target;
        RehearsalReport report = Rehearsal.pendingAbove(behind, listener, sourceBehind ? sourceVersion : targetVersion);
        String again = FixHint.goal("test-rollback") + " -Dmigrate.env=" + behind.env();
        report.failure(again).ifPresent(failure -> {
            throw failure;
        });
        long exact = report.migrations().stream().filter(RehearsedMigration::ok).count();
        return report.migrations().isEmpty()
                ? "nothing pending on " + behind.env() + " to rehearse"
                : exact + " of " + report.migrations().size() + " pending on " + behind.env()
                        + " applied, undone and applied again exactly ("
                        + report.duration().toMillis() + " ms)";
    }

    private static String applied(MigrateSettings settings) {
        try (Migrator migrator = new Migrator(settings, MigrateListener.NONE)) {
            return migrator.appliedVersion();
        }
    }
}
