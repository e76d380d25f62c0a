package dev.dbmigrate.config;

import dev.dbmigrate.error.ErrorCode;
import dev.dbmigrate.error.MigrateException;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Supplier;

/**
 * The configuration problems of one resolution, collected: one is thrown as it is, several as one message that lists
 * each.
 */
final class SettingsProblems {
    private final List<MigrateException> found = new ArrayList<>();

    /**
     * The value {@code read} returns; when it fails with a configuration problem, the problem is kept and
     * {@code fallback} returned.
     */
    <T> T check(Supplier<T> read, T fallback) {
        try {
            return read.get();
        } catch (MigrateException e) {
            if (e.code() != ErrorCode.CONFIGURATION) {
                throw e;
            }
            found.add(e);
            return fallback;
        }
    }

    /** Runs {@code read}, keeping the configuration problem it fails with. */
    void check(Runnable read) {
        check(
                () -> {
                    read.run();
                    return null;
                },
                null);
    }

    /** Fails with the one problem found as it is, or with all of them in one message; returns when there is none. */
    void throwIfAny() {
        if (found.size() == 1) {
            throw found.get(0);
        }
        if (!found.isEmpty()) {
            String nl = System.lineSeparator();
            StringBuilder message = new StringBuilder("the settings have " + found.size()
                    + " problems; nothing was changed (fix each of them, then run again):");
            for (MigrateException problem : found) {
                message.append(nl).append("  - ").append(problem.getMessage().replace(nl, nl + "    "));
            }
            throw new MigrateException(ErrorCode.CONFIGURATION, message.toString());
        }
    }
}
