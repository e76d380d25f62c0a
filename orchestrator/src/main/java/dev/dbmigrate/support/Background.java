package dev.dbmigrate.support;

import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.Executor;
import java.util.function.Supplier;

/**
 * Work started beside the caller's, each on a thread of its own. Not the JDK's common pool: there a task can wait
 * behind another that blocks (on a small machine the pool may have a single thread), and its threads do not carry the
 * caller's context class loader, which a Maven plugin's classes need.
 */
public final class Background {
    private static final Executor NEW_THREAD = task -> {
        Thread thread = new Thread(task, "migrate-background");
        thread.setDaemon(true);
        thread.start();
    };

    private Background() {}

    /** Runs {@code work} on a new daemon thread. */
    public static <T> CompletableFuture<T> supply(Supplier<T> work) {
        return CompletableFuture.supplyAsync(work, NEW_THREAD);
    }

    /** Runs {@code work} on a new daemon thread. */
    public static CompletableFuture<Void> run(Runnable work) {
        return CompletableFuture.runAsync(work, NEW_THREAD);
    }

    /**
     * Waits for {@code work} and returns its result; its failure is thrown as the work threw it (a
     * {@link RuntimeException} unwrapped from the {@link CompletionException}), so the caller's message is the work's.
     */
    public static <T> T join(CompletableFuture<T> work) {
        try {
            return work.join();
        } catch (CompletionException e) {
            throw e.getCause() instanceof RuntimeException cause ? cause : e;
        }
    }
}
