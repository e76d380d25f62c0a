package dev.dbmigrate.lint;

import dev.dbmigrate.engine.NamingProblems;
import java.util.List;

/** An entry named like a migration that cannot be read as a file (a dangling link, a folder, an unreadable file). */
final class UnusableEntryRule implements Rule {
    @Override
    public String id() {
        return "unusable-entry";
    }

    @Override
    public Severity severity() {
        return Severity.ERROR;
    }

    @Override
    public String description() {
        return "an entry named like a migration that cannot be read as a file would never run";
    }

    @Override
    public String alternative() {
        return "make it a readable regular file, or move it out of the migration locations";
    }

    @Override
    public boolean silenceable() {
        return false;
    }

    @Override
    public List<Finding> check(LintContext context) {
        return context.files().unusable().stream()
                .map(u -> finding(u.path(), null, NamingProblems.problem(u)))
                .toList();
    }
}
