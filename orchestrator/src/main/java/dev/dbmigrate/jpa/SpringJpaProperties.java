package dev.dbmigrate.jpa;

import dev.dbmigrate.error.ErrorCode;
import dev.dbmigrate.error.MigrateException;
import java.io.IOException;
import java.io.Reader;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.TreeMap;
import org.yaml.snakeyaml.LoaderOptions;
import org.yaml.snakeyaml.Yaml;
import org.yaml.snakeyaml.constructor.SafeConstructor;

/**
 * What a Spring Boot application's {@code application.properties} or {@code application.yml} (in the class path's
 * folders, its compiled resources) says about its Hibernate mapping, so the export maps the entities as the application
 * does: the naming strategies ({@code spring.jpa.hibernate.naming.physical-strategy}, {@code implicit-strategy}) and
 * the Hibernate properties of {@code spring.jpa.properties.*} (such as {@code hibernate.default_schema} or
 * {@code hibernate.globally_quoted_identifiers}). Profile-specific files and documents are not read; settings about the
 * connection, the dialect and the schema actions are the export's own and left out, as are values with placeholders.
 *
 * @param physicalNaming the physical naming strategy the application sets, or null for Spring Boot's default
 * @param implicitNaming the implicit naming strategy the application sets, or null for Spring Boot's default
 * @param hibernate      the Hibernate properties of {@code spring.jpa.properties.*}, by Hibernate's name
 * @param file           the file they were read from, or null when there is none
 */
record SpringJpaProperties(String physicalNaming, String implicitNaming, Map<String, String> hibernate, Path file) {
    private static final String NAMING = "spring.jpa.hibernate.naming.";
    private static final String PROPERTIES = "spring.jpa.properties.";

    /** Hibernate settings the export decides: a project's value for them is not used. */
    private static final List<String> EXPORTS_OWN = List.of(
            "hibernate.connection.",
            "hibernate.dialect",
            "hibernate.hbm2ddl.",
            "hibernate.boot.",
            "jakarta.persistence.",
            "javax.persistence.");

    /**
     * The Hibernate settings of a Spring Boot application: its {@code spring.jpa.properties.*}, and its naming
     * strategies, else Spring Boot's defaults ({@code bootImplicitNaming} and snake case).
     */
    Map<String, String> settings(String bootImplicitNaming) {
        Map<String, String> settings = new TreeMap<>(hibernate);
        settings.put(
                "hibernate.implicit_naming_strategy", implicitNaming != null ? implicitNaming : bootImplicitNaming);
        settings.put(
                "hibernate.physical_naming_strategy",
                physicalNaming != null ? physicalNaming : HibernateExport.SPRING_PHYSICAL_NAMING);
        return settings;
    }

    /** The properties of the first {@code application.properties}, {@code .yml} or {@code .yaml} in the folders. */
    static SpringJpaProperties read(List<Path> classpath) {
        for (Path folder : classpath) {
            for (String name : List.of("application.properties", "application.yml", "application.yaml")) {
                Path file = folder.resolve(name);
                if (Files.isDirectory(folder) && Files.isRegularFile(file)) {
                    return of(flat(file), file);
                }
            }
        }
        return new SpringJpaProperties(null, null, Map.of(), null);
    }

    private static SpringJpaProperties of(Map<String, String> all, Path file) {
        Map<String, String> hibernate = new TreeMap<>();
        all.forEach((key, value) -> {
            String name = key.startsWith(PROPERTIES) ? key.substring(PROPERTIES.length()) : null;
            if (name != null && EXPORTS_OWN.stream().noneMatch(name::startsWith) && !value.contains("${")) {
                hibernate.put(name, value);
            }
        });
        return new SpringJpaProperties(
                plain(all.get(NAMING + "physical-strategy")),
                plain(all.get(NAMING + "implicit-strategy")),
                hibernate,
                file);
    }

    private static String plain(String value) {
        return value == null || value.isBlank() || value.contains("${") ? null : value.strip();
    }

    /** Every key of the file with its value as text, YAML's nesting joined by dots. */
    private static Map<String, String> flat(Path file) {
        Map<String, String> flat = new TreeMap<>();
        try (Reader reader = Files.newBufferedReader(file)) {
            if (file.getFileName().toString().endsWith(".properties")) {
                Properties properties = new Properties();
                properties.load(reader);
                properties.stringPropertyNames().forEach(key -> flat.put(key, properties.getProperty(key)));
            } else {
                for (Object document : new Yaml(new SafeConstructor(new LoaderOptions())).loadAll(reader)) {
                    Map<String, String> keys = new TreeMap<>();
                    flatten("", document, keys);
                    if (!keys.containsKey("spring.config.activate.on-profile")
                            && !keys.containsKey("spring.profiles")) {
                        flat.putAll(keys);
                    }
                }
            }
        } catch (IOException | RuntimeException e) {
            throw new MigrateException(
                    ErrorCode.CONFIGURATION,
                    "schemaSource=jpa: cannot read " + file + " (" + e.getMessage() + "); nothing was written (fix"
                            + " the file, or remove it from the compiled resources)",
                    e);
        }
        return flat;
    }

    private static void flatten(String prefix, Object value, Map<String, String> into) {
        if (value instanceof Map<?, ?> map) {
            map.forEach((k, v) -> flatten(prefix.isEmpty() ? String.valueOf(k) : prefix + "." + k, v, into));
        } else if (value != null && !(value instanceof List<?>)) {
            into.put(prefix, String.valueOf(value));
        }
    }
}
