package dev.dbmigrate.lint;

import java.nio.file.Path;
import java.util.List;

/**
 * One check of the migration files. A rule has a stable kebab-case id (the name a {@code -- migrate:allow <rule-id>
 * because <reason>} comment silences it by, so an id is never changed once shipped), a severity, a one-line
 * description, and finds its cases in a {@link LintContext}. A rule is registered in {@link Rules}.
 */
public interface Rule {
    /** The stable id, in kebab case: {@code missing-undo}. */
    String id();

    /** The severity of its findings, unless the settings lower it. */
    Severity severity();

    /** What it checks, in one line: the reason the rule exists. */
    String description();

    /** The safe alternative, in one line: what to write instead (SARIF's help text, docs/lint.md's "do instead"). */
    String alternative();

    /**
     * Whether a {@code -- migrate:allow} comment in the file may silence it: not for what upgrade refuses whatever a
     * comment says (a misnamed file, a duplicate version, a file that is not UTF-8), where a silence would hide a
     * refusal still to come.
     */
    default boolean silenceable() {
        return true;
    }

    /** Everything it finds, in the order of the files. */
    List<Finding> check(LintContext context);

    /** A finding of this rule, at its own severity. */
    default Finding finding(Path file, Integer line, String message) {
        return new Finding(id(), severity(), file, line, message);
    }
}
