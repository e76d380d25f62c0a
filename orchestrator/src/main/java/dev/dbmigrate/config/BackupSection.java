package dev.dbmigrate.config;

import static dev.dbmigrate.config.ProfileProblems.quoted;
import static dev.dbmigrate.config.ProfileProblems.shown;

import java.util.Map;

/** Reads a profile's {@code backup} section: each key checked on its own, then the keys against each other. */
final class BackupSection {
    private final String env;
    private final ProfileValues values;
    private final ProfileProblems problems;

    BackupSection(String env, ProfileValues values, ProfileProblems problems) {
        this.env = env;
        this.values = values;
        this.problems = problems;
    }

    /** The section, its left-out keys at their defaults; {@code null} when the profile has none. */
    EnvironmentProfile.Backup read(Object value) {
        Map<String, Object> backup = values.section(value, "backup", "format: custom");
        if (backup == null) {
            return null;
        }
        ProfileKeys.check(backup, "backup", ProfileKeys.BACKUP, problems);
        String directory = problems.attempt(() -> directory(backup), null);
        String format = problems.attempt(() -> format(backup), null);
        String effectiveFormat = format == null ? EnvironmentProfile.Backup.DEFAULT_FORMAT : format;
        int jobs = problems.attempt(
                () -> values.positiveInt(
                        backup.get("jobs"),
                        "backup.jobs",
                        effectiveFormat.equals(BackupFormat.DIRECTORY.id())
                                ? EnvironmentProfile.Backup.DEFAULT_JOBS
                                : 1,
                        "use an integer such as 2"),
                1);
        int keep = problems.attempt(
                () -> values.positiveInt(
                        backup.get("keep"),
                        "backup.keep",
                        EnvironmentProfile.Backup.DEFAULT_KEEP,
                        "use an integer such as 10"),
                1);
        int compression = problems.attempt(
                () -> compression(backup.get("compression")), EnvironmentProfile.Backup.DEFAULT_COMPRESSION);
        if (jobs > 1 && !effectiveFormat.equals(BackupFormat.DIRECTORY.id())) {
            throw problems.fail("backup.jobs = " + shown("backup.jobs", backup.get("jobs"))
                    + " needs backup.format: directory, but the format is " + effectiveFormat
                    + " (pg_dump runs parallel jobs only in the directory format; set format: directory "
                    + "or remove jobs)");
        }
        return new EnvironmentProfile.Backup(
                directory == null ? "backups/" + env : directory.strip(), effectiveFormat, jobs, keep, compression);
    }

    private String directory(Map<String, Object> backup) {
        String directory = values.text(backup, "backup.directory");
        if (directory != null && directory.isBlank()) {
            throw problems.fail(
                    "backup.directory is empty (use a folder relative to the project, such as backups/" + env + ")");
        }
        return directory;
    }

    private String format(Map<String, Object> backup) {
        String format = values.text(backup, "backup.format");
        if (format != null && BackupFormat.find(format).isEmpty()) {
            throw problems.fail("backup.format = " + quoted(format) + " is not a backup format (use "
                    + BackupFormat.choices() + ")");
        }
        return format;
    }

    /** pg_dump's gzip level: 0 to 9, default {@link EnvironmentProfile.Backup#DEFAULT_COMPRESSION}. */
    private int compression(Object value) {
        String fix = "use a gzip level from 0 (no compression) to 9 (smallest, slowest); the default, "
                + EnvironmentProfile.Backup.DEFAULT_COMPRESSION + ", is the fastest that compresses";
        Long level = values.integer(value, "backup.compression", 0, fix);
        if (level == null) {
            return EnvironmentProfile.Backup.DEFAULT_COMPRESSION;
        }
        if (level > EnvironmentProfile.Backup.MAX_COMPRESSION) {
            throw problems.fail("backup.compression = " + shown("backup.compression", value) + " is above "
                    + EnvironmentProfile.Backup.MAX_COMPRESSION + " (" + fix + ")");
        }
        return level.intValue();
    }
}
