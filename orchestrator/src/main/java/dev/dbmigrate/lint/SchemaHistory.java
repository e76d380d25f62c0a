package dev.dbmigrate.lint;

import dev.dbmigrate.engine.MigrationFiles.MigrationFile;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;

/**
 * The tables as each statement of the versioned migrations found them: every migration applied once, in version
 * order, to an {@link EarlierSchema}, and each column's type, known {@code NOT NULL} and the migration since which
 * every insert must write it recorded where they change.
 * A rule asks what was true just before a statement (its own migration's earlier statements included) or before a
 * migration, without applying the migrations again for each question. Made once per run
 * ({@link LintContext#derived}).
 */
final class SchemaHistory {
    /** A value a column took at statement number {@code seq} (null: none known). */
    private record Change(int seq, Object value) {}

    /** The number of each statement of the versioned migrations, in the order upgrade runs them. */
    private final Map<LintStatement, Integer> seqOf = new IdentityHashMap<>();

    /** The number of the first statement of each versioned migration. */
    private final Map<MigrationFile, Integer> startOf = new HashMap<>();

    /** The changes of each column's type, by "table.column", in order. */
    private final Map<String, List<Change>> types = new HashMap<>();

    /** The changes of whether each column is known to hold no null, by "table.column", in order. */
    private final Map<String, List<Change>> notNull = new HashMap<>();

    /** The changes of the migration since which every insert must write each column, by "table.column", in order. */
    private final Map<String, List<Change>> written = new HashMap<>();

    private final int end;

    private SchemaHistory(LintContext context) {
        EarlierSchema schema = new EarlierSchema();
        int seq = 0;
        for (MigrationFile file : context.versionedInOrder()) {
            startOf.put(file, seq);
            for (LintStatement s : context.sql(file).statements()) {
                seqOf.put(s, seq);
                Set<String> tables = new HashSet<>();
                Map<String, Set<String>> before = new HashMap<>();
                for (String table : schema.apply(s, file.script())) {
                    tables.add(table);
                    before.put(table, schema.columns(table));
                }
                for (String table : tables) {
                    Set<String> columns = new HashSet<>(before.get(table));
                    columns.addAll(schema.columns(table));
                    for (String column : columns) {
                        record(types, table + "." + column, seq, schema.typeOf(table, column));
                        record(notNull, table + "." + column, seq, schema.knownNotNull(table, column));
                        record(written, table + "." + column, seq, schema.mustBeWrittenSince(table, column));
                    }
                }
                seq++;
            }
        }
        end = seq;
    }

    /** The history of {@code context}'s versioned migrations, made once per run. */
    static SchemaHistory of(LintContext context) {
        return context.derived(SchemaHistory.class, SchemaHistory::new);
    }

    private static void record(Map<String, List<Change>> changes, String key, int seq, Object value) {
        List<Change> list = changes.computeIfAbsent(key, k -> new ArrayList<>());
        if (list.isEmpty()
                ? value != null
                : !Objects.equals(list.get(list.size() - 1).value(), value)) {
            list.add(new Change(seq, value));
        }
    }

    /**
     * The type of {@code table.column} just before {@code statement} of the migration {@code sql} (before the
     * migration, for a repeatable one), if the migrations show it.
     */
    @SuppressWarnings("unchecked")
    Optional<List<Token>> typeBefore(MigrationSql sql, LintStatement statement, ObjectName table, String column) {
        int at = seqOf.getOrDefault(statement, startOf.getOrDefault(sql.file(), end));
        return Optional.ofNullable((List<Token>) valueBefore(types, table.name() + "." + column, at));
    }

    /**
     * Whether an earlier migration than {@code sql}'s declared {@code table.column NOT NULL} or proved it holds no
     * null with a validated check.
     */
    boolean notNullBefore(MigrationSql sql, ObjectName table, String column) {
        int at = startOf.getOrDefault(sql.file(), end);
        return Boolean.TRUE.equals(valueBefore(notNull, table.name() + "." + column, at));
    }

    /**
     * The migration since which every insert must write {@code table.column}, as the versioned migrations before
     * {@code sql}'s show it ({@link EarlierSchema#mustBeWrittenSince}); empty when an insert may leave it out or they do
     * not show its history.
     */
    Optional<String> writtenSince(MigrationSql sql, ObjectName table, String column) {
        int at = startOf.getOrDefault(sql.file(), end);
        return Optional.ofNullable((String) valueBefore(written, table.name() + "." + column, at));
    }

    private static Object valueBefore(Map<String, List<Change>> changes, String key, int at) {
        Object value = null;
        for (Change change : changes.getOrDefault(key, List.of())) {
            if (change.seq() >= at) {
                break;
            }
            value = change.value();
        }
        return value;
    }
}
