package dev.dbmigrate.lint;

import java.util.List;
import java.util.Optional;
import java.util.Set;

/**
 * Which statements take an ACCESS EXCLUSIVE lock on a relation that existed before the migration, per PostgreSQL's
 * lock levels: most {@code ALTER TABLE} actions (not {@code ADD FOREIGN KEY}: SHARE ROW EXCLUSIVE; not
 * {@code VALIDATE CONSTRAINT}, {@code SET STATISTICS}, column and storage options, {@code CLUSTER ON},
 * {@code ATTACH PARTITION}, {@code DETACH PARTITION CONCURRENTLY}: SHARE UPDATE EXCLUSIVE; not {@code ENABLE |
 * DISABLE TRIGGER}: SHARE ROW EXCLUSIVE), {@code DROP TABLE}, {@code TRUNCATE}, {@code LOCK TABLE} in its default
 * mode, {@code CLUSTER}, {@code VACUUM FULL}, {@code REFRESH MATERIALIZED VIEW} without {@code CONCURRENTLY},
 * {@code DROP INDEX} without {@code CONCURRENTLY} of an index the migration does not create (on the index's table) and {@code DROP TRIGGER}.
 */
final class AccessExclusive {
    /** The table storage parameters that {@code ALTER TABLE ... SET (...)} changes under SHARE UPDATE EXCLUSIVE. */
    private static final Set<String> LIGHT_OPTIONS = Set.of(
            "fillfactor",
            "toast_tuple_target",
            "parallel_workers",
            "vacuum_index_cleanup",
            "vacuum_truncate",
            "log_autovacuum_min_duration");

    private AccessExclusive() {}

    /**
     * The relation {@code statement} of the migration {@code sql} locks ACCESS EXCLUSIVE and that existed before it,
     * for messages ("the existing table users"), if there is one.
     */
    static Optional<String> lockedBy(LintStatement statement, MigrationSql sql) {
        Optional<AlterTable> alter = AlterTable.of(statement);
        if (alter.isPresent()) {
            return sql.existedBefore(alter.get().table())
                            && alter.get().actions().stream().anyMatch(AccessExclusive::strong)
                    ? Optional.of("the existing table " + alter.get().table())
                    : Optional.empty();
        }
        if (statement.startsWith("DROP", "TABLE")) {
            return existing(statement, 2, sql);
        }
        if (statement.startsWith("TRUNCATE")) {
            return existing(statement, statement.matchesAt(1, "TABLE") ? 2 : 1, sql);
        }
        if (statement.startsWith("LOCK")) {
            boolean strong = !statement.contains("IN") || statement.contains("IN", "ACCESS", "EXCLUSIVE", "MODE");
            return strong ? existing(statement, statement.matchesAt(1, "TABLE") ? 2 : 1, sql) : Optional.empty();
        }
        if (statement.startsWith("CLUSTER")) {
            return existing(statement, 1, sql);
        }
        if (statement.startsWith("VACUUM") && statement.contains("FULL")) {
            int at = statement.indexOfSymbol(0, ")");
            return existing(statement, at > 0 ? at + 1 : statement.indexOf(0, "FULL") + 1, sql);
        }
        if (statement.startsWith("REFRESH", "MATERIALIZED", "VIEW")) {
            return statement.matchesAt(3, "CONCURRENTLY")
                    ? Optional.empty()
                    : statement.nameAt(3).filter(sql::existedBefore).map(view -> "the materialized view " + view);
        }
        if (statement.startsWith("DROP", "INDEX") && !statement.matchesAt(2, "CONCURRENTLY")) {
            return statement
                    .nameAt(2)
                    .filter(index -> sql.statements().stream()
                            .map(CreatedIndex::of)
                            .flatMap(Optional::stream)
                            .noneMatch(created -> index.name().equals(created.name())))
                    .map(index -> "the table of the index " + index);
        }
        if (statement.startsWith("DROP", "TRIGGER")) {
            int on = statement.indexOf(2, "ON");
            return on < 0 ? Optional.empty() : existing(statement, on + 1, sql);
        }
        return Optional.empty();
    }

    private static Optional<String> existing(LintStatement statement, int at, MigrationSql sql) {
        List<ObjectName> tables =
                statement.namesAt(at).stream().filter(sql::existedBefore).toList();
        return tables.isEmpty()
                ? Optional.empty()
                : Optional.of((tables.size() == 1 ? "the existing table " : "the existing tables ")
                        + String.join(
                                ", ", tables.stream().map(ObjectName::toString).toList()));
    }

    /** Whether an {@code ALTER TABLE} action takes ACCESS EXCLUSIVE. */
    private static boolean strong(LintStatement action) {
        if (action.startsWith("VALIDATE")
                || action.startsWith("ATTACH", "PARTITION")
                || action.startsWith("DETACH", "PARTITION") && action.contains("CONCURRENTLY")
                || action.startsWith("CLUSTER", "ON")
                || action.startsWith("SET", "WITHOUT", "CLUSTER")
                || action.startsWith("ENABLE") && action.contains("TRIGGER")
                || action.startsWith("DISABLE", "TRIGGER")) {
            return false;
        }
        if (AlterTable.Added.of(action)
                .filter(c -> c.kind().equals("FOREIGN KEY"))
                .isPresent()) {
            return false;
        }
        if (AlterTable.alteredColumn(action).isPresent()) {
            int at = action.startsWith("ALTER", "COLUMN") ? 3 : 2;
            boolean options = (action.matchesAt(at, "SET") || action.matchesAt(at, "RESET"))
                    && action.token(at + 1).filter(t -> t.isSymbol("(")).isPresent();
            return !options && !action.matchesAt(at, "SET", "STATISTICS");
        }
        if ((action.startsWith("SET") || action.startsWith("RESET"))
                && action.token(1).filter(t -> t.isSymbol("(")).isPresent()) {
            List<Token> tokens = action.tokens();
            for (int i = 2; i < tokens.size(); i++) {
                boolean name = tokens.get(i - 1).isSymbol("(")
                        || tokens.get(i - 1).isSymbol(",")
                        || tokens.get(i - 1).isSymbol(".");
                String word = tokens.get(i).name();
                if (name
                        && tokens.get(i).isName()
                        && !word.equals("toast")
                        && !LIGHT_OPTIONS.contains(word)
                        && !word.startsWith("autovacuum_")) {
                    return true;
                }
            }
            return false;
        }
        return true;
    }
}
