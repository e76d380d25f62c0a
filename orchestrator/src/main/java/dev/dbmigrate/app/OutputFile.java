package dev.dbmigrate.app;

import dev.dbmigrate.config.MigrateProperty;
import dev.dbmigrate.error.ErrorCode;
import dev.dbmigrate.error.MigrateException;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

/** A goal's report written to {@code -Dmigrate.output}: the one place that makes its folders and words its failure. */
final class OutputFile {
    private OutputFile() {}

    /**
     * Writes {@code text} to {@code file}, its folders made first.
     *
     * @param what      what the text is, for the message: "the lint report"
     * @param unchanged what the failure leaves as it was: "lint changed nothing in any database"
     * @throws MigrateException (configuration) naming the file, the cause, what was not changed and the fix
     */
    static void write(Path file, String text, String what, String unchanged) {
        try {
            if (file.getParent() != null) {
                Files.createDirectories(file.getParent());
            }
            Files.writeString(file, text);
        } catch (IOException e) {
            throw new MigrateException(
                    ErrorCode.CONFIGURATION,
                    "could not write " + what + " to " + file + ": " + e.getMessage() + "; " + unchanged
                            + " (choose a writable -D" + MigrateProperty.OUTPUT.property() + ")",
                    e);
        }
    }
}
