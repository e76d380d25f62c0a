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
                            severity(statement, sql, problem),
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
     * How much the finding about {@code problem} in {@code statement} weighs: the rule's {@link #severity()}, unless
     * the rule tells its cases apart (a lesser case, or one it knows too little about, as a warning).
     */
    Severity severity(LintStatement statement, MigrationSql sql, String problem) {
        return severity();
    }
}
