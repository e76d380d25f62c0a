package dev.dbmigrate.engine;

import dev.dbmigrate.db.AuditEntry;
import dev.dbmigrate.engine.MigrationFiles.MigrationFile;
import dev.dbmigrate.history.CurrentVersion;
import dev.dbmigrate.history.HistoryTable;
import dev.dbmigrate.history.MigrationInfo;
import dev.dbmigrate.history.Versions;
import java.sql.Connection;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

/**
 * The history, current and applied-version commands: every migration with Flyway's state (applied, pending, ignored,
 * failed, ...), read from one query of the history table when it is plain, from Flyway's info otherwise.
 */
final class MigrationState {
    private final CommandContext ctx;

    MigrationState(CommandContext ctx) {
        this.ctx = ctx;
    }

    /** Every migration, applied, pending and undone, with the audit trail. */
    Results.History history() {
        MigrationFiles files = ctx.checkNames(MigrationFiles.scan(ctx.settings.locations(), true), "history");
        List<MigrationInfo> rows = new ArrayList<>();
        List<AuditEntry> audit;
        try (Connection c = ctx.database().connect()) {
            for (MigrationInfo i : stateOf(files, c)) {
                String undo = i.versioned()
                        ? files.undoFor(i.version())
                                .map(MigrationFile::fileName)
                                .orElse(null)
                        : null;
                rows.add(i.withUndoScript(undo));
            }
            audit = ctx.auditLog().read(c);
        } catch (SQLException e) {
            throw ctx.sqlFailure("read the history and audit tables", e);
        }
        return new Results.History(List.copyOf(rows), List.copyOf(audit));
    }

    /** The current version and what is pending. */
    Results.Current current() {
        MigrationFiles files = ctx.checkNames(MigrationFiles.scan(ctx.settings.locations(), true), "current");
        List<MigrationInfo> info;
        try (Connection c = ctx.database().connect()) {
            info = stateOf(files, c);
        } catch (SQLException e) {
            throw ctx.sqlFailure("read the history table", e);
        }
        String version = CurrentVersion.of(info);
        String description = info.stream()
                .filter(i -> i.applied() && i.versioned() && i.version().equals(version))
                .map(MigrationInfo::description)
                .reduce((a, b) -> b)
                .orElse(null);
        List<MigrationInfo> pending =
                info.stream().filter(i -> "Pending".equalsIgnoreCase(i.state())).toList();
        boolean failed = info.stream().anyMatch(i -> "Failed".equalsIgnoreCase(i.state()));
        return new Results.Current(version, description, pending, outOfOrder(info), failed);
    }

    /**
     * The current version as the history table records it, without reading the migration files: what a backup is
     * named after, so that a misnamed file in the project never stands in the way of a backup.
     */
    String appliedVersion() {
        try (Connection c = ctx.database().connect()) {
            return CurrentVersion.ofRows(ctx.historyTable().read(c));
        } catch (SQLException e) {
            throw ctx.sqlFailure("read the history table", e);
        }
    }

    /** Versioned migrations that were never applied but are older than the current version. */
    static List<MigrationInfo> outOfOrder(List<MigrationInfo> info) {
        return info.stream()
                .filter(i -> !i.applied() && i.versioned() && "Ignored".equalsIgnoreCase(i.state()))
                .toList();
    }

    /**
     * Every migration, applied (in the order applied) and not (by version), with Flyway's states, from one read of
     * the history table when it is plain (only versioned SQL migrations whose files exist, a baseline, the schema
     * marker; no repeatable files or rows; no duplicate versions); from Flyway's info otherwise.
     */
    private List<MigrationInfo> stateOf(MigrationFiles files, Connection c) throws SQLException {
        List<MigrationInfo> info = appliedMigrations(c);
        // a repeatable's row (no version) is not plain: Flyway's info knows when it is outdated and due again
        boolean plain = info.stream()
                        .allMatch(i -> UpgradePlan.PLAIN_ROW_TYPES.contains(i.type())
                                && (!"SQL".equals(i.type())
                                        || i.versioned()
                                                && files.versionedFor(i.version())
                                                        .isPresent()))
                && files.repeatable().isEmpty()
                && files.duplicates().isEmpty();
        if (!plain) {
            return ctx.gateway(null).info();
        }
        Set<String> applied = new HashSet<>();
        String baseline = null;
        for (MigrationInfo i : info) {
            if (i.versioned()) {
                applied.add(Versions.normalize(i.version()));
                if ("BASELINE".equals(i.type())) {
                    baseline = i.version();
                }
            }
        }
        String current = CurrentVersion.of(info);
        List<MigrationInfo> all = new ArrayList<>(info);
        List<MigrationFile> sorted = new ArrayList<>(files.versioned());
        sorted.sort(Comparator.comparing(MigrationFile::version, Versions::compare));
        for (MigrationFile f : sorted) {
            if (applied.contains(f.version())) {
                continue;
            }
            String state = baseline != null && Versions.compare(f.version(), baseline) <= 0
                    ? "Below Baseline"
                    : current != null && Versions.compare(f.version(), current) < 0 && !ctx.settings.outOfOrder()
                            ? "Ignored"
                            : "Pending";
            all.add(new MigrationInfo(
                    f.versionText(),
                    f.description(),
                    f.script(),
                    "SQL",
                    state,
                    null,
                    null,
                    null,
                    null,
                    ScriptReader.checksumOf(f.path()),
                    false,
                    null));
        }
        return all;
    }

    /**
     * The applied migrations as the history table records them: read directly when it holds only Flyway's plain
     * rows (SQL migrations, a baseline, the schema marker), which is what downgrade needs; through Flyway's info
     * otherwise (rows that repair marked deleted, say).
     */
    List<MigrationInfo> appliedMigrations(Connection c) throws SQLException {
        List<HistoryTable.Row> rows = ctx.historyTable().read(c);
        if (!rows.stream().allMatch(r -> UpgradePlan.PLAIN_ROW_TYPES.contains(r.type()))) {
            return ctx.gateway(null).info();
        }
        List<MigrationInfo> info = new ArrayList<>();
        for (HistoryTable.Row r : rows) {
            String state = !r.success() ? "Failed" : r.type().equals("BASELINE") ? "Baseline" : "Success";
            info.add(new MigrationInfo(
                    r.version(),
                    r.description(),
                    r.script(),
                    r.type(),
                    state,
                    r.installedRank(),
                    r.installedOn(),
                    r.installedBy(),
                    r.executionTime(),
                    r.checksum(),
                    true,
                    null));
        }
        return info;
    }
}
