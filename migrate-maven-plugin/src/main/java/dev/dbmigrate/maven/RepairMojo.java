package dev.dbmigrate.maven;

import dev.dbmigrate.config.MigrateSettings;
import dev.dbmigrate.engine.MigrateCommands;
import dev.dbmigrate.events.MigrateListener;
import org.apache.maven.plugins.annotations.Mojo;

/** Removes failed entries from the history table and realigns checksums with the files (a recovery step). */
@Mojo(name = "repair", threadSafe = true, requiresProject = true)
public class RepairMojo extends MigrationsMojo {
    @Override
    protected void run(MigrateSettings settings, MigrateListener listener) {
        MigrateCommands.repair(settings, listener);
    }
}
