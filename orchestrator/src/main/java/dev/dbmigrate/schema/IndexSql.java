package dev.dbmigrate.schema;

import java.util.ArrayList;
import java.util.List;
import java.util.regex.Pattern;

/** CREATE statements for constraints and indexes. */
final class IndexSql {
    private static final String NAME = "(?:\"(?:[^\"]|\"\")*\"|[A-Za-z_][A-Za-z0-9_$]*)";
    private static final String QUALIFIED = NAME + "(?:\\." + NAME + ")*";
    /** What may follow a key column in an index: collation, operator class (with options), order, nulls order. */
    private static final Pattern MODIFIERS = Pattern.compile(
            "(?:\\s+COLLATE\\s+" + QUALIFIED + ")?"
                    + "(?:\\s+(?!(?:ASC|DESC|NULLS)\\b)" + QUALIFIED + "(?:\\s*\\([^)]*\\))?)?"
                    + "(?:\\s+(?:ASC|DESC))?(?:\\s+NULLS\\s+(?:FIRST|LAST))?\\s*",
            Pattern.CASE_INSENSITIVE);

    private static final Pattern LEADING_NAME = Pattern.compile(QUALIFIED);

    private IndexSql() {}

    /** {@code ALTER TABLE ... ADD CONSTRAINT name definition} and the constraint's comment. */
    static List<String> constraint(SchemaObject constraint) {
        List<String> statements = new ArrayList<>();
        statements.add("ALTER TABLE " + SqlNames.owner(constraint.name()) + " ADD CONSTRAINT "
                + SqlNames.last(constraint.name()) + " " + constraint.text("definition"));
        statements.addAll(AccessSql.comment(constraint));
        return statements;
    }

    /** Whether a constraint is a foreign key (created after every index, which it may reference). */
    static boolean foreignKey(SchemaObject constraint) {
        return "foreign key".equals(constraint.text("type"));
    }

    /**
     * {@code CREATE [UNIQUE] INDEX name ON table USING method (keys) INCLUDE (...) NULLS NOT DISTINCT WHERE (...)}
     * and the index's comment.
     */
    static List<String> index(SchemaObject index) {
        StringBuilder sql = new StringBuilder(index.flag("unique") ? "CREATE UNIQUE INDEX " : "CREATE INDEX ")
                .append(SqlNames.last(index.name()))
                .append(" ON ")
                .append(index.text("table"));
        if (index.text("method") != null) {
            sql.append(" USING ").append(index.text("method"));
        }
        sql.append(" (")
                .append(String.join(
                        ", ", index.list("columns").stream().map(IndexSql::key).toList()))
                .append(")");
        if (!index.list("include").isEmpty()) {
            sql.append(" INCLUDE (")
                    .append(String.join(", ", index.list("include")))
                    .append(")");
        }
        if (index.flag("nullsNotDistinct")) {
            sql.append(" NULLS NOT DISTINCT");
        }
        if (index.text("predicate") != null) {
            sql.append(" WHERE (").append(index.text("predicate")).append(")");
        }
        List<String> statements = new ArrayList<>();
        statements.add(sql.toString());
        statements.addAll(AccessSql.comment(index));
        return statements;
    }

    /**
     * A key column as CREATE INDEX takes it: a column, a function call or a parenthesised expression (each with its
     * collation, operator class and order) stays as it is; any other expression ({@code a + b}, {@code x::text}, as
     * {@code pg_get_indexdef(oid, k, true)} prints them) is put in parentheses.
     */
    static String key(String column) {
        String text = column.trim();
        int end = leadingOperand(text);
        if (end > 0 && MODIFIERS.matcher(text.substring(end)).matches()) {
            return text;
        }
        return "(" + text + ")";
    }

    /** Where the column, function call or parenthesised expression {@code text} starts with ends (0: none). */
    private static int leadingOperand(String text) {
        if (text.startsWith("(")) {
            return closing(text, 0);
        }
        var name = LEADING_NAME.matcher(text);
        if (!name.lookingAt()) {
            return 0;
        }
        int end = name.end();
        return end < text.length() && text.charAt(end) == '(' ? closing(text, end) : end;
    }

    /** The index after the parenthesis matching the one at {@code open} (0 when it is never closed). */
    private static int closing(String text, int open) {
        int depth = 0;
        char quote = 0;
        for (int i = open; i < text.length(); i++) {
            char c = text.charAt(i);
            if (quote != 0) {
                quote = c == quote ? 0 : quote;
            } else if (c == '"' || c == '\'') {
                quote = c;
            } else if (c == '(') {
                depth++;
            } else if (c == ')' && --depth == 0) {
                return i + 1;
            }
        }
        return 0;
    }
}
