package dev.dbmigrate.lint;

/**
 * A rule over the actions of an {@code ALTER TABLE} on a table that existed before its migration (no statement of
 * the migration creates it): one finding per statement, for the first action the rule objects to.
 */
abstract class AlterActionRule extends SqlRule {
    @Override
    final String problem(LintStatement statement, MigrationSql sql, LintContext context) {
        AlterTable alter = AlterTable.of(statement).orElse(null);
        if (alter == null || !sql.existedBefore(alter.table())) {
            return null;
        }
        for (LintStatement action : alter.actions()) {
            String problem = problem(alter, action, sql, context);
            if (problem != null) {
                return problem;
            }
        }
        return null;
    }

    /**
     * What is wrong with {@code action} of {@code alter}, a statement of the migration {@code sql}, in one clause as
     * {@link SqlRule#problem} words it, or null when nothing is.
     */
    abstract String problem(AlterTable alter, LintStatement action, MigrationSql sql, LintContext context);
}
