package dev.dbmigrate.jpa;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.dbmigrate.config.DatabaseUrl;
import dev.dbmigrate.config.MigrateSettings;
import dev.dbmigrate.engine.Migrator;
import dev.dbmigrate.generate.Autogenerate;
import dev.dbmigrate.generate.Generated;
import dev.dbmigrate.rehearse.RehearsalProject;
import dev.dbmigrate.support.Secret;
import dev.dbmigrate.testing.TestPostgres;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Issue 15's JPA example end to end: the example entities (relations, an enum, an index, a unique constraint)
 * generate a migration that is proven in a throwaway database, written, and applied by the engine's upgrade; a
 * second run with nothing changed writes nothing.
 */
@Tag("postgres")
class AutogenerateJpaTest {
    @TempDir
    static Path work;

    @Test
    void theExampleEntitiesGenerateProveAndApply() throws Exception {
        Path classes = JpaProject.compile(JpaProject.EXAMPLE, work.resolve("classes"));
        List<Path> classpath = JpaProject.classpath(classes, null);
        RehearsalProject project = new RehearsalProject("autogenerate-jpa");
        MigrateSettings settings = project.settings(
                Map.of("versionScheme", "sequential", "schemaSource", "jpa", "entityPackages", "com.example.shop"));
        Generated generated =
                Autogenerate.run(settings, "Create the shop tables", event -> {}, Clock.systemUTC(), classpath);
        assertEquals(
                List.of("V1__create_the_shop_tables.sql", "U1__create_the_shop_tables.sql"),
                generated.files().stream().map(f -> f.getFileName().toString()).toList());
        String migration = Files.readString(generated.files().get(0));
        assertTrue(
                migration.replaceAll("\n--\\s+", " ").contains("from the JPA entities of com.example.shop"), migration);
        assertTrue(migration.contains("FOREIGN KEY"), migration);

        String url = TestPostgres.newDatabase("autogen_jpa");
        MigrateSettings onDatabase = settings.withDatabase(
                DatabaseUrl.parse(url, "test").withCredentials("postgres", Secret.of(TestPostgres.PASSWORD)));
        try (Migrator migrator = new Migrator(onDatabase, event -> {})) {
            migrator.upgrade();
        }
        assertTrue(TestPostgres.rows(url, "select count(*) from pg_indexes where schemaname = 'public'")
                        .get(0)
                        .compareTo("2")
                >= 0);

        Generated again =
                Autogenerate.run(settings, "Create the shop tables", event -> {}, Clock.systemUTC(), classpath);
        assertTrue(again.nothingToChange(), again.files().toString());
    }
}
