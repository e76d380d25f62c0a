package dev.dbmigrate.testing;

import java.util.List;
import java.util.Set;
import java.util.stream.Collectors;
import org.junit.jupiter.api.extension.AfterEachCallback;
import org.junit.jupiter.api.extension.BeforeEachCallback;
import org.junit.jupiter.api.extension.ExtensionContext;

/**
 * Fails a test of the fast tier ({@code mvn test -Pfast}) that started a process: a tool, a JVM, a PostgreSQL server.
 * The tier turns on JUnit's extension auto-detection, which finds this class through
 * {@code META-INF/services/org.junit.jupiter.api.extension.Extension}; outside the tier it is not registered (and
 * checks nothing if it is). A process still running after the test is one it started; one that already ended shows
 * by the JDK's "process reaper" thread, which waits for every process the JVM starts and lingers for a minute after.
 */
public final class FastTierExtension implements BeforeEachCallback, AfterEachCallback {
    private static final String REAPER = "process reaper";
    private static final ExtensionContext.Namespace NAMESPACE =
            ExtensionContext.Namespace.create(FastTierExtension.class);

    /** What ran before the test: the JVM's child processes, and whether the reaper thread was there. */
    private record Before(Set<Long> children, boolean reaper) {}

    @Override
    public void beforeEach(ExtensionContext context) {
        context.getStore(NAMESPACE)
                .put(
                        Before.class,
                        new Before(
                                children().stream().map(ProcessHandle::pid).collect(Collectors.toSet()),
                                reaperRunning()));
    }

    @Override
    public void afterEach(ExtensionContext context) {
        Before before = context.getStore(NAMESPACE).get(Before.class, Before.class);
        if (before == null || !TestPostgres.FAST_TIER.equals(System.getProperty(TestPostgres.TIER_PROPERTY))) {
            return;
        }
        List<ProcessHandle> started = children().stream()
                .filter(p -> !before.children().contains(p.pid()))
                .toList();
        String commands = started.stream()
                .map(p -> p.info().command().orElse("pid " + p.pid()))
                .collect(Collectors.joining(", "));
        started.forEach(ProcessHandle::destroyForcibly);
        if (!started.isEmpty() || !before.reaper() && reaperRunning()) {
            throw new AssertionError("the fast tier (-Pfast) starts no process, but this test did"
                    + (started.isEmpty() ? "" : " (" + commands + ")") + ": tag it @Tag(\"process\")"
                    + " (docs/reliability.md, Test tiers)");
        }
    }

    private static List<ProcessHandle> children() {
        return ProcessHandle.current().children().filter(ProcessHandle::isAlive).toList();
    }

    private static boolean reaperRunning() {
        return Thread.getAllStackTraces().keySet().stream()
                .anyMatch(t -> t.getName().startsWith(REAPER));
    }
}
