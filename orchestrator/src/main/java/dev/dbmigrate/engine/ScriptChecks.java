package dev.dbmigrate.engine;

import dev.dbmigrate.engine.MigrationFiles.MigrationFile;
import dev.dbmigrate.error.ErrorCode;
import dev.dbmigrate.error.MigrateException;
import dev.dbmigrate.history.HistoryTable.Row;
import dev.dbmigrate.history.Versions;
import dev.dbmigrate.sql.SqlStatement;
import dev.dbmigrate.support.Messages;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * The checks of the files that every command makes the same way, before anything runs: an applied migration whose
 * file changed since (a checksum mismatch), a file that is still the unedited template of {@code migrate:create} (it
 * would be recorded as applied, or undone, while changing nothing), and a migration or undo script that mixes a
 * statement that cannot run inside a transaction with others (it could not be run as one unit).
 */
final class ScriptChecks {
    private ScriptChecks() {}

    /**
     * The applied versioned migrations whose files now have another checksum than the history records, each as
     * {@link Messages#checksumMismatch}. Rows of versions that repair marked deleted do not count; with duplicate
     * versions among the files nothing is compared (the duplicates are the problem to report).
     */
    static List<String> changedSinceApplied(MigrationFiles files, Map<Path, MigrationScript> scripts, List<Row> rows) {
        if (files.duplicates().keySet().stream().anyMatch(k -> k.startsWith("V"))) {
            return List.of();
        }
        Set<String> deleted = new HashSet<>();
        Map<String, Row> applied = new HashMap<>();
        for (Row row : rows) {
            if (row.version() == null) {
                continue;
            }
            String version = Versions.normalize(row.version());
            if ("DELETE".equals(row.type())) {
                deleted.add(version);
            } else if ("SQL".equals(row.type()) && row.success() && row.checksum() != null) {
                applied.put(version, row); // the latest row of a version counts
            }
        }
        List<String> changed = new ArrayList<>();
        for (MigrationFile f : files.versioned()) {
            Row row = applied.get(f.version());
            MigrationScript script = scripts.get(f.path());
            if (row != null
                    && script != null
                    && !deleted.contains(f.version())
                    && row.checksum() != script.checksum()) {
                changed.add(Messages.checksumMismatch(f.fileName(), row.version(), row.checksum(), script.checksum()));
            }
        }
        return changed;
    }

    /**
     * The versioned files an upgrade to {@code target} would apply, in the files' order: not applied, above the
     * baseline, not above the target. What the checks made before anything runs look at.
     */
    static List<MigrationFile> toApply(MigrationFiles files, List<Row> rows, String target) {
        Set<String> applied = new HashSet<>();
        String baseline = null;
        for (Row row : rows) {
            if (row.version() != null && row.success() && !"DELETE".equals(row.type())) {
                applied.add(Versions.normalize(row.version()));
                if ("BASELINE".equals(row.type())) {
                    baseline = row.version();
                }
            }
        }
        String upTo = target == null || target.equals("latest") ? null : target;
        List<MigrationFile> toApply = new ArrayList<>();
        for (MigrationFile f : files.versioned()) {
            if (!applied.contains(f.version())
                    && (baseline == null || Versions.compare(f.version(), baseline) > 0)
                    && (upTo == null || Versions.compare(f.version(), upTo) <= 0)) {
                toApply.add(f);
            }
        }
        return toApply;
    }

    /** The versioned files an upgrade to {@code target} would apply ({@link #toApply}) that are still the template. */
    static List<MigrationFile> pendingTemplates(
            MigrationFiles files, Map<Path, MigrationScript> scripts, List<Row> rows, String target) {
        List<MigrationFile> templates = new ArrayList<>();
        for (MigrationFile f : toApply(files, rows, target)) {
            MigrationScript script = scripts.get(f.path());
            if (script != null && MigrationTemplate.isUnedited(script.text(), script.statements())) {
                templates.add(f);
            }
        }
        return templates;
    }

    /**
     * Refuses an upgrade that would apply an unedited template or that finds an applied migration changed; says what
     * to do instead. Nothing has run when this throws.
     */
    static void beforeUpgrade(
            String command, MigrationFiles files, Map<Path, MigrationScript> scripts, List<Row> rows, String target) {
        List<MigrationFile> templates = pendingTemplates(files, scripts, rows, target);
        if (!templates.isEmpty()) {
            boolean one = templates.size() == 1;
            List<String> names = templates.stream().map(MigrationFile::fileName).toList();
            List<String> paths =
                    templates.stream().map(f -> f.path().toString()).toList();
            throw new MigrateException(
                    ErrorCode.VALIDATION,
                    command + " refused: " + String.join(", ", names)
                            + (one ? " is" : " are") + " still the unedited template migrate:create wrote and hold"
                            + (one ? "s" : "") + " no SQL statement, so " + command + " would record "
                            + (one ? "it" : "them") + " as applied while changing nothing, and SQL written into "
                            + (one ? "it" : "them")
                            + " later would never run; nothing was changed (write the migration's"
                            + " SQL into " + String.join(", ", paths) + ", or delete " + (one ? "it" : "them")
                            + " and " + (one ? "its" : "their") + " undo script if no migration is needed; to keep a"
                            + " migration that changes nothing on purpose, delete its line '"
                            + templateLine(templates.get(0), scripts) + "')");
        }
        List<String> changed = changedSinceApplied(files, scripts, rows);
        if (!changed.isEmpty()) {
            throw new MigrateException(
                    ErrorCode.VALIDATION,
                    command + " refused: " + String.join("; ", changed) + "; nothing was changed ("
                            + Messages.CHECKSUM_FIX + ")");
        }
    }

    private static String templateLine(MigrationFile file, Map<Path, MigrationScript> scripts) {
        MigrationScript script = scripts.get(file.path());
        return MigrationTemplate.templateLine(script.text(), script.statements());
    }

    /**
     * What is wrong with a migration or undo script that mixes a statement that cannot run inside a transaction
     * ({@code CREATE INDEX CONCURRENTLY}, {@code VACUUM}, ...) with others, and how to fix it; null when it does not.
     * Such a file cannot be applied, or undone, as one unit: run anyway, a failure half-way leaves it half done. A
     * file of only such statements is fine (it runs outside a transaction, statement by statement).
     *
     * @return the problem and the fix, or null
     */
    static String[] mixedProblem(MigrationFile file, List<SqlStatement> statements) {
        if (statements == null) {
            return null;
        }
        SqlStatement outside = statements.stream()
                .filter(SqlStatement::requiresNoTransaction)
                .findFirst()
                .orElse(null);
        if (outside == null || statements.stream().allMatch(SqlStatement::requiresNoTransaction)) {
            return null;
        }
        boolean undo = file.prefix() == 'U';
        String first = outside.sql().lines().findFirst().orElse("").strip();
        return new String[] {
            file.script() + " mixes a statement that cannot run inside a transaction (line "
                    + outside.line() + ": " + first + ") with "
                    + (statements.size() - 1 == 1 ? "another statement" : "other statements") + ", so it could not be "
                    + (undo ? "undone" : "applied")
                    + " or rolled back as one unit",
            undo
                    ? "an undo script runs as one unit: write each such statement so that it runs inside a transaction,"
                            + " for example DROP INDEX without CONCURRENTLY, or make it the only statement of the undo script"
                    : "move each such statement, for example CREATE INDEX CONCURRENTLY, into a migration file of its own"
        };
    }

    /**
     * The refusal of {@code command} to run a migration or undo script that mixes a statement that cannot run inside
     * a transaction with others ({@link #mixedProblem}), before anything runs; null when the file does not.
     *
     * @param again the command to run once the file is fixed, for this environment ({@code FixHint.rerun})
     */
    static MigrateException mixed(String command, String again, MigrationFile file, List<SqlStatement> statements) {
        String[] problem = mixedProblem(file, statements);
        return problem == null
                ? null
                : new MigrateException(
                        ErrorCode.VALIDATION,
                        command + " refused: " + problem[0] + "; nothing was changed (" + problem[1] + ", then run "
                                + again + " again)");
    }

    /**
     * Refuses a downgrade whose undo scripts include one that mixes statements that cannot run inside a transaction
     * with others ({@link #mixed}), or an unedited template: it would remove the version from the history while
     * undoing nothing. Nothing has run when this throws.
     */
    static void beforeDowngrade(Map<MigrationFile, List<SqlStatement>> undoScripts, String again) {
        for (Map.Entry<MigrationFile, List<SqlStatement>> e : undoScripts.entrySet()) {
            MigrateException mixed = mixed("downgrade", again, e.getKey(), e.getValue());
            if (mixed != null) {
                throw mixed;
            }
        }
        List<MigrationFile> templates = new ArrayList<>();
        undoScripts.forEach((file, statements) -> {
            if (statements.isEmpty() && MigrationTemplate.isUnedited(MigrationFiles.read(file.path()), statements)) {
                templates.add(file);
            }
        });
        if (templates.isEmpty()) {
            return;
        }
        MigrationFile first = templates.get(0);
        boolean one = templates.size() == 1;
        throw new MigrateException(
                ErrorCode.VALIDATION,
                "downgrade refused: undo script"
                        + (one ? " " : "s ")
                        + String.join(
                                ", ",
                                templates.stream().map(MigrationFile::fileName).toList())
                        + (one ? " is" : " are") + " still the unedited template migrate:create wrote and hold"
                        + (one ? "s" : "") + " no SQL statement, so downgrade would remove version" + (one ? " " : "s ")
                        + String.join(
                                ", ",
                                templates.stream().map(MigrationFile::version).toList())
                        + " from the history table while undoing nothing; nothing was changed (write the SQL that reverses "
                        + "V" + first.fileName().substring(1) + (one ? "" : " and the others") + " into " + first.path()
                        + (one ? "" : " and the others") + ", then run " + again + " again; if the migration changed"
                        + " nothing, delete the line '"
                        + MigrationTemplate.templateLine(MigrationFiles.read(first.path()), List.of()) + "' instead)");
    }
}
