package dev.dbmigrate.generate;

import dev.dbmigrate.config.MigrateProperty;
import dev.dbmigrate.engine.MigrationCreator;
import dev.dbmigrate.engine.MigrationMessage;
import dev.dbmigrate.error.ErrorCode;
import dev.dbmigrate.error.MigrateException;

/** The message of a generated change, made one safe line, and the slug of its main migration's files. */
record Naming(String message, String slug) {
    static Naming of(String rawMessage) {
        String message = MigrationMessage.clean(rawMessage);
        String slug = MigrationCreator.slug(message);
        if (slug.isEmpty()) {
            throw new MigrateException(
                    ErrorCode.CONFIGURATION,
                    MigrateProperty.MESSAGE.property() + " = '" + message + "' has no letters or digits to name a"
                            + " file with; nothing was written (describe the change, such as \"Add user preferences"
                            + " table\")");
        }
        return new Naming(message, slug);
    }
}
