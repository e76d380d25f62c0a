package dev.dbmigrate.embedded;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.dbmigrate.config.EmbeddedVersion;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Optional;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;

/** The pinned bundles: every supported major, each pin of its own major, and the tests run the Linux x86-64 ones. */
class BundleVersionsTest {
    @Test
    void everySupportedMajorIsPinnedAndEveryPinIsOfItsOwnMajor() {
        assertEquals(
                IntStream.rangeClosed(EmbeddedVersion.OLDEST, EmbeddedVersion.NEWEST)
                        .boxed()
                        .toList(),
                BundleVersions.majors());
        for (int major : BundleVersions.majors()) {
            for (Platform platform : Platform.values()) {
                int expected = major;
                BundleVersions.newest(major, platform)
                        .ifPresent(v -> assertEquals(
                                expected, new PostgresBundle(platform, v).major(), v + " for " + platform));
            }
        }
        assertEquals(Optional.empty(), BundleVersions.newest(13, Platform.LINUX_ARM64), "no arm64 bundle of 13");
    }

    @Test
    void theDefaultIsTheBuildsBundleAndTheBuildsMajorAskedForByNumberIsTheSame() {
        assertEquals(Optional.of(PostgresBundle.VERSION), BundleVersions.of(null, Platform.DARWIN_ARM64));
        for (Platform platform : Platform.values()) {
            assertEquals(
                    Optional.of(PostgresBundle.VERSION),
                    BundleVersions.of(EmbeddedVersion.parse(Integer.toString(PostgresBundle.DEFAULT_MAJOR)), platform));
        }
        assertEquals(Optional.of("16.10.0"), BundleVersions.of(EmbeddedVersion.parse("16.10.0"), Platform.LINUX_AMD64));
    }

    /** The orchestrator's pom copies the bundles the tests run (TestPostgres.ofMajor): the pinned Linux x86-64 ones. */
    @Test
    void theTestsHaveTheLinuxBundleOfEveryPinnedMajor() {
        for (int major : BundleVersions.majors()) {
            String version = BundleVersions.newest(major, Platform.LINUX_AMD64).orElseThrow();
            Path jar = Path.of("target", "postgres-bundles")
                    .resolve(new PostgresBundle(Platform.LINUX_AMD64, version).jarName());
            assertTrue(Files.isRegularFile(jar), jar + " (the orchestrator's pom copies the pinned bundles)");
        }
    }
}
