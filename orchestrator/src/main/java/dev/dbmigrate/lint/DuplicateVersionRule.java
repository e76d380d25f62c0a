package dev.dbmigrate.lint;

import dev.dbmigrate.engine.NamingProblems;
import java.util.List;

/** A version used by two versioned migrations, or by two undo scripts; the finding is about the first file. */
final class DuplicateVersionRule implements Rule {
    @Override
    public String id() {
        return "duplicate-version";
    }

    @Override
    public Severity severity() {
        return Severity.ERROR;
    }

    @Override
    public String description() {
        return "a version is used by one versioned migration and one undo script only";
    }

    @Override
    public String alternative() {
        return "give one of the files the next free version (migrate:create picks it)";
    }

    @Override
    public boolean silenceable() {
        return false;
    }

    @Override
    public List<Finding> check(LintContext context) {
        return context.files().duplicates().entrySet().stream()
                .map(e -> finding(e.getValue().get(0).path(), null, NamingProblems.duplicate(e.getKey(), e.getValue())))
                .toList();
    }
}
