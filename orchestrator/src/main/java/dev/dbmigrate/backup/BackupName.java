package dev.dbmigrate.backup;

import dev.dbmigrate.config.BackupFormat;
import java.time.Instant;
import java.time.LocalDateTime;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.Locale;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;

/**
 * The file name of a backup, {@code <env>-<yyyyMMdd-HHmmss>-v<version><suffix>}: the environment, when it was taken
 * (UTC, to the second), the schema version in the dumped snapshot ({@code v0} when no migration was applied) and the
 * format's suffix ({@link BackupFormat#suffix}: {@code .dump} for a custom archive, none for a folder).
 *
 * @param environment   the environment it was taken of
 * @param created       when it was taken
 * @param schemaVersion the schema version, or {@code null} when no migration was applied
 * @param format        the archive's format, as its name tells
 */
record BackupName(String environment, Instant created, String schemaVersion, BackupFormat format) {
    /** The version in the name of a backup of a database with no migration applied. */
    static final String NO_VERSION = "0";

    private static final DateTimeFormatter STAMP = DateTimeFormatter.ofPattern("yyyyMMdd-HHmmss", Locale.ROOT);

    /** The name of a backup of {@code env} taken at {@code created} of a database at {@code schemaVersion}. */
    static String of(String env, Instant created, String schemaVersion, BackupFormat format) {
        return env + "-" + stamp(created) + "-v"
                + (schemaVersion == null ? NO_VERSION : schemaVersion.replaceAll("[^A-Za-z0-9._]", "_"))
                + format.suffix();
    }

    /** The hidden name pg_dump writes under until the version that names the backup is known. */
    static String partial(String env, Instant created) {
        return "." + env + "-" + stamp(created) + "-" + ProcessHandle.current().pid() + ".partial";
    }

    /**
     * Reads a file name as a backup's.
     *
     * @param env the environment the name must start with, or {@code null} for any
     * @return the parts, or {@code null} when it is not a backup's name
     */
    static BackupName parse(String fileName, String env) {
        String suffixes = BackupFormat.suffixes().stream().map(Pattern::quote).collect(Collectors.joining("|"));
        Pattern pattern = Pattern.compile("^(?<env>" + (env == null ? ".+" : Pattern.quote(env))
                + ")-(?<stamp>\\d{8}-\\d{6})-v(?<version>.+?)(?<suffix>" + suffixes + ")?$");
        Matcher m = pattern.matcher(fileName);
        if (!m.matches()) {
            return null;
        }
        String version = m.group("version");
        String suffix = m.group("suffix");
        return new BackupName(
                m.group("env"),
                LocalDateTime.parse(m.group("stamp"), STAMP).toInstant(ZoneOffset.UTC),
                version.equals("none") || version.equals(NO_VERSION) ? null : version,
                BackupFormat.ofSuffix(suffix == null ? "" : suffix));
    }

    private static String stamp(Instant created) {
        return STAMP.format(LocalDateTime.ofInstant(created, ZoneOffset.UTC));
    }
}
