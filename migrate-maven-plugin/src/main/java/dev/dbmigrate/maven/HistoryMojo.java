package dev.dbmigrate.maven;

import dev.dbmigrate.config.MigrateProperty;
import dev.dbmigrate.config.MigrateSettings;
import dev.dbmigrate.engine.Migrator;
import dev.dbmigrate.error.ErrorCode;
import dev.dbmigrate.error.MigrateException;
import dev.dbmigrate.events.MigrateListener;
import dev.dbmigrate.report.HistoryReport;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import org.apache.maven.plugins.annotations.Mojo;
import org.apache.maven.plugins.annotations.Parameter;

/**
 * Lists every migration, applied, pending and undone, with state, when, by whom, duration and whether an undo script
 * exists, followed by the audit trail in the JSON and Markdown formats ({@code alembic history}).
 */
@Mojo(name = "history", threadSafe = true, requiresProject = true)
public class HistoryMojo extends AbstractMigrateMojo {
    /** {@code text}, {@code json} or {@code markdown} ({@code -Dmigrate.format}, default text). */
    @Parameter(property = "migrate.format")
    private String format;

    /** File to write the history to instead of the log ({@code -Dmigrate.output}). */
    @Parameter(property = "migrate.output")
    private String output;

    @Override
    protected void collectGoalParameters(Map<String, String> values) {
        put(values, MigrateProperty.FORMAT, format);
        put(values, MigrateProperty.OUTPUT, output);
    }

    @Override
    protected void run(MigrateSettings settings, MigrateListener listener) {
        HistoryReport report;
        try (Migrator migrator = new Migrator(settings, listener)) {
            report = migrator.history();
        }
        String text = report.render(settings.options().format());
        Path file = settings.options().output();
        if (file == null) {
            text.lines().forEach(listener::info);
            return;
        }
        try {
            if (file.getParent() != null) {
                Files.createDirectories(file.getParent());
            }
            Files.writeString(file, text);
        } catch (IOException e) {
            throw new MigrateException(ErrorCode.CONFIGURATION, "could not write the history to " + file + ": "
                    + e.getMessage() + " (choose a writable -Dmigrate.output)", e);
        }
        listener.info("History of " + report.rows().size() + " migrations written to " + file);
    }
}
