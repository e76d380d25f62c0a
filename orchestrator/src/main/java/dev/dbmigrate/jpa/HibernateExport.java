package dev.dbmigrate.jpa;

import java.io.StringWriter;
import java.lang.reflect.Method;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * Hibernate's schema export for PostgreSQL, called through reflection on the Hibernate of the project's class loader
 * (ORM 6 and 7 share this bootstrap API): a standard service registry with the PostgreSQL dialect and no JDBC access,
 * the metadata of the mapped classes, and the schema management tool's {@code create} action written to a script.
 */
final class HibernateExport {
    /** The class whose absence means Hibernate is not on the class path. */
    static final String BOOTSTRAP = "org.hibernate.boot.MetadataSources";

    /** Spring Boot's implicit naming strategy: Boot 4, then Boot 3 (and 2). Its presence means Spring Boot's naming. */
    static final List<String> SPRING_IMPLICIT_NAMING = List.of(
            "org.springframework.boot.hibernate.SpringImplicitNamingStrategy",
            "org.springframework.boot.orm.jpa.hibernate.SpringImplicitNamingStrategy");

    /** Spring Boot's default physical naming ({@code spring.jpa.hibernate.naming.physical-strategy}): snake case. */
    static final String SPRING_PHYSICAL_NAMING = "org.hibernate.boot.model.naming.CamelCaseToUnderscoresNamingStrategy";

    private final ClassLoader loader;

    HibernateExport(ClassLoader loader) {
        this.loader = loader;
    }

    /** The version of the project's Hibernate ORM, such as {@code 7.4.13.Final}, or {@code unknown}. */
    String version() {
        try {
            return (String) loader.loadClass("org.hibernate.Version")
                    .getMethod("getVersionString")
                    .invoke(null);
        } catch (ReflectiveOperationException | LinkageError e) {
            return "unknown";
        }
    }

    /**
     * The name of Spring Boot's implicit naming strategy on the class path, or null when Spring Boot (with its
     * Hibernate support) is not there.
     */
    String springNaming() {
        for (String name : SPRING_IMPLICIT_NAMING) {
            try {
                Class.forName(name, false, loader);
                return name;
            } catch (ClassNotFoundException | LinkageError e) {
                // not this generation of Spring Boot
            }
        }
        return null;
    }

    /**
     * The CREATE script of {@code classes} for PostgreSQL of {@code postgresMajor}, one statement a line, each ending with a semicolon.
     *
     * @param postgresMajor  the PostgreSQL major version the script is for
     * @param project        the project's own Hibernate settings (a Spring Boot application's naming and
     *                       {@code spring.jpa.properties}); empty for Hibernate's defaults
     * @throws java.lang.reflect.InvocationTargetException when Hibernate fails (a mapping error): its exception is the
     *                                                     cause
     * @throws ReflectiveOperationException when the project's Hibernate lacks the API called
     */
    String createScript(List<Class<?>> classes, int postgresMajor, Map<String, String> project)
            throws ReflectiveOperationException {
        StringWriter script = new StringWriter();
        Map<String, Object> settings = settings(script, postgresMajor, project);
        Class<?> builderType = loader.loadClass("org.hibernate.boot.registry.StandardServiceRegistryBuilder");
        Class<?> registryType = loader.loadClass("org.hibernate.service.ServiceRegistry");
        Object builder = builderType.getConstructor().newInstance();
        builderType.getMethod("applySettings", Map.class).invoke(builder, settings);
        Object registry = builderType.getMethod("build").invoke(builder);
        try {
            Class<?> sourcesType = loader.loadClass(BOOTSTRAP);
            Object sources = sourcesType.getConstructor(registryType).newInstance(registry);
            Method add = sourcesType.getMethod("addAnnotatedClass", Class.class);
            for (Class<?> type : classes) {
                add.invoke(sources, type);
            }
            Object metadata = sourcesType.getMethod("buildMetadata").invoke(sources);
            process(registryType).invoke(null, metadata, registry, settings, null);
        } finally {
            builderType.getMethod("destroy", registryType).invoke(null, registry);
        }
        return script.toString();
    }

    /** {@code SchemaManagementToolCoordinator.process(Metadata, ServiceRegistry, Map, DelayedDropRegistry)}. */
    private Method process(Class<?> registryType) throws ReflectiveOperationException {
        Class<?> coordinator = loader.loadClass("org.hibernate.tool.schema.spi.SchemaManagementToolCoordinator");
        for (Method method : coordinator.getMethods()) {
            if (method.getName().equals("process")
                    && method.getParameterCount() == 4
                    && method.getParameterTypes()[1] == registryType) {
                return method;
            }
        }
        throw new NoSuchMethodException(coordinator.getName() + ".process(Metadata, ServiceRegistry, Map, ...)");
    }

    /**
     * The settings: PostgreSQL of the major given without a connection (the database is never reached), the {@code create} script to
     * {@code script} with semicolons, no action on any database, over the project's own settings.
     */
    private static Map<String, Object> settings(StringWriter script, int postgresMajor, Map<String, String> project) {
        Map<String, Object> settings = new HashMap<>(project);
        // the database named, not the dialect class: Hibernate picks its PostgreSQL dialect (naming the class is
        // deprecated, with a warning, since Hibernate 6.3)
        settings.put("jakarta.persistence.database-product-name", "PostgreSQL");
        settings.put("jakarta.persistence.database-major-version", String.valueOf(postgresMajor));
        settings.put("jakarta.persistence.database-minor-version", "0");
        settings.put("hibernate.boot.allow_jdbc_metadata_access", "false");
        settings.put("jakarta.persistence.schema-generation.database.action", "none");
        settings.put("jakarta.persistence.schema-generation.scripts.action", "create");
        settings.put("jakarta.persistence.schema-generation.scripts.create-target", script);
        settings.put("hibernate.hbm2ddl.delimiter", ";");
        settings.put("hibernate.format_sql", "false");
        return settings;
    }
}
