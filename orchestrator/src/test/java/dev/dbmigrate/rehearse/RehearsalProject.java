package dev.dbmigrate.rehearse;

import dev.dbmigrate.config.MigrateSettings;
import dev.dbmigrate.config.SettingsResolver;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.Map;

/**
 * A project for rehearsal tests: migration files and sample data under {@code target/} (which the scratch server's
 * user can reach when the build runs as root; a temp folder is not), and one build folder shared by every test, so
 * that the scratch cluster is made once.
 */
public final class RehearsalProject {
    public static final Path BUILD = Path.of("target", "rehearsal-scratch").toAbsolutePath();

    public final Path dir;
    public final Path migrations;
    public final Path sampleData;

    public RehearsalProject(String name) {
        dir = Path.of("target", "rehearsal-" + name + "-" + System.nanoTime()).toAbsolutePath();
        migrations = dir.resolve("src/main/resources/db/migration");
        sampleData = dir.resolve("src/test/resources/db/sample-data");
        try {
            Files.createDirectories(migrations);
            Files.createDirectories(sampleData);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** Writes a migration, undo or sample data file: V.. and U.. into the migrations, D.. into the sample data. */
    public RehearsalProject file(String name, String sql) {
        Path folder = name.startsWith("D") ? sampleData : migrations;
        try {
            Files.writeString(folder.resolve(name), sql);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return this;
    }

    /** The settings of this project with {@code values} on top of its locations. */
    public MigrateSettings settings(Map<String, String> values) {
        Map<String, String> all = new HashMap<>(values);
        all.putIfAbsent("locations", migrations.toString());
        return SettingsResolver.resolve(all, Map.of(), dir, BUILD);
    }

    public MigrateSettings settings() {
        return settings(Map.of());
    }
}
