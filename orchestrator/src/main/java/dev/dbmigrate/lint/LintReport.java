package dev.dbmigrate.lint;

import dev.dbmigrate.config.FixHint;
import dev.dbmigrate.config.MigrateProperty;
import dev.dbmigrate.config.MigrateSettings.LintFailOn;
import dev.dbmigrate.error.ErrorCode;
import dev.dbmigrate.error.MigrateException;
import dev.dbmigrate.support.Messages;
import dev.dbmigrate.support.ProjectPaths;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;

/**
 * What a lint run reports ({@link LintRun}): the findings about the files in scope, what the {@code -- migrate:allow}
 * comments silenced, the counts, and whether the run fails ({@code -Dmigrate.lint.failOn}). Every front end renders it
 * ({@code dev.dbmigrate.report.LintOutput}); nothing here is rendering.
 *
 * @param projectDir the project, against which files are shown ({@link #shown})
 * @param rules      the rules that ran
 * @param scope      which files' findings are reported
 * @param files      the migration files in scope, ordered by path (one JUnit test case each)
 * @param findings   what the rules found about the files in scope and no comment silenced, by file and line
 * @param silenced   what a comment silenced in the files in scope, by file and line
 * @param reasons    the reason of the comment that silenced each of {@code silenced}
 * @param failOn     the lowest severity that fails the run
 * @param duration   how long the run took
 */
public record LintReport(
        Path projectDir,
        Rules rules,
        ReportedFiles scope,
        List<Path> files,
        List<Finding> findings,
        List<Finding> silenced,
        Map<Finding, String> reasons,
        LintFailOn failOn,
        Duration duration) {
    /** How many findings in the examples of a failure's message. */
    private static final int EXAMPLES = 3;

    /**
     * One kind of finding: a rule, or one of the two findings about {@code -- migrate:allow} comments.
     *
     * @param id          the rule id
     * @param severity    its severity
     * @param description the reason it exists
     * @param alternative what to write instead
     */
    public record Kind(String id, Severity severity, String description, String alternative) {}

    /** Every kind of finding this run can report: each rule, then the two about comments. */
    public List<Kind> kinds() {
        List<Kind> kinds = new ArrayList<>();
        rules.list().forEach(r -> kinds.add(new Kind(r.id(), r.severity(), r.description(), r.alternative())));
        kinds.add(new Kind(
                Suppression.INVALID,
                Severity.ERROR,
                "a -- migrate:allow comment names a rule that exists and may be silenced, and gives a reason",
                "write -- migrate:allow <rule-id> because <reason>"));
        kinds.add(new Kind(
                Suppression.UNUSED,
                Severity.WARNING,
                "a -- migrate:allow comment silences a finding of its rule in its file",
                "delete the comment"));
        return kinds;
    }

    /** The kind of finding {@code ruleId} names. */
    public Optional<Kind> kind(String ruleId) {
        return kinds().stream().filter(k -> k.id().equals(ruleId)).findFirst();
    }

    /** The safe alternative to what {@code finding} is about, or null when its kind names none. */
    public String alternative(Finding finding) {
        return kind(finding.ruleId()).map(Kind::alternative).orElse(null);
    }

    /** The reason the comment that silenced {@code finding} gives. */
    public String reason(Finding finding) {
        return reasons.get(finding);
    }

    /** How many of the findings are of {@code severity}. */
    public int count(Severity severity) {
        return (int) findings.stream().filter(f -> f.severity() == severity).count();
    }

    /** Whether {@code finding} fails the run: its severity is at or above {@link #failOn()}. */
    public boolean fails(Finding finding) {
        return switch (failOn) {
            case ERROR -> finding.severity() == Severity.ERROR;
            case WARNING -> true;
            case NEVER -> false;
        };
    }

    /** The findings that fail the run. */
    public List<Finding> failing() {
        return findings.stream().filter(this::fails).toList();
    }

    /** The findings about {@code file}. */
    public List<Finding> about(Path file) {
        return findings.stream().filter(f -> f.file().equals(file)).toList();
    }

    /** {@code file} relative to the project, with forward slashes (absolute when it lies outside the project). */
    public String shown(Path file) {
        return ProjectPaths.shown(projectDir, file).replace('\\', '/');
    }

    /** Where a finding is: {@code src/main/resources/db/migration/V3__x.sql:4}, without a line for a whole file. */
    public String location(Finding finding) {
        return shown(finding.file()) + (finding.line() == null ? "" : ":" + finding.line());
    }

    /** A finding in one line: {@code <file>:<line> <severity> <rule-id>: <message>}. */
    public String line(Finding finding) {
        return location(finding) + " " + finding.severity().name().toLowerCase(Locale.ROOT) + " " + finding.ruleId()
                + ": " + finding.message().replaceAll("\\s*\\R\\s*", " ");
    }

    /**
     * The failure of the run when a finding fails it: the counts by severity, the first findings, and the fixes.
     *
     * @param again how to run lint again, for the message
     */
    public Optional<MigrateException> failure(String again) {
        List<Finding> failing = failing();
        if (failing.isEmpty()) {
            return Optional.empty();
        }
        int errors = (int)
                failing.stream().filter(f -> f.severity() == Severity.ERROR).count();
        List<String> counts = new ArrayList<>();
        if (errors > 0) {
            counts.add(Messages.count(errors, "error"));
        }
        if (failing.size() > errors) {
            counts.add(Messages.count(failing.size() - errors, "warning"));
        }
        List<String> examples = failing.stream().limit(EXAMPLES).map(this::line).toList();
        String more = failing.size() > EXAMPLES ? "; and " + (failing.size() - EXAMPLES) + " more" : "";
        String lower = failOn == LintFailOn.WARNING ? "error" : "never";
        return Optional.of(new MigrateException(
                ErrorCode.CHECK_FAILED,
                "lint found " + String.join(" and ", counts) + " in " + scope.description() + " ("
                        + FixHint.set(
                                MigrateProperty.LINT_FAIL_ON, failOn.name().toLowerCase(Locale.ROOT))
                        + " fails on them): " + String.join("; ", examples) + more
                        + "; nothing was changed in any database (lint only reads the migration files"
                        + (scope.pending() ? " and the history table" : "")
                        + "). Correct the migrations, or silence a finding in its file with -- migrate:allow <rule-id>"
                        + " because <reason>, or report without failing with "
                        + FixHint.set(MigrateProperty.LINT_FAIL_ON, lower) + "; then run " + again + " again"));
    }
}
