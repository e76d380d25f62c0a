package dev.dbmigrate.engine;

import dev.dbmigrate.engine.MigrationFiles.MigrationFile;
import dev.dbmigrate.error.MigrateException;
import dev.dbmigrate.sql.SqlScript;
import dev.dbmigrate.sql.SqlStatement;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * The validate command: names, duplicate versions, undo scripts, scripts that mix statements that cannot run in a
 * transaction with others, unedited templates and, against the history table, checksums. Every problem is collected,
 * so one run reports all of them.
 */
final class Validation {
    private final CommandContext ctx;
    private final List<String> problems = new ArrayList<>();
    private final List<String> warnings = new ArrayList<>();

    Validation(CommandContext ctx) {
        this.ctx = ctx;
    }

    /** Checks names, duplicate versions, undo scripts and, against the database, checksums. */
    Results.Validation validate(boolean requireUndo) {
        MigrationFiles files = MigrationFiles.scan(ctx.settings.locations(), ctx.settings.allowEmpty());
        files.unusable().forEach(u -> problems.add(NamingProblems.problem(u)));
        for (var misnamed : files.misnamed()) {
            (ctx.settings.ignoreMisnamed() ? warnings : problems).add(NamingProblems.problem(misnamed));
        }
        files.duplicates().forEach((version, dupes) -> problems.add(NamingProblems.duplicate(version, dupes)));
        for (MigrationFile v : files.versioned()) {
            if (files.undoFor(v.version()).isEmpty()) {
                (requireUndo ? problems : warnings).add(NamingProblems.missingUndo(v, requireUndo));
            }
        }
        files.undo().forEach(u -> checkUndo(files, u));
        Map<Path, MigrationScript> scripts = new HashMap<>();
        files.versioned().forEach(v -> checkVersioned(v, scripts));
        if (files.duplicates().keySet().stream().anyMatch(k -> k.startsWith("V"))) {
            // Flyway refuses to resolve a folder with duplicate versions: the duplicates are the problem to report.
            warnings.add("checksums were not compared with the history table, because Flyway cannot resolve"
                    + " duplicate versions (renumber the duplicates, then run migrate:validate again)");
        } else {
            historyCheck(files, scripts)
                    .forEach(f ->
                            (f.kind() == HistoryCheck.Kind.REPEATABLE_CHANGED ? warnings : problems).add(f.text()));
        }
        int checked = files.versioned().size()
                + files.undo().size()
                + files.repeatable().size();
        return new Results.Validation(List.copyOf(problems), List.copyOf(warnings), checked);
    }

    /** An undo script: its migration exists, it can be read and split, it is not mixed, it is not the template. */
    private void checkUndo(MigrationFiles files, MigrationFile u) {
        if (files.versionedFor(u.version()).isEmpty()) {
            problems.add(u.fileName() + " undoes version " + u.version() + ", but no V" + u.version()
                    + "__*.sql exists (rename it to match its migration, or delete it)");
        }
        try {
            String text = MigrationFiles.read(u.path());
            List<SqlStatement> statements = SqlScript.parse(text);
            String[] mixed = ScriptChecks.mixedProblem(u, statements);
            if (mixed != null) {
                problems.add(mixed[0] + " (" + mixed[1] + ")");
            }
            if (MigrationTemplate.isUnedited(text, statements)) {
                problems.add(u.fileName() + " is still the unedited template migrate:create wrote and holds no"
                        + " SQL statement (write the SQL that reverses V"
                        + u.fileName().substring(1)
                        + " into it; downgrade refuses it as it is)");
            }
        } catch (IllegalArgumentException e) {
            problems.add(u.fileName() + ": " + e.getMessage());
        } catch (MigrateException e) {
            problems.add(e.getMessage());
        }
    }

    /** A versioned script: it can be read, it is not mixed, it is not the template; kept for the checksums. */
    private void checkVersioned(MigrationFile v, Map<Path, MigrationScript> scripts) {
        try {
            MigrationScript script = MigrationScript.read(v.path());
            scripts.put(v.path(), script);
            String[] mixed = ScriptChecks.mixedProblem(v, script.statements());
            if (mixed != null) {
                problems.add(mixed[0] + " (" + mixed[1] + ")");
            }
            if (MigrationTemplate.isUnedited(script.text(), script.statements())) {
                problems.add(v.fileName() + " is still the unedited template migrate:create wrote and holds no"
                        + " SQL statement (write the migration's SQL into it, or delete it and its undo script;"
                        + " upgrade refuses it as it is)");
            }
        } catch (MigrateException e) {
            problems.add(e.getMessage());
        }
    }

    /** Where the history table and the files disagree ({@link HistoryCheck}), read without Flyway. */
    private List<HistoryCheck.Finding> historyCheck(MigrationFiles files, Map<Path, MigrationScript> scripts) {
        try (Connection c = ctx.database().connect(false)) {
            return HistoryCheck.of(
                    files,
                    f -> scripts.containsKey(f.path()) ? scripts.get(f.path()).checksum() : HistoryCheck.checksumOf(f),
                    ctx.historyTable().read(c),
                    ctx.historyName(),
                    ctx.locationsText(),
                    ctx.settings);
        } catch (SQLException e) {
            throw ctx.sqlFailure("read the history table", e);
        }
    }
}
