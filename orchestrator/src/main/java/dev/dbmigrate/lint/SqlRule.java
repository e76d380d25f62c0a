package dev.dbmigrate.lint;

import dev.dbmigrate.engine.MigrationFiles.MigrationFile;
import java.util.ArrayList;
import java.util.List;

/**
 * A rule over the statements of the migrations that change a database going forward ({@link LintContext#forward()}:
 * versioned and repeatable, not undo scripts): one finding per statement it objects to, at that statement's line,
 * the message {@code <script> line <n>: <problem>}. The renderers add the rule's {@link #alternative()}.
 */
abstract class SqlRule implements Rule {
    @Override
    public List<Finding> check(LintContext context) {
        List<Finding> findings = new ArrayList<>();
        for (MigrationFile file : context.forward()) {
            MigrationSql sql = context.sql(file);
            for (LintStatement statement : sql.statements()) {
                String problem = problem(statement, sql, context);
                if (problem != null) {
                    findings.add(new Finding(
                            id(),
                            severityOf(problem),
                            file.path(),
                            statement.line(),
                            file.script() + " line " + statement.line() + ": " + problem));
                }
            }
        }
        return findings;
    }

    /**
     * What is wrong with {@code statement} of the migration {@code sql}, naming the object and the risk in one clause
     * ("adds the index users_email_idx to the existing table users without CONCURRENTLY, which blocks every write to
     * it until the index is built"), or null when nothing is.
     */
    abstract String problem(LintStatement statement, MigrationSql sql, LintContext context);

    /**
     * The severity of the finding about {@code problem}: the rule's own, unless the rule knows too little about the
     * case to call it an error (a type change whose current type the migrations do not show).
     */
    Severity severityOf(String problem) {
        return severity();
    }
}
