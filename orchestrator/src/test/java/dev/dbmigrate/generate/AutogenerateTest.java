package dev.dbmigrate.generate;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.dbmigrate.config.MigrateSettings;
import dev.dbmigrate.error.MigrateException;
import dev.dbmigrate.events.MigrateEvent;
import dev.dbmigrate.events.MigrateListener;
import dev.dbmigrate.rehearse.RehearsalProject;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

/**
 * {@code create -Dmigrate.autogenerate=true} end to end on the scratch server: the files it writes, what they say,
 * the proof, and what it refuses.
 */
@Tag("postgres")
class AutogenerateTest {
    private static final Clock FIXED = Clock.fixed(Instant.parse("2026-11-30T12:00:00Z"), ZoneOffset.UTC);
    private static final String USERS = "CREATE TABLE users (id bigint PRIMARY KEY, email text NOT NULL);\n";
    private final List<String> lines = new ArrayList<>();
    private final MigrateListener listener = event -> {
        if (event instanceof MigrateEvent.Message m) {
            lines.add(m.level() + " " + m.text());
        }
    };

    private static RehearsalProject project(String name, String schema) throws Exception {
        RehearsalProject project = new RehearsalProject("autogenerate-" + name)
                .file("V1__create_users.sql", USERS)
                .file("U1__create_users.sql", "DROP TABLE users;")
                .file("D1__users.sql", "INSERT INTO users VALUES (1, 'a@example.com'), (2, 'b@example.com');");
        Path schemaFile = project.dir.resolve("src/main/resources/db/schema.sql");
        Files.writeString(schemaFile, schema);
        return project;
    }

    private static MigrateSettings sequential(RehearsalProject project, Map<String, String> more) {
        Map<String, String> values = new java.util.HashMap<>(more);
        values.put("versionScheme", "sequential");
        return project.settings(values);
    }

    @Test
    void writesTheProvenMigrationsAndTheirUndoScriptsIntoTheFirstLocation() throws Exception {
        RehearsalProject project = project(
                "writes",
                USERS + "CREATE TABLE prefs (id bigint PRIMARY KEY, user_id bigint NOT NULL REFERENCES users);\n"
                        + "CREATE INDEX users_email_idx ON users (email);\n");
        Generated generated = Autogenerate.run(
                sequential(project, Map.of()), "Add user preferences table", listener, FIXED, List.of());
        assertEquals(
                List.of(
                        "V2__add_user_preferences_table.sql",
                        "U2__add_user_preferences_table.sql",
                        "V3__index_users_email_idx.sql",
                        "U3__index_users_email_idx.sql"),
                generated.files().stream().map(f -> f.getFileName().toString()).toList());
        String main = Files.readString(project.migrations.resolve("V2__add_user_preferences_table.sql"));
        String words = main.replaceAll("\n--\\s+", " ");
        assertTrue(main.startsWith("-- Add user preferences table\n-- Version 2 (part 1 of 2 of this change)"), main);
        assertTrue(main.contains("--   - create table public.prefs"), main);
        assertTrue(words.contains("the 2 rows of 1 table with rows survived both ways"), main);
        assertTrue(main.contains("CREATE TABLE public.prefs"), main);
        String index = Files.readString(project.migrations.resolve("V3__index_users_email_idx.sql"));
        assertTrue(index.contains("CREATE INDEX CONCURRENTLY users_email_idx ON public.users"), index);
        assertEquals(
                "DROP INDEX CONCURRENTLY public.users_email_idx;",
                Files.readString(project.migrations.resolve("U3__index_users_email_idx.sql"))
                        .lines()
                        .filter(l -> !l.startsWith("--"))
                        .reduce("", String::concat));
        assertFalse(Files.exists(project.dir.resolve("target")), "the candidates live in the build folder");
        assertTrue(lines.contains("INFO The lint rules find nothing in the generated migrations"), lines.toString());
    }

    @Test
    void theGeneratedMigrationsAreLintedAsWrittenUnderTheEnvironmentsProfile() throws Exception {
        String desired = "CREATE TABLE users (id bigint PRIMARY KEY, email text NOT NULL CHECK (email <> ''),"
                + " name text);\n";
        RehearsalProject bare = project("lint-bare", desired);
        Generated unguarded =
                Autogenerate.run(sequential(bare, Map.of()), "Add name to users", listener, FIXED, List.of());
        // the planner's safe forms (NOT VALID, then VALIDATE alone) pass; only the profile's missing lock timeout shows
        assertEquals(
                List.of("lint warning lock-timeout-missing: V2__add_name_to_users.sql line "),
                unguarded.warnings().stream()
                        .filter(w -> w.startsWith("lint "))
                        .map(w -> w.replaceAll("line \\d+:.*", "line "))
                        .toList());
        assertTrue(lines.contains("WARN autogenerate: "
                + unguarded.warnings().stream()
                        .filter(w -> w.startsWith("lint "))
                        .findFirst()
                        .orElseThrow()));

        lines.clear();
        RehearsalProject guarded = project("lint-guarded", desired);
        Files.createDirectories(guarded.dir.resolve("environments"));
        Files.writeString(guarded.dir.resolve("environments/dev.yml"), "lockTimeout: 5s\n");
        Generated clean =
                Autogenerate.run(sequential(guarded, Map.of()), "Add name to users", listener, FIXED, List.of());
        assertEquals(4, clean.files().size(), clean.files().toString());
        assertEquals(
                List.of(),
                clean.warnings().stream().filter(w -> w.startsWith("lint ")).toList());
        assertTrue(lines.contains("INFO The lint rules find nothing in the generated migrations"), lines.toString());
    }

    @Test
    void saysSoAndWritesNothingWhenTheMigrationsAlreadyBuildTheDesiredSchema() throws Exception {
        RehearsalProject project = project("nothing", USERS);
        Generated generated =
                Autogenerate.run(sequential(project, Map.of()), "Add nothing", listener, FIXED, List.of());
        assertTrue(generated.nothingToChange());
        assertTrue(lines.stream().anyMatch(l -> l.startsWith("INFO Nothing to change")), lines.toString());
        try (var files = Files.list(project.migrations)) {
            assertEquals(2, files.count());
        }
    }

    @Test
    void aDroppedColumnAloneIsHeldBackAndWrittenOnlyWhenDestructiveChangesAreAllowed() throws Exception {
        // the column is nullable: an undo cannot add a NOT NULL column back to a table with rows
        RehearsalProject project = new RehearsalProject("autogenerate-held")
                .file("V1__create_users.sql", "CREATE TABLE users (id bigint PRIMARY KEY, email text);")
                .file("U1__create_users.sql", "DROP TABLE users;")
                .file("D1__users.sql", "INSERT INTO users VALUES (1, 'a@example.com'), (2, 'b@example.com');");
        Files.writeString(
                project.dir.resolve("src/main/resources/db/schema.sql"), "CREATE TABLE users (id bigint PRIMARY KEY);");
        Generated held = Autogenerate.run(sequential(project, Map.of()), "Remove email", listener, FIXED, List.of());
        assertEquals(List.of("drop column public.users.email"), held.held());
        assertTrue(held.files().isEmpty());
        assertTrue(
                lines.contains("WARN Nothing to change but what is held back as destructive: drop column"
                        + " public.users.email; nothing was written (rerun with -Dmigrate.allowDestructive=true to"
                        + " write it as statements, once the data is safe)"),
                lines.toString());

        Generated allowed = Autogenerate.run(
                sequential(project, Map.of("allowDestructive", "true")), "Remove email", listener, FIXED, List.of());
        String main = Files.readString(allowed.files().get(0));
        assertTrue(main.contains("\nALTER TABLE public.users DROP COLUMN email;\n"), main);
        String words = main.replaceAll("\n--\\s+", " ");
        assertTrue(words.contains("never drop columns without data migration"), main);
        assertTrue(words.contains("the 2 rows of 1 table with rows survived both ways"), main);
    }

    @Test
    void aSchemaThatDoesNotBuildNamesTheFileTheLineAndTheErrorAndWritesNothing() throws Exception {
        RehearsalProject project = project(
                "broken",
                USERS + "CREATE TABLE prefs (id bigint PRIMARY KEY,\n user_id bigint" + " REFERENCES nowhere);\n");
        MigrateException e = assertThrows(
                MigrateException.class,
                () -> Autogenerate.run(sequential(project, Map.of()), "Add prefs", listener, FIXED, List.of()));
        assertTrue(
                e.getMessage().startsWith("the desired schema src/main/resources/db/schema.sql failed at line 2:"),
                e.getMessage());
        assertTrue(e.getMessage().contains("relation \"nowhere\" does not exist"), e.getMessage());
        assertTrue(e.getMessage().contains("nothing was written"), e.getMessage());
    }

    @Test
    void aMissingSchemaFileNamesThePropertyAndTheAlternatives() throws Exception {
        RehearsalProject project = project("missing", USERS);
        MigrateException e = assertThrows(
                MigrateException.class,
                () -> Autogenerate.run(
                        sequential(project, Map.of("schemaFile", "db/nope.sql")),
                        "Add prefs",
                        listener,
                        FIXED,
                        List.of()));
        assertEquals(
                "the desired schema db/nope.sql does not exist; nothing was written (write the schema as CREATE"
                        + " statements there, point migrate.schemaFile at your file or folder, or use"
                        + " migrate.schemaSource=jpa)",
                e.getMessage());
    }

    @Test
    void aSchemaFolderIsReadInNameOrderAndAnEmptyOneIsRefused() throws Exception {
        RehearsalProject project = project("folder", USERS);
        Path folder = project.dir.resolve("db/schema");
        Files.createDirectories(folder);
        MigrateException empty = assertThrows(
                MigrateException.class,
                () -> Autogenerate.run(
                        sequential(project, Map.of("schemaFile", "db/schema")),
                        "Add prefs",
                        listener,
                        FIXED,
                        List.of()));
        assertEquals(
                "the desired schema folder db/schema holds no .sql file; nothing was written (put the schema's CREATE"
                        + " statements into .sql files there, read in name order)",
                empty.getMessage());

        // the second file uses the first's table: read in name order, they build
        Files.writeString(folder.resolve("01_users.sql"), USERS);
        Files.writeString(
                folder.resolve("02_prefs.sql"), "CREATE TABLE prefs (user_id bigint PRIMARY KEY REFERENCES users);");
        Generated generated = Autogenerate.run(
                sequential(project, Map.of("schemaFile", "db/schema")), "Add prefs", listener, FIXED, List.of());
        String main = Files.readString(generated.files().get(0));
        assertTrue(main.replaceAll("\n--\\s+", " ").contains("from 2 files of db/schema."), main);
        assertTrue(main.contains("CREATE TABLE public.prefs"), main);
    }

    @Test
    void aRenameThatIsNotTableOldColonNewIsRefusedBeforeAnythingStarts() throws Exception {
        RehearsalProject project = project("rename", USERS);
        for (String bad : List.of("users.name", "users.name:", ":full_name", "a:b:c")) {
            MigrateException e = assertThrows(
                    MigrateException.class,
                    () -> Autogenerate.run(
                            sequential(project, Map.of("rename", "users.email:mail," + bad)),
                            "Rename",
                            listener,
                            FIXED,
                            List.of()),
                    bad);
            assertEquals(
                    "migrate.rename = 'users.email:mail," + bad + "': '" + bad + "' is not table.old:new (a column) or"
                            + " old:new (a table); nothing was written (for example"
                            + " -Dmigrate.rename=users.name:full_name)",
                    e.getMessage());
        }
    }
}
