package dev.dbmigrate.doctor;

import dev.dbmigrate.config.FixHint;
import dev.dbmigrate.config.MigrateSettings;
import dev.dbmigrate.db.Database;
import dev.dbmigrate.error.ErrorCode;
import dev.dbmigrate.error.MigrateException;
import dev.dbmigrate.events.MigrateListener;
import dev.dbmigrate.support.Messages;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.List;

/**
 * The preflight checks of one environment, before anything runs on it: the connection (and TLS), the server version,
 * the privileges the pending migrations need, the history table, {@code pg_dump}/{@code pg_restore}, the backup
 * folder, the timeouts of a protected environment and INVALID indexes. Read-only: every session it opens refuses
 * writes, and no file but a probe (created and deleted at once) is written. When the connection fails, the checks that
 * need the database are skipped; the others still run.
 */
public final class Doctor {
    private static final List<DoctorCheck> CHECKS = List.of(
            new ConnectionCheck(),
            new ServerVersionCheck(),
            new PrivilegesCheck(),
            new HistoryTableCheck(),
            new PgToolsCheck(),
            new BackupFolderCheck(),
            new TimeoutsCheck(),
            new InvalidIndexCheck());

    private Doctor() {}

    /** The names of the checks, in the order they run. */
    public static List<String> checks() {
        return CHECKS.stream().map(DoctorCheck::name).toList();
    }

    /** Checks the environment {@code settings} describe, opening its database (or the embedded one) for the run. */
    public static DoctorReport run(MigrateSettings settings, MigrateListener listener) {
        Database db;
        try {
            db = Database.open(settings, listener);
        } catch (MigrateException e) {
            return run(new DoctorContext(settings, null, listener), e);
        }
        try (db) {
            return run(settings, db, listener);
        }
    }

    /** Checks the environment {@code settings} describe, on its database {@code db} that the caller keeps open. */
    public static DoctorReport run(MigrateSettings settings, Database db, MigrateListener listener) {
        return run(new DoctorContext(settings, db, listener), null);
    }

    /** Runs every check; with {@code openFailure} (no database at all) that is the connection's failure. */
    private static DoctorReport run(DoctorContext context, MigrateException openFailure) {
        List<CheckOutcome> outcomes = new ArrayList<>();
        boolean connected = true;
        for (DoctorCheck check : CHECKS) {
            CheckOutcome outcome;
            if (check instanceof ConnectionCheck && openFailure != null) {
                outcome = CheckOutcome.failedWith(
                        check.name(), openFailure.getMessage(), "fix what stopped the database");
            } else if (!connected && check.needsDatabase()) {
                outcome = CheckOutcome.skipped(check.name(), "not checked: no connection");
            } else {
                outcome = run(check, context);
            }
            if (check instanceof ConnectionCheck && outcome.status() == CheckOutcome.Status.FAIL) {
                connected = false;
            }
            outcomes.add(outcome);
            context.listener()
                    .debug("doctor on " + context.settings().env() + ": " + check.name() + ": " + outcome.status());
        }
        Database db = context.database();
        MigrateSettings settings = context.settings();
        String where = db != null
                ? db.url().display()
                : settings.database() == null
                        ? "embedded PostgreSQL"
                        : settings.database().display();
        return new DoctorReport(settings.env(), where, outcomes);
    }

    private static CheckOutcome run(DoctorCheck check, DoctorContext context) {
        try {
            return check.run(context);
        } catch (SQLException e) {
            return CheckOutcome.fail(
                    check.name(),
                    "could not check: " + Messages.oneLine(e.getMessage()),
                    "connect as a user that may read the catalogs");
        } catch (MigrateException e) {
            return CheckOutcome.failedWith(
                    check.name(), "could not check: " + e.getMessage(), "fix what stopped the check");
        }
    }

    /** Each failed check of {@code report} as {@code name: detail (fix: ...)}. */
    public static List<String> failedLines(DoctorReport report) {
        return report.failed().stream()
                .map(c -> c.name() + ": " + c.detail() + (c.fix() == null ? "" : " (fix: " + c.fix() + ")"))
                .toList();
    }

    /** {@code doctor found 2 failed checks on prod: ...}: the environment and each failed check of {@code report}. */
    public static String findings(DoctorReport report) {
        List<String> failed = failedLines(report);
        return "doctor found " + Messages.count(failed.size(), "failed check") + " on " + report.environment() + ": "
                + String.join("; ", failed);
    }

    /**
     * The failure of a report with failed checks: the environment, each failed check with its finding and fix, and
     * that nothing was changed.
     */
    public static MigrateException failure(DoctorReport report, MigrateSettings settings) {
        ErrorCode code = report.unreachable() ? ErrorCode.CONNECTION : ErrorCode.CHECK_FAILED;
        return new MigrateException(
                code,
                findings(report) + "; nothing was changed (fix each, then run " + FixHint.command(settings, "doctor")
                        + " again)");
    }
}
