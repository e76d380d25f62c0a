package dev.dbmigrate.flyway;

import dev.dbmigrate.support.Messages;
import java.util.List;
import java.util.function.Function;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Turns the text of a Flyway exception into this project's words: the known failures (duplicate versions, a target
 * no migration has, a failed row, a missing file, a changed checksum, a migration mixing transactional and
 * non-transactional statements) become a sentence with the version or file and the fix; whatever else Flyway says
 * loses its boilerplate ("Validate failed: ...", "Need more flexibility ...", vendor links). Every Flyway message that
 * reaches the user passes through {@link #translate}.
 */
public final class FlywayText {
    private record Rule(Pattern pattern, Function<Matcher, String> text) {}

    private static final List<Rule> RULES = List.of(
            rule(
                    "Found more than one migration with version (\\S+)\\s*Offenders:\\s*(.*)",
                    m -> "version " + m.group(1)
                            + " is used by " + String.join(" and ", offenders(m.group(2)))
                            + " (two branches chose the same"
                            + " number: renumber one of them, for example with a timestamp version from migrate:create)"),
            rule(
                    "No migration with a target version (\\S+) could be found.*",
                    m -> "no migration has the target"
                            + " version " + m.group(1) + " (give the version of a migration file, or leave out"
                            + " -Dmigrate.target to apply every pending migration)"),
            rule(
                    ".*?Detected failed migration to version (\\S+) \\((.*?)\\)\\..*",
                    m -> "the history table records"
                            + " version " + m.group(1) + " (" + m.group(2)
                            + ") as failed: it ran outside a transaction and"
                            + " may be partly applied (undo what it did by hand, fix the file, run migrate:repair to remove"
                            + " the failed row, then run migrate:upgrade)"),
            rule(
                    ".*?Detected applied migration not resolved locally: (\\S+?)\\.?(\\s.*)?",
                    m -> "version "
                            + m.group(1) + " is applied but its file is not in the migration locations (restore it from"
                            + " version control; if it was removed on purpose, run migrate:repair to record it as"
                            + " deleted)"),
            rule(
                    ".*?Detected resolved migration not applied to database: (\\S+?)\\.?(\\s.*)?",
                    m -> "version "
                            + m.group(1) + " is older than the current version but was never applied (apply it with"
                            + " migrate:upgrade -Dmigrate.outOfOrder=true if it does not depend on the newer ones, or give it"
                            + " a newer version)"),
            rule(
                    ".*?checksum mismatch for migration version (\\S+)\\s*-> Applied to database\\s*:\\s*(-?\\d+)\\s*->"
                            + " Resolved locally\\s*:\\s*(-?\\d+).*",
                    m -> "checksum mismatch for version " + m.group(1)
                            + ": its file was changed after it was applied (the file's checksum is " + m.group(3)
                            + ", the history records " + m.group(2)
                            + "; restore the applied text from version control and"
                            + " put the change in a new migration made with migrate:create; migrate:repair would only"
                            + " re-record the checksum and run nothing)"),
            rule(
                    "Detected both transactional and non-transactional statements.*?(?:line (\\d+): (.*?))?"
                            + "(?: \\[non-transactional\\])?",
                    m -> "the migration mixes a statement that cannot run inside"
                            + " a transaction"
                            + (m.group(1) == null ? "" : " (line " + m.group(1) + ": " + m.group(2) + ")")
                            + " with other statements (move each such statement, for example CREATE INDEX CONCURRENTLY,"
                            + " into a migration file of its own)"),
            rule(
                    ".*?(?:Unable to parse statement in (\\S+?) at line (\\d+).*?)?No value provided for placeholder:?"
                            + " (\\$\\{[^}]*\\}).*",
                    m -> (m.group(1) == null
                                    ? "a migration"
                                    : java.nio.file.Path.of(m.group(1)).getFileName() + " (line " + m.group(2) + ")")
                            + " uses the"
                            + " placeholder " + m.group(3)
                            + ", which has no value: Flyway replaces ${...} in migrations, and"
                            + " migrate sets no placeholder (write the value itself instead of " + m.group(3) + ")"));

    /** Flyway's boilerplate, dropped from whatever is left. */
    private static final Pattern NOISE = Pattern.compile("Validate failed: Migrations have failed validation"
            + "|Need more flexibility with validation rules\\?[^.]*?Learn more:\\s*\\S+"
            + "|Learn more:\\s*\\S+|See https?://\\S+ for more information\\.?|https?://\\S+|Please remove any half-completed changes[^.]*\\."
            + "|Either revert the changes to the migration[^.]*\\.|If you removed this migration intentionally[^.]*\\."
            + "|To ignore this migration, set -ignoreMigrationPatterns='[^']*'\\.?"
            + "|Migration \\S+ failed\\s*-+");

    private FlywayText() {}

    private static Rule rule(String regex, Function<Matcher, String> text) {
        return new Rule(Pattern.compile(regex, Pattern.DOTALL | Pattern.CASE_INSENSITIVE), text);
    }

    /** Flyway's message (null allowed) in this project's words, on one line, credentials masked. */
    public static String translate(String flywayMessage) {
        String text = Messages.oneLine(flywayMessage);
        for (Rule rule : RULES) {
            Matcher m = rule.pattern().matcher(text);
            if (m.matches()) {
                return rule.text().apply(m);
            }
        }
        String cleaned =
                NOISE.matcher(text).replaceAll(" ").replaceAll("\\s+", " ").strip();
        return cleaned.isEmpty() ? "Flyway gave no reason" : cleaned;
    }

    /** The file names of Flyway's "-> /path/V2__a.sql (SQL)" offender list. */
    private static List<String> offenders(String list) {
        Matcher m = Pattern.compile("->\\s*(\\S+)").matcher(list);
        List<String> names = new java.util.ArrayList<>();
        while (m.find()) {
            String path = m.group(1);
            names.add(path.substring(Math.max(path.lastIndexOf('/'), path.lastIndexOf('\\')) + 1));
        }
        return names;
    }
}
