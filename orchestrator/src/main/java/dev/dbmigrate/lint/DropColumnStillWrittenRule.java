package dev.dbmigrate.lint;

import java.util.ArrayList;
import java.util.List;

/**
 * The seed's "never drop columns without data migration": {@code DROP COLUMN} of a column that, as far as the
 * earlier migrations show, every released version must still write ({@link SchemaHistory#writtenSince}).
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
final class DropColumnStillWrittenRule extends SqlRule {
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
     * The drops of {@code statement} weighed against the versioned migrations before {@code sql}'s
     * ({@link SchemaHistory#writtenSince}): a change in the same migration does not count, and a repeatable
     * migration's drops are weighed against every versioned one.
     */
    @Override
    String problem(LintStatement statement, MigrationSql sql, LintContext context) {
        List<String> written = new ArrayList<>();
        for (String column : DropColumnRule.dropped(statement, sql)) {
            ObjectName table = statement.alteredTable().orElseThrow();
            SchemaHistory.of(context)
                    .writtenSince(sql, table, column)
                    .ifPresent(since ->
                            written.add(table + "." + column + " (NOT NULL without a default since " + since + ")"));
        }
        if (written.isEmpty()) {
            return null;
        }
        return "drops " + String.join(", ", written) + ", which no earlier migration made nullable or gave a"
                + " default: every released version still writes it, so their inserts fail once it is gone, and"
                + " nothing shows its data was moved first";
    }
}
