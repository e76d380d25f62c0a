package dev.dbmigrate.lint;

import dev.dbmigrate.engine.MigrationFiles;
import dev.dbmigrate.engine.MigrationFiles.MigrationFile;
import dev.dbmigrate.history.Versions;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Function;

/**
 * What the rules look at: the scanned migration files, each read and split once ({@link #sql}), and the settings
 * that change what the checks report.
 */
public final class LintContext {
    private final MigrationFiles files;
    private final boolean requireUndo;
    private final boolean ignoreMisnamed;
    private final String lockTimeout;
    private final Map<MigrationFile, MigrationSql> sql = new ConcurrentHashMap<>();
    private final Map<Class<?>, Object> derived = new ConcurrentHashMap<>();

    /**
     * The context of a run.
     *
     * @param files          the migration locations, scanned ({@link MigrationFiles#scan})
     * @param requireUndo    whether a migration without its undo script is an error ({@code migrate.requireUndo}) or a
     *                       warning
     * @param ignoreMisnamed whether a misnamed file is skipped with a warning ({@code migrate.ignoreMisnamed}) instead
     *                       of refused
     * @param lockTimeout    the environment profile's {@code lockTimeout} (such as {@code 5s}), in force for every
     *                       migration session, or null when the profile sets none
     */
    public LintContext(MigrationFiles files, boolean requireUndo, boolean ignoreMisnamed, String lockTimeout) {
        this.files = files;
        this.requireUndo = requireUndo;
        this.ignoreMisnamed = ignoreMisnamed;
        this.lockTimeout = lockTimeout;
    }

    /** The scanned migration locations. */
    public MigrationFiles files() {
        return files;
    }

    /** Whether a migration without its undo script is an error. */
    public boolean requireUndo() {
        return requireUndo;
    }

    /** Whether misnamed files are skipped knowingly. */
    public boolean ignoreMisnamed() {
        return ignoreMisnamed;
    }

    /** The profile's {@code lockTimeout}, or null. */
    public String lockTimeout() {
        return lockTimeout;
    }

    /** Every versioned, undo and repeatable migration, ordered by path. */
    public List<MigrationFile> migrations() {
        List<MigrationFile> all = new ArrayList<>(files.versioned());
        all.addAll(files.undo());
        all.addAll(files.repeatable());
        all.sort(Comparator.comparing(MigrationFile::path));
        return all;
    }

    /**
     * The migrations that change a database going forward, in the order upgrade applies them: the versioned ones by
     * version, then the repeatable ones by description. Undo scripts are left out: undoing drops what the migration
     * made, by nature.
     */
    public List<MigrationFile> forward() {
        List<MigrationFile> all = new ArrayList<>(versionedInOrder());
        all.addAll(files.repeatable().stream()
                .sorted(Comparator.comparing(MigrationFile::description))
                .toList());
        return all;
    }

    /** The versioned migrations in version order. */
    public List<MigrationFile> versionedInOrder() {
        return files.versioned().stream()
                .sorted(Comparator.comparing(MigrationFile::version, Versions.ORDER))
                .toList();
    }

    /**
     * The versioned migrations that upgrade applies before {@code file}, in version order (every versioned one for a
     * repeatable migration).
     */
    public List<MigrationFile> before(MigrationFile file) {
        if (file.version() == null) {
            return versionedInOrder();
        }
        return versionedInOrder().stream()
                .filter(v -> Versions.compare(v.version(), file.version()) < 0)
                .toList();
    }

    /** The statements of {@code file}, read and split once per run. */
    public MigrationSql sql(MigrationFile file) {
        return sql.computeIfAbsent(file, MigrationSql::read);
    }

    /**
     * What rules derive from the whole run ({@code SchemaHistory}: the tables as each migration found them), made on
     * first use and kept for the run, so that each rule asks it instead of reading every earlier migration again.
     */
    <T> T derived(Class<T> kind, Function<LintContext, T> make) {
        T made = kind.cast(derived.get(kind));
        if (made == null) {
            made = make.apply(this);
            derived.put(kind, made);
        }
        return made;
    }
}
