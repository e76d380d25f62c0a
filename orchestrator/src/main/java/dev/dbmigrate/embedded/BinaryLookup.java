package dev.dbmigrate.embedded;

import dev.dbmigrate.config.EmbeddedVersion;
import dev.dbmigrate.config.MigrateProperty;
import dev.dbmigrate.error.ErrorCode;
import dev.dbmigrate.error.MigrateException;
import java.io.IOException;
import java.net.URL;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Consumer;

/**
 * One search for server binaries, in the order {@link PostgresBinaries} documents, over the sources it is given (the
 * real ones by {@link #forThisMachine}; tests give others).
 */
final class BinaryLookup {
    private final Map<String, String> environment;
    private final ClassLoader classPath;
    private final String osName;
    private final String osArch;
    private final BundleResolver resolver;
    private final Path localRepository;
    private final MachinePostgres machine;

    /**
     * @param environment     the environment variables ({@link PostgresBinaries#FOLDER_ENV})
     * @param classPath       where a bundle on the class path is looked for
     * @param osName          the JVM's {@code os.name}
     * @param osArch          the JVM's {@code os.arch}
     * @param resolver        the front end's resolver, or null (the CLI: the local Maven repository is looked into)
     * @param localRepository the local Maven repository
     * @param machine         the machine's installations (used only when no version is asked for)
     */
    BinaryLookup(
            Map<String, String> environment,
            ClassLoader classPath,
            String osName,
            String osArch,
            BundleResolver resolver,
            Path localRepository,
            MachinePostgres machine) {
        this.environment = environment;
        this.classPath = classPath;
        this.osName = osName;
        this.osArch = osArch;
        this.resolver = resolver;
        this.localRepository = localRepository;
        this.machine = machine;
    }

    static BinaryLookup forThisMachine(BundleResolver resolver) {
        String repository = System.getProperty("maven.repo.local");
        Path localRepository = repository != null && !repository.isBlank()
                ? Path.of(repository)
                : Path.of(System.getProperty("user.home"), ".m2", "repository");
        return new BinaryLookup(
                System.getenv(),
                PostgresBinaries.class.getClassLoader(),
                System.getProperty("os.name", ""),
                System.getProperty("os.arch", ""),
                resolver,
                localRepository,
                MachinePostgres.of(System.getenv()));
    }

    /** Locates binaries of {@code version} (null: the default bundle, else the machine's PostgreSQL). */
    PostgresBinaries locate(Path cacheRoot, EmbeddedVersion version, Consumer<String> log) {
        Optional<PostgresBinaries> configured = configuredFolder();
        if (configured.isPresent()) {
            return configured.get();
        }
        List<String> tried = new ArrayList<>();
        Optional<Platform> platform = Platform.of(osName, osArch);
        if (platform.isPresent()) {
            Optional<String> bundleVersion = BundleVersions.of(version, platform.get());
            if (bundleVersion.isPresent()) {
                PostgresBundle bundle = new PostgresBundle(platform.get(), bundleVersion.get());
                Optional<PostgresBinaries> found = bundle(bundle, version != null, cacheRoot, tried, log);
                if (found.isPresent()) {
                    return found.get();
                }
            } else {
                tried.add("no bundle of PostgreSQL " + version.major() + " is published for "
                        + platform.get().label());
            }
        } else {
            tried.add(Platform.unsupported(osName, osArch));
        }
        if (version != null) {
            throw notFound(version, platform, tried);
        }
        Optional<PostgresBinaries> installed = machine.find();
        if (installed.isPresent()) {
            tried.forEach(reason -> log.accept(reason + ": the embedded server uses the machine's PostgreSQL ("
                    + installed.get().binDir() + ")"));
            return installed.get();
        }
        throw notFound(platform, tried);
    }

    /**
     * The binaries of {@code bundle}: on the class path (only its own jar when {@code exact}), unpacked in the cache,
     * or from its jar; {@code tried} is told why not. Binaries from the bundle's own jar know their major version.
     */
    private Optional<PostgresBinaries> bundle(
            PostgresBundle bundle, boolean exact, Path cacheRoot, List<String> tried, Consumer<String> log) {
        Optional<URL> onClassPath = onClassPath(bundle, exact);
        if (onClassPath.isPresent()) {
            PostgresBinaries unpacked = BundleCache.unpack(onClassPath.get(), cacheRoot, log);
            return Optional.of(inOwnJar(onClassPath.get(), bundle) ? unpacked.ofMajor(bundle.major()) : unpacked);
        }
        return BundleCache.unpacked(cacheRoot, bundle.jarName())
                .or(() -> jar(bundle, cacheRoot, tried)
                        .map(jar -> BundleCache.unpack(bundle.archiveIn(jar), cacheRoot, log)))
                .map(binaries -> binaries.ofMajor(bundle.major()));
    }

    private static boolean inOwnJar(URL archive, PostgresBundle bundle) {
        return archive.toString().contains("/" + bundle.jarName() + "!/");
    }

    /**
     * The platform's archive on the class path: the one in {@code bundle}'s own jar, else (unless {@code exact}) the
     * first one found, whatever jar carries it.
     */
    private Optional<URL> onClassPath(PostgresBundle bundle, boolean exact) {
        try {
            List<URL> found =
                    Collections.list(classPath.getResources(bundle.platform().archiveName()));
            return found.stream()
                    .filter(url -> inOwnJar(url, bundle))
                    .findFirst()
                    .or(() -> exact ? Optional.empty() : found.stream().findFirst());
        } catch (IOException e) {
            return Optional.empty();
        }
    }

    /** The folder {@link PostgresBinaries#FOLDER_ENV} names, when set; it must hold the server's programs. */
    private Optional<PostgresBinaries> configuredFolder() {
        String configured = environment.get(PostgresBinaries.FOLDER_ENV);
        if (configured == null || configured.isBlank()) {
            return Optional.empty();
        }
        Path folder = Path.of(configured).toAbsolutePath().normalize();
        List<String> missing = PostgresBinaries.missingTools(folder);
        if (!missing.isEmpty()) {
            throw new MigrateException(
                    ErrorCode.CONFIGURATION,
                    PostgresBinaries.FOLDER_ENV + " = '" + configured
                            + "' holds no " + String.join(", ", missing)
                            + (Files.isDirectory(folder) ? "" : " (no such folder)")
                            + "; the embedded server was not started (point it at the bin folder of a PostgreSQL installation,"
                            + " one holding initdb, pg_ctl and postgres, or unset it)");
        }
        return Optional.of(new PostgresBinaries(folder, "binaries of " + PostgresBinaries.FOLDER_ENV + " " + folder));
    }

    /**
     * The bundle's jar: from the front end's resolver, else from the local Maven repository; {@code tried} is told
     * why not.
     */
    private Optional<Path> jar(PostgresBundle bundle, Path cacheRoot, List<String> tried) {
        if (resolver != null) {
            try {
                return Optional.of(resolver.resolve(bundle));
            } catch (MigrateException e) {
                tried.add(e.getMessage());
                return Optional.empty();
            }
        }
        Path inRepository = bundle.inRepository(localRepository);
        if (Files.isRegularFile(inRepository)) {
            return Optional.of(inRepository);
        }
        tried.add("the bundle " + bundle.coordinates() + " is neither unpacked in " + cacheRoot
                + " nor in the local Maven repository " + localRepository);
        return Optional.empty();
    }

    /** No bundle of the version asked for: what was tried, and the fix. */
    private MigrateException notFound(EmbeddedVersion version, Optional<Platform> platform, List<String> tried) {
        String fetch = platform.isPresent() && resolver == null
                ? BundleVersions.of(version, platform.get())
                        .map(v -> " fetch the bundle once with 'mvn dependency:get -Dartifact="
                                + new PostgresBundle(platform.get(), v).coordinates() + "';")
                        .orElse("")
                : "";
        return new MigrateException(
                ErrorCode.CONFIGURATION,
                "no PostgreSQL " + version + " binaries for the embedded database (-D"
                        + MigrateProperty.EMBEDDED_VERSION.property() + "=" + version + "): "
                        + String.join("; ", tried) + "; nothing was started ("
                        + EmbeddedVersion.fix("pick a version that exists for this platform") + ";" + fetch
                        + " or leave it unset for the default " + PostgresBundle.VERSION + ", set "
                        + PostgresBinaries.FOLDER_ENV + " to the bin folder of a PostgreSQL installation,"
                        + " or configure a database with -Dmigrate.url)");
    }

    private MigrateException notFound(Optional<Platform> platform, List<String> tried) {
        String fetch = platform.isPresent() && resolver == null
                ? " fetch the bundle once with 'mvn dependency:get -Dartifact="
                        + PostgresBundle.of(platform.get()).coordinates() + "' (or run any migrate goal through Maven);"
                : "";
        return new MigrateException(
                ErrorCode.ENVIRONMENT,
                "no PostgreSQL server binaries for the embedded database: "
                        + String.join("; ", tried) + "; " + PostgresBinaries.FOLDER_ENV
                        + " is not set; and no PostgreSQL is"
                        + " installed (looked in " + machine.places() + ") (set " + PostgresBinaries.FOLDER_ENV
                        + " to a"
                        + " folder holding initdb, pg_ctl and postgres; install PostgreSQL, for example 'apt-get install"
                        + " postgresql';" + fetch + " or configure a database with -Dmigrate.url)");
    }
}
