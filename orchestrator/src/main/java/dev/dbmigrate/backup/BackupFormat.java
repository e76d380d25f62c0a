package dev.dbmigrate.backup;

import dev.dbmigrate.error.ErrorCode;
import dev.dbmigrate.error.MigrateException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;

/**
 * The archive formats a backup is written in ({@code backup.format}), and everything that differs between them: the
 * name in the profile, the end of a backup's file name, whether the archive is a file or a folder, and the pg_dump
 * options. A new format is a new constant here: {@link BackupName} recognises its file names, {@link Backups} accepts
 * its name and pg_restore reads it as it reads the others (it recognises the format of an archive by itself).
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

    /**
     * The format named {@code id} in the profile's {@code backup.format}.
     *
     * @throws MigrateException when no format has that name; nothing was changed
     */
    public static BackupFormat named(String id) {
        return Arrays.stream(values())
                .filter(f -> f.id().equals(id))
                .findFirst()
                .orElseThrow(() -> new MigrateException(
                        ErrorCode.CONFIGURATION,
                        "backup.format = '" + id + "' is not a backup format (use " + choices() + ")"));
    }

    /** The format whose backups' names end in {@code suffix} (the empty string for none). */
    static BackupFormat ofSuffix(String suffix) {
        return Arrays.stream(values())
                .filter(f -> f.suffix.equals(suffix))
                .findFirst()
                .orElseThrow();
    }

    /** What ends a backup's file name in this format, such as {@code .dump}; empty for none. */
    String suffix() {
        return suffix;
    }

    /** The suffixes of all formats that have one. */
    static List<String> suffixes() {
        return Arrays.stream(values())
                .map(BackupFormat::suffix)
                .filter(s -> !s.isEmpty())
                .toList();
    }

    /** Whether {@code entry} is an archive of this format (a file, or a folder). */
    boolean holds(Path entry) {
        return folder ? Files.isDirectory(entry) : Files.isRegularFile(entry);
    }

    /** pg_dump's options for this format, before the snapshot, file and connection options. */
    List<String> dumpOptions(int jobs, int compression) {
        List<String> options = new ArrayList<>(List.of("--format=" + id()));
        if (folder && jobs > 1) {
            options.add("--jobs=" + jobs);
        }
        options.add("--compress=" + compression);
        return options;
    }

    /** Whether a backup in this format is a folder, written with parallel jobs (else one file). */
    boolean folder() {
        return folder;
    }

    /** The formats' names as a fix names them: "custom or directory". */
    private static String choices() {
        List<String> ids = Arrays.stream(values()).map(BackupFormat::id).toList();
        return ids.size() == 1
                ? ids.get(0)
                : String.join(", ", ids.subList(0, ids.size() - 1)) + " or " + ids.get(ids.size() - 1);
    }
}
