package dev.dbmigrate.lint;

/**
 * A rule over the actions of an {@code ALTER TABLE} on a table that existed before its migration ({@link #existed}):
 * one finding per statement, for the first action the rule objects to.
 */
abstract class AlterActionRule extends SqlRule {
    @Override
    final String problem(LintStatement statement, MigrationSql sql, LintContext context) {
        AlterTable alter = AlterTable.of(statement).orElse(null);
        if (alter == null || !existed(alter, sql)) {
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
     * Whether the table {@code alter} alters existed before the migration {@code sql}: by default, no statement of
     * the migration creates it.
     */
    boolean existed(AlterTable alter, MigrationSql sql) {
        return sql.existedBefore(alter.table());
    }

    /**
     * What is wrong with {@code action} of {@code alter}, a statement of the migration {@code sql}, in one clause as
     * {@link SqlRule#problem} words it, or null when nothing is.
     */
    abstract String problem(AlterTable alter, LintStatement action, MigrationSql sql, LintContext context);
}
