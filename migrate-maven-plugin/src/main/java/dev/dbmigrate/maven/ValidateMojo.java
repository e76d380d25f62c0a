package dev.dbmigrate.maven;

import dev.dbmigrate.config.MigrateSettings;
import dev.dbmigrate.config.MigrateProperty;
import dev.dbmigrate.config.SettingsResolver;
import dev.dbmigrate.engine.Migrator;
import dev.dbmigrate.engine.Results;
import dev.dbmigrate.events.MigrateListener;
import org.apache.maven.plugin.MojoFailureException;
import org.apache.maven.plugins.annotations.Mojo;
import org.apache.maven.plugins.annotations.Parameter;

/**
 * Checks the migrations: file names, duplicate versions from merged branches (naming both files), missing and
 * orphaned undo scripts, and, against the database, checksums of applied migrations.
 */
@Mojo(name = "validate", threadSafe = true, requiresProject = true)
public class ValidateMojo extends AbstractMigrateMojo {
    /** A migration without an undo script fails validation ({@code -Dmigrate.requireUndo}, default true). */
    @Parameter(property = "migrate.requireUndo", defaultValue = "true")
    private String requireUndo;

    @Override
    protected void run(MigrateSettings settings, MigrateListener listener) throws MojoFailureException {
        boolean undo = requireUndo == null || requireUndo.isBlank()
                || SettingsResolver.parseBoolean(MigrateProperty.REQUIRE_UNDO, requireUndo);
        Results.Validation result;
        try (Migrator migrator = new Migrator(settings, listener)) {
            result = migrator.validate(undo);
        }
        result.warnings().forEach(listener::warn);
        if (!result.ok()) {
            result.problems().forEach(p -> listener.warn("invalid: " + p));
            throw new MojoFailureException("validate found " + result.problems().size() + " problem"
                    + (result.problems().size() == 1 ? "" : "s") + " in " + result.checked()
                    + " migration files; nothing was changed: " + String.join("; ", result.problems()));
        }
        listener.info("validate: " + result.checked() + " migration files are valid");
    }
}
