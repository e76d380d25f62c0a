package dev.dbmigrate.backup;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;

import dev.dbmigrate.config.BackupFormat;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.Test;

/** What pg_dump is told for each backup format, and the names backups get: no database, no process. */
class BackupNamesTest {
    private static final Instant TAKEN = Instant.parse("2026-11-24T10:15:00Z");

    @Test
    void eachFormatGivesPgDumpItsOptions() {
        assertEquals(List.of("--format=custom", "--compress=1"), dumpOptions(BackupFormat.CUSTOM, 1, 1));
        assertEquals(List.of("--format=custom", "--compress=1"), dumpOptions(BackupFormat.CUSTOM, 2, 1));
        assertEquals(
                List.of("--format=directory", "--jobs=2", "--compress=0"), dumpOptions(BackupFormat.DIRECTORY, 2, 0));
        assertEquals(List.of("--format=directory", "--compress=9"), dumpOptions(BackupFormat.DIRECTORY, 1, 9));
    }

    private static List<String> dumpOptions(BackupFormat format, int jobs, int compression) {
        return new BackupWriter.DumpOptions(format, jobs, compression).arguments();
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
