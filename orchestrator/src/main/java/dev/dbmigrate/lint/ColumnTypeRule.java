package dev.dbmigrate.lint;

import dev.dbmigrate.engine.MigrationFiles.MigrationFile;
import java.util.ArrayList;
import java.util.List;

/**
 * A rule against a column type, in new and existing tables alike: one finding per column that {@code CREATE TABLE},
 * {@code ADD COLUMN} or {@code ALTER COLUMN ... TYPE} gives the type, at its statement's line, the message
 * {@code <script> line <n>: declares the column <table>.<column> as <type>, <risk>}.
 */
abstract class ColumnTypeRule implements Rule {
    @Override
    public Severity severity() {
        return Severity.WARNING;
    }

    @Override
    public List<Finding> check(LintContext context) {
        List<Finding> findings = new ArrayList<>();
        for (MigrationFile file : context.forward()) {
            for (LintStatement statement : context.sql(file).statements()) {
                for (Columns.Column column : Columns.of(statement)) {
                    if (matches(column.typeName())) {
                        findings.add(finding(
                                file.path(),
                                statement.line(),
                                file.script() + " line " + statement.line() + ": "
                                        + (column.typeChange() ? "changes the column " : "declares the column ")
                                        + column.qualified() + (column.typeChange() ? " to " : " as ")
                                        + column.typeText() + ", " + risk()));
                    }
                }
            }
        }
        return findings;
    }

    /**
     * Whether the type this rule objects to is {@code typeName} ({@link Columns.Column#typeName}: lower case words, no
     * modifiers).
     */
    abstract boolean matches(String typeName);

    /** Why the type is a poor choice, as the end of a sentence: "which ...". */
    abstract String risk();
}
