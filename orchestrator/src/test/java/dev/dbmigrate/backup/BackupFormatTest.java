package dev.dbmigrate.backup;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.dbmigrate.error.ErrorCode;
import dev.dbmigrate.error.MigrateException;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.Test;

/** What differs between backup formats, and the names backups get: no database, no process. */
class BackupFormatTest {
    private static final Instant TAKEN = Instant.parse("2026-11-24T10:15:00Z");

    @Test
    void anUnknownFormatIsRefusedNamingTheFormatsThereAre() {
        MigrateException e = assertThrows(MigrateException.class, () -> BackupFormat.named("tar"));
        assertEquals(ErrorCode.CONFIGURATION, e.code());
        assertEquals("backup.format = 'tar' is not a backup format (use custom or directory)", e.getMessage());
        assertEquals(BackupFormat.DIRECTORY, BackupFormat.named("directory"));
    }

    @Test
    void eachFormatGivesPgDumpItsOptionsAndSaysWhetherItIsAFolder() {
        assertEquals(List.of("--format=custom", "--compress=1"), BackupFormat.CUSTOM.dumpOptions(1, 1));
        assertEquals(
                List.of("--format=directory", "--jobs=2", "--compress=0"), BackupFormat.DIRECTORY.dumpOptions(2, 0));
        assertEquals(List.of("--format=directory", "--compress=9"), BackupFormat.DIRECTORY.dumpOptions(1, 9));
        assertFalse(BackupFormat.CUSTOM.folder());
        assertTrue(BackupFormat.DIRECTORY.folder());
    }

    @Test
    void aBackupsNameTellsItsEnvironmentTimeVersionAndFormat() {
        String custom = BackupName.of("prod", TAKEN, "7", BackupFormat.CUSTOM);
        assertEquals("prod-20261124-101500-v7.dump", custom);
        assertEquals(new BackupName("prod", TAKEN, "7", BackupFormat.CUSTOM), BackupName.parse(custom, "prod"));
        String folder = BackupName.of("prod", TAKEN, null, BackupFormat.DIRECTORY);
        assertEquals("prod-20261124-101500-v0", folder);
        assertEquals(new BackupName("prod", TAKEN, null, BackupFormat.DIRECTORY), BackupName.parse(folder, null));
        assertEquals(
                "prod-20261124-101500-v1.2_beta", BackupName.of("prod", TAKEN, "1.2 beta", BackupFormat.DIRECTORY));
        assertNull(BackupName.parse(custom, "staging"));
        assertNull(BackupName.parse("prod-20261124-v7.dump", null));
    }
}
