package dev.dbmigrate.rehearse;

import dev.dbmigrate.config.MigrateProperty;
import dev.dbmigrate.config.MigrateSettings;
import dev.dbmigrate.engine.MigrationFiles.MigrationFile;
import dev.dbmigrate.error.ErrorCode;
import dev.dbmigrate.error.MigrateException;
import dev.dbmigrate.history.Versions;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeMap;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import java.util.stream.Stream;

/**
 * The sample data of a rehearsal: the files {@code D<version>__<name>.sql} in {@code -Dmigrate.sampleData} (default
 * {@code src/test/resources/db/sample-data}), each loaded, in one transaction, right after the migration of its
 * version is applied, so that every later migration and undo runs over rows. A file whose version no migration has is
 * an error naming it; so is a {@code .sql} file starting with {@code D} that does not follow the naming.
 */
public final class SampleData {
    static final String DEFAULT_FOLDER = "src/test/resources/db/sample-data";
    private static final Pattern NAME = Pattern.compile("D([0-9]+(?:[._][0-9]+)*)__(.+)\\.sql");

    /** The files, by normalised version, each version's in name order. */
    private final Map<String, List<Path>> byVersion;

    private SampleData(Map<String, List<Path>> byVersion) {
        this.byVersion = byVersion;
    }

    /** The sample data files of {@code settings}, each checked against the versions of {@code migrations}. */
    public static SampleData read(MigrateSettings settings, List<MigrationFile> migrations) {
        Path given = settings.options().sampleData();
        Path folder = given != null ? given : settings.projectDir().resolve(DEFAULT_FOLDER);
        if (!Files.isDirectory(folder)) {
            if (given != null) {
                throw new MigrateException(
                        ErrorCode.CONFIGURATION,
                        "-Dmigrate.sampleData=" + given + " is not a folder; nothing was done (give the folder"
                                + " holding the D<version>__<name>.sql files, or leave it out for "
                                + DEFAULT_FOLDER + ")");
            }
            return new SampleData(Map.of());
        }
        Set<String> versions = migrations.stream().map(MigrationFile::version).collect(Collectors.toSet());
        Map<String, List<Path>> byVersion = new TreeMap<>();
        for (Path file : files(folder)) {
            String name = file.getFileName().toString();
            Matcher m = NAME.matcher(name);
            if (!m.matches()) {
                throw refused(folder, name, "does not follow the naming D<version>__<name>.sql", "rename it");
            }
            String version = Versions.normalize(m.group(1));
            if (!versions.contains(version)) {
                throw refused(
                        folder,
                        name,
                        "is for version " + m.group(1) + ", which no migration has",
                        "rename it after the version it is to be loaded after, or delete it");
            }
            byVersion.computeIfAbsent(version, v -> new ArrayList<>()).add(file);
        }
        return new SampleData(byVersion);
    }

    private static List<Path> files(Path folder) {
        try (Stream<Path> entries = Files.list(folder)) {
            return entries.filter(f -> {
                        String name = f.getFileName().toString();
                        return name.startsWith("D") && name.endsWith(".sql");
                    })
                    .sorted()
                    .toList();
        } catch (IOException e) {
            throw new MigrateException(
                    ErrorCode.CONFIGURATION,
                    "could not read the sample data folder " + folder + ": " + e.getMessage()
                            + "; nothing was done (make it readable, or give another with "
                            + MigrateProperty.SAMPLE_DATA.property() + ")",
                    e);
        }
    }

    private static MigrateException refused(Path folder, String name, String problem, String fix) {
        return new MigrateException(
                ErrorCode.CONFIGURATION,
                "sample data file " + name + " in " + folder + " " + problem + "; nothing was rehearsed (" + fix + ")");
    }

    /** The sample data files of {@code migration}, in load order. */
    public List<Path> of(MigrationFile migration) {
        return byVersion.getOrDefault(migration.version(), List.of());
    }

    /**
     * Loads the sample data of {@code migration} into database {@code name}, each file in one transaction with the
     * managed schemas as search path.
     *
     * @return the file that failed and its error ({@code D2__users.sql: ERROR: ...}), rolled back; empty when every
     *     file loaded
     */
    public Optional<String> load(ScratchServer scratch, String name, MigrationFile migration, List<String> schemas) {
        for (Path file : of(migration)) {
            try (Connection c = scratch.connect(name)) {
                c.setAutoCommit(false);
                try (Statement s = c.createStatement()) {
                    s.execute("select set_config('search_path', '" + searchPath(schemas) + "', true)");
                    s.execute(Files.readString(file));
                    c.commit();
                } catch (SQLException | IOException e) {
                    c.rollback();
                    return Optional.of(file.getFileName() + ": "
                            + e.getMessage().strip() + " (rolled back; the" + " migrations after it ran without it)");
                }
            } catch (SQLException e) {
                return Optional.of(file.getFileName() + ": " + e.getMessage().strip());
            }
        }
        return Optional.empty();
    }

    private static String searchPath(List<String> schemas) {
        return String.join(
                ", ",
                schemas.stream()
                        .map(s -> "\"" + s.replace("\"", "\"\"").replace("'", "''") + "\"")
                        .toList());
    }

    /** How many files there are, for the log. */
    public int size() {
        return byVersion.values().stream().mapToInt(List::size).sum();
    }
}
