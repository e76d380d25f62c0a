package dev.dbmigrate.testing;

import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.condition.EnabledIfSystemProperty;

/**
 * The fast tier ({@code mvn test -Pfast}) holds what it promises: a test that would start a PostgreSQL server or any
 * other process fails there, instead of quietly making the tier slow. It runs only in that tier.
 */
@EnabledIfSystemProperty(named = TestPostgres.TIER_PROPERTY, matches = TestPostgres.FAST_TIER)
class FastTierGuardTest {
    @Test
    void aTestThatAsksForTheTestServerFailsNamingTheTagItNeeds() {
        IllegalStateException e = assertThrows(IllegalStateException.class, () -> TestPostgres.newDatabase("fast"));
        assertTrue(e.getMessage().contains("@Tag(\"postgres\")"), e.getMessage());
    }

    @Test
    void noProcessCanBeStarted() {
        Throwable e = assertThrows(Throwable.class, () -> new ProcessBuilder("true").start().waitFor());
        assertTrue(e instanceof Error, e::toString);
    }
}
