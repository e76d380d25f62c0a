package dev.dbmigrate.engine;

import dev.dbmigrate.error.ErrorCode;
import dev.dbmigrate.error.MigrateException;
import dev.dbmigrate.history.Versions;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;

/**
 * The migration files in the configured folders: versioned {@code V<version>__<slug>.sql}, their undo scripts
 * {@code U<version>__<slug>.sql}, and repeatable {@code R__<slug>.sql}. Flyway resolves the V and R files itself;
 * this class exists for what Flyway's free edition does not do: find undo scripts, and check names and duplicates
 * with both file names in the message.
 */
public final class MigrationFiles {
    private static final Pattern VERSIONED = Pattern.compile("([VU])([0-9]+(?:[._][0-9]+)*)__(.+)\\.sql");
    private static final Pattern REPEATABLE = Pattern.compile("R__(.+)\\.sql");

    /**
     * One V, U or R file.
     *
     * @param prefix      V, U or R
     * @param version     the version, normalised for comparison ({@code 1_01.0} is {@code 1.1}); null for R files
     * @param versionText the version as Flyway records it ({@code 1_01.0} is {@code 1.01.0}); null for R files
     * @param description the description from the name, underscores as spaces
     * @param path        the file
     * @param script      the path relative to its location, as Flyway records it in the history table
     */
    public record MigrationFile(
            char prefix, String version, String versionText, String description, Path path, String script) {
        public String fileName() {
            return path.getFileName().toString();
        }
    }

    private final List<Path> locations;
    private final List<MigrationFile> versioned;
    private final List<MigrationFile> undo;
    private final List<MigrationFile> repeatable;
    private final List<Misnamed> misnamed;
    private final List<Path> callbacks;
    private final List<Unusable> unusable;
    private Map<String, MigrationFile> undoByVersion;
    private Map<String, MigrationFile> versionedByVersion;

    private MigrationFiles(
            List<Path> locations,
            List<MigrationFile> versioned,
            List<MigrationFile> undo,
            List<MigrationFile> repeatable,
            List<Misnamed> misnamed,
            List<Path> callbacks,
            List<Unusable> unusable) {
        this.unusable = unusable;
        this.locations = locations;
        this.versioned = versioned;
        this.undo = undo;
        this.repeatable = repeatable;
        this.misnamed = misnamed;
        this.callbacks = callbacks;
    }

    /**
     * A file in a migration location that looks like a migration but does not follow the naming: Flyway would skip it
     * without a word.
     *
     * @param path    the file
     * @param script  the path relative to its location
     * @param problem what is wrong, and the name that would be right when it can be guessed
     */
    public record Misnamed(Path path, String script, MigrationNames.Problem problem) {
        /** "V4_x.sql (version and description are separated by ...: rename it to V4__x.sql)". */
        public String text() {
            return script + " (" + problem.text() + ")";
        }
    }

    /**
     * An entry in a migration location whose name says it is a migration but that cannot be read as one: Flyway would
     * pass over it without a word.
     *
     * @param path   the entry
     * @param script the path relative to its location
     * @param reason why it cannot be read ("is a dangling link (...)", "is a folder, not a file", ...)
     * @param fix    what to do, a command where one works
     */
    public record Unusable(Path path, String script, String reason, String fix) {
        /** "V3__x.sql is a folder, not a file". */
        public String text() {
            return script + " " + reason;
        }
    }

    /**
     * Reads the folders (recursively, as Flyway does). Every file is judged by {@link MigrationNames#diagnose}: well
     * named migrations are kept, look-alikes that do not follow the naming are listed in {@link #misnamed()}, Flyway's
     * SQL callbacks in {@link #callbacks()}, entries named like migrations that cannot be read as files (dangling
     * links, folders, unreadable files) in {@link #unusable()}; hidden files and folders are skipped.
     *
     * @param allowEmpty when false, a missing or empty folder is an error
     */
    public static MigrationFiles scan(List<Path> locations, boolean allowEmpty) {
        List<MigrationFile> versioned = new ArrayList<>();
        List<MigrationFile> undo = new ArrayList<>();
        List<MigrationFile> repeatable = new ArrayList<>();
        List<Misnamed> misnamed = new ArrayList<>();
        List<Path> callbacks = new ArrayList<>();
        List<Unusable> unusable = new ArrayList<>();
        for (Path location : locations) {
            boolean anySql = false;
            for (Path file : entries(location, allowEmpty)) {
                String name = file.getFileName().toString();
                String script = location.relativize(file).toString().replace('\\', '/');
                Unusable why = UnusableEntries.judge(file, name, script);
                if (why != null) {
                    unusable.add(why);
                    anySql = true;
                    continue;
                }
                if (!Files.isRegularFile(file)) {
                    continue; // a folder (walked into), or a link to one
                }
                MigrationNames.Problem problem = MigrationNames.diagnose(name);
                anySql |= problem != null || name.endsWith(".sql");
                Matcher m = VERSIONED.matcher(name);
                Matcher r;
                if (problem != null) {
                    misnamed.add(new Misnamed(file, script, problem));
                } else if (MigrationNames.isCallback(name)) {
                    callbacks.add(file);
                } else if (m.matches()) {
                    MigrationFile f = new MigrationFile(
                            m.group(1).charAt(0),
                            Versions.normalize(m.group(2)),
                            m.group(2).replace('_', '.'),
                            m.group(3).replace('_', ' '),
                            file,
                            script);
                    (f.prefix() == 'V' ? versioned : undo).add(f);
                } else if ((r = REPEATABLE.matcher(name)).matches()) {
                    repeatable.add(new MigrationFile('R', null, null, r.group(1).replace('_', ' '), file, script));
                }
            }
            if (!anySql && !allowEmpty) {
                throw new MigrateException(
                        ErrorCode.CONFIGURATION,
                        "the migration location " + location
                                + " holds no .sql files; nothing was changed (add one with migrate:create -Dmigrate.message=\"...\","
                                + " correct -Dmigrate.locations, or pass -Dmigrate.allowEmpty=true)");
            }
        }
        return new MigrationFiles(List.copyOf(locations), versioned, undo, repeatable, misnamed, callbacks, unusable);
    }

    /**
     * The entries of a location, walked recursively and sorted, hidden ones left out; none for a missing location
     * when {@code allowEmpty}.
     */
    private static List<Path> entries(Path location, boolean allowEmpty) {
        if (!Files.isDirectory(location)) {
            if (allowEmpty) {
                return List.of();
            }
            throw new MigrateException(
                    ErrorCode.CONFIGURATION,
                    "the migration location " + location
                            + " does not exist; nothing was changed (create it with migrate:create, correct"
                            + " -Dmigrate.locations, or pass -Dmigrate.allowEmpty=true)");
        }
        try (Stream<Path> walk = Files.walk(location)) {
            return walk.filter(p -> !p.equals(location) && !hidden(location.relativize(p)))
                    .sorted()
                    .toList();
        } catch (IOException e) {
            throw new MigrateException(
                    ErrorCode.CONFIGURATION,
                    "could not read the migration location " + location + ": " + e.getMessage(),
                    e);
        }
    }

    /** Whether a path inside a location is hidden (a dot file, or in a dot folder such as .git). */
    private static boolean hidden(Path relative) {
        for (Path part : relative) {
            if (part.toString().startsWith(".")) {
                return true;
            }
        }
        return false;
    }

    public List<Path> locations() {
        return locations;
    }

    public List<MigrationFile> versioned() {
        return versioned;
    }

    public List<MigrationFile> undo() {
        return undo;
    }

    /** The repeatable migrations, each with a null version. */
    public List<MigrationFile> repeatable() {
        return repeatable;
    }

    /** Files that look like migrations but do not follow the naming ({@link MigrationNames#diagnose}). */
    public List<Misnamed> misnamed() {
        return misnamed;
    }

    /** Entries named like migrations that cannot be read as files ({@link Unusable}): dangling links, folders, ... */
    public List<Unusable> unusable() {
        return unusable;
    }

    /** Flyway's SQL callbacks in the locations ({@code beforeMigrate.sql}, ...). */
    public List<Path> callbacks() {
        return callbacks;
    }

    /** The undo script of {@code version}, if one exists (none for a null version: a repeatable has none). */
    public Optional<MigrationFile> undoFor(String version) {
        if (version == null) {
            return Optional.empty();
        }
        if (undoByVersion == null) {
            undoByVersion = byVersion(undo);
        }
        return Optional.ofNullable(undoByVersion.get(Versions.normalize(version)));
    }

    /** The versioned file of {@code version}, if one exists (none for a null version, a repeatable's). */
    public Optional<MigrationFile> versionedFor(String version) {
        if (version == null) {
            return Optional.empty();
        }
        if (versionedByVersion == null) {
            versionedByVersion = byVersion(versioned);
        }
        return Optional.ofNullable(versionedByVersion.get(Versions.normalize(version)));
    }

    /** The files by normalised version, the first of duplicates winning. */
    private static Map<String, MigrationFile> byVersion(List<MigrationFile> files) {
        Map<String, MigrationFile> map = new java.util.HashMap<>();
        files.forEach(f -> map.putIfAbsent(f.version(), f));
        return map;
    }

    /** Versions used by more than one V (or more than one U) file, with the files. */
    public Map<String, List<MigrationFile>> duplicates() {
        Map<String, List<MigrationFile>> byVersion = new LinkedHashMap<>();
        for (MigrationFile f : versioned) {
            byVersion.computeIfAbsent("V" + f.version(), k -> new ArrayList<>()).add(f);
        }
        for (MigrationFile f : undo) {
            byVersion.computeIfAbsent("U" + f.version(), k -> new ArrayList<>()).add(f);
        }
        byVersion.values().removeIf(list -> list.size() < 2);
        return byVersion;
    }

    /**
     * Reads a migration or undo script as strict UTF-8 (the encoding Flyway reads them in), so a file saved in another
     * encoding fails here, naming its line, instead of running with replaced characters.
     */
    public static String read(Path file) {
        byte[] bytes;
        try {
            bytes = Files.readAllBytes(file);
        } catch (IOException e) {
            throw new MigrateException(
                    ErrorCode.CONFIGURATION,
                    "could not read " + file + ": " + e.getMessage()
                            + "; nothing was changed (check that the file exists and is readable)",
                    e);
        }
        java.nio.charset.CharsetDecoder decoder = java.nio.charset.StandardCharsets.UTF_8
                .newDecoder()
                .onMalformedInput(java.nio.charset.CodingErrorAction.REPORT)
                .onUnmappableCharacter(java.nio.charset.CodingErrorAction.REPORT);
        java.nio.ByteBuffer in = java.nio.ByteBuffer.wrap(bytes);
        java.nio.CharBuffer out = java.nio.CharBuffer.allocate(bytes.length + 1);
        java.nio.charset.CoderResult result = decoder.decode(in, out, true);
        if (result.isError()) {
            int at = in.position();
            int line = 1;
            for (int i = 0; i < at; i++) {
                if (bytes[i] == '\n') {
                    line++;
                }
            }
            throw new MigrateException(
                    ErrorCode.VALIDATION,
                    file.getFileName() + " is not valid UTF-8: byte "
                            + (at + 1) + " (line " + line + ") cannot be read; nothing was changed (save " + file
                            + " as UTF-8)");
        }
        decoder.flush(out);
        out.flip();
        String text = out.toString();
        return text.startsWith("\uFEFF") ? text.substring(1) : text;
    }

    /**
     * Reads a script to its end as strict UTF-8, as a migration is read before it runs (a large one as a stream), and
     * fails as {@link #read} does, naming the byte and line that is not UTF-8.
     */
    public static void requireUtf8(Path file) {
        ScriptReader.checksumOf(file);
    }

    /** The file name an undo script of {@code versionedFile} must have: the V replaced by U. */
    public static String expectedUndoName(String versionedFileName) {
        return "U" + versionedFileName.substring(1);
    }

    /** Whether a file name follows the naming of a versioned migration or its undo script. */
    public static boolean followsNaming(String fileName) {
        return VERSIONED.matcher(fileName).matches();
    }
}
