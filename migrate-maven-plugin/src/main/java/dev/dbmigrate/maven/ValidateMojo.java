package dev.dbmigrate.maven;

import dev.dbmigrate.config.MigrateProperty;
import java.util.Map;
import org.apache.maven.plugins.annotations.Mojo;
import org.apache.maven.plugins.annotations.Parameter;

/**
 * Checks the migrations: file names, duplicate versions from merged branches (naming both files), missing and
 * orphaned undo scripts, and, against the database, checksums of applied migrations.
 */
@Mojo(name = "validate", threadSafe = true, requiresProject = true)
public final class ValidateMojo extends MigrationsMojo {
    /** A migration without an undo script fails validation ({@code -Dmigrate.requireUndo}, default true). */
    @Parameter(property = "migrate.requireUndo")
    private String requireUndo;

    /** The {@code validate} goal. */
    public ValidateMojo() {
        super("validate");
    }

    @Override
    protected void collectGoalParameters(Map<String, String> values) {
        put(values, MigrateProperty.REQUIRE_UNDO, requireUndo);
    }
}
