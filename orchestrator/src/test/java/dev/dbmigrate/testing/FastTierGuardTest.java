package dev.dbmigrate.testing;

import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ServiceLoader;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.Extension;

/**
 * The fast tier ({@code mvn test -Pfast}) holds what it promises: a test that would start a PostgreSQL server fails
 * there, and so does one that starts any other process ({@link FastTierExtension}), instead of quietly making the
 * tier slow. It runs only in that tier: the full run leaves the tag {@code fast-tier-only} out.
 */
@Tag("fast-tier-only")
class FastTierGuardTest {
    @Test
    void aTestThatAsksForTheTestServerFailsNamingTheTagItNeeds() {
        IllegalStateException e = assertThrows(IllegalStateException.class, () -> TestPostgres.newDatabase("fast"));
        assertTrue(e.getMessage().contains("@Tag(\"postgres\")"), e.getMessage());
    }

    @Test
    void theExtensionThatFailsATestStartingAProcessIsFoundByAutoDetection() {
        assertTrue(
                ServiceLoader.load(Extension.class).stream()
                        .anyMatch(p -> p.type().equals(FastTierExtension.class)),
                "META-INF/services lists it");
    }
}
