package dev.dbmigrate.config;

import dev.dbmigrate.error.ErrorCode;
import dev.dbmigrate.error.MigrateException;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.function.Supplier;

/**
 * The problems of one profile file, collected instead of stopping at the first so one run shows all of them, and the
 * way its messages name keys and values: {@code label} is how messages name the file, such as environments/prod.yml.
 * A password value never appears in a message.
 */
final class ProfileProblems {
    /** The key whose value is never shown. */
    static final String SECRET_KEY = "password";

    private final String label;
    /** What is wrong with the file, each without the file's name, in the order found. */
    private final List<String> found = new ArrayList<>();

    ProfileProblems(String label) {
        this.label = label;
    }

    /** How messages name the file, such as environments/prod.yml. */
    String label() {
        return label;
    }

    /**
     * Runs one step of reading; a problem it fails with is recorded (without the file's name) and {@code fallback}
     * stands in for its value, so the steps after it still run.
     */
    <T> T attempt(Supplier<T> step, T fallback) {
        try {
            return step.get();
        } catch (AlreadyReported e) {
            return fallback;
        } catch (MigrateException e) {
            record(e.getMessage());
            return fallback;
        }
    }

    /** Records a problem; a message that starts with the file's name is recorded without it. */
    void record(String message) {
        String prefix = label + ": ";
        found.add(message.startsWith(prefix) ? message.substring(prefix.length()) : message);
    }

    /** Fails with the one problem found as it is, or with all of them in one message; returns when there is none. */
    void throwIfAny() {
        if (found.size() == 1) {
            throw fail(found.get(0));
        }
        if (!found.isEmpty()) {
            StringBuilder message = new StringBuilder(label + " has " + found.size()
                    + " problems; nothing was changed (fix each of them, then run again):");
            found.forEach(problem ->
                    message.append(System.lineSeparator()).append("  - ").append(problem));
            throw error(message.toString());
        }
    }

    /** The failure "{@code <file>: <problem>}". */
    MigrateException fail(String problem) {
        return error(label + ": " + problem);
    }

    /** "{@code key = "value" is not <what> (fix)}", or "{@code key is a list, not <what> (fix)}". */
    MigrateException notA(String path, Object value, String what, String fix) {
        if (value instanceof Map || value instanceof List) {
            return fail(path + " is " + kind(value) + ", not " + what + " (" + fix + ")");
        }
        return fail(path + " = " + shown(path, value) + " is not " + what + " (" + fix + ")");
    }

    static MigrateException error(String message) {
        return new MigrateException(ErrorCode.CONFIGURATION, message);
    }

    /** The value as a message shows it: quoted text with any URL password masked, the kind of a structure. */
    static String shown(String path, Object value) {
        if (path.equals(SECRET_KEY)) {
            return "<masked>";
        }
        if (value instanceof String text) {
            return quoted(text);
        }
        if (value instanceof Map || value instanceof List) {
            return kind(value);
        }
        return String.valueOf(value);
    }

    static String quoted(String text) {
        return "\"" + DatabaseUrl.mask(text) + "\"";
    }

    static String kind(Object value) {
        if (value instanceof Map) {
            return "a mapping";
        }
        if (value instanceof List) {
            return "a list";
        }
        return "a single value";
    }

    /** A value whose problem is already recorded: the step reading it stops without a second message. */
    static final class AlreadyReported extends RuntimeException {
        AlreadyReported() {
            super(null, null, false, false);
        }
    }
}
