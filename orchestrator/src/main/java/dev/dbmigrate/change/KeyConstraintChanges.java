package dev.dbmigrate.change;

import dev.dbmigrate.schema.ObjectKind;
import dev.dbmigrate.schema.SchemaObject;
import dev.dbmigrate.schema.SnapshotSql;
import dev.dbmigrate.schema.SqlNames;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * A primary key or unique constraint changed on a table with rows, the way that does not block it while its index is
 * built: the new index {@code CREATE UNIQUE INDEX CONCURRENTLY} in a migration of its own ({@link Phase#INDEX}), then
 * ({@link Phase#FINISH}) the old constraint dropped and the new one added {@code USING INDEX}, which takes the index
 * (and its name) without building anything. Each migration's undo gives back the state before it.
 */
final class KeyConstraintChanges {
    /** {@code PRIMARY KEY (a, b) INCLUDE (c) DEFERRABLE}, as {@code pg_get_constraintdef} prints a key. */
    private static final Pattern KEY =
            Pattern.compile("(PRIMARY KEY|UNIQUE)( NULLS NOT DISTINCT)? \\(([^()]*)\\)( INCLUDE \\([^()]*\\))?"
                    + "((?: DEFERRABLE)?(?: INITIALLY DEFERRED)?)");

    private KeyConstraintChanges() {}

    /**
     * The changes that turn key constraint {@code from} into {@code to} through an index built concurrently; empty
     * when that way does not apply: a partitioned table or a partition (no CONCURRENTLY there), a definition it does
     * not know.
     */
    static Optional<List<Change>> of(SchemaObject from, SchemaObject to, ChangeContext context) {
        String table = SqlNames.owner(to.name());
        Optional<SchemaObject> owner = context.inCurrent(ObjectKind.TABLE, table);
        Matcher key = KEY.matcher(to.text("definition"));
        if (owner.isEmpty()
                || owner.get().text("partitionBy") != null
                || owner.get().text("partitionOf") != null
                || !key.matches()) {
            return Optional.empty();
        }
        String index = temporaryName(SqlNames.last(to.name()));
        String create = "CREATE UNIQUE INDEX %s" + index + " ON " + table + " USING btree (" + key.group(3) + ")"
                + (key.group(4) == null ? "" : key.group(4))
                + (key.group(2) == null ? "" : key.group(2));
        String schema = SqlNames.owner(table);
        Change build = Change.of(
                Phase.INDEX,
                "create the index of " + to.label() + " concurrently, as " + index,
                List.of(create.formatted("CONCURRENTLY ")),
                List.of("DROP INDEX CONCURRENTLY " + schema + "." + index));
        List<String> swap = new ArrayList<>(List.of(
                SnapshotSql.drop(from),
                "ALTER TABLE " + table + " ADD CONSTRAINT " + SqlNames.last(to.name()) + " " + key.group(1)
                        + " USING INDEX " + index + key.group(5)));
        swap.addAll(SnapshotSql.comment(to));
        List<String> back = new ArrayList<>(List.of(SnapshotSql.drop(to)));
        back.addAll(SnapshotSql.create(from, context.current()));
        back.add(create.formatted(""));
        Change replace = Change.of(
                Phase.FINISH,
                "change " + to.label() + " to " + to.text("definition") + ", using index " + index,
                swap,
                back);
        return Optional.of(List.of(build, replace));
    }

    /** {@code <constraint>_new}, its start cut so it fits PostgreSQL's 63 bytes. */
    private static String temporaryName(String constraint) {
        String base = ChangeNames.unquoted(constraint);
        while ((base + "_new").getBytes(StandardCharsets.UTF_8).length > 63) {
            base = base.substring(0, base.length() - 1);
        }
        return ChangeNames.identifier(base + "_new");
    }
}
