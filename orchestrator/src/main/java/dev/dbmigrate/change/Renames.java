package dev.dbmigrate.change;

import dev.dbmigrate.schema.ObjectKind;
import dev.dbmigrate.schema.SchemaObject;
import dev.dbmigrate.schema.Snapshot;
import dev.dbmigrate.schema.SqlNames;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * The renames the user confirmed ({@code -Dmigrate.rename}), applied before the schemas are compared: the current
 * schema is rewritten as it will be after them ({@link RenamedSnapshot}), so the comparison sees one table or column
 * where it would see one dropped and one added, and each becomes an {@code ALTER TABLE ... RENAME} whose undo renames
 * back. {@code table.old:new} renames a column, {@code old:new} where {@code old} names a table renames the table; a
 * table is named {@code schema.table} or bare (the first table of that name in any schema, schemas in name order). A
 * column of a renamed table is named by the table's new name when the table's rename comes first. A rename that names
 * nothing in the current schema, or whose new name the desired schema lacks, is refused with an
 * {@link IllegalArgumentException} that names the value, the cause and the fix (nothing is planned then).
 */
final class Renames {
    private final RenamedSnapshot renamed;
    private final Snapshot desired;
    private final List<Change> changes = new ArrayList<>();

    private Renames(Snapshot current, Snapshot desired) {
        this.renamed = new RenamedSnapshot(current);
        this.desired = desired;
    }

    /** What the renames give: the rewritten current schema, its originals, and the RENAME changes in order. */
    record Applied(RenamedSnapshot snapshot, List<Change> changes) {}

    /** Applies {@code renames} to {@code current}, checking each against {@code current} and {@code desired}. */
    static Applied apply(Snapshot current, Snapshot desired, List<Rename> renames) {
        Renames applying = new Renames(current, desired);
        renames.forEach(applying::apply);
        return new Applied(applying.renamed, List.copyOf(applying.changes));
    }

    private void apply(Rename rename) {
        String value = rename.from() + ":" + rename.to();
        if (rename.to().isBlank()
                || rename.from().isBlank()
                || SqlNames.parts(rename.to()).size() != 1) {
            throw refused(value, "the new name after the colon must be one name, without a table or schema");
        }
        Optional<SchemaObject> table = table(SqlNames.parts(rename.from()));
        if (table.isPresent()) {
            renameTable(value, table.get(), ChangeNames.unquoted(rename.to()));
            return;
        }
        List<String> parts = SqlNames.parts(rename.from());
        Optional<SchemaObject> owner = parts.size() < 2 ? Optional.empty() : table(parts.subList(0, parts.size() - 1));
        if (owner.isEmpty()) {
            throw refused(
                    value,
                    "the current schema has no table " + rename.from()
                            + (parts.size() < 2 ? "" : " and no table " + SqlNames.owner(rename.from())));
        }
        String old = ChangeNames.unquoted(parts.get(parts.size() - 1));
        Optional<SchemaObject> column = columnsOf(owner.get().name(), renamed.snapshot()).stream()
                .filter(c -> ChangeNames.unquoted(SqlNames.last(c.name())).equals(old))
                .findFirst();
        if (column.isEmpty()) {
            throw refused(
                    value,
                    owner.get().label() + " has no column " + old + " (its columns: "
                            + String.join(
                                    ", ",
                                    columnsOf(owner.get().name(), renamed.snapshot()).stream()
                                            .map(c -> SqlNames.last(c.name()))
                                            .toList())
                            + ")");
        }
        renameColumn(value, owner.get(), column.get(), ChangeNames.unquoted(rename.to()));
    }

    private void renameTable(String value, SchemaObject table, String to) {
        String schema = SqlNames.owner(table.name());
        Optional<SchemaObject> target = desired.of(ObjectKind.TABLE).stream()
                .filter(t -> SqlNames.owner(t.name()).equals(schema)
                        && ChangeNames.unquoted(SqlNames.last(t.name())).equals(to))
                .findFirst();
        if (target.isEmpty()
                || renamed.snapshot()
                        .find(ObjectKind.TABLE, target.get().name())
                        .isPresent()) {
            throw refused(
                    value,
                    target.isEmpty()
                            ? "the desired schema has no table " + to + " in schema " + schema
                            : target.get().label() + " exists in the current schema already");
        }
        String newName = target.get().name();
        renamed.renameTable(table.name(), newName);
        changes.add(Change.of(
                Phase.MAIN,
                "rename " + table.label() + " to " + SqlNames.last(newName),
                List.of("ALTER TABLE " + table.name() + " RENAME TO " + SqlNames.last(newName)),
                List.of("ALTER TABLE " + newName + " RENAME TO " + SqlNames.last(table.name()))));
        renameCompanions(newName, unquotedLast(table.name()) + "_", unquotedLast(newName) + "_");
    }

    private static String unquotedLast(String name) {
        return ChangeNames.unquoted(SqlNames.last(name));
    }

    /**
     * The constraints, indexes and owned sequences of a renamed table (or of a table whose column is renamed) whose
     * names begin with {@code oldPrefix}, PostgreSQL's default names ({@code item_pkey}, {@code item_id_seq},
     * {@code item_code_key}), renamed too where the desired schema has the same name but with {@code newPrefix}
     * ({@code items_pkey}): else they would be dropped and created again (a primary key rebuilt, with the foreign
     * keys on it).
     */
    private void renameCompanions(String newTable, String oldPrefix, String newPrefix) {
        String schema = SqlNames.owner(newTable);
        for (SchemaObject object : renamed.objects()) {
            String owner = switch (object.kind()) {
                case CONSTRAINT -> SqlNames.owner(object.name());
                case INDEX -> object.text("table");
                case SEQUENCE -> object.text("ownedBy") == null ? null : SqlNames.owner(object.text("ownedBy"));
                default -> null;
            };
            String name = ChangeNames.unquoted(SqlNames.last(object.name()));
            if (!newTable.equals(owner) || !name.startsWith(oldPrefix)) {
                continue;
            }
            String container = object.kind() == ObjectKind.CONSTRAINT ? newTable : schema;
            String wanted = newPrefix + name.substring(oldPrefix.length());
            desired.objects().stream()
                    .filter(d -> d.kind() == object.kind()
                            && SqlNames.owner(d.name()).equals(container)
                            && ChangeNames.unquoted(SqlNames.last(d.name())).equals(wanted)
                            && renamed.snapshot().find(d.kind(), d.name()).isEmpty())
                    .findFirst()
                    .ifPresent(target -> renameCompanion(object, target.name()));
        }
    }

    private void renameCompanion(SchemaObject object, String newName) {
        String from = SqlNames.last(object.name());
        String to = SqlNames.last(newName);
        String rename = switch (object.kind()) {
            case CONSTRAINT -> "ALTER TABLE " + SqlNames.owner(object.name()) + " RENAME CONSTRAINT %s TO %s";
            case INDEX -> "ALTER INDEX " + SqlNames.owner(object.name()) + ".%s RENAME TO %s";
            default -> "ALTER SEQUENCE " + SqlNames.owner(object.name()) + ".%s RENAME TO %s";
        };
        renamed.renameObject(object, newName);
        changes.add(Change.of(
                Phase.MAIN,
                "rename " + object.label() + " to " + to,
                List.of(rename.formatted(from, to)),
                List.of(rename.formatted(to, from))));
    }

    private void renameColumn(String value, SchemaObject table, SchemaObject column, String to) {
        Optional<SchemaObject> target = columnsOf(table.name(), desired).stream()
                .filter(c -> ChangeNames.unquoted(SqlNames.last(c.name())).equals(to))
                .findFirst();
        if (target.isEmpty()
                || renamed.snapshot()
                        .find(ObjectKind.COLUMN, target.get().name())
                        .isPresent()) {
            throw refused(
                    value,
                    target.isEmpty()
                            ? "the desired schema has no column " + to + " in " + table.label()
                            : target.get().label() + " exists in the current schema already");
        }
        String old = SqlNames.last(column.name());
        String now = SqlNames.last(target.get().name());
        renamed.renameColumn(sharing(table.name()), old, now);
        changes.add(Change.of(
                Phase.MAIN,
                "rename " + column.label() + " to " + now,
                List.of("ALTER TABLE " + table.name() + " RENAME COLUMN " + old + " TO " + now),
                List.of("ALTER TABLE " + table.name() + " RENAME COLUMN " + now + " TO " + old)));
        String prefix = unquotedLast(table.name()) + "_";
        renameCompanions(table.name(), prefix + ChangeNames.unquoted(old) + "_", prefix + to + "_");
    }

    /** {@code table} and the partitions and inheritance children below it, which share its columns. */
    private List<String> sharing(String table) {
        List<String> tables = new ArrayList<>(List.of(table));
        for (int i = 0; i < tables.size(); i++) {
            String parent = tables.get(i);
            for (SchemaObject child : renamed.snapshot().of(ObjectKind.TABLE)) {
                if ((parent.equals(child.text("partitionOf"))
                                || child.list("inherits").contains(parent))
                        && !tables.contains(child.name())) {
                    tables.add(child.name());
                }
            }
        }
        return tables;
    }

    /** The table named by {@code parts} (schema and table, or the table alone in any schema), as renamed so far. */
    private Optional<SchemaObject> table(List<String> parts) {
        if (parts.isEmpty() || parts.size() > 2) {
            return Optional.empty();
        }
        return renamed.snapshot().of(ObjectKind.TABLE).stream()
                .filter(table -> {
                    List<String> name = SqlNames.parts(table.name());
                    boolean sameTable =
                            ChangeNames.unquoted(name.get(1)).equals(ChangeNames.unquoted(parts.get(parts.size() - 1)));
                    return sameTable
                            && (parts.size() == 1
                                    || ChangeNames.unquoted(name.get(0)).equals(ChangeNames.unquoted(parts.get(0))));
                })
                .findFirst();
    }

    private static List<SchemaObject> columnsOf(String table, Snapshot snapshot) {
        return snapshot.of(ObjectKind.COLUMN).stream()
                .filter(column -> SqlNames.owner(column.name()).equals(table))
                .toList();
    }

    private static IllegalArgumentException refused(String value, String cause) {
        return new IllegalArgumentException("-Dmigrate.rename=" + value + " cannot be applied: " + cause
                + "; nothing was generated. Name a table of the current schema (table or schema.table) or one of its"
                + " columns (table.column), then a colon and the name the desired schema gives it, as in"
                + " -Dmigrate.rename=users.fullname:display_name");
    }
}
