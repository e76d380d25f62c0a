package dev.dbmigrate.db;

import java.time.Instant;

/**
 * One line of the audit table {@code migrate_audit}: one migration applied or undone (or failed), by whom, when, for
 * how long.
 *
 * @param runId       the run this belongs to (one upgrade or downgrade)
 * @param command     upgrade, downgrade, init, repair, drop
 * @param version     the migration's version, or null
 * @param description the migration's description
 * @param script      the file that ran
 * @param outcome     success or failed
 * @param startedAt   when it started
 * @param durationMs  wall time in milliseconds
 * @param dbUser      the database user (filled in by the database when null)
 * @param osUser      the operating-system user that ran the tool
 * @param host        the machine that ran the tool
 * @param message     an error message, or null
 */
public record AuditEntry(
        String runId,
        String command,
        String version,
        String description,
        String script,
        String outcome,
        Instant startedAt,
        long durationMs,
        String dbUser,
        String osUser,
        String host,
        String message) {}
