package dev.dbmigrate.lint;

import java.util.List;
import java.util.Optional;

/**
 * The seed's "use batch operations for large data changes": an {@code UPDATE} or {@code DELETE} of a table that
 * existed before the migration that may touch every row in one statement, holding its row locks (and, for an
 * {@code UPDATE}, writing a new version of each row) until the migration commits.
 *
 * <p>An error when nothing bounds the rows: no {@code WHERE}, or one that is always true ({@code WHERE true},
 * {@code WHERE 1 = 1}). A warning when the {@code WHERE} bounds the rows by no key: no comparison of a column named
 * {@code id} or {@code *_id} ({@code =}, {@code <}, {@code >}, {@code <=}, {@code >=}, {@code IN}, {@code BETWEEN};
 * {@code <>} bounds nothing) and no {@code LIMIT} (a batch such as {@code WHERE id IN (SELECT id ... LIMIT 1000)}):
 * {@code WHERE status = 'old'} may match most of the table. Lint cannot know the data; a condition on a key is taken
 * as a batch. A table created in the same migration has no rows to speak of, and a statement that starts with
 * {@code WITH} (or runs inside a function body) is not read.
 */
final class UnbatchedDmlRule extends SqlRule {
    @Override
    public String id() {
        return "unbatched-dml";
    }

    @Override
    public Severity severity() {
        return Severity.ERROR;
    }

    @Override
    public String description() {
        return "an UPDATE or DELETE over an unbounded set of an existing table locks and rewrites every row it matches"
                + " in one transaction";
    }

    @Override
    public String alternative() {
        return "change the rows in batches by key (WHERE id BETWEEN 1 AND 10000, or WHERE id IN (SELECT id ... LIMIT"
                + " 10000)), each batch committed, in a data migration of its own";
    }

    @Override
    Severity severity(LintStatement statement, MigrationSql sql, String problem) {
        return unbounded(where(statement)) ? Severity.ERROR : Severity.WARNING;
    }

    @Override
    String problem(LintStatement statement, MigrationSql sql, LintContext context) {
        Optional<ObjectName> table = statement.startsWith("UPDATE")
                ? statement.nameAt(1)
                : statement.startsWith("DELETE", "FROM") ? statement.nameAt(2) : Optional.empty();
        if (table.isEmpty() || !sql.existedBefore(table.get(), statement)) {
            return null;
        }
        String verb = statement.startsWith("UPDATE") ? "updates" : "deletes";
        Optional<List<Token>> where = where(statement);
        if (where.isEmpty()) {
            return verb + " every row of the existing table " + table.get() + " in one statement (no WHERE),"
                    + " locking them all until the migration commits";
        }
        if (unbounded(where)) {
            return verb + " every row of the existing table " + table.get() + " in one statement (its WHERE is"
                    + " always true), locking them all until the migration commits";
        }
        if (byKey(where.get())) {
            return null;
        }
        return verb + " the rows of the existing table " + table.get() + " that match a WHERE on no key (id, *_id)"
                + " and without LIMIT in one statement: it may match most of the table, all locked until the"
                + " migration commits";
    }

    /** The tokens of the statement's own {@code WHERE} (not a subquery's), up to {@code RETURNING}, if it has one. */
    private static Optional<List<Token>> where(LintStatement statement) {
        List<Token> tokens = statement.tokens();
        int depth = 0;
        int start = -1;
        int end = tokens.size();
        for (int i = 0; i < tokens.size(); i++) {
            Token t = tokens.get(i);
            depth += t.isSymbol("(") ? 1 : t.isSymbol(")") ? -1 : 0;
            if (depth == 0 && start < 0 && t.is("WHERE")) {
                start = i + 1;
            } else if (depth == 0 && start >= 0 && t.is("RETURNING")) {
                end = i;
                break;
            }
        }
        return start < 0 ? Optional.empty() : Optional.of(tokens.subList(start, end));
    }

    /** Whether there is no {@code WHERE}, or one always true: {@code true}, {@code 1 = 1}, {@code 'a' = 'a'}. */
    private static boolean unbounded(Optional<List<Token>> where) {
        if (where.isEmpty()) {
            return true;
        }
        List<Token> w = where.get();
        return w.size() == 1 && w.get(0).is("true")
                || w.size() == 2 && w.get(0).is("NOT") && w.get(1).is("false")
                || w.size() == 3
                        && w.get(1).isSymbol("=")
                        && w.get(0).kind() != Token.Kind.WORD
                        && w.get(0).equals(w.get(2));
    }

    /** Whether the condition bounds the rows by a key column or takes a {@code LIMIT}ed batch. */
    private static boolean byKey(List<Token> where) {
        for (int i = 0; i + 1 < where.size(); i++) {
            Token t = where.get(i);
            Token next = where.get(i + 1);
            if (t.is("LIMIT")) {
                return true;
            }
            boolean key = t.isName() && (t.name().equals("id") || t.name().endsWith("_id"));
            boolean compared = next.isSymbol("=")
                    || next.isSymbol("<")
                            && !(i + 2 < where.size() && where.get(i + 2).isSymbol(">"))
                    || next.isSymbol(">")
                    || next.is("IN")
                    || next.is("BETWEEN");
            if (key && compared) {
                return true;
            }
        }
        return false;
    }
}
