package dev.dbmigrate.config;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.dbmigrate.error.ErrorCode;
import dev.dbmigrate.error.MigrateException;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;

/** The one list of backup formats, which the profile and the backups both use: no database, no process. */
class BackupFormatTest {
    @Test
    void anUnknownFormatIsRefusedNamingTheFormatsThereAre() {
        MigrateException e = assertThrows(MigrateException.class, () -> BackupFormat.named("tar"));
        assertEquals(ErrorCode.CONFIGURATION, e.code());
        assertEquals("backup.format = 'tar' is not a backup format (use custom or directory)", e.getMessage());
        assertEquals(BackupFormat.DIRECTORY, BackupFormat.named("directory"));
        assertEquals(Optional.of(BackupFormat.CUSTOM), BackupFormat.find("custom"));
        assertEquals(Optional.empty(), BackupFormat.find("Custom"));
        assertEquals("custom or directory", BackupFormat.choices());
    }

    @Test
    void eachFormatSaysItsSuffixAndWhetherItIsAFolder() {
        assertFalse(BackupFormat.CUSTOM.folder());
        assertTrue(BackupFormat.DIRECTORY.folder());
        assertEquals(".dump", BackupFormat.CUSTOM.suffix());
        assertEquals("", BackupFormat.DIRECTORY.suffix());
        assertEquals(List.of(".dump"), BackupFormat.suffixes());
        assertEquals(BackupFormat.CUSTOM, BackupFormat.ofSuffix(".dump"));
        assertEquals(BackupFormat.DIRECTORY, BackupFormat.ofSuffix(""));
    }
}
