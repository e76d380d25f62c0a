package dev.dbmigrate.lint;

import dev.dbmigrate.engine.MigrationFiles;
import dev.dbmigrate.engine.MigrationFiles.MigrationFile;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;

/**
 * What the rules look at: the scanned migration files and the settings that change what the checks report.
 *
 * @param files          the migration locations, scanned ({@link MigrationFiles#scan})
 * @param requireUndo    whether a migration without its undo script is an error ({@code migrate.requireUndo}) or a
 *                       warning
 * @param ignoreMisnamed whether a misnamed file is skipped with a warning ({@code migrate.ignoreMisnamed}) instead of
 *                       refused
 * @param lockTimeout    the environment profile's {@code lockTimeout} (such as {@code 5s}), in force for every
 *                       migration session, or null when the profile sets none
 */
public record LintContext(MigrationFiles files, boolean requireUndo, boolean ignoreMisnamed, String lockTimeout) {
    /** Every versioned, undo and repeatable migration, ordered by path. */
    public List<MigrationFile> migrations() {
        List<MigrationFile> all = new ArrayList<>(files.versioned());
        all.addAll(files.undo());
        all.addAll(files.repeatable());
        all.sort(Comparator.comparing(MigrationFile::path));
        return all;
    }
}
