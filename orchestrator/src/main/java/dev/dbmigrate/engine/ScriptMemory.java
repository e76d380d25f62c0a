package dev.dbmigrate.engine;

import dev.dbmigrate.config.FixHint;
import dev.dbmigrate.error.ErrorCode;
import dev.dbmigrate.error.MigrateException;
import java.nio.file.Path;

/**
 * What a script that does not fit in the JVM's heap fails with: the file, the heap it had (the {@code -Xmx} setting)
 * and how to give it more. Large scripts are read and sent statement by statement, so what has to fit is the largest
 * statement (and the driver's copy of it), not the file.
 */
final class ScriptMemory {
    private ScriptMemory() {}

    /** Reading (or parsing) {@code file} for {@code goal} ran out of memory: nothing was changed. */
    static MigrateException exceeded(Path file, String doing, String goal, OutOfMemoryError e) {
        return new MigrateException(
                ErrorCode.ENVIRONMENT,
                message(file.getFileName().toString(), doing) + "; nothing was changed (" + raise(goal) + ")",
                e);
    }

    /** {@code V5__x.sql did not fit in the memory this JVM may use while reading it (its maximum heap, -Xmx, is 256 MB)} */
    static String message(String script, String doing) {
        return script + " did not fit in the memory this JVM may use while " + doing + " (its maximum heap, -Xmx, is "
                + Runtime.getRuntime().maxMemory() / (1024 * 1024) + " MB)";
    }

    /** The fix: a larger heap, with the commands that give it to {@code goal}. */
    static String raise(String goal) {
        String more = suggestedHeap();
        return "give it a larger heap and run it again: " + FixHint.withHeap(more, goal) + "; only the file's largest"
                + " statement has to fit, so a statement of hundreds of megabytes is better split";
    }

    /** At least 1 GB, and four times the heap there is, in whole gigabytes. */
    private static String suggestedHeap() {
        long gb = Math.max(1, (4 * Runtime.getRuntime().maxMemory() + (1L << 30) - 1) >> 30);
        return gb + "g";
    }

    /** Whether a failure is a script that did not fit in memory. */
    static boolean isMemory(Throwable failure) {
        for (Throwable t = failure; t != null; t = t.getCause()) {
            if (t instanceof OutOfMemoryError) {
                return true;
            }
            if (t.getCause() == t) {
                break;
            }
        }
        return false;
    }
}
