package dev.dbmigrate.lint;

import dev.dbmigrate.engine.MigrationFiles.MigrationFile;
import dev.dbmigrate.engine.NamingProblems;
import java.util.ArrayList;
import java.util.List;

/**
 * A versioned migration without its undo script, which downgrade cannot undo: an error when
 * {@code migrate.requireUndo} (the default), else a warning.
 */
final class MissingUndoRule implements Rule {
    @Override
    public String id() {
        return "missing-undo";
    }

    @Override
    public Severity severity() {
        return Severity.ERROR;
    }

    @Override
    public String description() {
        return "a versioned migration has an undo script, so downgrade can undo it";
    }

    @Override
    public String alternative() {
        return "write U<version>__<slug>.sql beside it, undoing exactly what it does";
    }

    @Override
    public List<Finding> check(LintContext context) {
        Severity severity = context.requireUndo() ? severity() : Severity.WARNING;
        List<Finding> findings = new ArrayList<>();
        for (MigrationFile v : context.files().versioned()) {
            if (context.files().undoFor(v.version()).isEmpty()) {
                String message = NamingProblems.missingUndo(v, context.requireUndo());
                findings.add(new Finding(id(), severity, v.path(), null, message));
            }
        }
        return findings;
    }
}
