package dev.dbmigrate.maven;

import dev.dbmigrate.config.MigrateProperty;
import java.util.Map;
import org.apache.maven.plugins.annotations.Parameter;

/** A goal that reads the migration files as well as the database. */
public abstract class MigrationsMojo extends DatabaseMojo {
    /** Comma-separated migration locations ({@code -Dmigrate.locations}, default {@code filesystem:src/main/resources/db/migration}). */
    @Parameter(property = "migrate.locations")
    private String locations;

    /** A missing or empty migration location is not an error ({@code -Dmigrate.allowEmpty}). */
    @Parameter(property = "migrate.allowEmpty")
    private String allowEmpty;

    /**
     * Skip, with a warning, files in a migration location that look like migrations but do not follow the naming
     * ({@code -Dmigrate.ignoreMisnamed}, default false: the goal refuses them; Flyway's counterpart is
     * {@code validateMigrationNaming}).
     */
    @Parameter(property = "migrate.ignoreMisnamed")
    private String ignoreMisnamed;

    /** Apply pending migrations older than the newest applied one ({@code -Dmigrate.outOfOrder}). */
    @Parameter(property = "migrate.outOfOrder")
    private String outOfOrder;

    MigrationsMojo(String goal) {
        super(goal);
    }

    @Override
    void collectSharedParameters(Map<String, String> values) {
        super.collectSharedParameters(values);
        put(values, MigrateProperty.LOCATIONS, locations);
        put(values, MigrateProperty.ALLOW_EMPTY, allowEmpty);
        put(values, MigrateProperty.OUT_OF_ORDER, outOfOrder);
        put(values, MigrateProperty.IGNORE_MISNAMED, ignoreMisnamed);
    }
}
