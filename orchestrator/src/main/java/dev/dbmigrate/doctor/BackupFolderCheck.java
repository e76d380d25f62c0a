package dev.dbmigrate.doctor;

import dev.dbmigrate.backup.Backups;
import dev.dbmigrate.backup.PgTools;
import dev.dbmigrate.error.MigrateException;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * The profile's backup folder can be written: a probe file is created there and deleted. A folder that does not exist
 * yet is not created: the probe goes to the nearest folder above it that exists, where the first backup would create
 * it. Skipped when the profile has no {@code backup} section and is not protected (nothing backs it up by default).
 */
final class BackupFolderCheck implements DoctorCheck {
    static final String NAME = "backup folder";
    private static final String PROBE = ".migrate-doctor-probe";

    @Override
    public String name() {
        return NAME;
    }

    @Override
    public boolean needsDatabase() {
        return false;
    }

    @Override
    public CheckOutcome run(DoctorContext context) {
        var settings = context.settings();
        String profile = "environments/" + settings.env() + ".yml";
        if (settings.profile().backup() == null && !settings.profile().protectedEnv()) {
            return CheckOutcome.skipped(
                    NAME,
                    settings.profile().file() == null
                            ? "no " + profile + ", so no backup section"
                            : profile + " has no backup section");
        }
        Path directory;
        try {
            directory = Backups.of(settings, PgTools.locate(settings.options().pgBinDir()))
                    .directory();
        } catch (MigrateException e) {
            return CheckOutcome.failedWith(NAME, e.getMessage(), "set backup.directory in " + profile);
        }
        Path existing = directory;
        while (existing != null && !Files.exists(existing)) {
            existing = existing.getParent();
        }
        String fix = "set backup.directory in " + profile + " to a folder this user can create and write";
        if (existing == null || !Files.isDirectory(existing)) {
            return CheckOutcome.fail(
                    NAME, "cannot write backups to " + directory + ": " + existing + " is not a folder", fix);
        }
        Path probe = existing.resolve(PROBE);
        try {
            Files.writeString(probe, "probe");
            Files.delete(probe);
        } catch (IOException e) {
            return CheckOutcome.fail(
                    NAME,
                    "cannot write backups to " + directory + " (" + e.getClass().getSimpleName() + ": " + e.getMessage()
                            + ")",
                    fix);
        }
        return CheckOutcome.pass(
                NAME,
                existing.equals(directory)
                        ? directory + " is writable"
                        : directory + " does not exist yet; " + existing + " is writable, so the first backup"
                                + " creates it");
    }
}
