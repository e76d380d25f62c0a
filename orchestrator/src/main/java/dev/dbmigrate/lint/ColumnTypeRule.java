package dev.dbmigrate.lint;

import dev.dbmigrate.engine.MigrationFiles.MigrationFile;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

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
                for (String problem : problems(statement)) {
                    findings.add(finding(
                            file.path(),
                            statement.line(),
                            file.script() + " line " + statement.line() + ": " + problem));
                }
            }
        }
        return findings;
    }

    /** What {@code statement} declares or changes to this rule's type, column by column, in order. */
    private List<String> problems(LintStatement statement) {
        List<String> problems = new ArrayList<>();
        statement.createdTable().ifPresent(table -> {
            for (ColumnDefinition column : ColumnDefinition.created(statement, statement.createdTableAt())) {
                problem(table, column.name(), column.type(), false).ifPresent(problems::add);
            }
        });
        AlterTable.of(statement).ifPresent(alter -> {
            for (LintStatement action : alter.actions()) {
                ColumnDefinition.added(action)
                        .flatMap(column -> problem(alter.table(), column.name(), column.type(), false))
                        .ifPresent(problems::add);
                AlterTable.newType(action)
                        .flatMap(type -> problem(
                                alter.table(),
                                AlterTable.alteredColumn(action).orElseThrow(),
                                ColumnDefinition.typeOf(type),
                                true))
                        .ifPresent(problems::add);
            }
        });
        return problems;
    }

    private Optional<String> problem(ObjectName table, String column, List<Token> type, boolean change) {
        if (!matches(SqlType.writtenName(type))) {
            return Optional.empty();
        }
        return Optional.of((change ? "changes the column " : "declares the column ") + table + "." + column
                + (change ? " to " : " as ") + SqlType.writtenText(type) + ", " + risk());
    }

    /**
     * Whether the type this rule objects to is {@code typeName} ({@link SqlType#writtenName}: lower case words, no
     * modifiers, aliases as written).
     */
    abstract boolean matches(String typeName);

    /** Why the type is a poor choice, as the end of a sentence: "which ...". */
    abstract String risk();
}
