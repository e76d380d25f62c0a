package dev.dbmigrate.doctor;

import dev.dbmigrate.engine.MigrationFiles;
import dev.dbmigrate.engine.MigrationFiles.MigrationFile;
import dev.dbmigrate.sql.SqlScript;
import dev.dbmigrate.sql.SqlStatement;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The tables the pending migrations alter, found by a textual scan of their statements (split by {@link SqlScript}):
 * {@code ALTER TABLE}, {@code DROP TABLE} and {@code CREATE INDEX ... ON} need the table's owner; {@code INSERT INTO},
 * {@code UPDATE} and {@code DELETE FROM} the privilege of that name. A scan, not a parser: a table named only inside
 * a {@code DO} block or a function body is not seen.
 */
final class PendingTables {
    /** A name as SQL writes it: quoted or not, with its schema or without. */
    private static final String PART = "(?:\"(?:[^\"]|\"\")+\"|[A-Za-z_][A-Za-z0-9_$]*)";

    private static final String NAME = PART + "(?:\\s*\\.\\s*" + PART + ")?";
    private static final Pattern LEADING_COMMENTS =
            Pattern.compile("^(?:\\s+|--[^\\n]*\\n?|/\\*.*?\\*/)*", Pattern.DOTALL);
    private static final List<Form> FORMS = List.of(
            new Form("ALTER\\s+TABLE\\s+(?:IF\\s+EXISTS\\s+)?(?:ONLY\\s+)?(" + NAME + ")", Use.OWNER),
            new Form(
                    "CREATE\\s+(?:UNIQUE\\s+)?INDEX\\s+(?:CONCURRENTLY\\s+)?(?:(?:IF\\s+NOT\\s+EXISTS\\s+)?" + NAME
                            + "\\s+)?ON\\s+(?:ONLY\\s+)?(" + NAME + ")",
                    Use.OWNER),
            new Form("INSERT\\s+INTO\\s+(" + NAME + ")", Use.INSERT),
            new Form("UPDATE\\s+(?:ONLY\\s+)?(" + NAME + ")", Use.UPDATE),
            new Form("DELETE\\s+FROM\\s+(?:ONLY\\s+)?(" + NAME + ")", Use.DELETE));
    private static final Pattern DROP_TABLE = Pattern.compile(
            "^DROP\\s+TABLE\\s+(?:IF\\s+EXISTS\\s+)?(" + NAME + "(?:\\s*,\\s*" + NAME + ")*)",
            Pattern.CASE_INSENSITIVE);
    private static final Pattern ONE_NAME = Pattern.compile(NAME);

    /** What a statement needs on a table: its ownership, or a table privilege. */
    enum Use {
        OWNER,
        INSERT,
        UPDATE,
        DELETE
    }

    /**
     * One table a pending migration names.
     *
     * @param table the table as the statement writes it
     * @param use   what the statement needs on it
     * @param file  the migration's file name
     * @param line  the statement's line in it
     */
    record Reference(String table, Use use, String file, int line) {}

    private record Form(Pattern pattern, Use use) {
        Form(String regex, Use use) {
            this(Pattern.compile("^" + regex, Pattern.CASE_INSENSITIVE), use);
        }
    }

    private PendingTables() {}

    /** Every table the {@code files} name, in file and statement order. */
    static List<Reference> in(List<MigrationFile> files) {
        List<Reference> found = new ArrayList<>();
        for (MigrationFile file : files) {
            for (SqlStatement statement : SqlScript.parse(MigrationFiles.read(file.path()))) {
                found.addAll(in(statement, file.fileName()));
            }
        }
        return found;
    }

    /** The tables one statement names. */
    static List<Reference> in(SqlStatement statement, String file) {
        String sql = LEADING_COMMENTS.matcher(statement.sql()).replaceFirst("");
        List<Reference> found = new ArrayList<>();
        Matcher drop = DROP_TABLE.matcher(sql);
        if (drop.find()) {
            Matcher each = ONE_NAME.matcher(drop.group(1));
            while (each.find()) {
                found.add(new Reference(joined(each.group()), Use.OWNER, file, statement.line()));
            }
            return found;
        }
        for (Form form : FORMS) {
            Matcher m = form.pattern().matcher(sql);
            if (m.find()) {
                found.add(new Reference(joined(m.group(1)), form.use(), file, statement.line()));
                break;
            }
        }
        return found;
    }

    /** {@code app . users} as {@code app.users}. */
    private static String joined(String name) {
        return name.replaceAll("\\s*\\.\\s*", ".");
    }
}
