package dev.dbmigrate.engine;

import dev.dbmigrate.sql.SqlStatement;
import dev.dbmigrate.sql.SqlText;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The INVALID index a failed {@code CREATE INDEX CONCURRENTLY} leaves behind (PostgreSQL commits the index's catalog
 * entry before it builds it, so a statement cancelled while it waits keeps an index marked {@code indisvalid = false}
 * that is maintained on every write but never used). Only the index the statement names, on the table it names, and
 * only one that did not exist before the migration ran, is ever dropped: never every invalid index of the database.
 */
final class InvalidIndexes {
    private static final String NAME = "(\"(?:[^\"]|\"\")+\"|[A-Za-z_][A-Za-z0-9_$]*)";
    private static final Pattern CREATE_CONCURRENTLY = Pattern.compile(
            "^(?:\\s|--[^\\n]*\\n|/\\*.*?\\*/)*create\\s+(?:unique\\s+)?index\\s+concurrently\\s+"
                    + "(?:if\\s+not\\s+exists\\s+)?" + NAME + "\\s+on\\s+(?:only\\s+)?(" + NAME + "(?:\\s*\\.\\s*"
                    + NAME + ")?)",
            Pattern.CASE_INSENSITIVE | Pattern.DOTALL);
    private static final Pattern UNNAMED_OR_REINDEX = Pattern.compile(
            "^(?:\\s|--[^\\n]*\\n|/\\*.*?\\*/)*(?:create\\s+(?:unique\\s+)?index\\s+concurrently\\s+on\\s"
                    + "|reindex\\b.*\\bconcurrently\\b)",
            Pattern.CASE_INSENSITIVE | Pattern.DOTALL);
    private static final String FIND = "select i.indexrelid, n.nspname, c.relname, i.indisvalid from pg_index i"
            + " join pg_class c on c.oid = i.indexrelid join pg_namespace n on n.oid = c.relnamespace"
            + " where c.relname = ? and i.indrelid = to_regclass(?)";

    /** The index a {@code CREATE INDEX CONCURRENTLY} creates: its name (unquoted) and its table as written. */
    record Created(String name, String table) {}

    /** The indexes, by oid, that carry the names the script's statements create, before the script ran. */
    private final Set<Long> before = new HashSet<>();

    private InvalidIndexes() {}

    /** Notes the indexes that exist already under the names {@code statements} create, so none of them is dropped. */
    static InvalidIndexes before(Connection c, List<SqlStatement> statements) throws SQLException {
        InvalidIndexes indexes = new InvalidIndexes();
        for (SqlStatement statement : statements) {
            Created created = created(statement);
            if (created != null) {
                for (Found found : find(c, created)) {
                    indexes.before.add(found.oid());
                }
            }
        }
        return indexes;
    }

    /** The index a {@code CREATE INDEX CONCURRENTLY name ON table} creates; {@code null} for any other statement. */
    static Created created(SqlStatement statement) {
        Matcher m = CREATE_CONCURRENTLY.matcher(statement.sql());
        return m.find() ? new Created(unquoted(m.group(1)), m.group(2)) : null;
    }

    /**
     * Why a statement that failed outside a transaction cannot be run again, or {@code null} when it can: a
     * {@code CREATE INDEX CONCURRENTLY} without a name (its invalid index cannot be told from others) and a
     * {@code REINDEX ... CONCURRENTLY} (it leaves invalid {@code _ccnew} indexes of its own).
     */
    static String notRepeatable(SqlStatement statement) {
        if (!UNNAMED_OR_REINDEX.matcher(statement.sql()).find()) {
            return null;
        }
        return statement.sql().toLowerCase(Locale.ROOT).contains("reindex")
                ? "a REINDEX CONCURRENTLY that failed leaves invalid _ccnew indexes, which a retry would add to"
                : "a CREATE INDEX CONCURRENTLY without an index name leaves an invalid index under a name"
                        + " PostgreSQL chose, which a retry could not tell from others (name the index)";
    }

    /**
     * Drops, with {@code DROP INDEX CONCURRENTLY IF EXISTS}, the invalid index {@code statement} created (none when
     * it creates none, or its index is valid or existed before); returns its qualified name, or {@code null}.
     *
     * @throws SQLException when the drop failed (it waits for every session using the table, under the lock timeout)
     */
    String drop(Connection c, SqlStatement statement) throws SQLException {
        Created created = created(statement);
        if (created == null) {
            return null;
        }
        for (Found found : find(c, created)) {
            if (!found.valid() && !before.contains(found.oid())) {
                try (Statement s = c.createStatement()) {
                    s.execute("drop index concurrently if exists " + found.qualified());
                }
                return found.qualified();
            }
        }
        return null;
    }

    /** The qualified name of the invalid index {@code statement} left, or {@code null} when there is none. */
    String left(Connection c, SqlStatement statement) throws SQLException {
        Created created = created(statement);
        if (created == null) {
            return null;
        }
        for (Found found : find(c, created)) {
            if (!found.valid() && !before.contains(found.oid())) {
                return found.qualified();
            }
        }
        return null;
    }

    private record Found(long oid, String schema, String name, boolean valid) {
        String qualified() {
            return shown(schema) + "." + shown(name);
        }

        private static String shown(String identifier) {
            return identifier.matches("[a-z_][a-z0-9_$]*") ? identifier : SqlText.identifier(identifier);
        }
    }

    private static List<Found> find(Connection c, Created created) throws SQLException {
        List<Found> found = new ArrayList<>();
        try (PreparedStatement s = c.prepareStatement(FIND)) {
            s.setString(1, created.name());
            s.setString(2, created.table());
            try (ResultSet rs = s.executeQuery()) {
                while (rs.next()) {
                    found.add(new Found(rs.getLong(1), rs.getString(2), rs.getString(3), rs.getBoolean(4)));
                }
            }
        }
        return found;
    }

    private static String unquoted(String name) {
        if (name.startsWith("\"")) {
            return name.substring(1, name.length() - 1).replace("\"\"", "\"");
        }
        return name.toLowerCase(Locale.ROOT);
    }
}
