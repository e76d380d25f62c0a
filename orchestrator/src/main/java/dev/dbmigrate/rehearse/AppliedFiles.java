package dev.dbmigrate.rehearse;

import dev.dbmigrate.engine.MigrationFiles;
import dev.dbmigrate.engine.MigrationFiles.MigrationFile;
import dev.dbmigrate.error.ErrorCode;
import dev.dbmigrate.error.MigrateException;
import dev.dbmigrate.history.Checksum;
import dev.dbmigrate.history.HistoryState;
import dev.dbmigrate.history.MigrationInfo;
import dev.dbmigrate.history.MigrationType;
import dev.dbmigrate.history.Versions;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.stream.Stream;

/**
 * The migration files an environment's history records as applied, and nothing else: the versioned files of its
 * successful rows (and every file at or below its baseline), the repeatable files it last applied. Where the history and
 * the files disagree (a file gone, a file edited after it was applied, a failed row) each disagreement is a finding:
 * that is drift too. {@link #copyTo} puts the files in a folder of their own, so that exactly they are built.
 *
 * @param files    the files to build, each with the path Flyway records for it ({@code script})
 * @param findings each disagreement, one line each, naming the file, the environment and the fix
 */
record AppliedFiles(List<MigrationFile> files, List<String> findings) {

    /** The files of {@code history} found in {@code scanned}, for the environment {@code env}. */
    static AppliedFiles of(List<MigrationInfo> history, MigrationFiles scanned, String env) {
        Map<String, MigrationFile> files = new LinkedHashMap<>();
        List<String> findings = new ArrayList<>();
        Map<String, MigrationInfo> lastRepeatable = new LinkedHashMap<>();
        for (MigrationInfo row : history) {
            if (!row.applied()) {
                continue;
            }
            if (row.is(MigrationType.BASELINE)) {
                scanned.versioned().stream()
                        .filter(f -> Versions.compare(f.version(), Versions.normalize(row.version())) <= 0)
                        .forEach(f -> files.putIfAbsent(f.script(), f));
            } else if (row.is(HistoryState.FAILED) || row.is(HistoryState.MISSING_FAILED)) {
                findings.add(row.script() + " is recorded as failed on " + env + ": it may be partly applied, so its"
                        + " changes are not what any file builds (undo what it did by hand, then run migrate:repair"
                        + " and migrate:upgrade on " + env + ")");
            } else if (row.is(MigrationType.SQL) && row.versioned()) {
                versioned(row, scanned, env, findings).ifPresent(f -> files.putIfAbsent(f.script(), f));
            } else if (row.is(MigrationType.SQL)) {
                lastRepeatable.put(row.description(), row);
            }
        }
        for (MigrationInfo row : lastRepeatable.values()) {
            repeatable(row, scanned, env, findings).ifPresent(f -> files.putIfAbsent(f.script(), f));
        }
        List<MigrationFile> ordered = new ArrayList<>(files.values());
        ordered.sort(Comparator.comparing(MigrationFile::script));
        return new AppliedFiles(ordered, findings);
    }

    private static Optional<MigrationFile> versioned(
            MigrationInfo row, MigrationFiles scanned, String env, List<String> findings) {
        Optional<MigrationFile> file = scanned.versionedFor(row.version());
        if (file.isEmpty()) {
            findings.add(row.script() + " (version " + row.version() + ") is applied on " + env + " but is not in the"
                    + " migration locations: what it built cannot be built again, so it is left out of the comparison"
                    + " (restore the file from version control)");
            return Optional.empty();
        }
        changed(row, file.get(), env, findings);
        return file;
    }

    private static Optional<MigrationFile> repeatable(
            MigrationInfo row, MigrationFiles scanned, String env, List<String> findings) {
        Optional<MigrationFile> file = scanned.repeatable().stream()
                .filter(f -> f.description().equals(row.description()))
                .findFirst();
        if (file.isEmpty()) {
            findings.add(row.script() + " (repeatable) is applied on " + env + " but is not in the migration"
                    + " locations, so it is left out of the comparison (restore the file from version control)");
            return Optional.empty();
        }
        changed(row, file.get(), env, findings);
        return file;
    }

    /** A file whose checksum is not the one recorded when it was applied: what it builds now is not what ran. */
    private static void changed(MigrationInfo row, MigrationFile file, String env, List<String> findings) {
        int now = Checksum.ofText(MigrationFiles.read(file.path()));
        if (row.checksum() != null && row.checksum() != now) {
            findings.add(file.script() + " was changed after it was applied on " + env + " (checksum "
                    + row.checksum() + " recorded, " + now + " now): the comparison builds the file as it is now"
                    + " (restore the file as it was applied; a change belongs in a new migration)");
        }
    }

    /** Copies the files into {@code folder} (created), each at its recorded path. */
    void copyTo(Path folder) {
        try {
            Files.createDirectories(folder);
            for (MigrationFile file : files) {
                Path copy = folder.resolve(file.script());
                Files.createDirectories(copy.getParent());
                Files.copy(file.path(), copy);
            }
        } catch (IOException e) {
            throw new MigrateException(
                    ErrorCode.ENVIRONMENT,
                    "could not copy the applied migration files into " + folder + ": " + e.getMessage()
                            + "; nothing was changed (make the build folder writable)",
                    e);
        }
    }

    /**
     * Deletes a folder {@link #copyTo} made, and its parent when that is left empty; a leftover costs only disk, under
     * the build folder.
     */
    static void delete(Path folder) {
        if (!Files.exists(folder)) {
            return;
        }
        try (Stream<Path> paths = Files.walk(folder)) {
            paths.sorted(Comparator.reverseOrder())
                    .forEach(path -> path.toFile().delete());
            Files.deleteIfExists(folder.getParent());
        } catch (IOException e) {
            // left under target/ (the parent also while another check uses it), removed by mvn clean
        }
    }
}
