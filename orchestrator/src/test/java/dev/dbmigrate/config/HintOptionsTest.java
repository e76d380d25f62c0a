package dev.dbmigrate.config;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

/**
 * Every fix hint in the library's messages that names a goal with options names options that goal takes
 * ({@link GoalOptions}): a hint such as {@code migrate:current -Dmigrate.requireUndo=false} is refused by the CLI
 * ({@code unknown option}) and ignored by Maven when the goal does not take it. The messages are read from the source,
 * so a new message is checked without being listed here.
 */
class HintOptionsTest {
    private static final Path SOURCES = Path.of("src/main/java");
    /** A goal in a message text, followed by the properties set with it. */
    private static final Pattern LITERAL = Pattern.compile("migrate:([a-z][a-z-]*)((?:\\s+-Dmigrate\\.[A-Za-z.]*"
            + "[A-Za-z](?:=(?:\\\\\"[^\"]*\\\\\"|[^\\s,;)\"]*))?)+)");

    private static final Pattern LITERAL_PROPERTY = Pattern.compile("-Dmigrate\\.([A-Za-z.]*[A-Za-z])");
    /** A goal composed in code, with {@link FixHint#goal}, {@link FixHint#command} or {@link FixHint#rerun}. */
    private static final Pattern COMPOSED =
            Pattern.compile("FixHint\\.(?:goal\\(|command\\([^,]+,\\s*|rerun\\([^,]+," + "\\s*)\"([a-z][a-z-]*)\"");

    private static final Pattern COMPOSED_PROPERTY = Pattern.compile("MigrateProperty\\.([A-Z_]+)");

    /** A string literal holding words: the message goes on, the command has ended. */
    private static final Pattern WORDS = Pattern.compile("\"[^\"]*[A-Za-z][^\"]*\"");

    /** Where the call whose arguments {@code rest} continues ends: its closing parenthesis (strings are skipped). */
    private static int closingParenthesis(String rest) {
        int depth = 1;
        boolean quoted = false;
        for (int i = 0; i < rest.length(); i++) {
            char c = rest.charAt(i);
            if (c == '"' && (i == 0 || rest.charAt(i - 1) != '\\')) {
                quoted = !quoted;
            } else if (!quoted && c == '(') {
                depth++;
            } else if (!quoted && c == ')' && --depth == 0) {
                return i;
            }
        }
        return rest.length();
    }

    /** The source text with adjacent string literals joined, so a message split over lines reads as one. */
    private static String joined(Path file) {
        try {
            return Files.readString(file).replaceAll("\"\\s*\\+\\s*\"", "");
        } catch (IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
    }

    private static Optional<MigrateProperty> property(String key) {
        return Arrays.stream(MigrateProperty.values())
                .filter(p -> p.key().equals(key) || p.option().equals(key))
                .findFirst();
    }

    /** Each option a hint names that its goal does not take, as "file: goal option". */
    private static List<String> misfits(Path file, String text) {
        List<String> misfits = new ArrayList<>();
        Matcher literal = LITERAL.matcher(text);
        while (literal.find()) {
            String goal = literal.group(1);
            Matcher p = LITERAL_PROPERTY.matcher(literal.group(2));
            while (p.find()) {
                Optional<MigrateProperty> property = property(p.group(1));
                if (property.isEmpty() || !GoalOptions.of(goal).contains(property.get())) {
                    misfits.add(file.getFileName() + ": migrate:" + goal + " -Dmigrate." + p.group(1));
                }
            }
        }
        Matcher composed = COMPOSED.matcher(text);
        while (composed.find()) {
            String goal = composed.group(1);
            int end = text.indexOf(';', composed.end());
            String rest = text.substring(composed.end(), end < 0 ? text.length() : end);
            if (composed.group().startsWith("FixHint.goal(")) {
                // the properties appended to a bare goal, up to the next words of the message
                Matcher words = WORDS.matcher(rest);
                rest = words.find() ? rest.substring(0, words.start()) : rest;
            } else {
                rest = rest.substring(0, closingParenthesis(rest)); // the call's own arguments
            }
            Matcher next = COMPOSED.matcher(rest);
            if (next.find()) {
                rest = rest.substring(0, next.start()); // the properties up to the next goal are this one's
            }
            Matcher p = COMPOSED_PROPERTY.matcher(rest);
            while (p.find()) {
                MigrateProperty property = MigrateProperty.valueOf(p.group(1));
                if (!GoalOptions.of(goal).contains(property)) {
                    misfits.add(file.getFileName() + ": migrate:" + goal + " " + property);
                }
            }
        }
        return misfits;
    }

    @Test
    void everyHintNamesOnlyOptionsItsGoalTakes() throws IOException {
        List<String> misfits = new ArrayList<>();
        int files;
        try (Stream<Path> all = Files.walk(SOURCES)) {
            List<Path> java = all.filter(f -> f.toString().endsWith(".java")).toList();
            files = java.size();
            java.forEach(f -> misfits.addAll(misfits(f, joined(f))));
        }
        assertTrue(files > 50, "the library's sources were read: " + files);
        assertEquals(List.of(), misfits);
    }

    @Test
    void theScanFindsAnOptionAGoalDoesNotTake() {
        // the hint the CLI gate printed before current took requireUndo, and a composed one
        assertEquals(
                List.of("X.java: migrate:backup -Dmigrate.outOfOrder", "X.java: migrate:drop STEPS"),
                misfits(
                        Path.of("X.java"),
                        "\"run migrate:backup -Dmigrate.env=prod\" + \" -Dmigrate.outOfOrder=true"
                                        .replaceAll("\"\\s*\\+\\s*\"", "")
                                + "\" FixHint.command(settings, \"drop\","
                                + " FixHint.set(MigrateProperty.STEPS, \"1\"));"));
        assertEquals(
                List.of(),
                misfits(
                        Path.of("X.java"),
                        "\"migrate:current -Dmigrate.failIfPending=true" + " -Dmigrate.requireUndo=false again\""));
    }
}
