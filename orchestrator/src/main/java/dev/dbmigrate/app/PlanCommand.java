package dev.dbmigrate.app;

import dev.dbmigrate.config.MigrateProperty;
import dev.dbmigrate.config.MigrateSettings;
import dev.dbmigrate.config.MigrateSettings.LintScope;
import dev.dbmigrate.engine.Migrator;
import dev.dbmigrate.engine.Results;
import dev.dbmigrate.error.ErrorCode;
import dev.dbmigrate.error.MigrateException;
import dev.dbmigrate.events.MigrateListener;
import dev.dbmigrate.lint.LintReport;
import dev.dbmigrate.lint.LintRun;
import dev.dbmigrate.support.Messages;
import dev.dbmigrate.trace.Trace;
import java.io.IOException;
import java.io.StringWriter;
import java.io.Writer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.List;
import java.util.Map;

/**
 * The {@code plan} goal as the front ends run it: the dry run of {@code upgrade} ({@link Migrator#plan}), each pending
 * migration annotated with its measured locks and rewrites, written to {@code -Dmigrate.output}, or to the log line by
 * line when no file is given.
 */
public final class PlanCommand {
    private PlanCommand() {}

    /**
     * The plan, each pending migration annotated with what it measurably does: its locks and rewrites, traced in a
     * throwaway database ({@link Trace}); without them, and a warning saying why, when the trace cannot run.
     */
    public static Results.Plan plan(MigrateSettings settings, MigrateListener listener) {
        return plan(settings, listener, measured(settings, listener));
    }

    private static Map<String, List<String>> measured(MigrateSettings settings, MigrateListener listener) {
        try {
            LintReport pending = LintRun.run(settings, LintScope.PENDING, MigrateListener.NONE);
            return Trace.of(settings, pending, listener).annotations();
        } catch (MigrateException e) {
            listener.warn("plan: the migrations are not annotated with their measured locks and rewrites, as the"
                    + " trace could not run: " + Messages.oneLine(e.getMessage()));
            return Map.of();
        }
    }

    /**
     * The plan, each migration annotated with {@code annotations} (lines by script or file name, see
     * {@link Migrator#plan}). A file is written whole or not at all: to a sibling first, moved into place at the end.
     */
    public static Results.Plan plan(
            MigrateSettings settings, MigrateListener listener, Map<String, List<String>> annotations) {
        Path file = settings.options().output();
        if (file == null) {
            StringWriter text = new StringWriter();
            Results.Plan plan;
            try (Migrator migrator = new Migrator(settings, listener)) {
                plan = migrator.plan(annotations, text);
            }
            text.toString().lines().forEach(listener::info);
            return plan;
        }
        Path part = file.resolveSibling(file.getFileName() + ".part");
        Results.Plan plan;
        try {
            if (file.getParent() != null) {
                Files.createDirectories(file.getParent());
            }
            try (Migrator migrator = new Migrator(settings, listener);
                    Writer out = Files.newBufferedWriter(part)) {
                plan = migrator.plan(annotations, out);
            }
            Files.move(part, file, StandardCopyOption.REPLACE_EXISTING);
        } catch (IOException e) {
            throw new MigrateException(
                    ErrorCode.CONFIGURATION,
                    "could not write the plan to " + file + ": " + e.getMessage()
                            + "; the database was not changed (choose a writable -D" + MigrateProperty.OUTPUT.property()
                            + ")",
                    e);
        } finally {
            try {
                Files.deleteIfExists(part);
            } catch (IOException ignored) {
                // only a leftover of a run that failed; the next run replaces it
            }
        }
        listener.info("Plan of " + Messages.count(plan.pending().size(), "pending migration") + " (version "
                + Migrator.display(plan.fromVersion()) + " to " + Migrator.display(plan.toVersion()) + ") written to "
                + file + "; nothing was changed");
        return plan;
    }
}
