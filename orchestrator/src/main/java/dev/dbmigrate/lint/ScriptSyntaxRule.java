package dev.dbmigrate.lint;

import dev.dbmigrate.engine.MigrationFiles.MigrationFile;
import java.util.ArrayList;
import java.util.List;

/**
 * A migration whose text cannot be split into statements (a string or comment that never ends, a psql
 * meta-command): upgrade would refuse it, and no other rule can read it.
 */
final class ScriptSyntaxRule implements Rule {
    @Override
    public String id() {
        return "script-syntax";
    }

    @Override
    public Severity severity() {
        return Severity.ERROR;
    }

    @Override
    public String description() {
        return "a migration's text splits into statements, so upgrade can run it and the rules can read it";
    }

    @Override
    public String alternative() {
        return "close the string, quoted name, dollar quote or comment the message names; write SQL, not psql's"
                + " backslash commands";
    }

    @Override
    public boolean silenceable() {
        return false;
    }

    @Override
    public List<Finding> check(LintContext context) {
        List<Finding> findings = new ArrayList<>();
        for (MigrationFile file : context.migrations()) {
            String problem = context.sql(file).problem();
            if (problem != null) {
                findings.add(finding(
                        file.path(),
                        null,
                        file.script() + ": " + problem + "; no rule could read it (" + alternative() + ")"));
            }
        }
        return findings;
    }
}
