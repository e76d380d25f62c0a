package dev.dbmigrate.change;

import dev.dbmigrate.schema.SqlNames;
import java.nio.charset.StandardCharsets;

/** Names the alterations make up or take apart: a part without its quotes, a new constraint's name. */
final class ChangeNames {
    /** PostgreSQL's limit on an identifier, in bytes ({@code NAMEDATALEN - 1}). */
    private static final int MAX_BYTES = 63;

    private ChangeNames() {}

    /** A name part as the catalogs hold it: {@code "Order"} gives {@code Order}, {@code users} stays. */
    static String unquoted(String part) {
        if (part.length() > 1 && part.startsWith("\"") && part.endsWith("\"")) {
            return part.substring(1, part.length() - 1).replace("\"\"", "\"");
        }
        return part;
    }

    /** An identifier as SQL takes it: bare when it is a plain lower-case name, else quoted. */
    static String identifier(String name) {
        return name.matches("[a-z_][a-z0-9_$]*") ? name : SqlNames.ident(name);
    }

    /**
     * The name of the check constraint that stands in for a column's NOT NULL until it is validated:
     * {@code <table>_<column>_not_null_check}, its start cut so it fits PostgreSQL's 63 bytes (not {@code _not_null}:
     * PostgreSQL 18 gives that name to the NOT NULL constraint {@code SET NOT NULL} makes while the check exists).
     */
    static String notNullCheck(String column) {
        String table = unquoted(SqlNames.last(SqlNames.owner(column)));
        String base = table + "_" + unquoted(SqlNames.last(column));
        String suffix = "_not_null_check";
        while ((base + suffix).getBytes(StandardCharsets.UTF_8).length > MAX_BYTES) {
            base = base.substring(0, base.length() - 1);
        }
        return identifier(base + suffix);
    }
}
