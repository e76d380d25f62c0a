package dev.dbmigrate.generate;

import dev.dbmigrate.config.MigrateSettings;
import dev.dbmigrate.events.MigrateListener;
import java.util.List;

/**
 * Where the desired schema comes from, as the scripts that build it and the words that name it in messages and in
 * the generated files' comments.
 */
record Source(String description, List<DesiredSchema.Script> scripts) {
    static Source of(MigrateSettings settings, MigrateListener listener) {
        List<DesiredSchema.Script> scripts = DesiredSchema.sqlFiles(settings);
        String description = scripts.size() == 1
                ? scripts.get(0).origin()
                : scripts.size() + " files of "
                        + DesiredSchema.shown(settings, settings.options().schemaFile());
        listener.debug("autogenerate: the desired schema is " + description);
        return new Source(description, scripts);
    }
}
