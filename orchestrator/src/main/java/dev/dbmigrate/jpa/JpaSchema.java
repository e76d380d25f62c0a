package dev.dbmigrate.jpa;

import dev.dbmigrate.error.ErrorCode;
import dev.dbmigrate.error.MigrateException;
import dev.dbmigrate.events.MigrateListener;
import java.io.IOException;
import java.lang.annotation.Annotation;
import java.lang.reflect.InvocationTargetException;
import java.net.MalformedURLException;
import java.net.URL;
import java.net.URLClassLoader;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * The desired schema of {@code -Dmigrate.schemaSource=jpa}: the CREATE script Hibernate's schema export writes for
 * PostgreSQL from the project's JPA entities. Hibernate runs from the project's own class path (its output folder and
 * compile dependencies, which for a JPA project hold {@code hibernate-core}, for example through
 * {@code spring-boot-starter-data-jpa}), in a class loader of its own above the JDK's, so the library neither ships
 * nor links Hibernate, and the project's Hibernate version decides the DDL. No database is reached. When Spring Boot's
 * Hibernate support is on the class path, the entities are mapped as the application maps them: Spring Boot's naming
 * (snake-case tables and columns by default) and the {@code spring.jpa} settings of its {@code application.properties}
 * or {@code .yml} ({@link SpringJpaProperties}).
 */
public final class JpaSchema {
    private JpaSchema() {}

    /**
     * The CREATE script (one statement a line, each ending with a semicolon) of the entities of {@code packages} and
     * their subpackages, as Hibernate exports it for PostgreSQL of {@code postgresMajor}.
     *
     * @param classpath     the project's class path: its output folder first, then its compile dependencies
     * @param packages      the entities' packages ({@code -Dmigrate.entityPackages})
     * @param postgresMajor the major version of the PostgreSQL the script is for (that of the throwaway database it
     *                      is loaded into): Hibernate's dialect writes some types and clauses by version
     * @param listener      receives the summary line and Hibernate's warnings
     * @throws MigrateException (configuration) when no package is given, Hibernate is not on the class path, the
     *                          packages hold no entity, or Hibernate refuses the mapping; nothing is written then
     */
    public static String ddl(List<Path> classpath, List<String> packages, int postgresMajor, MigrateListener listener) {
        if (packages.isEmpty()) {
            throw new MigrateException(
                    ErrorCode.CONFIGURATION,
                    "schemaSource=jpa needs the entities' packages, and -Dmigrate.entityPackages is empty; nothing was"
                            + " written (set -Dmigrate.entityPackages=com.example.model, comma-separated for several)");
        }
        try (URLClassLoader loader = new URLClassLoader("migrate-jpa", urls(classpath), platform());
                HibernateLog log = HibernateLog.capture(listener)) {
            requireHibernate(loader, classpath);
            List<Class<?>> classes = EntityClasses.find(classpath, packages, loader);
            long entities = classes.stream().filter(c -> isEntity(c, loader)).count();
            if (entities == 0) {
                throw noEntities(classpath, packages);
            }
            HibernateExport hibernate = new HibernateExport(loader);
            String boot = hibernate.springNaming();
            SpringJpaProperties spring = boot == null ? null : SpringJpaProperties.read(classpath);
            Map<String, String> project = spring == null ? Map.of() : spring.settings(boot);
            String script = export(hibernate, classes, packages, postgresMajor, project);
            listener.info("schemaSource=jpa: " + entities + " entities of " + String.join(", ", packages)
                    + " exported for PostgreSQL " + postgresMajor + " by Hibernate " + hibernate.version()
                    + (spring == null ? "" : springSummary(spring, project)));
            return script;
        } catch (IOException e) {
            throw new MigrateException(
                    ErrorCode.ENVIRONMENT,
                    "schemaSource=jpa: could not close the class loader over the project's class path ("
                            + e.getMessage() + ")",
                    e);
        }
    }

    private static String export(
            HibernateExport hibernate,
            List<Class<?>> classes,
            List<String> packages,
            int postgresMajor,
            Map<String, String> project) {
        String version = hibernate.version();
        Thread thread = Thread.currentThread();
        ClassLoader previous = thread.getContextClassLoader();
        thread.setContextClassLoader(classes.get(0).getClassLoader());
        try {
            return hibernate.createScript(classes, postgresMajor, project);
        } catch (InvocationTargetException e) {
            throw new MigrateException(
                    ErrorCode.CONFIGURATION,
                    "schemaSource=jpa: Hibernate " + version + " refused the entities of " + String.join(", ", packages)
                            + ": " + messages(e.getCause()) + "; nothing was written (fix the mapping it names,"
                            + " compile, and run again)",
                    e.getCause());
        } catch (ReflectiveOperationException e) {
            throw new MigrateException(
                    ErrorCode.CONFIGURATION,
                    "schemaSource=jpa: the project's Hibernate " + version + " lacks " + e.getMessage()
                            + "; nothing was written (use Hibernate ORM 6 or later, as Spring Boot 3 and 4 do)",
                    e);
        } finally {
            thread.setContextClassLoader(previous);
        }
    }

    /** How the export followed Spring Boot: the settings, and the file they came from. */
    private static String springSummary(SpringJpaProperties spring, Map<String, String> settings) {
        List<String> pairs = new ArrayList<>();
        settings.forEach((key, value) -> pairs.add(key + "=" + value));
        return ", as Spring Boot maps them (" + String.join(", ", pairs)
                + (spring.file() == null ? "" : "; from " + spring.file()) + ")";
    }

    /** The failure of schemaSource=jpa when Hibernate (or the JPA API it brings) is not on the project's class path. */
    static MigrateException hibernateMissing(String missing, List<Path> classpath) {
        return new MigrateException(
                ErrorCode.CONFIGURATION,
                "schemaSource=jpa needs Hibernate on the project's class path, and " + missing + " is not there ("
                        + where(classpath) + "); nothing was written (add org.hibernate.orm:hibernate-core, or"
                        + " spring-boot-starter-data-jpa, as a dependency of the project; or use"
                        + " -Dmigrate.schemaSource=sql with a schema file, -Dmigrate.schemaFile)");
    }

    private static void requireHibernate(ClassLoader loader, List<Path> classpath) {
        for (String name : List.of(HibernateExport.BOOTSTRAP, "jakarta.persistence.Entity")) {
            try {
                Class.forName(name, false, loader);
            } catch (ClassNotFoundException | LinkageError e) {
                throw hibernateMissing(name, classpath);
            }
        }
    }

    private static MigrateException noEntities(List<Path> classpath, List<String> packages) {
        return new MigrateException(
                ErrorCode.CONFIGURATION,
                "schemaSource=jpa found no @Entity class in the packages " + String.join(", ", packages) + " ("
                        + where(classpath) + "); nothing was written (compile the project first, as in mvn compile"
                        + " migrate:create, and check that -Dmigrate.entityPackages names the entities' packages)");
    }

    /** Where the class path was searched: its first folder, the project's compiled classes. */
    private static String where(List<Path> classpath) {
        return classpath.stream()
                .filter(Files::isDirectory)
                .findFirst()
                .map(folder -> "searched the class path from " + folder)
                .orElse(classpath.isEmpty() ? "the class path is empty" : "the class path has no folder of classes");
    }

    @SuppressWarnings("unchecked")
    private static boolean isEntity(Class<?> type, ClassLoader loader) {
        try {
            return type.isAnnotationPresent(
                    (Class<? extends Annotation>) Class.forName("jakarta.persistence.Entity", false, loader));
        } catch (ClassNotFoundException e) {
            return false;
        }
    }

    /** The messages of a failure and its causes, each once. */
    private static String messages(Throwable failure) {
        Set<String> messages = new LinkedHashSet<>();
        for (Throwable t = failure; t != null && messages.size() < 5; t = t.getCause()) {
            messages.add(t.getMessage() == null ? t.getClass().getName() : t.getMessage());
        }
        return String.join(": ", new ArrayList<>(messages));
    }

    private static URL[] urls(List<Path> classpath) {
        List<URL> urls = new ArrayList<>();
        for (Path entry : classpath) {
            try {
                urls.add(entry.toUri().toURL());
            } catch (MalformedURLException e) {
                throw new MigrateException(
                        ErrorCode.CONFIGURATION,
                        "schemaSource=jpa: the class path entry " + entry + " is not a file path; nothing was written",
                        e);
            }
        }
        return urls.toArray(URL[]::new);
    }

    /** The JDK's classes only: the library's own dependencies stay out of the project's Hibernate's way. */
    private static ClassLoader platform() {
        return ClassLoader.getPlatformClassLoader();
    }
}
