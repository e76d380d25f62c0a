package dev.dbmigrate.lint;

import dev.dbmigrate.config.MigrateSettings;
import dev.dbmigrate.config.MigrateSettings.LintScope;
import dev.dbmigrate.db.Database;
import dev.dbmigrate.engine.MigrationFiles;
import dev.dbmigrate.engine.MigrationFiles.MigrationFile;
import dev.dbmigrate.events.MigrateListener;
import dev.dbmigrate.support.Messages;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Function;

/**
 * One lint run ({@code migrate:lint}, and promote's preflight): scans the migration locations, runs every rule of
 * {@link Rules#all()} over all the files, and keeps what they find about the files in scope
 * ({@link ReportedFiles}). It reads the files and, for the pending scope, the environment's history table; it changes
 * nothing anywhere.
 */
public final class LintRun {
    /** The order of a report: by file (path order), then line (a whole file's first); stable within a line. */
    private static final Comparator<Finding> BY_FILE = Comparator.comparing(Finding::file)
            .thenComparing(Finding::line, Comparator.nullsFirst(Comparator.naturalOrder()));

    private LintRun() {}

    /** Lints in the scope {@code -Dmigrate.lint.scope} chooses. */
    public static LintReport run(MigrateSettings settings, MigrateListener listener) {
        return run(settings, settings.options().lintScope(), listener);
    }

    /**
     * Lints every migration file, reporting the findings about those in {@code scope}: all, or those pending on the
     * environment {@code settings} describe.
     */
    public static LintReport run(MigrateSettings settings, LintScope scope, MigrateListener listener) {
        return run(
                settings,
                settings.options().requireUndo(),
                context -> scope == LintScope.PENDING
                        ? ReportedFiles.pending(context, settings, listener)
                        : ReportedFiles.all(context),
                listener);
    }

    /**
     * Lints every migration file, reporting the findings about those pending on the environment whose database
     * {@code database} is (already open, as promote's is): its history table is read there, read-only. A missing undo
     * script is an error only when {@code requireUndo} (promote: when a rollback strategy undoes).
     */
    public static LintReport pending(
            MigrateSettings settings, Database database, boolean requireUndo, MigrateListener listener) {
        return run(settings, requireUndo, context -> ReportedFiles.pending(context, settings, database), listener);
    }

    private static LintReport run(
            MigrateSettings settings,
            boolean requireUndo,
            Function<LintContext, ReportedFiles> scope,
            MigrateListener listener) {
        Instant started = Instant.now();
        MigrationFiles files = MigrationFiles.scan(settings.locations(), settings.allowEmpty());
        LintContext context = new LintContext(
                files,
                requireUndo,
                settings.ignoreMisnamed(),
                settings.profile().lockTimeout());
        ReportedFiles reported = scope.apply(context);
        listener.info("lint: " + reported.description() + ", " + Messages.count(reported.inScope(), "migration file")
                + " in scope of " + reported.total());
        Rules rules = Rules.all();
        Lint.Result result = new Lint(rules).run(context);
        List<Path> inScope = context.migrations().stream()
                .map(MigrationFile::path)
                .filter(reported::reports)
                .toList();
        List<Finding> silenced = result.silenced().stream()
                .filter(f -> reported.reports(f.file()))
                .sorted(BY_FILE)
                .toList();
        Map<Finding, String> reasons = new HashMap<>();
        silenced.forEach(f -> reasons.put(f, result.reason(f)));
        return new LintReport(
                settings.projectDir(),
                rules,
                reported,
                inScope,
                result.findings().stream()
                        .filter(f -> reported.reports(f.file()))
                        .sorted(BY_FILE)
                        .toList(),
                silenced,
                Map.copyOf(reasons),
                settings.options().lintFailOn(),
                Duration.between(started, Instant.now()));
    }
}
