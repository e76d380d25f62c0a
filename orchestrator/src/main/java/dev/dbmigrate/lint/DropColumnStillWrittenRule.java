package dev.dbmigrate.lint;

import dev.dbmigrate.engine.MigrationFiles.MigrationFile;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * The seed's "never drop columns without data migration": {@code DROP COLUMN} of a column that, as far as the
 * earlier migrations show, every released version must still write ({@link ColumnHistories}).
 *
 * <p>The reasoning: an application stops using a column in two releases. First it stops writing it, which needs the
 * column to accept inserts without it, so a migration makes it nullable ({@code ALTER COLUMN c DROP NOT NULL}) or
 * gives it a default ({@code SET DEFAULT}), and the data is copied where it moves; only a later migration drops it.
 * So a drop is reported when the versioned migrations before this one declared the column
 * {@code NOT NULL} (or part of a {@code PRIMARY KEY}) in its {@code CREATE TABLE} or {@code ADD COLUMN} without a
 * {@code DEFAULT} (nor a generated, identity or serial column), and none of them later made it nullable or gave it a
 * default: every released version still inserts it (an insert without it would fail), so each one fails once it is
 * gone, and nothing shows its data was moved. A change in the same migration does not count: the version released
 * before it still writes the column. A column whose definition is not in the migrations (the table was made
 * elsewhere, or renamed) has an unknown history and is not reported. Reported beside {@code drop-column}, whose
 * warning every drop gets; this one is the error.
 */
final class DropColumnStillWrittenRule implements Rule {
    @Override
    public String id() {
        return "drop-column-still-written";
    }

    @Override
    public Severity severity() {
        return Severity.ERROR;
    }

    @Override
    public String description() {
        return "a column dropped while the earlier migrations still require every insert to write it: released"
                + " versions fail, and nothing shows its data was moved";
    }

    @Override
    public String alternative() {
        return "first release a migration that makes the column nullable (ALTER COLUMN c DROP NOT NULL) or gives it a"
                + " default, with a version that stops writing it and the copy of its data; drop it in a later"
                + " migration";
    }

    /**
     * One pass over the forward migrations in order: each file's drops are weighed against the history of the
     * versioned migrations before it, then its own statements join that history (a repeatable migration's never do,
     * as it runs after every versioned one).
     */
    @Override
    public List<Finding> check(LintContext context) {
        ColumnHistories histories = new ColumnHistories();
        List<Finding> findings = new ArrayList<>();
        for (MigrationFile file : context.forward()) {
            MigrationSql sql = context.sql(file);
            for (LintStatement statement : sql.statements()) {
                String problem = problem(statement, sql, histories);
                if (problem != null) {
                    findings.add(finding(
                            file.path(),
                            statement.line(),
                            file.script() + " line " + statement.line() + ": " + problem));
                }
            }
            if (file.version() != null) {
                sql.statements().forEach(s -> histories.apply(s, file.script()));
            }
        }
        return findings;
    }

    private static String problem(LintStatement statement, MigrationSql sql, ColumnHistories histories) {
        List<String> written = new ArrayList<>();
        for (String column : DropColumnRule.dropped(statement, sql)) {
            ObjectName table = statement.alteredTable().orElseThrow();
            Optional<ColumnHistories.History> history = histories.of(table, column);
            if (history.isPresent() && history.get().mustBeWritten()) {
                written.add(table + "." + column + " (NOT NULL without a default since "
                        + history.get().since() + ")");
            }
        }
        if (written.isEmpty()) {
            return null;
        }
        return "drops " + String.join(", ", written) + ", which no earlier migration made nullable or gave a"
                + " default: every released version still writes it, so their inserts fail once it is gone, and"
                + " nothing shows its data was moved first";
    }
}
