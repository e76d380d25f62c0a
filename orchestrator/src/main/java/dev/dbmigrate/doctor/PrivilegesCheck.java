package dev.dbmigrate.doctor;

import dev.dbmigrate.doctor.PendingTables.Reference;
import dev.dbmigrate.doctor.PendingTables.Use;
import dev.dbmigrate.engine.MigrationFiles;
import dev.dbmigrate.engine.MigrationFiles.MigrationFile;
import dev.dbmigrate.engine.Migrator;
import dev.dbmigrate.history.MigrationInfo;
import dev.dbmigrate.support.Messages;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import java.util.stream.Stream;

/**
 * The user may do what the pending migrations do: USAGE and CREATE on each managed schema (CREATE on the database
 * for one that does not exist yet), and on each existing table a pending migration alters, ownership (membership in
 * the owner's role, {@code pg_has_role}) or, for {@code INSERT}, {@code UPDATE} and {@code DELETE}, that privilege
 * ({@code has_table_privilege}). The tables come from a textual scan of the pending files ({@link PendingTables}).
 */
final class PrivilegesCheck implements DoctorCheck {
    static final String NAME = "privileges";

    @Override
    public String name() {
        return NAME;
    }

    @Override
    public CheckOutcome run(DoctorContext context) throws SQLException {
        List<String> problems = new ArrayList<>();
        Set<String> fixes = new LinkedHashSet<>();
        List<Reference> references = references(context);
        int tables;
        try (Connection c = context.connect()) {
            String user = currentUser(c);
            for (String schema : context.settings().schemas()) {
                schema(c, schema, user, problems, fixes);
            }
            tables = tables(c, references, user, problems, fixes);
        }
        if (!problems.isEmpty()) {
            return CheckOutcome.fail(NAME, String.join("; ", problems), String.join("; ", fixes));
        }
        return CheckOutcome.pass(
                NAME,
                "USAGE and CREATE on " + String.join(", ", context.settings().schemas()) + "; "
                        + (tables == 0
                                ? "no existing table named by the pending migrations"
                                : "may alter the " + Messages.count(tables, "existing table")
                                        + " the pending migrations name")
                        + " (a textual scan of ALTER TABLE, DROP TABLE, CREATE INDEX ... ON, INSERT, UPDATE and"
                        + " DELETE)");
    }

    /** The tables the pending migrations name. */
    private static List<Reference> references(DoctorContext context) {
        Set<String> pending;
        try (Migrator migrator = context.migrator()) {
            pending = new LinkedHashSet<>(migrator.current().pending().stream()
                    .map(MigrationInfo::script)
                    .toList());
        }
        MigrationFiles files = MigrationFiles.scan(context.settings().locations(), true);
        List<MigrationFile> scripts = Stream.concat(files.versioned().stream(), files.repeatable().stream())
                .filter(f -> pending.contains(f.script()))
                .toList();
        return PendingTables.in(scripts);
    }

    private static String currentUser(Connection c) throws SQLException {
        try (PreparedStatement s = c.prepareStatement("select current_user");
                ResultSet rs = s.executeQuery()) {
            rs.next();
            return rs.getString(1);
        }
    }

    private static void schema(Connection c, String schema, String user, List<String> problems, Set<String> fixes)
            throws SQLException {
        try (PreparedStatement s = c.prepareStatement("select n.oid is not null,"
                + " case when n.oid is null then has_database_privilege(current_database(), 'CREATE') end,"
                + " case when n.oid is not null then has_schema_privilege(n.oid, 'USAGE') end,"
                + " case when n.oid is not null then has_schema_privilege(n.oid, 'CREATE') end"
                + " from (select 1) one left join pg_namespace n on n.nspname = ?")) {
            s.setString(1, schema);
            try (ResultSet rs = s.executeQuery()) {
                rs.next();
                if (!rs.getBoolean(1)) {
                    if (!rs.getBoolean(2)) {
                        problems.add("schema " + schema + " does not exist and " + user
                                + " may not create it (no CREATE on the database)");
                        fixes.add("create schema " + schema + " as its owner-to-be, or GRANT CREATE ON DATABASE to "
                                + user);
                    }
                    return;
                }
                List<String> missing = new ArrayList<>();
                if (!rs.getBoolean(3)) {
                    missing.add("USAGE");
                }
                if (!rs.getBoolean(4)) {
                    missing.add("CREATE");
                }
                if (!missing.isEmpty()) {
                    String privileges = String.join(", ", missing);
                    problems.add(user + " has no " + String.join(" and no ", missing) + " on schema " + schema);
                    fixes.add("GRANT " + privileges + " ON SCHEMA " + schema + " TO " + user
                            + " (as the schema's owner), or connect as a user that has it");
                }
            }
        }
    }

    /** Checks each reference to an existing table; returns how many existing tables were checked. */
    private static int tables(
            Connection c, List<Reference> references, String user, List<String> problems, Set<String> fixes)
            throws SQLException {
        Set<String> checked = new LinkedHashSet<>();
        try (PreparedStatement s = c.prepareStatement("select format('%I.%I', n.nspname, c.relname),"
                + " pg_get_userbyid(c.relowner), pg_has_role(c.relowner, 'USAGE'), has_table_privilege(c.oid, ?)"
                + " from pg_class c join pg_namespace n on n.oid = c.relnamespace where c.oid = to_regclass(?)")) {
            for (Reference ref : references) {
                s.setString(1, ref.use() == Use.OWNER ? "SELECT" : ref.use().name());
                s.setString(2, ref.table());
                try (ResultSet rs = s.executeQuery()) {
                    if (!rs.next()) {
                        continue; // not there yet: a pending migration creates it
                    }
                    String table = rs.getString(1);
                    checked.add(table);
                    boolean owner = rs.getBoolean(3);
                    if (ref.use() == Use.OWNER && !owner) {
                        problems.add(ref.file() + " line " + ref.line() + " alters " + table + ", owned by "
                                + rs.getString(2) + ", not by " + user + " nor a role " + user + " belongs to");
                        fixes.add("run as " + rs.getString(2) + " (or a member of its role), or ALTER TABLE " + table
                                + " OWNER TO " + user);
                    } else if (ref.use() != Use.OWNER && !rs.getBoolean(4)) {
                        problems.add(ref.file() + " line " + ref.line() + " needs " + ref.use() + " on " + table
                                + ", which " + user + " does not have");
                        fixes.add("GRANT " + ref.use() + " ON " + table + " TO " + user);
                    }
                }
            }
        }
        return checked.size();
    }
}
