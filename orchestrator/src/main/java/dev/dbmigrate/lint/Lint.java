package dev.dbmigrate.lint;

import dev.dbmigrate.engine.MigrationFiles.MigrationFile;
import java.util.ArrayList;
import java.util.Collections;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Runs the rules over the migration files and applies the {@code -- migrate:allow <rule-id> because <reason>}
 * comments: a finding is silenced by such a comment in its own file, naming its rule, when the rule may be silenced
 * ({@link Rule#silenceable()}). A comment that is wrong, or that silences nothing, is reported as a finding itself.
 */
public final class Lint {
    private final Rules rules;

    /** A run of {@code rules}. */
    public Lint(Rules rules) {
        this.rules = rules;
    }

    /**
     * What a run found.
     *
     * @param findings what the rules found and no comment silenced, in the rules' order, then the findings about the
     *                 {@code -- migrate:allow} comments, in the order of the files
     * @param silenced what a comment silenced
     * @param reasons  the reason the comment that silenced it gives, for each silenced finding
     */
    public record Result(List<Finding> findings, List<Finding> silenced, Map<Finding, String> reasons) {
        /** The reason the {@code -- migrate:allow} comment that silenced {@code finding} gives, or null. */
        public String reason(Finding finding) {
            return reasons.get(finding);
        }
    }

    /** Runs every rule over {@code context} and applies the comments of its migration files. */
    public Result run(LintContext context) {
        List<Finding> found = new ArrayList<>();
        for (Rule rule : rules.list()) {
            found.addAll(rule.check(context));
        }
        Map<Finding, String> silenced = new LinkedHashMap<>();
        List<Finding> aboutComments = new ArrayList<>();
        for (MigrationFile f : context.migrations()) {
            Suppression.Comments comments = Suppression.read(f.path(), f.script(), rules);
            List<Finding> inFile = new ArrayList<>(comments.problems());
            for (Suppression allow : comments.valid()) {
                List<Finding> by = found.stream().filter(allow::silences).toList();
                by.forEach(finding -> silenced.putIfAbsent(finding, allow.reason()));
                if (by.isEmpty()) {
                    inFile.add(unused(allow, f.script()));
                }
            }
            inFile.sort(Comparator.comparing(Finding::line));
            aboutComments.addAll(inFile);
        }
        List<Finding> findings = new ArrayList<>(found);
        findings.removeAll(silenced.keySet());
        findings.addAll(aboutComments);
        return new Result(List.copyOf(findings), List.copyOf(silenced.keySet()), Collections.unmodifiableMap(silenced));
    }

    private static Finding unused(Suppression allow, String script) {
        return new Finding(
                Suppression.UNUSED,
                Severity.WARNING,
                allow.file(),
                allow.line(),
                script + " line " + allow.line() + ": -- migrate:allow " + allow.ruleId()
                        + " silences nothing: the rule finds nothing in this file (delete the comment)");
    }
}
