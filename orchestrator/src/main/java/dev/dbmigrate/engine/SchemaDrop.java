package dev.dbmigrate.engine;

import dev.dbmigrate.db.AuditEntry;
import dev.dbmigrate.db.AuditLog;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Function;

/**
 * Empties the managed schemas in one transaction: every table, view, sequence, function, type and extension in them
 * is dropped, except the audit table {@link AuditLog#TABLE}, which keeps its rows and records the drop in the same
 * transaction. The schemas themselves stay (with their owner and privileges). Either everything is dropped and the
 * drop recorded, or, on any error, nothing is.
 */
final class SchemaDrop {
    /** One object: what is shown ({@code table public.songs}) and the statement that drops it. */
    record DroppedObject(String shown, String dropSql) {}

    private static final String OBJECTS = """
            select kind, name, ident from (
              select case c.relkind when 'r' then 'table' when 'p' then 'table' when 'v' then 'view'
                       when 'm' then 'materialized view' when 'S' then 'sequence' when 'f' then 'foreign table'
                     end as kind, n.nspname || '.' || c.relname as name,
                     format('%I.%I', n.nspname, c.relname) as ident, 1 as ord
              from pg_class c join pg_namespace n on n.oid = c.relnamespace
              where n.nspname = any(?) and c.relkind in ('r', 'p', 'v', 'm', 'S', 'f')
                and c.relname <> 'migrate_audit'
                and not exists (select 1 from pg_depend d where d.objid = c.oid and d.deptype in ('a', 'i', 'e'))
              union all
              select case p.prokind when 'p' then 'procedure' when 'a' then 'aggregate' else 'function' end,
                     n.nspname || '.' || p.proname || '(' || pg_get_function_identity_arguments(p.oid) || ')',
                     format('%I.%I(%s)', n.nspname, p.proname, pg_get_function_identity_arguments(p.oid)), 2
              from pg_proc p join pg_namespace n on n.oid = p.pronamespace
              where n.nspname = any(?)
                and not exists (select 1 from pg_depend d where d.objid = p.oid and d.deptype in ('e', 'i'))
              union all
              select case t.typtype when 'd' then 'domain' else 'type' end,
                     n.nspname || '.' || t.typname, format('%I.%I', n.nspname, t.typname), 3
              from pg_type t join pg_namespace n on n.oid = t.typnamespace
              where n.nspname = any(?) and (t.typtype in ('e', 'd', 'r')
                or (t.typtype = 'c' and (select relkind from pg_class where oid = t.typrelid) = 'c'))
                and not exists (select 1 from pg_depend d where d.objid = t.oid and d.deptype = 'e')
              union all
              select 'extension', e.extname, format('%I', e.extname), 4
              from pg_extension e join pg_namespace n on n.oid = e.extnamespace
              where n.nspname = any(?) and pg_has_role(e.extowner, 'USAGE')
            ) o order by ord, name""";

    private SchemaDrop() {}

    /** What a drop of {@code schemas} would drop, in the order it drops them. */
    static List<DroppedObject> list(Connection c, List<String> schemas) throws SQLException {
        List<DroppedObject> objects = new ArrayList<>();
        try (PreparedStatement s = c.prepareStatement(OBJECTS)) {
            java.sql.Array names = c.createArrayOf("text", schemas.toArray());
            for (int i = 1; i <= 4; i++) {
                s.setArray(i, names);
            }
            try (ResultSet rs = s.executeQuery()) {
                while (rs.next()) {
                    String kind = rs.getString(1);
                    objects.add(new DroppedObject(
                            kind + " " + rs.getString(2),
                            "drop " + kind + " if exists " + rs.getString(3) + " cascade"));
                }
            }
        }
        return objects;
    }

    /**
     * Drops every object of {@code schemas} but the audit table and appends the entry {@code record} makes of the list
     * of dropped objects, all in one transaction.
     *
     * @return what was dropped
     */
    static List<String> run(
            Connection c, List<String> schemas, AuditLog audit, Function<List<String>, AuditEntry> record)
            throws SQLException {
        boolean auto = c.getAutoCommit();
        c.setAutoCommit(false);
        try {
            List<DroppedObject> objects = list(c, schemas);
            try (Statement s = c.createStatement()) {
                s.execute("set local client_min_messages = warning");
                for (DroppedObject o : objects) {
                    s.execute(o.dropSql());
                }
            }
            List<String> dropped = objects.stream().map(DroppedObject::shown).toList();
            audit.insert(c, record.apply(dropped));
            c.commit();
            return dropped;
        } catch (SQLException | RuntimeException e) {
            c.rollback();
            throw e;
        } finally {
            c.setAutoCommit(auto);
        }
    }
}
