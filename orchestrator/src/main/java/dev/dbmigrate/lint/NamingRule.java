package dev.dbmigrate.lint;

import dev.dbmigrate.engine.NamingProblems;
import java.util.List;

/**
 * A file that looks like a migration but does not follow the naming ({@code engine.MigrationNames}): Flyway would skip
 * it without a word. A warning when {@code migrate.ignoreMisnamed} skips such files knowingly.
 */
final class NamingRule implements Rule {
    @Override
    public String id() {
        return "naming";
    }

    @Override
    public Severity severity() {
        return Severity.ERROR;
    }

    @Override
    public String description() {
        return "a file that looks like a migration but does not follow the naming would never run";
    }

    @Override
    public String alternative() {
        return "rename it V<version>__<slug>.sql, U<version>__<slug>.sql or R__<slug>.sql (two underscores)";
    }

    @Override
    public boolean silenceable() {
        return false;
    }

    @Override
    public List<Finding> check(LintContext context) {
        Severity severity = context.ignoreMisnamed() ? Severity.WARNING : severity();
        return context.files().misnamed().stream()
                .map(m -> new Finding(id(), severity, m.path(), null, NamingProblems.problem(m)))
                .toList();
    }
}
