package dev.dbmigrate.backup;

import java.nio.file.Path;
import java.time.Instant;

/**
 * One backup in an environment's backup directory: a pg_dump archive named
 * {@code <env>-<yyyyMMdd-HHmmss>-v<version>.dump} (custom format; {@code v0} when no migration was applied) or a folder of the same name without {@code .dump}
 * (directory format), with its checksum beside it in {@code <name>.sha256}.
 *
 * @param path          the archive file or folder
 * @param environment   the environment it was taken of, such as {@code staging}
 * @param created       when it was taken (the timestamp in its name, UTC, to the second)
 * @param schemaVersion the schema version in the dumped snapshot, or {@code null} when no migration was applied
 *                      (named {@code v0})
 * @param format        its format's {@link dev.dbmigrate.config.BackupFormat#id}: {@code custom} or {@code directory}
 * @param sizeBytes     the archive's size in bytes (for a folder, the sum of its files)
 * @param sha256        the SHA-256 recorded in {@code <name>.sha256} (lowercase hex), or {@code null} when that file is
 *                      missing or unreadable
 */
public record BackupFile(
        Path path,
        String environment,
        Instant created,
        String schemaVersion,
        String format,
        long sizeBytes,
        String sha256) {

    /** The archive's file or folder name, such as {@code prod-20261124-101500-v7.dump}. */
    public String name() {
        return path.getFileName().toString();
    }

    /** The checksum file beside the archive. */
    public Path checksumFile() {
        return path.resolveSibling(name() + ".sha256");
    }
}
