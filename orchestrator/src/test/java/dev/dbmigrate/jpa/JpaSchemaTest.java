package dev.dbmigrate.jpa;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.dbmigrate.error.ErrorCode;
import dev.dbmigrate.error.MigrateException;
import dev.dbmigrate.events.MigrateEvent;
import dev.dbmigrate.schema.CatalogReader;
import dev.dbmigrate.schema.ObjectKind;
import dev.dbmigrate.schema.SchemaObject;
import dev.dbmigrate.schema.Snapshot;
import dev.dbmigrate.schema.SnapshotScope;
import dev.dbmigrate.testing.TestPostgres;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import java.util.jar.JarEntry;
import java.util.jar.JarOutputStream;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The desired schema from JPA entities: the example shop of {@code src/test/jpa-example} (relations, an enum, an index,
 * a unique constraint, a sequence, a mapped superclass), compiled into a folder of its own, exported by the Hibernate
 * of the test's class path, run the way a project's build runs it: in a class loader of its own.
 */
class JpaSchemaTest {
    private static final List<String> SHOP = List.of("com.example.shop");

    @TempDir
    static Path work;

    private static Path classes;
    private static Path spring;

    @BeforeAll
    static void compileTheExample() throws Exception {
        classes = JpaProject.compile(JpaProject.EXAMPLE, work.resolve("classes"));
        spring = JpaProject.compile(JpaProject.SPRING, work.resolve("spring"));
    }

    @Test
    @Tag("postgres")
    void springBootEntitiesGiveTheirTablesForeignKeysIndexAndUniqueConstraintInPostgres() throws Exception {
        List<MigrateEvent> events = new ArrayList<>();
        String url = TestPostgres.newDatabase("jpa");
        int major = major(url);
        String ddl = JpaSchema.ddl(JpaProject.classpath(classes, spring), SHOP, major, events::add);

        Snapshot snapshot = applied(url, ddl);
        assertEquals(
                List.of("public.customer", "public.order_line", "public.purchase_order"),
                names(snapshot, ObjectKind.TABLE),
                ddl);
        assertEquals(List.of("public.order_line_seq"), names(snapshot, ObjectKind.SEQUENCE), ddl);
        assertEquals(
                List.of(
                        "public.order_line: FOREIGN KEY (purchase_order_id) REFERENCES public.purchase_order(id)",
                        "public.purchase_order: FOREIGN KEY (customer_id) REFERENCES public.customer(id)"),
                definitions(snapshot, "foreign key"),
                ddl);
        assertEquals(List.of("public.customer: UNIQUE (email)"), definitions(snapshot, "unique"), ddl);
        SchemaObject unique = snapshot.find(ObjectKind.CONSTRAINT, "public.customer.uk_customer_email")
                .orElseThrow(() -> new AssertionError("no uk_customer_email in " + snapshot.objects()));
        assertEquals("unique", unique.text("type"));
        SchemaObject index = snapshot.find(ObjectKind.INDEX, "public.idx_order_placed_at")
                .orElseThrow(() -> new AssertionError("no idx_order_placed_at in " + snapshot.objects()));
        assertEquals("public.purchase_order", index.text("table"));
        assertEquals(List.of("placed_at"), index.list("columns"));
        List<String> checks = definitions(snapshot, "check");
        assertEquals(1, checks.size(), checks.toString());
        assertTrue(checks.get(0).startsWith("public.purchase_order: CHECK")
                && checks.get(0).contains("'SHIPPED'"));
        assertEquals(
                "character varying(16)",
                snapshot.find(ObjectKind.COLUMN, "public.purchase_order.status")
                        .orElseThrow()
                        .text("type"));
        assertEquals(
                List.of("schemaSource=jpa: 3 entities of com.example.shop exported for PostgreSQL " + major
                        + " by Hibernate 7.4.13.Final, as Spring Boot maps them (hibernate.implicit_naming_strategy="
                        + "org.springframework.boot.hibernate.SpringImplicitNamingStrategy,"
                        + " hibernate.physical_naming_strategy="
                        + "org.hibernate.boot.model.naming.CamelCaseToUnderscoresNamingStrategy)"),
                events.stream().map(Object::toString).map(JpaSchemaTest::text).toList());
    }

    @Test
    void springBootsApplicationYmlNamingAndHibernatePropertiesAreFollowed() throws Exception {
        Path resources = Files.createDirectories(work.resolve("resources"));
        Files.writeString(resources.resolve("application.yml"), """
                spring:
                  jpa:
                    hibernate:
                      naming:
                        physical-strategy: org.hibernate.boot.model.naming.PhysicalNamingStrategyStandardImpl
                    properties:
                      hibernate.default_schema: shop
                      hibernate.hbm2ddl.auto: update
                      hibernate.connection.url: jdbc:postgresql://nowhere/app
                ---
                spring.config.activate.on-profile: test
                spring.jpa.properties.hibernate.default_schema: test_shop
                """);
        List<Path> classpath = new ArrayList<>(JpaProject.classpath(classes, spring));
        classpath.add(1, resources);
        List<MigrateEvent> events = new ArrayList<>();

        String ddl = JpaSchema.ddl(classpath, SHOP, 16, events::add);

        assertTrue(ddl.contains("create table shop.PurchaseOrder ("), ddl);
        assertTrue(ddl.contains(" totalAmount numeric(12,2),"), ddl);
        assertEquals(
                List.of("schemaSource=jpa: 3 entities of com.example.shop exported for PostgreSQL 16 by Hibernate"
                        + " 7.4.13.Final, as Spring Boot maps them (hibernate.default_schema=shop,"
                        + " hibernate.implicit_naming_strategy="
                        + "org.springframework.boot.hibernate.SpringImplicitNamingStrategy,"
                        + " hibernate.physical_naming_strategy="
                        + "org.hibernate.boot.model.naming.PhysicalNamingStrategyStandardImpl; from "
                        + resources.resolve("application.yml") + ")"),
                events.stream().map(Object::toString).map(JpaSchemaTest::text).toList());
    }

    @Test
    void entitiesInADependencysJarAreFoundAsInTheProjectsFolder() throws Exception {
        Path jar = work.resolve("shop-domain.jar");
        try (JarOutputStream out = new JarOutputStream(Files.newOutputStream(jar));
                Stream<Path> files = Files.walk(classes)) {
            for (Path file : files.filter(Files::isRegularFile).toList()) {
                out.putNextEntry(
                        new JarEntry(classes.relativize(file).toString().replace('\\', '/')));
                out.write(Files.readAllBytes(file));
                out.closeEntry();
            }
        }
        Path empty = Files.createDirectories(work.resolve("app-classes"));
        List<Path> classpath = new ArrayList<>(List.of(empty, jar));
        classpath.addAll(JpaProject.dependencies());

        assertEquals(
                JpaSchema.ddl(JpaProject.classpath(classes, null), SHOP, 16, event -> {}),
                JpaSchema.ddl(classpath, SHOP, 16, event -> {}));
    }

    @Test
    void withoutSpringBootTheNamesAreHibernatesOwn() {
        String ddl = JpaSchema.ddl(JpaProject.classpath(classes, null), SHOP, 16, event -> {});

        assertTrue(ddl.contains("create table PurchaseOrder ("), ddl);
        assertTrue(ddl.contains(" totalAmount numeric(12,2),"), ddl);
        assertTrue(ddl.contains("create index idx_order_placed_at on PurchaseOrder (placed_at);"), ddl);
        assertTrue(ddl.lines().allMatch(line -> line.isBlank() || line.endsWith(";")), ddl);
    }

    @Test
    void withoutHibernateOnTheClassPathItSaysWhatToAddAndWritesNothing() {
        MigrateException e =
                assertThrows(MigrateException.class, () -> JpaSchema.ddl(List.of(classes), SHOP, 16, event -> {}));

        assertEquals(ErrorCode.CONFIGURATION, e.code());
        assertEquals(
                "schemaSource=jpa needs Hibernate on the project's class path, and org.hibernate.boot.MetadataSources"
                        + " is not there (searched the class path from " + classes + "); nothing was written (add"
                        + " org.hibernate.orm:hibernate-core, or spring-boot-starter-data-jpa, as a dependency of the"
                        + " project; or use -Dmigrate.schemaSource=sql with a schema file, -Dmigrate.schemaFile)",
                e.getMessage());
    }

    @Test
    void packagesWithoutEntitiesAreNamedWithWhereTheyWereSearched() {
        MigrateException e = assertThrows(
                MigrateException.class,
                () -> JpaSchema.ddl(
                        JpaProject.classpath(classes, null),
                        List.of("com.example.model", "com.example.none"),
                        16,
                        x -> {}));

        assertEquals(ErrorCode.CONFIGURATION, e.code());
        assertEquals(
                "schemaSource=jpa found no @Entity class in the packages com.example.model, com.example.none"
                        + " (searched the class path from " + classes + "); nothing was written (compile the project"
                        + " first, as in mvn compile migrate:create, and check that -Dmigrate.entityPackages names the"
                        + " entities' packages)",
                e.getMessage());
    }

    @Test
    void aMappingHibernateRefusesIsReportedWithTheEntityAndNothingWritten() {
        MigrateException e = assertThrows(
                MigrateException.class,
                () -> JpaSchema.ddl(JpaProject.classpath(classes, null), List.of("com.example.broken"), 16, x -> {}));

        assertEquals(ErrorCode.CONFIGURATION, e.code());
        assertEquals(
                "schemaSource=jpa: Hibernate 7.4.13.Final refused the entities of com.example.broken: Association"
                        + " 'com.example.broken.Invoice.payer' targets the type 'com.example.broken.Payer' which is not"
                        + " an '@Entity' type; nothing was written (fix the mapping it names, compile, and run again)",
                e.getMessage());
    }

    @Test
    void withoutEntityPackagesItAsksForThem() {
        MigrateException e = assertThrows(
                MigrateException.class,
                () -> JpaSchema.ddl(JpaProject.classpath(classes, null), List.of(), 16, x -> {}));

        assertEquals(
                "schemaSource=jpa needs the entities' packages, and -Dmigrate.entityPackages is empty; nothing was"
                        + " written (set -Dmigrate.entityPackages=com.example.model, comma-separated for several)",
                e.getMessage());
    }

    private static int major(String url) throws Exception {
        try (Connection connection = DriverManager.getConnection(url, "postgres", TestPostgres.PASSWORD)) {
            return connection.getMetaData().getDatabaseMajorVersion();
        }
    }

    private static Snapshot applied(String url, String ddl) throws Exception {
        try (Connection connection = DriverManager.getConnection(url, "postgres", TestPostgres.PASSWORD)) {
            try (Statement statement = connection.createStatement()) {
                statement.execute(ddl);
            }
            return CatalogReader.read(connection, SnapshotScope.of(List.of(), "flyway_schema_history"));
        }
    }

    private static List<String> names(Snapshot snapshot, ObjectKind kind) {
        return snapshot.of(kind).stream().map(SchemaObject::name).sorted().toList();
    }

    /** The constraints of one type, as {@code table: definition}, sorted. */
    private static List<String> definitions(Snapshot snapshot, String type) {
        return snapshot.of(ObjectKind.CONSTRAINT).stream()
                .filter(c -> type.equals(c.text("type")))
                .map(c -> c.name().substring(0, c.name().lastIndexOf('.')) + ": " + c.text("definition"))
                .sorted()
                .collect(Collectors.toList());
    }

    private static String text(String event) {
        return event.replaceFirst("^Message\\[level=\\w+, text=", "").replaceFirst("]$", "");
    }
}
