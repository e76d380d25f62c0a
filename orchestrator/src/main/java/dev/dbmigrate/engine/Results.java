package dev.dbmigrate.engine;

import dev.dbmigrate.db.AuditEntry;
import dev.dbmigrate.history.MigrationInfo;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;

/** What each command returns: the same records feed the console, the reports and the tests. */
public final class Results {
    private Results() {}

    /** One migration applied or undone, with its wall time. */
    public record Step(String version, String description, String script, Duration duration) {}

    /** What upgrade (and init) did. */
    public record Upgrade(String fromVersion, String toVersion, List<Step> applied, Duration total) {}

    /**
     * What the dry-run plan found: the version the database is at, the version the plan's script brings it to, and
     * the scripts of the pending migrations the script applies, in order.
     */
    public record Plan(String fromVersion, String toVersion, List<String> pending) {}

    /** What downgrade did. */
    public record Downgrade(String fromVersion, String toVersion, List<Step> undone, Duration total) {}

    /**
     * The database's state: current version, what is pending, and what was skipped over (older than the current
     * version but never applied: needs {@code outOfOrder}).
     */
    public record Current(
            String version,
            String description,
            List<MigrationInfo> pending,
            List<MigrationInfo> outOfOrder,
            boolean failedPresent) {
        public int pendingCount() {
            return pending.size();
        }
    }

    /** Every migration the history table and the folders know of (with its undo script), and the audit's rows. */
    public record History(List<MigrationInfo> migrations, List<AuditEntry> audit) {}

    /** What drop removed. */
    public record Drop(String database, List<String> schemas, List<String> dropped) {}

    /** The files create wrote, and advice about the name. */
    public record Create(Path migration, Path undo, String version, List<String> warnings) {}

    /** What validate found: problems fail the command, warnings do not. */
    public record Validation(List<String> problems, List<String> warnings, int checked) {
        public boolean ok() {
            return problems.isEmpty();
        }
    }

    /** What repair changed. */
    public record Repair(List<String> actions) {}
}
