package dev.dbmigrate.backup;

import dev.dbmigrate.process.ProcessPipeline;
import java.util.List;
import java.util.UUID;

/**
 * The SQL psql runs around the archive's content in a restore's one transaction: a preamble that saves the tool's own
 * tables and empties each managed schema in place, and a postamble that fails unless pg_restore completed, then puts
 * the tool's tables back and records the restore ({@link KeptTables}).
 *
 * <p>pg_restore's output ends with a completion line ({@link #completion}) only once pg_restore has exited
 * successfully; the line sets a psql variable whose name is chosen at random for each run, so no archive can guess
 * it, and the postamble raises an error (so psql rolls the whole transaction back) unless it is set.
 */
final class RestoreScript {
    /** The error the postamble raises when pg_restore's completion line is missing. */
    static final String INCOMPLETE = "pg_restore did not finish, so nothing of the restore is kept";

    private RestoreScript() {}

    /** A psql variable name for one run's completion line, which no archive can guess. */
    static String completionVariable() {
        return "migrate_restore_complete_" + UUID.randomUUID().toString().replace("-", "");
    }

    /**
     * What psql prints when it meets a backslash command between pg_restore's "restrict" line (its output's first, from
     * PostgreSQL 17.6, 16.10, 15.14, 14.19 and 13.22 on) and its "unrestrict" line (its last): a pg_restore cut short
     * never lifts the restriction, so the postamble's first backslash command fails with this instead of
     * {@link #INCOMPLETE}.
     */
    static final String RESTRICTED = "backslash commands are restricted";

    /**
     * The line that follows a completed pg_restore's output, setting {@code variable}, and the errors psql prints
     * without it.
     */
    static ProcessPipeline.Completion completion(String variable) {
        return new ProcessPipeline.Completion("\n\\set " + variable + " on\n", List.of(INCOMPLETE, RESTRICTED));
    }

    /** The start of the postamble: an error, and so a rollback, unless pg_restore completed. */
    static String requireCompletion(String variable) {
        return "\\if :{?" + variable + "}\n"
                + "\\else\n"
                + "DO $migrate$ BEGIN RAISE EXCEPTION '" + INCOMPLETE + "'; END $migrate$;\n"
                + "\\endif\n";
    }

    /** The postamble: the completion check, then the tool's tables put back and the restore recorded. */
    static String postamble(String variable, List<String> schemas, KeptTables.Restore restore) {
        return requireCompletion(variable) + KeptTables.putBackSql(schemas, restore);
    }

    /**
     * Empties each managed schema in place: every table, view, sequence, function and type in it is dropped, while the
     * schema itself stays with its owner, privileges and comment. So the schema's owner can restore without the right
     * to create schemas (least privilege), and {@code pg_restore --schema}, which never writes CREATE SCHEMA, fills it
     * again. Objects of extensions are left to their extension. The tool's own tables are copied to temporary tables
     * first, so the postamble can put them back as they are live ({@link KeptTables}).
     */
    static String preamble(List<String> schemas) {
        StringBuilder sql =
                new StringBuilder("SET client_min_messages = warning;\n" + "SET standard_conforming_strings = on;\n");
        for (int i = 0; i < schemas.size(); i++) {
            // a plain literal: the preamble turns standard_conforming_strings on
            String schema = "'" + schemas.get(i).replace("'", "''") + "'";
            sql.append(KeptTables.saveSql(schemas.get(i), i))
                    .append("DO $migrate$\n")
                    .append("DECLARE\n")
                    .append("    item record;\n")
                    .append("BEGIN\n")
                    .append(createIfMissing(schema))
                    .append(dropRelations(schema))
                    .append(dropRoutines(schema))
                    .append(dropTypes(schema))
                    .append("END\n")
                    .append("$migrate$;\n");
        }
        return sql.toString();
    }

    /** The schema is created when the database lacks it, so pg_restore has somewhere to write. */
    private static String createIfMissing(String schema) {
        return "    IF NOT EXISTS (SELECT 1 FROM pg_catalog.pg_namespace WHERE nspname = " + schema + ") THEN\n"
                + "        EXECUTE pg_catalog.format('CREATE SCHEMA %I', " + schema + ");\n"
                + "    END IF;\n";
    }

    /** Drops the tables, views, materialized views, foreign tables and sequences. */
    private static String dropRelations(String schema) {
        return "    FOR item IN SELECT c.relname, c.relkind FROM pg_catalog.pg_class c\n"
                + "                  JOIN pg_catalog.pg_namespace n ON n.oid = c.relnamespace\n"
                + "                 WHERE n.nspname = " + schema + " AND c.relkind IN ('r', 'p', 'v', 'm', 'f', 'S')\n"
                + notOfAnExtension("c.oid")
                + "        EXECUTE pg_catalog.format('DROP %s IF EXISTS %I.%I CASCADE', CASE item.relkind\n"
                + "            WHEN 'v' THEN 'VIEW' WHEN 'm' THEN 'MATERIALIZED VIEW' WHEN 'f' THEN 'FOREIGN TABLE'\n"
                + "            WHEN 'S' THEN 'SEQUENCE' ELSE 'TABLE' END, " + schema + ", item.relname);\n"
                + "    END LOOP;\n";
    }

    /** Drops the functions, procedures and aggregates. */
    private static String dropRoutines(String schema) {
        return "    FOR item IN SELECT p.oid::pg_catalog.regprocedure AS signature, p.prokind\n"
                + "                  FROM pg_catalog.pg_proc p JOIN pg_catalog.pg_namespace n ON n.oid = p.pronamespace\n"
                + "                 WHERE n.nspname = " + schema + "\n"
                + notOfAnExtension("p.oid")
                + "        EXECUTE pg_catalog.format('DROP %s IF EXISTS %s CASCADE', CASE item.prokind\n"
                + "            WHEN 'a' THEN 'AGGREGATE' WHEN 'p' THEN 'PROCEDURE' ELSE 'FUNCTION' END, item.signature);\n"
                + "    END LOOP;\n";
    }

    /** Drops the enums, domains, ranges and composite types (not a table's row type, nor array types). */
    private static String dropTypes(String schema) {
        return "    FOR item IN SELECT t.oid::pg_catalog.regtype AS name, t.typtype FROM pg_catalog.pg_type t\n"
                + "                  JOIN pg_catalog.pg_namespace n ON n.oid = t.typnamespace\n"
                + "                 WHERE n.nspname = " + schema + " AND t.typcategory <> 'A'\n"
                + "                   AND (t.typtype IN ('e', 'd', 'r')\n"
                + "                        OR (t.typtype = 'c' AND (SELECT c.relkind FROM pg_catalog.pg_class c\n"
                + "                                                  WHERE c.oid = t.typrelid) = 'c'))\n"
                + notOfAnExtension("t.oid")
                + "        EXECUTE pg_catalog.format('DROP %s IF EXISTS %s CASCADE',\n"
                + "            CASE item.typtype WHEN 'd' THEN 'DOMAIN' ELSE 'TYPE' END, item.name);\n"
                + "    END LOOP;\n";
    }

    /** The end of a loop's query: the object is not a member of an extension. */
    private static String notOfAnExtension(String oid) {
        return "                   AND NOT EXISTS (SELECT 1 FROM pg_catalog.pg_depend d WHERE d.objid = " + oid + "\n"
                + "                                   AND d.deptype = 'e') LOOP\n";
    }
}
