package dev.dbmigrate.generate;

import java.nio.file.Path;
import java.util.List;

/**
 * What {@code create -Dmigrate.autogenerate=true} did.
 *
 * @param files    the files written, each migration before its undo script, in version order; empty when there was
 *                 nothing to change
 * @param held     the destructive changes written commented out
 * @param warnings every warning the files carry, and the notes for the reviewer
 * @param tables   how many tables held rows in the proof (sample data)
 */
public record Generated(List<Path> files, List<String> held, List<String> warnings, int tables) {
    public Generated {
        files = List.copyOf(files);
        held = List.copyOf(held);
        warnings = List.copyOf(warnings);
    }

    /** Whether the migrations already build the desired schema (nothing was written). */
    public boolean nothingToChange() {
        return files.isEmpty();
    }
}
