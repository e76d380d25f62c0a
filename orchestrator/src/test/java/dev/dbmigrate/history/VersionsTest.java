package dev.dbmigrate.history;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import org.junit.jupiter.api.Test;

class VersionsTest {
    @Test
    void versionsAreEqualAsFlywayComparesThem() {
        assertEquals("1.1", Versions.normalize("1_1"));
        assertEquals("1.1", Versions.normalize("001.01.0.0"));
        assertEquals("0", Versions.normalize("0"));
        assertEquals("0", Versions.normalize("0.0"));
        assertEquals("20261125120000", Versions.normalize("20261125120000"));
        assertEquals("10.0.1", Versions.normalize("10_00_1"));
        for (String bad : List.of("", "1..2", "1.", "a", "1.x")) {
            assertThrows(NumberFormatException.class, () -> Versions.normalize(bad), bad);
        }
    }

    @Test
    void versionsCompareNumericallyPartByPart() {
        assertTrue(Versions.compare("2", "10") < 0);
        assertTrue(Versions.compare("1.10", "1.9") > 0);
        assertEquals(0, Versions.compare("1.0", "1"));
        assertEquals(0, Versions.compare("01_1", "1.1.0"));
        assertTrue(Versions.compare("1", "1.0.1") < 0);
        assertTrue(Versions.compare("0", "0.1") < 0);
        assertTrue(Versions.compare("99999999999999999999", "100000000000000000000") < 0);
    }
}
