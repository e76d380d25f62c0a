package dev.dbmigrate.engine;

import dev.dbmigrate.sql.SqlScript;
import dev.dbmigrate.sql.SqlStatement;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Pattern;

/**
 * The text {@code migrate:create} writes into a new migration and its undo script: comment lines only, each made by
 * {@link #comment}, the one way a value (the message, a file name) reaches the files. Both templates carry the
 * {@link #MARKER} line, by which {@code upgrade}, {@code downgrade} and {@code validate} recognise a file that is still
 * the unedited template: it holds the marker and no SQL statement. A comment-only migration the user wrote (a
 * placeholder for a reverted change) has no marker and stays valid.
 */
final class MigrationTemplate {
    /** The line that marks a file as a template of {@code migrate:create}; a line starting with it counts. */
    static final String MARKER = "-- migrate:template";

    private static final String MARKER_LINE =
            MARKER + " (marks the unedited template: delete this line once the SQL" + " is written)\n";
    /** The header line of the templates written before the marker existed. */
    private static final Pattern EARLIER_HEADER =
            Pattern.compile("-- Version [0-9._]+, created \\S+ by migrate:create\\.");
    /** Every character that ends a line for Java, PostgreSQL, Flyway or an editor. */
    private static final Pattern LINE_END = Pattern.compile("[\\n\\r\\u000B\\u000C\\u0085\\u2028\\u2029]");

    private static final int WIDTH = 100;

    private MigrationTemplate() {}

    /** The new migration: the message, where it came from, the marker, and what to review. */
    static String migration(String message, String version, String created) {
        return verified(comment(message)
                + comment("Version " + version + " (created " + created + " by migrate:create)")
                + MARKER_LINE
                + comment("upgrade refuses this file until it holds a SQL statement: write the migration's SQL below,"
                        + " or delete the file (and its undo script) if no migration is needed.")
                + "--\n"
                + "-- Review before committing:\n"
                + "--  * one change per migration; add indexes in a migration of their own\n"
                + "--    (CREATE INDEX CONCURRENTLY runs outside a transaction and must be alone in its file);\n"
                + "--  * never drop a column without first migrating its data;\n"
                + "--  * update large tables in batches;\n"
                + "--  * write the undo script beside this file, and try it: migrate:downgrade, then migrate:upgrade.\n"
                + "\n");
    }

    /** The undo script of {@code migrationFile}. */
    static String undo(String message, String version, String migrationFile, String created) {
        return verified(comment("Undo of " + migrationFile + ": " + message)
                + comment("Version " + version + " (created " + created + " by migrate:create)")
                + MARKER_LINE
                + comment("downgrade refuses this file until it holds a SQL statement: write the SQL that reverses"
                        + " the migration below.")
                + "--\n"
                + comment("migrate:downgrade runs this in one transaction and removes version " + version
                        + " from the history table in the same transaction. Reverse every change of the migration, last"
                        + " change first.")
                + "\n");
    }

    /**
     * {@code text} as {@code -- } comment lines, wrapped at word ends to about {@value #WIDTH} characters. The text
     * must be one line: a line end of any kind in it would end the comment and make the rest SQL, so it is refused.
     *
     * @throws IllegalArgumentException when the text holds a line end
     */
    static String comment(String text) {
        if (LINE_END.matcher(text).find()) {
            throw new IllegalArgumentException(
                    "a comment line cannot hold a line end: " + text.replaceAll(LINE_END.pattern(), "\\\\n"));
        }
        StringBuilder out = new StringBuilder();
        StringBuilder line = new StringBuilder();
        for (String word : text.strip().split(" ")) {
            if (line.length() > 0 && line.length() + 1 + word.length() > WIDTH) {
                out.append("-- ").append(line).append('\n');
                line.setLength(0);
            }
            if (line.length() > 0) {
                line.append(' ');
            }
            line.append(word);
        }
        out.append(line.length() == 0 ? "--" : "-- " + line).append('\n');
        return out.toString();
    }

    /**
     * The template, checked: every line a comment or blank, and no statement for this project's SQL parser. A
     * second guard after {@link #comment}: a template that fails it is never written.
     *
     * @throws IllegalStateException when the text would hold SQL
     */
    static String verified(String template) {
        List<String> live = new ArrayList<>();
        for (String line : LINE_END.split(template, -1)) {
            if (!line.isBlank() && !line.startsWith("--")) {
                live.add(line);
            }
        }
        List<SqlStatement> statements = SqlScript.parse(template);
        if (!live.isEmpty() || !statements.isEmpty()) {
            throw new IllegalStateException("the template would hold SQL: "
                    + (live.isEmpty() ? statements.get(0).sql() : live.get(0)));
        }
        return template;
    }

    /**
     * Whether a script is still the template create wrote: it holds no statement, and the marker line (or the header
     * line of a template written before the marker existed, {@code -- Version ..., created ... by migrate:create.}).
     */
    static boolean isUnedited(String text, List<SqlStatement> statements) {
        return templateLine(text, statements) != null;
    }

    /**
     * The line by which {@link #isUnedited} recognises the template (the one to delete to keep the file as a
     * migration that changes nothing), or null when the script is not the unedited template.
     */
    static String templateLine(String text, List<SqlStatement> statements) {
        if (statements == null || !statements.isEmpty()) {
            return null;
        }
        for (String line : text.split("\\R")) {
            String l = line.strip();
            if (l.startsWith(MARKER) || EARLIER_HEADER.matcher(l).matches()) {
                return l.startsWith(MARKER) ? MARKER : l;
            }
        }
        return null;
    }
}
