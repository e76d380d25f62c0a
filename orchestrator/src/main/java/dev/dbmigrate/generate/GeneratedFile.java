package dev.dbmigrate.generate;

import dev.dbmigrate.change.Change;
import dev.dbmigrate.change.PlannedMigration;
import dev.dbmigrate.engine.MigrationCreator;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * One generated migration and its undo script, as text: each opens with comment lines saying what it does, every
 * warning, and the proof; then the statements, each ended by a semicolon. Held-back destructive changes follow,
 * commented out behind the warning that names them.
 *
 * @param version   its version
 * @param slug      the name part of its files
 * @param migration its planned statements
 * @param notes     what the reviewer must know about the whole change (a likely rename), in the first file only
 */
record GeneratedFile(String version, String slug, PlannedMigration migration, List<String> notes) {
    private static final int WIDTH = 100;
    private static final Pattern INDEX_NAME = Pattern.compile("^CREATE (?:UNIQUE )?INDEX CONCURRENTLY (\\S+) ON ");

    /** {@code V<version>__<slug>.sql}. */
    String fileName() {
        return "V" + version + "__" + slug + ".sql";
    }

    /** {@code U<version>__<slug>.sql}. */
    String undoFileName() {
        return "U" + version + "__" + slug + ".sql";
    }

    /**
     * The files' slugs for the migrations of a plan: the message's for the main one; {@code index_<name>} for an
     * index built concurrently; {@code add_enum_values_}, {@code validate_} and {@code complete_} before the message's
     * for the others (each starts with an action word).
     */
    static String slug(PlannedMigration migration, String message) {
        String text = switch (migration.phase()) {
            case MAIN -> message;
            case ENUM_VALUES -> "add enum values " + message;
            case VALIDATE -> "validate " + message;
            case FINISH -> "complete " + message;
            case INDEX -> "index " + indexName(migration);
        };
        return MigrationCreator.slug(text);
    }

    private static String indexName(PlannedMigration migration) {
        Matcher m = INDEX_NAME.matcher(migration.forward().get(0));
        return m.find() ? m.group(1).replace("\"", "") : "concurrently";
    }

    /** The migration's text. */
    String text(String header, String proof) {
        StringBuilder text = new StringBuilder(header);
        section(text, "What it does:", migration.summaries());
        List<String> warnings = new ArrayList<>(notes);
        warnings.addAll(migration.warnings());
        section(text, "Warnings:", warnings);
        text.append(comment(proof)).append("\n");
        migration.forward().forEach(statement -> text.append(statement).append(";\n"));
        for (Change held : migration.held()) {
            text.append("\n")
                    .append(comment("HELD BACK, destructive: " + held.summary() + ". Rerun with"
                            + " -Dmigrate.allowDestructive=true to write it as a statement, or uncomment it once the"
                            + " data is safe."));
            held.forward().forEach(statement -> text.append(commentedOut(statement + ";")));
        }
        return text.toString();
    }

    /** The undo script's text. */
    String undoText(String header) {
        StringBuilder text = new StringBuilder(header);
        text.append(comment("Undoes " + fileName() + ": its statements reversed, last first."))
                .append("\n");
        migration.undo().forEach(statement -> text.append(statement).append(";\n"));
        return text.toString();
    }

    private static void section(StringBuilder text, String title, List<String> lines) {
        if (lines.isEmpty()) {
            return;
        }
        text.append("-- ").append(title).append('\n');
        for (String line : lines) {
            text.append(indented(line));
        }
    }

    /** A comment of one or more lines, wrapped at {@value #WIDTH} characters. */
    static String comment(String text) {
        return wrap(text, "-- ", "-- ");
    }

    private static String indented(String text) {
        return wrap(text, "--   - ", "--     ");
    }

    private static String wrap(String text, String first, String next) {
        StringBuilder out = new StringBuilder();
        StringBuilder line = new StringBuilder();
        String prefix = first;
        for (String word : text.replaceAll("[\\r\\n]+", " ").strip().split(" ")) {
            if (line.length() > 0 && prefix.length() + line.length() + 1 + word.length() > WIDTH) {
                out.append(prefix).append(line).append('\n');
                line.setLength(0);
                prefix = next;
            }
            if (line.length() > 0) {
                line.append(' ');
            }
            line.append(word);
        }
        return out.append(prefix).append(line).append('\n').toString();
    }

    private static String commentedOut(String statement) {
        List<String> lines = new ArrayList<>();
        for (String line : statement.split("\n", -1)) {
            lines.add("-- " + line);
        }
        return String.join("\n", lines) + "\n";
    }
}
