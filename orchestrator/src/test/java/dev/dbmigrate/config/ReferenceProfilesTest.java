package dev.dbmigrate.config;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** The reference profiles in the repository's environments/ folder load and mean what their comments say. */
class ReferenceProfilesTest {
    private static final Path REPOSITORY = Path.of("..").toAbsolutePath().normalize();

    @Test
    void devProfileIsUnprotectedAndFallsBackToNoUrl() {
        EnvironmentProfile dev = ProfileLoader.load(REPOSITORY, "dev", Map.of());
        assertFalse(dev.protectedEnv());
        assertTrue(dev.url() == null || dev.url().isEmpty());
        assertEquals("5s", dev.lockTimeout());
    }

    @Test
    void stagingAndProdAreProtectedAndChainedWithEveryKey() {
        EnvironmentProfile staging = ProfileLoader.load(REPOSITORY, "staging", Map.of("STAGING_DB_PASSWORD", "x"));
        EnvironmentProfile prod = ProfileLoader.load(REPOSITORY, "prod", Map.of());
        assertTrue(staging.protectedEnv());
        assertTrue(prod.protectedEnv());
        assertEquals("prod", staging.promotesTo());
        assertEquals("directory", prod.backup().format());
        assertEquals(2, prod.backup().jobs());
        assertEquals(1, prod.backup().compression());
        assertEquals("undo", prod.rollback().strategy());
        assertEquals("restore", prod.rollback().fallback());
        assertEquals(0L, prod.verify().get(0).expectRows());
        assertEquals(new LockRetries(5, java.time.Duration.ofSeconds(2)), prod.lockRetries());
        assertEquals("jdbc:postgresql://prod-db.internal:5432/guitartab_pro?sslmode=verify-full", prod.url());
    }
}
