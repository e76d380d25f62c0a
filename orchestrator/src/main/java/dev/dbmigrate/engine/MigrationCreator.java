package dev.dbmigrate.engine;

import dev.dbmigrate.config.MigrateSettings;
import dev.dbmigrate.config.MigrateSettings.VersionScheme;
import dev.dbmigrate.error.ErrorCode;
import dev.dbmigrate.error.MigrateException;
import dev.dbmigrate.events.MigrateListener;
import java.io.IOException;
import java.math.BigInteger;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.ZoneOffset;
import java.time.ZonedDateTime;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * Writes a new migration and its undo script into the first location: {@code V<version>__<slug>.sql} and
 * {@code U<version>__<slug>.sql}. Needs no database.
 *
 * <p>Versions are UTC timestamps ({@code yyyyMMddHHmmss}) by default, so two branches that each add a migration never
 * pick the same number; they sort after the small integers of existing Flyway projects. {@code versionScheme=sequential}
 * keeps integers (highest plus one) for teams that prefer them; {@code validate} then catches merged duplicates.
 */
public final class MigrationCreator {
    /** The action words the seed document asks a migration name to start with. */
    public static final List<String> ACTION_WORDS = List.of("add", "remove", "modify", "rename", "create", "drop",
            "alter", "update", "insert", "delete", "backfill", "migrate", "change", "split", "merge", "move",
            "index", "seed", "populate", "convert", "replace", "fix");
    private static final DateTimeFormatter TIMESTAMP = DateTimeFormatter.ofPattern("yyyyMMddHHmmss");
    private final MigrateSettings settings;
    private final MigrateListener listener;
    private final Clock clock;

    public MigrationCreator(MigrateSettings settings, MigrateListener listener, Clock clock) {
        this.settings = settings;
        this.listener = listener;
        this.clock = clock;
    }

    /** The file-name part made from a message: lower case words joined by underscores. */
    public static String slug(String message) {
        String s = message.strip().toLowerCase(Locale.ROOT).replaceAll("[^a-z0-9]+", "_");
        return s.replaceAll("^_+|_+$", "");
    }

    public Results.Create create(String message) {
        if (message == null || message.isBlank()) {
            throw new MigrateException(ErrorCode.CONFIGURATION, "create needs a message describing the migration;"
                    + " nothing was written (pass -Dmigrate.message=\"Add user preferences table\")");
        }
        if (message.contains("/") || message.contains("\\") || message.contains("..")) {
            throw new MigrateException(ErrorCode.CONFIGURATION, "migrate.message = '" + message + "' contains a path"
                    + " ('/', '\\' or '..') and could write outside the migration folder; nothing was written (describe"
                    + " the change in words, such as \"Add user preferences table\")");
        }
        String slug = slug(message);
        if (slug.isEmpty()) {
            throw new MigrateException(ErrorCode.CONFIGURATION, "migrate.message = '" + message + "' has no letters or"
                    + " digits to name a file with; nothing was written (describe the change, such as \"Add user"
                    + " preferences table\")");
        }
        List<String> warnings = new ArrayList<>();
        String firstWord = slug.split("_")[0];
        if (!ACTION_WORDS.contains(firstWord)) {
            warnings.add("the name '" + slug + "' does not start with an action word (add_, remove_, modify_, rename_,"
                    + " create_, drop_, ...): a name such as add_" + slug + " says what the migration does");
        }
        Path folder = settings.locations().get(0);
        MigrationFiles files = MigrationFiles.scan(settings.locations(), true);
        String version = nextVersion(files);
        Path migration = folder.resolve("V" + version + "__" + slug + ".sql");
        Path undo = folder.resolve("U" + version + "__" + slug + ".sql");
        String created = ZonedDateTime.now(clock).withZoneSameInstant(ZoneOffset.UTC).format(
                DateTimeFormatter.ISO_LOCAL_DATE_TIME) + "Z";
        try {
            Files.createDirectories(folder);
            Files.writeString(migration, migrationTemplate(message.strip(), version, created),
                    java.nio.file.StandardOpenOption.CREATE_NEW);
            Files.writeString(undo, undoTemplate(message.strip(), version, migration.getFileName().toString(),
                    created), java.nio.file.StandardOpenOption.CREATE_NEW);
        } catch (java.nio.file.FileAlreadyExistsException e) {
            throw new MigrateException(ErrorCode.CONFIGURATION, e.getFile() + " exists already; nothing was"
                    + " overwritten (choose another message, or wait a second for a new timestamp version)");
        } catch (IOException e) {
            throw new MigrateException(ErrorCode.CONFIGURATION, "could not write the migration into " + folder
                    + ": " + e.getMessage(), e);
        }
        warnings.forEach(listener::warn);
        listener.info("Created " + settings.projectDir().relativize(migration));
        listener.info("Created " + settings.projectDir().relativize(undo)
                + " (write the SQL that reverses the migration: downgrade runs it)");
        return new Results.Create(migration, undo, version, List.copyOf(warnings));
    }

    private String nextVersion(MigrationFiles files) {
        if (settings.versionScheme() == VersionScheme.SEQUENTIAL) {
            BigInteger max = BigInteger.ZERO;
            for (var f : files.versioned()) {
                BigInteger major = new BigInteger(f.version().split("\\.")[0]);
                max = max.max(major);
            }
            return max.add(BigInteger.ONE).toString();
        }
        ZonedDateTime now = ZonedDateTime.now(clock).withZoneSameInstant(ZoneOffset.UTC);
        String version = now.format(TIMESTAMP);
        // Two creates within one second, or a clock behind the newest file: move past what exists.
        while (files.versionedFor(version).isPresent() || files.undoFor(version).isPresent()) {
            now = now.plusSeconds(1);
            version = now.format(TIMESTAMP);
        }
        return version;
    }

    private static String migrationTemplate(String message, String version, String created) {
        return "-- " + message + "\n"
                + "-- Version " + version + ", created " + created + " by migrate:create.\n"
                + "--\n"
                + "-- Review before committing:\n"
                + "--  * one change per migration; add indexes in a migration of their own\n"
                + "--    (CREATE INDEX CONCURRENTLY runs outside a transaction and must be alone in its file);\n"
                + "--  * never drop a column without first migrating its data;\n"
                + "--  * update large tables in batches;\n"
                + "--  * write the undo script beside this file, and try it: migrate:downgrade, then migrate:upgrade.\n"
                + "\n";
    }

    private static String undoTemplate(String message, String version, String migration, String created) {
        return "-- Undo of " + migration + ": " + message + "\n"
                + "-- Version " + version + ", created " + created + " by migrate:create.\n"
                + "--\n"
                + "-- migrate:downgrade runs this in one transaction and removes version " + version + " from the\n"
                + "-- history table in the same transaction. Reverse every change of the migration, last change first.\n"
                + "\n";
    }
}
