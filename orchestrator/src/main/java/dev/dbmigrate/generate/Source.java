package dev.dbmigrate.generate;

import dev.dbmigrate.config.MigrateProperty;
import dev.dbmigrate.config.MigrateSettings;
import dev.dbmigrate.config.SchemaSource;
import dev.dbmigrate.error.ErrorCode;
import dev.dbmigrate.error.MigrateException;
import dev.dbmigrate.events.MigrateListener;
import dev.dbmigrate.jpa.JpaSchema;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;

/**
 * Where the desired schema comes from, as the scripts that build it and the words that name it in messages and in
 * the generated files' comments: the declarative SQL of {@code schemaFile}, or the script Hibernate exports for the
 * JPA entities of {@code entityPackages} from the project's class path.
 */
record Source(String description, List<DesiredSchema.Script> scripts) {
    /**
     * The desired schema of {@code settings}.
     *
     * @param classpath     the project's class path (JPA entities only)
     * @param postgresMajor the major of the throwaway database the scripts are loaded into (JPA entities only)
     */
    static Source of(MigrateSettings settings, List<Path> classpath, int postgresMajor, MigrateListener listener) {
        if (settings.options().schemaSource() == SchemaSource.JPA) {
            return jpa(settings, classpath, postgresMajor, listener);
        }
        List<DesiredSchema.Script> scripts = DesiredSchema.sqlFiles(settings);
        String description = scripts.size() == 1
                ? scripts.get(0).origin()
                : scripts.size() + " files of "
                        + DesiredSchema.shown(settings, settings.options().schemaFile());
        listener.debug("autogenerate: the desired schema is " + description);
        return new Source(description, scripts);
    }

    private static Source jpa(
            MigrateSettings settings, List<Path> classpath, int postgresMajor, MigrateListener listener) {
        String given = settings.options().entityPackages();
        if (given == null || given.isBlank()) {
            throw new MigrateException(
                    ErrorCode.CONFIGURATION,
                    MigrateProperty.SCHEMA_SOURCE.property() + "=jpa needs the entities' packages; nothing was written"
                            + " (pass " + MigrateProperty.ENTITY_PACKAGES.property() + "=com.example.model, or several"
                            + " separated by commas)");
        }
        List<String> packages = Arrays.stream(given.split(","))
                .map(String::strip)
                .filter(p -> !p.isEmpty())
                .toList();
        String ddl = JpaSchema.ddl(classpath, packages, postgresMajor, listener);
        String description = "the JPA entities of " + String.join(", ", packages);
        return new Source(description, List.of(new DesiredSchema.Script(description, ddl)));
    }
}
