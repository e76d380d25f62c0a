package dev.dbmigrate.config;

import dev.dbmigrate.error.ErrorCode;
import dev.dbmigrate.error.MigrateException;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.Optional;

/**
 * The archive formats a backup is written in ({@code backup.format}), and everything that differs between them: the
 * name in the profile and in pg_dump's {@code --format}, the end of a backup's file name, and whether the archive is a
 * file or a folder. The one list of formats: the profile's {@code backup} section accepts exactly these names, and the
 * backup code names, lists, finds and dumps backups from these constants. A new format is a new constant here.
 */
public enum BackupFormat {
    /** {@code custom}: one file per backup, named {@code <name>.dump}. */
    CUSTOM(".dump", false),
    /** {@code directory}: a folder per backup, written with parallel jobs. */
    DIRECTORY("", true);

    private final String suffix;
    private final boolean folder;

    BackupFormat(String suffix, boolean folder) {
        this.suffix = suffix;
        this.folder = folder;
    }

    /** The name in the profile and in pg_dump's {@code --format}, such as {@code custom}. */
    public String id() {
        return name().toLowerCase(Locale.ROOT);
    }

    /** What ends a backup's file name in this format, such as {@code .dump}; empty for none. */
    public String suffix() {
        return suffix;
    }

    /** Whether a backup in this format is a folder, written with parallel jobs (else one file). */
    public boolean folder() {
        return folder;
    }

    /** The format named {@code id} in the profile's {@code backup.format}, if there is one. */
    public static Optional<BackupFormat> find(String id) {
        return Arrays.stream(values()).filter(f -> f.id().equals(id)).findFirst();
    }

    /**
     * The format named {@code id} in the profile's {@code backup.format}.
     *
     * @throws MigrateException when no format has that name; nothing was changed
     */
    public static BackupFormat named(String id) {
        return find(id).orElseThrow(() -> new MigrateException(
                ErrorCode.CONFIGURATION,
                "backup.format = '" + id + "' is not a backup format (use " + choices() + ")"));
    }

    /** The format whose backups' names end in {@code suffix} (the empty string for none). */
    public static BackupFormat ofSuffix(String suffix) {
        return Arrays.stream(values())
                .filter(f -> f.suffix.equals(suffix))
                .findFirst()
                .orElseThrow();
    }

    /** The suffixes of all formats that have one. */
    public static List<String> suffixes() {
        return Arrays.stream(values())
                .map(BackupFormat::suffix)
                .filter(s -> !s.isEmpty())
                .toList();
    }

    /** The formats' names as a fix names them: "custom or directory". */
    public static String choices() {
        List<String> ids = Arrays.stream(values()).map(BackupFormat::id).toList();
        return ids.size() == 1
                ? ids.get(0)
                : String.join(", ", ids.subList(0, ids.size() - 1)) + " or " + ids.get(ids.size() - 1);
    }
}
