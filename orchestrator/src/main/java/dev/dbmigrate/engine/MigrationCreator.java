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
import java.util.Optional;

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
    public static final List<String> ACTION_WORDS = List.of(
            "add",
            "remove",
            "modify",
            "rename",
            "create",
            "drop",
            "alter",
            "update",
            "insert",
            "delete",
            "backfill",
            "migrate",
            "change",
            "split",
            "merge",
            "move",
            "index",
            "seed",
            "populate",
            "convert",
            "replace",
            "fix",
            "validate",
            "complete",
            "widen",
            "narrow",
            "require",
            "enable",
            "disable",
            "grant",
            "revoke");

    private static final DateTimeFormatter TIMESTAMP = DateTimeFormatter.ofPattern("yyyyMMddHHmmss");
    private final MigrateSettings settings;
    private final MigrateListener listener;
    private final Clock clock;

    public MigrationCreator(MigrateSettings settings, MigrateListener listener, Clock clock) {
        this.settings = settings;
        this.listener = listener;
        this.clock = clock;
    }

    /**
     * The file-name part made from a message: its letters and digits of every script, lower case, joined by
     * underscores, capped in length ({@link MigrationMessage#slug}).
     */
    public static String slug(String message) {
        return MigrationMessage.slug(message);
    }

    /**
     * Writes the pair. The message is {@linkplain MigrationMessage#clean made one safe line} first, and reaches the
     * files only as comment lines ({@link MigrationTemplate#comment}) and as the slug of their names.
     */
    public Results.Create create(String rawMessage) {
        String message = MigrationMessage.clean(rawMessage);
        String slug = slug(message);
        if (slug.isEmpty()) {
            throw new MigrateException(
                    ErrorCode.CONFIGURATION,
                    "migrate.message = '" + message + "' has no letters or"
                            + " digits to name a file with; nothing was written (describe the change, such as \"Add user"
                            + " preferences table\")");
        }
        List<String> warnings = nameWarnings(message, slug);
        Path folder = settings.locations().get(0);
        MigrationFiles files = MigrationFiles.scan(settings.locations(), true);
        String version = nextVersion(files);
        Path migration = folder.resolve("V" + version + "__" + slug + ".sql");
        Path undo = folder.resolve("U" + version + "__" + slug + ".sql");
        String created = ZonedDateTime.now(clock)
                        .withZoneSameInstant(ZoneOffset.UTC)
                        .format(DateTimeFormatter.ISO_LOCAL_DATE_TIME)
                + "Z";
        String migrationText;
        String undoText;
        try {
            if (!MigrationFiles.followsNaming(migration.getFileName().toString())
                    || !MigrationFiles.followsNaming(undo.getFileName().toString())) {
                throw new IllegalStateException(migration.getFileName() + " does not follow the migration naming");
            }
            migrationText = MigrationTemplate.migration(message, version, created);
            undoText = MigrationTemplate.undo(
                    message, version, migration.getFileName().toString(), created);
        } catch (IllegalArgumentException | IllegalStateException e) {
            throw new MigrateException(
                    ErrorCode.INTERNAL,
                    "create could not make a safe migration of migrate.message"
                            + " = '" + message + "': " + e.getMessage()
                            + "; nothing was written (describe the change in"
                            + " other words, such as \"Add user preferences table\", and report this as a bug)",
                    e);
        }
        writePair(folder, migration, migrationText, undo, undoText);
        warnings.forEach(listener::warn);
        listener.info("Created " + settings.projectDir().relativize(migration)
                + " (write the migration's SQL: upgrade refuses the file while it is the unedited template)");
        listener.info("Created " + settings.projectDir().relativize(undo)
                + " (write the SQL that reverses the migration: downgrade runs it)");
        return new Results.Create(migration, undo, version, List.copyOf(warnings));
    }

    /** Writes both files, neither over an existing one; a half pair is not left behind. */
    private static void writePair(Path folder, Path migration, String migrationText, Path undo, String undoText) {
        try {
            Files.createDirectories(folder);
            Files.writeString(migration, migrationText, java.nio.file.StandardOpenOption.CREATE_NEW);
            Files.writeString(undo, undoText, java.nio.file.StandardOpenOption.CREATE_NEW);
        } catch (java.nio.file.FileAlreadyExistsException e) {
            if (undo.toString().equals(e.getFile())) {
                deleteQuietly(migration); // written a moment ago by this run: leave no half pair behind
            }
            throw new MigrateException(
                    ErrorCode.CONFIGURATION,
                    e.getFile() + " exists already; nothing was"
                            + " overwritten (choose another message, or wait a second for a new timestamp version)");
        } catch (IOException e) {
            throw new MigrateException(
                    ErrorCode.CONFIGURATION, "could not write the migration into " + folder + ": " + e.getMessage(), e);
        }
    }

    /** What is worth saying about a name: cut short, or not starting with an action word. */
    private static List<String> nameWarnings(String message, String slug) {
        List<String> warnings = new ArrayList<>();
        String uncut = MigrationMessage.slug(message, Integer.MAX_VALUE, Integer.MAX_VALUE);
        if (!uncut.equals(slug)) {
            warnings.add("the message is long for a file name: the name was cut to "
                    + slug.codePointCount(0, slug.length()) + " characters,"
                    + " " + slug + " (names are capped at " + MigrationMessage.MAX_SLUG_LENGTH + " characters and "
                    + MigrationMessage.MAX_SLUG_BYTES + " bytes; the whole message is in the file's first comment)");
        }
        actionWordProblem(slug).ifPresent(warnings::add);
        return warnings;
    }

    /**
     * Why the name {@code slug} ({@code add_user_preferences}, or a file's description with spaces) does not say what
     * the migration does: it does not start with one of the {@link #ACTION_WORDS}; empty when it does. The one check
     * behind create's warning and the lint rule {@code action-word}.
     */
    public static Optional<String> actionWordProblem(String slug) {
        String name = slug.strip().replaceAll("[\\s_]+", "_");
        String firstWord = name.split("_")[0].toLowerCase(Locale.ROOT);
        if (ACTION_WORDS.contains(firstWord)) {
            return Optional.empty();
        }
        return Optional.of("the name '" + name + "' does not start with an action word (add_, remove_, modify_,"
                + " rename_, create_, drop_, ...): a name such as add_" + name + " says what the migration does");
    }

    private static void deleteQuietly(Path file) {
        try {
            Files.deleteIfExists(file);
        } catch (IOException ignored) {
            // the message names the file that exists; nothing more to do
        }
    }

    /**
     * The versions of {@code count} new migrations, in order, none taken by a file of the locations: timestamps a
     * second apart (the first as {@link #create} picks it), or the next integers with {@code versionScheme=sequential}.
     */
    public List<String> nextVersions(int count) {
        MigrationFiles files = MigrationFiles.scan(settings.locations(), true);
        List<String> versions = new ArrayList<>();
        String version = nextVersion(files);
        while (versions.size() < count) {
            if (files.versionedFor(version).isEmpty() && files.undoFor(version).isEmpty()) {
                versions.add(version);
            }
            version = settings.versionScheme() == VersionScheme.SEQUENTIAL
                    ? new BigInteger(version).add(BigInteger.ONE).toString()
                    : java.time.LocalDateTime.parse(version, TIMESTAMP)
                            .plusSeconds(1)
                            .format(TIMESTAMP);
        }
        return versions;
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
}
