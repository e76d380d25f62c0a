package dev.dbmigrate.embedded;

import dev.dbmigrate.config.EmbeddedVersion;
import dev.dbmigrate.config.MigrateProperty;
import dev.dbmigrate.error.ErrorCode;
import dev.dbmigrate.error.MigrateException;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Optional;

/**
 * The major version a data folder was made by (its {@code PG_VERSION} file), checked against the server about to run
 * on it: a server never opens another major's data (PostgreSQL refuses it, and an upgrade would need pg_upgrade), so a
 * folder made by PostgreSQL 15 is refused by 16 before anything is started, stopped or written.
 */
final class DataVersion {
    private DataVersion() {}

    /** The major version that made {@code dataDir}, or empty when it holds no cluster (yet). */
    static Optional<Integer> of(Path dataDir) {
        try {
            String text = Files.readString(dataDir.resolve("PG_VERSION")).strip();
            return Optional.of(Integer.valueOf(text.contains(".") ? text.substring(0, text.indexOf('.')) : text));
        } catch (IOException | NumberFormatException e) {
            return Optional.empty();
        }
    }

    /**
     * Refuses to run the binaries of {@code tools} on {@code dataDir} when another major made it.
     *
     * @param asked the version {@code -Dmigrate.embeddedVersion} asked for, or null (for the message's fix)
     */
    static void requireSameMajor(Path dataDir, ServerTools tools, EmbeddedVersion asked) {
        Optional<Integer> made = of(dataDir);
        if (made.isEmpty()) {
            return;
        }
        Optional<Integer> running = tools.major();
        if (running.isEmpty() || running.get().equals(made.get())) {
            return;
        }
        String property = "-D" + MigrateProperty.EMBEDDED_VERSION.property();
        throw new MigrateException(
                ErrorCode.CONFIGURATION,
                "the embedded database's data folder " + dataDir + " was made by PostgreSQL " + made.get()
                        + " (its PG_VERSION), but this run's embedded server is PostgreSQL " + running.get()
                        + (asked == null ? " (the default)" : " (" + property + "=" + asked + ")") + ", "
                        + tools.binaries().origin() + "; a server cannot open another major version's data, so"
                        + " nothing was started or changed (run with " + property + "=" + made.get()
                        + " to keep this data, or delete the folder " + dataDir + " to start an empty PostgreSQL "
                        + running.get() + " database)");
    }
}
