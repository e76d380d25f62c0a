package dev.dbmigrate.process;

import dev.dbmigrate.error.ErrorCode;
import dev.dbmigrate.error.MigrateException;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;

/**
 * Runs external tools (initdb, pg_ctl, pg_dump, pg_restore): drains both streams, applies a timeout, stops the tool
 * when the run is interrupted ({@link ChildProcess}), and never puts a secret on the command line: secrets travel in
 * {@code extraEnvironment}. For two tools joined by a pipe, see {@link ProcessPipeline}.
 */
public final class ProcessRunner {
    private ProcessRunner() {}

    /**
     * Runs {@code command} and waits for it.
     *
     * @param command          program and arguments; must not contain secrets
     * @param extraEnvironment variables added to this process's environment (for example PGPASSWORD)
     * @param timeout          how long the command may run before it is stopped
     */
    public static ProcessResult run(List<String> command, Map<String, String> extraEnvironment, Duration timeout) {
        return start(command, extraEnvironment, timeout).await();
    }

    /**
     * Starts {@code command} and returns at once, so the caller can do other work while it runs (and stop it when
     * that work fails). Its timeout counts from now.
     *
     * @throws MigrateException when the program cannot be started
     * @see #run
     */
    public static Running start(List<String> command, Map<String, String> extraEnvironment, Duration timeout) {
        ProcessBuilder builder = new ProcessBuilder(command);
        builder.environment().putAll(extraEnvironment);
        long deadline = ChildProcess.deadline(timeout);
        Process process;
        try {
            process = builder.start();
        } catch (IOException e) {
            throw cannotRun(command, e);
        }
        try {
            process.getOutputStream().close(); // the tool reads no input
        } catch (IOException ignored) {
            // it already ended
        }
        Running running = new Running(List.copyOf(command), timeout, deadline, process);
        // an interrupted run (SIGINT, SIGTERM) stops its tools, as a timeout does
        running.interruption = Interruption.onInterrupt(running::stop);
        return running;
    }

    private static MigrateException cannotRun(List<String> command, Exception e) {
        return new MigrateException(
                ErrorCode.ENVIRONMENT,
                "could not run " + command.get(0) + ": " + e.getMessage()
                        + " (check that the program exists and is executable)",
                e);
    }

    /** A command that was started and may still run. */
    public static final class Running {
        private final List<String> command;
        private final Duration timeout;
        private final long deadline;
        private final Process process;
        private final Drain out;
        private final Drain err;
        private volatile boolean stopped;
        private Interruption.Registration interruption;

        private Running(List<String> command, Duration timeout, long deadline, Process process) {
            this.command = command;
            this.timeout = timeout;
            this.deadline = deadline;
            this.process = process;
            this.out = new Drain(process.getInputStream(), tool() + "-stdout");
            this.err = new Drain(process.getErrorStream(), tool() + "-stderr");
        }

        /**
         * Waits for the command to end.
         *
         * @throws MigrateException when it ran past its timeout and was stopped, or the run was interrupted
         */
        public ProcessResult await() {
            boolean inTime;
            try {
                inTime = ChildProcess.awaitUntil(process, deadline);
                out.join();
                err.join();
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                stop();
                throw new MigrateException(
                        ErrorCode.INTERNAL, "interrupted while " + command.get(0) + " was running; it was stopped", e);
            } finally {
                interruption.close();
            }
            // stopped by this run's shutdown hook, or ended by the same Ctrl-C (sent to the whole terminal)
            if (stopped && Interruption.requested() || !stopped && Interruption.explains(process.exitValue())) {
                Interruption.noticed();
                throw new MigrateException(
                        ErrorCode.INTERRUPTED,
                        tool() + " was stopped: the run was interrupted" + " (SIGINT or SIGTERM)");
            }
            if (!inTime && !stopped) {
                throw ChildProcess.timedOut(command, timeout, "; " + err.text().strip());
            }
            return new ProcessResult(command, process.exitValue(), out.text(), err.text());
        }

        /** The tool's name: the program that {@code runuser -u <user> --} runs, not runuser itself. */
        private String tool() {
            int separator = command.indexOf("--");
            String program = command.get(0).endsWith("runuser") && separator >= 0 && separator + 1 < command.size()
                    ? command.get(separator + 1)
                    : command.get(0);
            return Path.of(program).getFileName().toString();
        }

        /** Stops the command (its result then has a failing exit code). */
        public void stop() {
            stopped = true;
            ChildProcess.stop(process);
        }
    }

    /** A thread that reads one of a child's output streams to its end, so the child never blocks on a full pipe. */
    private static final class Drain {
        private final ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        private final Thread thread;

        Drain(InputStream stream, String name) {
            thread = new Thread(
                    () -> {
                        try (stream) {
                            stream.transferTo(bytes);
                        } catch (IOException closed) {
                            // the child's end went away: what was read so far is its output
                        }
                    },
                    "migrate-" + name);
            thread.setDaemon(true);
            thread.start();
        }

        void join() throws InterruptedException {
            thread.join();
        }

        String text() {
            synchronized (bytes) {
                return bytes.toString(StandardCharsets.UTF_8);
            }
        }
    }
}
