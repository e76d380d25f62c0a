package dev.dbmigrate.engine;

import dev.dbmigrate.engine.MigrationFiles.MigrationFile;
import dev.dbmigrate.engine.MigrationFiles.Misnamed;
import dev.dbmigrate.engine.MigrationFiles.Unusable;
import dev.dbmigrate.error.ErrorCode;
import dev.dbmigrate.error.MigrateException;
import java.util.List;
import java.util.Map;

/**
 * The messages about file names, the same for every goal: a file that looks like a migration but does not follow the
 * naming, an entry named like a migration that cannot be read as one, a version used by two files, and a migration
 * without its undo script. Public for the rules of {@code lint}, which report these same texts.
 */
public final class NamingProblems {
    private NamingProblems() {}

    /** One misnamed file as validate lists it. */
    public static String problem(Misnamed m) {
        return m.text() + " looks like a migration but does not follow the naming " + MigrationNames.EXPECTED
                + ", so it would never run";
    }

    /** The warning for a misnamed file skipped with {@code migrate.ignoreMisnamed=true}. */
    static String skipped(Misnamed m) {
        return "skipping " + m.text() + ": it looks like a migration but does not follow the naming, and"
                + " -Dmigrate.ignoreMisnamed=true says to skip such files";
    }

    /** The refusal of every goal that reads the files. */
    static MigrateException misnamed(String command, List<Misnamed> files, String locations) {
        boolean one = files.size() == 1;
        return new MigrateException(
                ErrorCode.VALIDATION,
                command + " refused: " + (one ? "a file" : files.size() + " files") + " in " + locations
                        + (one ? " looks" : " look") + " like " + (one ? "a migration" : "migrations") + " but "
                        + (one ? "does" : "do") + " not follow the naming, so " + (one ? "it" : "they")
                        + " would never run: "
                        + String.join(", ", files.stream().map(Misnamed::text).toList())
                        + "; nothing was changed (the expected forms are " + MigrationNames.EXPECTED + "; rename "
                        + (one ? "it" : "them") + ", move " + (one ? "it" : "them")
                        + " out of the migration location, or"
                        + " pass -Dmigrate.ignoreMisnamed=true to skip such files knowingly)");
    }

    /**
     * One version used by more than one file, as validate lists it, each file by its path in its location (two
     * subfolders may hold the same name); {@code key} is V or U and the version.
     */
    public static String duplicate(String key, List<MigrationFile> dupes) {
        return "version " + key.substring(1) + " is used by "
                + String.join(" and ", dupes.stream().map(MigrationFile::script).toList())
                + (key.startsWith("U")
                        ? " (a version has one undo script: keep the one that reverses the"
                                + " migration and delete the other, or merge them into one)"
                        : " (two branches chose the same number: renumber one of them, for example with a timestamp"
                                + " version from migrate:create)");
    }

    /**
     * A versioned migration without its undo script, as validate lists it: a problem with the fix when
     * {@code requireUndo}, else a warning.
     */
    public static String missingUndo(MigrationFile v, boolean requireUndo) {
        return v.fileName() + " has no undo script " + MigrationFiles.expectedUndoName(v.fileName())
                + " (downgrade cannot undo it)"
                + (requireUndo
                        ? ": write it, or pass"
                                + " -Dmigrate.requireUndo=false if this project does without undo scripts"
                        : "");
    }

    /** One entry named like a migration that cannot be read as one, as validate lists it. */
    public static String problem(Unusable u) {
        return u.text() + ", so it would never run (" + u.fix() + ")";
    }

    /**
     * The refusal of every goal that reads the files when an entry named like a migration cannot be read as one (a
     * dangling link, a folder, an unreadable file): there is no opt-out, as there is no way to run it.
     */
    static MigrateException unusable(String command, List<Unusable> entries, String locations) {
        boolean one = entries.size() == 1;
        return new MigrateException(
                ErrorCode.VALIDATION,
                command + " refused: " + (one ? "an entry" : entries.size() + " entries") + " in " + locations
                        + " named like " + (one ? "a migration cannot" : "migrations" + " cannot") + " be read as "
                        + (one ? "a file" : "files") + ", so " + (one ? "it" : "they")
                        + " would never run: "
                        + String.join(
                                "; ",
                                entries.stream()
                                        .map(u -> u.text() + " (" + u.fix() + ")")
                                        .toList()) + "; nothing was changed");
    }

    /** The refusal of every goal but validate when versions are duplicated. */
    static MigrateException duplicates(String command, Map<String, List<MigrationFile>> duplicates) {
        return new MigrateException(
                ErrorCode.VALIDATION,
                command + " refused: "
                        + String.join(
                                "; ",
                                duplicates.entrySet().stream()
                                        .map(e -> duplicate(e.getKey(), e.getValue()))
                                        .toList())
                        + "; nothing was changed (each version may be used by one V file and one U file only)");
    }
}
