package dev.dbmigrate.backup;

import dev.dbmigrate.config.BackupFormat;
import dev.dbmigrate.error.ErrorCode;
import dev.dbmigrate.error.MigrateException;
import dev.dbmigrate.events.MigrateListener;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.stream.Stream;

/**
 * The backups of one environment as they are on disk: listing them, finding one by name or path, and deleting the
 * oldest beyond {@code keep}. Anything in the folder that is not a complete backup's archive (a hidden temporary file,
 * a checksum, another environment's backup) is not listed.
 *
 * @param folder        the environment's backup folder
 * @param projectDir    the folder a backup's path is relative to
 * @param keep          how many backups are kept
 * @param backupCommand the command that backs this environment up, for the fix when there is no backup
 */
record BackupCatalogue(BackupFolder folder, Path projectDir, int keep, String backupCommand) {

    /** This environment's backups in the backup directory, oldest first; empty when there are none. */
    List<BackupFile> list() {
        Path directory = folder.directory();
        if (!Files.isDirectory(directory)) {
            return List.of();
        }
        List<BackupFile> backups = new ArrayList<>();
        try (Stream<Path> entries = Files.list(directory)) {
            for (Path entry : entries.toList()) {
                BackupFile backup = describe(entry, folder.env());
                if (backup != null) {
                    backups.add(backup);
                }
            }
        } catch (IOException e) {
            throw new MigrateException(
                    ErrorCode.ENVIRONMENT,
                    "cannot list backups in " + directory + ": " + e.getMessage()
                            + " (check the directory's permissions)",
                    e);
        }
        backups.sort(Comparator.comparing(BackupFile::created).thenComparing(BackupFile::name));
        return backups;
    }

    /** The newest backup of this environment. */
    BackupFile latest() {
        List<BackupFile> all = list();
        if (all.isEmpty()) {
            throw new MigrateException(
                    ErrorCode.REFUSED,
                    "there is no backup of " + folder.env() + " in " + folder.directory()
                            + "; nothing was changed (run " + backupCommand + " first)");
        }
        return all.get(all.size() - 1);
    }

    /**
     * A backup by its name (with or without its format's suffix, such as {@code .dump}) in this environment's
     * directory, or by its path (absolute, or relative to the project).
     */
    BackupFile find(String nameOrPath) {
        Path path = projectDir.resolve(nameOrPath).toAbsolutePath().normalize();
        for (BackupFile backup : list()) {
            if (backup.name().equals(nameOrPath)
                    || backup.path().equals(path)
                    || BackupFormat.suffixes().stream()
                            .anyMatch(s -> backup.name().equals(nameOrPath + s))) {
                return backup;
            }
        }
        if (Files.exists(path)) {
            BackupFile backup = describe(path, null);
            if (backup != null) {
                return backup;
            }
        }
        List<String> names = list().stream().map(BackupFile::name).toList();
        throw new MigrateException(
                ErrorCode.CONFIGURATION,
                "no backup '" + nameOrPath + "' in " + folder.directory()
                        + " ("
                        + (names.isEmpty()
                                ? "there are no backups of " + folder.env() + " there; run " + backupCommand + " first"
                                : "the backups there are " + String.join(", ", names))
                        + "); nothing was changed");
    }

    /** Deletes the oldest backups beyond {@code keep}, never {@code spare} (the backup a restore is about to read). */
    void prune(MigrateListener listener, BackupFile spare) {
        List<BackupFile> all = new ArrayList<>(list());
        if (spare != null) {
            all.removeIf(b -> b.path().equals(spare.path()));
        }
        for (int i = 0; i < all.size() - keep; i++) {
            BackupFile old = all.get(i);
            try {
                BackupFolder.deleteRecursively(old.path());
                Files.deleteIfExists(old.checksumFile());
                listener.info("Deleted old backup " + old.name() + " (keeping the newest " + keep + ")");
            } catch (IOException e) {
                listener.warn("Could not delete old backup " + old.path() + ": " + e.getMessage()
                        + " (delete it by hand; the new backup is complete)");
            }
        }
    }

    /**
     * Reads one entry of the directory as a backup, or {@code null} when it is not one (temporary files, checksums).
     *
     * @param env the environment it must be a backup of, or {@code null} for any
     */
    private static BackupFile describe(Path entry, String env) {
        String fileName = entry.getFileName().toString();
        if (fileName.startsWith(".") || fileName.endsWith(".sha256")) {
            return null;
        }
        BackupName name = BackupName.parse(fileName, env);
        if (name == null || !holds(name.format(), entry)) {
            return null;
        }
        try {
            return new BackupFile(
                    entry,
                    name.environment(),
                    name.created(),
                    name.schemaVersion(),
                    name.format().id(),
                    BackupFolder.size(entry),
                    BackupChecksum.recorded(entry.resolveSibling(fileName + ".sha256")));
        } catch (IOException e) {
            return null;
        }
    }

    /** Whether {@code entry} is an archive of {@code format}: a folder, or a file. */
    private static boolean holds(BackupFormat format, Path entry) {
        return format.folder() ? Files.isDirectory(entry) : Files.isRegularFile(entry);
    }
}
