package dev.dbmigrate.trace;

import dev.dbmigrate.sql.SqlText;
import java.sql.Array;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;

/**
 * The relations of the managed schemas as they were before a migration (tables, partitioned tables, materialized
 * views, indexes, sequences, views, foreign tables, and the TOAST tables of the tables), by oid: the trace names only
 * these, by the names they had then, and sees a rewrite as a change of their file node ({@code pg_class.relfilenode}).
 */
final class Relations {
    private static final String RELATIONS = "select c.oid::bigint, n.nspname, c.relname, c.relkind::text,"
            + " c.relfilenode::bigint, coalesce(i.indrelid, 0)::bigint from pg_class c"
            + " join pg_namespace n on n.oid = c.relnamespace left join pg_index i on i.indexrelid = c.oid"
            + " where n.nspname = any(?) and c.relkind in ('r', 'p', 'm', 'i', 'I', 'S', 'v', 'f')"
            + " union all select t.oid::bigint, n.nspname, c.relname, 't', t.relfilenode::bigint, c.oid::bigint"
            + " from pg_class c join pg_namespace n on n.oid = c.relnamespace join pg_class t on t.oid = c.reltoastrelid"
            + " where n.nspname = any(?)";
    private static final String LOCKS = "select relation::bigint, mode from pg_locks where locktype = 'relation'"
            + " and granted and pid = ? and database = (select oid from pg_database where datname = current_database())";

    /**
     * One relation as it was before the migration.
     *
     * @param owner the table of an index or TOAST table; the relation itself otherwise
     */
    record Relation(long oid, String schema, String name, char kind, long owner) {
        /** {@code public.users}; a TOAST table is named after its table. */
        String qualified() {
            return schema + "." + name;
        }

        /** The name quoted for SQL: {@code "public"."users"}. */
        String quoted() {
            return SqlText.identifier(schema) + "." + SqlText.identifier(name);
        }

        boolean table() {
            return kind == 'r' || kind == 'p' || kind == 'm';
        }

        boolean index() {
            return kind == 'i' || kind == 'I';
        }
    }

    /** What a statement changed the file node of. */
    record Rewrites(List<String> tables, List<String> indexes) {}

    private final List<String> schemas;
    private final Map<Long, Relation> byOid;
    private final Map<Long, Long> fileNodes;

    private Relations(List<String> schemas, Map<Long, Relation> byOid, Map<Long, Long> fileNodes) {
        this.schemas = List.copyOf(schemas);
        this.byOid = byOid;
        this.fileNodes = fileNodes;
    }

    /** The relations of {@code schemas} now, as the migration about to run will find them. */
    static Relations read(Connection c, List<String> schemas) throws SQLException {
        Map<Long, Relation> byOid = new HashMap<>();
        Map<Long, Long> nodes = new HashMap<>();
        try (PreparedStatement s = c.prepareStatement(RELATIONS)) {
            Array names = c.createArrayOf("text", schemas.toArray());
            s.setArray(1, names);
            s.setArray(2, names);
            try (ResultSet rs = s.executeQuery()) {
                while (rs.next()) {
                    long oid = rs.getLong(1);
                    long owner = rs.getLong(6);
                    char kind = rs.getString(4).charAt(0);
                    byOid.put(oid, new Relation(oid, rs.getString(2), rs.getString(3), kind, owner == 0 ? oid : owner));
                    if (kind != 'S' && kind != 'v' && kind != 'f') {
                        nodes.put(oid, rs.getLong(5));
                    }
                }
            }
        }
        return new Relations(schemas, byOid, nodes);
    }

    /**
     * The file node of every relation that has one, as it is now ({@code pg_class} as this session sees it), and the
     * names of the indexes of the managed schemas now: an index dropped and created again under its name (as ALTER
     * COLUMN TYPE does with the indexes on the column) has a new oid.
     */
    FileNodes fileNodes(Connection c) throws SQLException {
        Map<Long, Long> now = new HashMap<>();
        Set<String> indexes = new HashSet<>();
        try (PreparedStatement s = c.prepareStatement("select c.oid::bigint, c.relfilenode::bigint, n.nspname || '.'"
                + " || c.relname, c.relkind in ('i', 'I') and n.nspname = any(?) from pg_class c join pg_namespace n"
                + " on n.oid = c.relnamespace where c.oid::bigint = any(?) or (c.relkind in ('i', 'I')"
                + " and n.nspname = any(?))")) {
            Array names = c.createArrayOf("text", schemas.toArray());
            s.setArray(1, names);
            s.setArray(2, c.createArrayOf("bigint", fileNodes.keySet().toArray()));
            s.setArray(3, names);
            try (ResultSet rs = s.executeQuery()) {
                while (rs.next()) {
                    now.put(rs.getLong(1), rs.getLong(2));
                    if (rs.getBoolean(4)) {
                        indexes.add(rs.getString(3));
                    }
                }
            }
        }
        return new FileNodes(now, indexes);
    }

    /**
     * The file nodes of the relations, and the qualified names of the indexes.
     *
     * @param byOid   the file node of each relation, by oid
     * @param indexes the indexes of the managed schemas, qualified
     */
    record FileNodes(Map<Long, Long> byOid, Set<String> indexes) {}

    /** The file nodes before the migration. */
    FileNodes fileNodesBefore() {
        Set<String> indexes = new HashSet<>();
        byOid.values().stream().filter(Relation::index).forEach(r -> indexes.add(r.qualified()));
        return new FileNodes(Map.copyOf(fileNodes), indexes);
    }

    /**
     * The relations whose file node differs between {@code before} and {@code after}, and the indexes that were
     * dropped and created again under their name; a dropped relation is not among them.
     */
    Rewrites rewrites(FileNodes before, FileNodes after) {
        Set<String> tables = new TreeSet<>();
        Set<String> indexes = new TreeSet<>();
        before.byOid().forEach((oid, node) -> {
            Relation r = byOid.get(oid);
            Long now = after.byOid().get(oid);
            if (now == null && r.index() && after.indexes().contains(r.qualified())) {
                indexes.add(r.qualified());
            } else if (now != null && !now.equals(node) && node != 0) {
                if (r.index()) {
                    indexes.add(r.qualified());
                } else {
                    tables.add(byOid.get(r.owner()).qualified());
                }
            }
        });
        return new Rewrites(List.copyOf(tables), List.copyOf(indexes));
    }

    /**
     * The granted locks backend {@code pid} holds on these relations, ordered by relation and mode. TOAST tables are
     * left out: they are locked with their table.
     */
    Set<LockTaken> locks(Connection c, int pid) throws SQLException {
        List<LockTaken> locks = new ArrayList<>();
        try (PreparedStatement s = c.prepareStatement(LOCKS)) {
            s.setInt(1, pid);
            try (ResultSet rs = s.executeQuery()) {
                while (rs.next()) {
                    Relation r = byOid.get(rs.getLong(1));
                    if (r != null && r.kind() != 't') {
                        LockMode.of(rs.getString(2)).ifPresent(mode -> locks.add(new LockTaken(r.qualified(), mode)));
                    }
                }
            }
        }
        locks.sort(Comparator.comparing(LockTaken::relation).thenComparing(LockTaken::mode));
        return new LinkedHashSet<>(locks);
    }

    /**
     * The tables behind the relations {@code named} (an index's table, a table itself), in name order; names of other
     * relations (sequences, views) are left out.
     */
    List<Relation> tablesOf(Set<String> named) {
        Set<Relation> tables = new TreeSet<>(Comparator.comparing(Relation::qualified));
        for (Relation r : byOid.values()) {
            if (r.kind() != 't' && named.contains(r.qualified())) {
                Relation table = byOid.get(r.owner());
                if (table != null && table.table()) {
                    tables.add(table);
                }
            }
        }
        return List.copyOf(tables);
    }

    /** The backend process id of the session on {@code c}. */
    static int pid(Connection c) throws SQLException {
        try (Statement s = c.createStatement();
                ResultSet rs = s.executeQuery("select pg_backend_pid()")) {
            rs.next();
            return rs.getInt(1);
        }
    }

    /** The {@code lock_timeout} in force in the session on {@code c}, as the server shows it: {@code 0} for none. */
    static String lockTimeout(Connection c) throws SQLException {
        try (Statement s = c.createStatement();
                ResultSet rs = s.executeQuery("show lock_timeout")) {
            rs.next();
            return rs.getString(1);
        }
    }
}
