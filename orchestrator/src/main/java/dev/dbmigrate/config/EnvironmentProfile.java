package dev.dbmigrate.config;

import java.nio.file.Path;
import java.util.List;

/**
 * One environment's settings as read from {@code environments/<name>.yml}, after {@code ${VAR}} interpolation and
 * validation (see {@link ProfileLoader}). Absent keys are {@code null} (or empty lists), so the layer that merges
 * profiles with POM and {@code -D} properties can tell "not set" from a value.
 *
 * @param name             the environment name, such as {@code prod}
 * @param file             the profile file, {@code null} for the default {@code dev} environment without a file
 * @param url              the URL as written (after interpolation); may contain credentials, so print it only through
 *                         {@link DatabaseUrl#mask(String)}
 * @param user             the database user, or {@code null}
 * @param password         the password, {@link Secret#NONE} when not set
 * @param schemas          the managed schemas; empty when not set
 * @param protectedEnv     {@code protected: true}: no embedded database, no drop without confirmation, backups mandatory
 * @param lockTimeout      PostgreSQL {@code lock_timeout} for migration sessions, such as {@code 5s}, or {@code null}
 * @param statementTimeout PostgreSQL {@code statement_timeout} for migration sessions, or {@code null}
 * @param backup           backup settings, {@code null} when the profile has no {@code backup} section
 * @param verify           checks run read-only after each upgrade; empty when none
 * @param rollback         what to do when a deployment fails, {@code null} when the profile has no {@code rollback}
 * @param promotesTo       the next environment in the promotion chain, or {@code null} on the last
 */
public record EnvironmentProfile(
        String name,
        Path file,
        String url,
        String user,
        Secret password,
        List<String> schemas,
        boolean protectedEnv,
        String lockTimeout,
        String statementTimeout,
        Backup backup,
        List<VerifyQuery> verify,
        Rollback rollback,
        String promotesTo) {

    public EnvironmentProfile {
        password = password == null ? Secret.NONE : password;
        schemas = schemas == null ? List.of() : List.copyOf(schemas);
        verify = verify == null ? List.of() : List.copyOf(verify);
    }

    /** The profile of an environment that has no file: every key unset. Used for the default {@code dev}. */
    public static EnvironmentProfile empty(String name) {
        return new EnvironmentProfile(name, null, null, null, Secret.NONE, List.of(), false, null, null, null,
                List.of(), null, null);
    }

    /** Like the generated one, but the URL's password is masked (the password field masks itself). */
    @Override
    public String toString() {
        return "EnvironmentProfile[name=" + name + ", file=" + file + ", url=" + DatabaseUrl.mask(url)
                + ", user=" + user + ", password=" + password + ", schemas=" + schemas
                + ", protectedEnv=" + protectedEnv + ", lockTimeout=" + lockTimeout
                + ", statementTimeout=" + statementTimeout + ", backup=" + backup + ", verify=" + verify
                + ", rollback=" + rollback + ", promotesTo=" + promotesTo + "]";
    }

    /**
     * The {@code backup} section.
     *
     * @param directory where backups go, relative to the project unless absolute (default {@code backups/<env>})
     * @param format    {@code custom} (one file) or {@code directory} (pg_dump's directory format)
     * @param jobs      parallel pg_dump/pg_restore jobs; above 1 only with the directory format (default 1)
     * @param keep      how many backups to keep before the oldest are deleted (default 10)
     */
    public record Backup(String directory, String format, int jobs, int keep) {
    }

    /**
     * One {@code verify} item: a read-only query and what its result must be. Exactly one of {@code expectRows} and
     * {@code expectEquals} is set.
     *
     * @param name         the check's name, unique in the profile; reports name the check by it
     * @param sql          the query
     * @param expectRows   {@code expect: { rows: N }}: the number of rows the query must return
     * @param expectEquals {@code expect: { equals: "VALUE" }}: the single value, compared as text
     * @param budgetMs     how long the query may take, or {@code null} for no limit
     */
    public record VerifyQuery(String name, String sql, Long expectRows, String expectEquals, Long budgetMs) {
    }

    /**
     * The {@code rollback} section.
     *
     * @param strategy {@code undo} (run the U scripts back) or {@code restore} (restore the pre-deployment backup)
     * @param fallback {@code restore} or {@code none}: what to do when the strategy itself fails
     */
    public record Rollback(String strategy, String fallback) {
    }
}
