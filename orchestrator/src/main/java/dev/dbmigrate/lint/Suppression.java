package dev.dbmigrate.lint;

import dev.dbmigrate.error.ErrorCode;
import dev.dbmigrate.error.MigrateException;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * A comment in a migration file that silences one rule in that file: a line {@code -- migrate:allow <rule-id>
 * because <reason>}. A comment that names no rule, an unknown rule or one that cannot be silenced, or that gives no
 * reason, silences nothing and is itself a finding ({@link #INVALID}, an error); one that silences nothing is a warning
 * ({@link #UNUSED}).
 *
 * @param file   the migration file
 * @param line   its line
 * @param ruleId the rule it silences in the file
 * @param reason why, in the author's words
 */
public record Suppression(Path file, int line, String ruleId, String reason) {
    /** The id of the finding for a {@code -- migrate:allow} comment that is wrong. */
    public static final String INVALID = "invalid-allow";

    /** The id of the finding for a {@code -- migrate:allow} comment that silences nothing. */
    public static final String UNUSED = "unused-allow";

    /** A line that is a {@code -- migrate:allow} comment (the text after the keyword in group 1). */
    private static final Pattern ALLOW = Pattern.compile("\\uFEFF?\\s*--\\s*migrate:allow(\\s.*)?");

    /** A rule id and what follows it. */
    private static final Pattern BODY = Pattern.compile("(\\S+)\\s*(?:because(?:\\s+(.*))?)?(.*)");

    /** Whether this comment silences {@code finding}: a finding of its rule in its file. */
    boolean silences(Finding finding) {
        return ruleId.equals(finding.ruleId()) && file.equals(finding.file());
    }

    /**
     * The comments of one file.
     *
     * @param valid    those that silence a rule
     * @param problems the findings about those that are wrong
     */
    record Comments(List<Suppression> valid, List<Finding> problems) {}

    /**
     * Reads the {@code -- migrate:allow} comments of {@code file} (each a whole line; a file that is not UTF-8 is
     * still read, the rule {@code not-utf8} reports it); {@code script} names the file in messages.
     */
    static Comments read(Path file, String script, Rules rules) {
        List<Suppression> valid = new ArrayList<>();
        List<Finding> problems = new ArrayList<>();
        try (BufferedReader reader =
                new BufferedReader(new InputStreamReader(Files.newInputStream(file), StandardCharsets.UTF_8))) {
            int number = 0;
            for (String text = reader.readLine(); text != null; text = reader.readLine()) {
                number++;
                Matcher allow = ALLOW.matcher(text);
                if (!allow.matches()) {
                    continue;
                }
                Matcher body = BODY.matcher(
                        allow.group(1) == null ? "" : allow.group(1).strip());
                String problem = body.matches()
                        ? problem(body, rules)
                        : "-- migrate:allow names no rule, so it silences nothing (write -- migrate:allow <rule-id>"
                                + " because <reason>; the rules are " + rules.idsText() + ")";
                if (problem == null) {
                    valid.add(new Suppression(
                            file, number, body.group(1), body.group(2).strip()));
                } else {
                    String message = script + " line " + number + ": " + problem;
                    problems.add(new Finding(INVALID, Severity.ERROR, file, number, message));
                }
            }
        } catch (IOException e) {
            throw new MigrateException(
                    ErrorCode.CONFIGURATION,
                    "could not read " + file + ": " + e.getMessage()
                            + "; nothing was changed (check that the file exists and is readable)",
                    e);
        }
        return new Comments(valid, problems);
    }

    /** What is wrong with a comment's rule id and reason ({@link #BODY}, matched), or null when it silences a rule. */
    private static String problem(Matcher body, Rules rules) {
        String id = body.group(1);
        var rule = rules.byId(id);
        if (rule.isEmpty()) {
            return "-- migrate:allow names the unknown rule '" + id + "', so it silences nothing (the rules are "
                    + rules.idsText() + ")";
        }
        if (!rule.get().silenceable()) {
            return "-- migrate:allow " + id + " silences nothing: " + id + " cannot be silenced, as upgrade refuses"
                    + " such a file whatever a comment says (correct the file instead)";
        }
        if (body.group(2) == null || body.group(2).isBlank() || !body.group(3).isEmpty()) {
            return "-- migrate:allow " + id + " gives no reason, so it silences nothing (write -- migrate:allow " + id
                    + " because <reason>)";
        }
        return null;
    }
}
