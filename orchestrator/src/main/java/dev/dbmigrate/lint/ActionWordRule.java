package dev.dbmigrate.lint;

import dev.dbmigrate.engine.MigrationCreator;
import dev.dbmigrate.engine.MigrationFiles.MigrationFile;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * The seed's naming convention: a versioned migration's name (its slug) starts with an action word
 * ({@link MigrationCreator#ACTION_WORDS}: add_, remove_, modify_, rename_ ...), the same check create warns about
 * ({@link MigrationCreator#actionWordProblem}). A warning, and silenceable: a migration already applied somewhere
 * keeps its name, as renaming it would change the history's description.
 */
final class ActionWordRule implements Rule {
    @Override
    public String id() {
        return "action-word";
    }

    @Override
    public Severity severity() {
        return Severity.WARNING;
    }

    @Override
    public String description() {
        return "a migration name that starts with an action word (add_, remove_, rename_ ...) says what it does";
    }

    @Override
    public String alternative() {
        return "name the migration for what it does, V<version>__add_..., before it is applied anywhere (an applied"
                + " migration keeps its name)";
    }

    @Override
    public List<Finding> check(LintContext context) {
        List<Finding> findings = new ArrayList<>();
        for (MigrationFile file : context.versionedInOrder()) {
            Optional<String> problem = MigrationCreator.actionWordProblem(file.description());
            problem.ifPresent(p -> findings.add(finding(file.path(), null, file.script() + ": " + p)));
        }
        return findings;
    }
}
