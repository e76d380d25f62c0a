package dev.dbmigrate.app;

import dev.dbmigrate.config.FixHint;
import dev.dbmigrate.config.MigrateProperty;
import dev.dbmigrate.config.MigrateSettings;
import dev.dbmigrate.config.MigrateSettings.OutputFormat;
import dev.dbmigrate.error.MigrateException;
import dev.dbmigrate.events.MigrateListener;
import dev.dbmigrate.rehearse.Rehearsal;
import dev.dbmigrate.rehearse.RehearsalReport;
import dev.dbmigrate.report.RehearsalOutput;
import java.nio.file.Path;
import java.util.EnumSet;
import java.util.Locale;

/**
 * The {@code test-rollback} goal: rehearses every migration (or, with {@code -Dmigrate.env}, only those pending on
 * that environment), prints or writes the report in {@code -Dmigrate.format}, and fails when a round trip is not
 * exact.
 */
public final class TestRollback {
    private TestRollback() {}

    /**
     * Runs the rehearsal and reports it.
     *
     * @param pendingOnly whether {@code -Dmigrate.env} was given: then only that environment's pending migrations are
     *     rehearsed
     * @throws MigrateException (check failed) naming every migration whose round trip is not exact
     */
    public static RehearsalReport run(MigrateSettings settings, boolean pendingOnly, MigrateListener listener) {
        OutputFormat format = settings.options()
                .format("test-rollback", EnumSet.of(OutputFormat.TEXT, OutputFormat.JSON, OutputFormat.JUNIT));
        RehearsalReport report =
                pendingOnly ? Rehearsal.pending(settings, listener) : Rehearsal.all(settings, listener);
        Path file = settings.options().output();
        if (file != null) {
            OutputFile.write(
                    file,
                    RehearsalOutput.render(report, format),
                    "the test-rollback report",
                    "the rehearsal ran in throwaway databases only");
            listener.info("test-rollback report (" + format.name().toLowerCase(Locale.ROOT) + ") written to " + file);
        } else {
            RehearsalOutput.render(report, format).lines().forEach(listener::info);
        }
        String again = FixHint.goal("test-rollback")
                + (pendingOnly
                        ? " " + FixHint.set(MigrateProperty.ENV, settings.env()) + FixHint.sameDatabase(settings)
                        : "");
        report.failure(again).ifPresent(failure -> {
            throw failure;
        });
        return report;
    }
}
