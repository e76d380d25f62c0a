package dev.dbmigrate.config;

import dev.dbmigrate.support.Secret;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;

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
 * @param rollback         what to do when a deployment fails; every key the profile leaves out (or the whole section)
 *                         at its default ({@link Rollback#defaults()}), never {@code null}
 * @param promotesTo       the next environment in the promotion chain, or {@code null} on the last
 * @param drift            {@code drift}: what promote does when the environment has drifted from what its applied
 *                         migrations build; {@code null} when not written ({@link #driftMode()} gives the default)
 * @param rehearse         {@code rehearse}: whether promote rehearses the pending migrations first; {@code null} when
 *                         not written ({@link #rehearses()} gives the default)
 * @param lockRetries      {@code lockRetries}: how a migration that failed on the lock timeout is tried again;
 *                         {@link LockRetries#NONE} (never {@code null}) when the profile has no such section
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
        String promotesTo,
        Drift drift,
        Boolean rehearse,
        LockRetries lockRetries) {

    public EnvironmentProfile {
        password = password == null ? Secret.NONE : password;
        schemas = schemas == null ? List.of() : List.copyOf(schemas);
        verify = verify == null ? List.of() : List.copyOf(verify);
        rollback = rollback == null ? Rollback.defaults() : rollback;
        lockRetries = lockRetries == null ? LockRetries.NONE : lockRetries;
    }

    /** The profile of an environment that has no file: every key unset. Used for the default {@code dev}. */
    public static EnvironmentProfile empty(String name) {
        return new EnvironmentProfile(
                name,
                null,
                null,
                null,
                Secret.NONE,
                List.of(),
                false,
                null,
                null,
                null,
                List.of(),
                null,
                null,
                null,
                null,
                null);
    }

    /** What promote's drift check does here: the profile's {@code drift}, else fail when protected, else warn. */
    public Drift driftMode() {
        return drift != null ? drift : protectedEnv ? Drift.FAIL : Drift.WARN;
    }

    /** Whether promote rehearses the pending migrations first: the profile's {@code rehearse}, else when protected. */
    public boolean rehearses() {
        return rehearse != null ? rehearse : protectedEnv;
    }

    /** The values of the profile key {@code drift}. */
    public enum Drift {
        /** A drifted environment stops the promotion before anything is changed. */
        FAIL,
        /** Each difference is printed as a warning; the promotion goes on. */
        WARN,
        /** The environment is not checked. */
        OFF;

        /** The word a profile writes: {@code fail}, {@code warn} or {@code off}. */
        public String word() {
            return name().toLowerCase(Locale.ROOT);
        }
    }

    /** Like the generated one, but the URL's password is masked (the password field masks itself). */
    @Override
    public String toString() {
        return "EnvironmentProfile[name=" + name + ", file=" + file + ", url=" + DatabaseUrl.mask(url)
                + ", user=" + user + ", password=" + password + ", schemas=" + schemas
                + ", protectedEnv=" + protectedEnv + ", lockTimeout=" + lockTimeout
                + ", statementTimeout=" + statementTimeout + ", backup=" + backup + ", verify=" + verify
                + ", rollback=" + rollback + ", promotesTo=" + promotesTo + ", drift=" + drift + ", rehearse="
                + rehearse + ", lockRetries=" + lockRetries + "]";
    }

    /**
     * The {@code backup} section.
     *
     * <p>The defaults (no {@code backup} section, or keys left out) are chosen for speed at a size close to pg_dump's
     * own default: pg_dump's directory format with {@value #DEFAULT_JOBS} parallel jobs and gzip level
     * {@value #DEFAULT_COMPRESSION}. On the benchmark's random-text database (bench/workloads/50-backup.sh) that is
     * several times the throughput of a plain {@code pg_dump -Fc} (gzip level 6, one job) for an archive within a few
     * percent of its size; level 1 gains most of the speed, two jobs the rest when there are several large tables.
     *
     * @param directory   where backups go, relative to the project unless absolute (default {@code backups/<env>})
     * @param format      {@code directory} (pg_dump's directory format, the default) or {@code custom} (one file)
     * @param jobs        parallel pg_dump jobs; above 1 only with the directory format (default 2 for the directory
     *                    format, 1 for custom)
     * @param keep        how many backups to keep before the oldest are deleted (default 10)
     * @param compression pg_dump's gzip level, 0 (none) to 9 (smallest, slowest); default {@value #DEFAULT_COMPRESSION}
     */
    public record Backup(String directory, String format, int jobs, int keep, int compression) {
        /** The format of a profile that does not name one. */
        public static final String DEFAULT_FORMAT = "directory";
        /** The jobs of the directory format when the profile does not say. */
        public static final int DEFAULT_JOBS = 2;
        /** The gzip level when the profile does not say: pg_dump's fastest level that still compresses. */
        public static final int DEFAULT_COMPRESSION = 1;
        /** How many backups are kept when the profile does not say. */
        public static final int DEFAULT_KEEP = 10;
        /** The highest level pg_dump's {@code --compress} takes (gzip). */
        public static final int MAX_COMPRESSION = 9;

        /** The section with the default compression. */
        public Backup(String directory, String format, int jobs, int keep) {
            this(directory, format, jobs, keep, DEFAULT_COMPRESSION);
        }

        /** What an environment without a {@code backup} section uses. */
        public static Backup defaults(String env) {
            return new Backup("backups/" + env, DEFAULT_FORMAT, DEFAULT_JOBS, DEFAULT_KEEP, DEFAULT_COMPRESSION);
        }
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
    public record VerifyQuery(String name, String sql, Long expectRows, String expectEquals, Long budgetMs) {}

    /**
     * The {@code rollback} section. Each key has its own default, used whenever it is left out, whatever else the
     * section says (and when there is no section at all): {@code strategy: undo}, {@code fallback: restore}.
     *
     * @param strategy {@code undo} (run the U scripts back) or {@code restore} (restore the pre-deployment backup);
     *                 {@code null} means {@value #DEFAULT_STRATEGY}
     * @param fallback {@code restore} or {@code none}: what to do when the strategy itself fails; {@code null} means
     *                 {@value #DEFAULT_FALLBACK}
     */
    public record Rollback(String strategy, String fallback) {
        /** The strategy when the profile does not name one. */
        public static final String DEFAULT_STRATEGY = "undo";
        /** The fallback when the profile does not name one: a failed undo falls back to the backup. */
        public static final String DEFAULT_FALLBACK = "restore";

        public Rollback {
            strategy = strategy == null ? DEFAULT_STRATEGY : strategy;
            fallback = fallback == null ? DEFAULT_FALLBACK : fallback;
        }

        /** What a profile without a {@code rollback} section uses: every key at its default. */
        public static Rollback defaults() {
            return new Rollback(null, null);
        }
    }
}
