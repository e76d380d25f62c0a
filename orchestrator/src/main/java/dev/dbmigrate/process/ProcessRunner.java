package dev.dbmigrate.process;

import dev.dbmigrate.error.ErrorCode;
import dev.dbmigrate.error.MigrateException;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.apache.commons.exec.CommandLine;
import org.apache.commons.exec.DefaultExecuteResultHandler;
import org.apache.commons.exec.DefaultExecutor;
import org.apache.commons.exec.ExecuteException;
import org.apache.commons.exec.ExecuteWatchdog;
import org.apache.commons.exec.PumpStreamHandler;

/**
 * Runs external tools (initdb, pg_ctl, later pg_dump and pg_restore) through Apache Commons Exec: drains both streams,
 * applies a timeout, and never puts a secret on the command line: secrets travel in {@code extraEnvironment}.
 */
public final class ProcessRunner {
    private ProcessRunner() {
    }

    /**
     * Runs {@code command} and waits for it.
     *
     * @param command          program and arguments; must not contain secrets
     * @param extraEnvironment variables added to this process's environment (for example PGPASSWORD)
     * @param timeout          how long the command may run before it is killed
     */
    public static ProcessResult run(List<String> command, Map<String, String> extraEnvironment, Duration timeout) {
        return start(command, extraEnvironment, timeout).await();
    }

    /**
     * Starts {@code command} and returns at once, so the caller can do other work while it runs (and stop it when
     * that work fails).
     *
     * @see #run
     */
    public static Running start(List<String> command, Map<String, String> extraEnvironment, Duration timeout) {
        CommandLine line = new CommandLine(command.get(0));
        for (String argument : command.subList(1, command.size())) {
            line.addArgument(argument, false);
        }
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        ByteArrayOutputStream err = new ByteArrayOutputStream();
        ExecuteWatchdog watchdog = ExecuteWatchdog.builder().setTimeout(timeout).get();
        DefaultExecutor executor = DefaultExecutor.builder().get();
        executor.setStreamHandler(new PumpStreamHandler(out, err));
        executor.setWatchdog(watchdog);
        executor.setExitValues(null);
        Map<String, String> environment = new HashMap<>(System.getenv());
        environment.putAll(extraEnvironment);
        DefaultExecuteResultHandler handler = new DefaultExecuteResultHandler();
        try {
            executor.execute(line, environment, handler);
        } catch (IOException e) {
            throw cannotRun(command, e);
        }
        Running running = new Running(List.copyOf(command), timeout, watchdog, handler, out, err);
        // an interrupted run (SIGINT, SIGTERM) stops its tools, as a timeout does
        running.interruption = Interruption.onInterrupt(running::stop);
        return running;
    }

    private static MigrateException cannotRun(List<String> command, Exception e) {
        return new MigrateException(ErrorCode.ENVIRONMENT, "could not run " + command.get(0) + ": " + e.getMessage()
                + " (check that the program exists and is executable)", e);
    }

    /** A command that was started and may still run. */
    public static final class Running {
        private final List<String> command;
        private final Duration timeout;
        private final ExecuteWatchdog watchdog;
        private final DefaultExecuteResultHandler handler;
        private final ByteArrayOutputStream out;
        private final ByteArrayOutputStream err;
        private volatile boolean stopped;
        private Interruption.Registration interruption;

        private Running(List<String> command, Duration timeout, ExecuteWatchdog watchdog,
                        DefaultExecuteResultHandler handler, ByteArrayOutputStream out, ByteArrayOutputStream err) {
            this.command = command;
            this.timeout = timeout;
            this.watchdog = watchdog;
            this.handler = handler;
            this.out = out;
            this.err = err;
        }

        /**
         * Waits for the command to end.
         *
         * @throws MigrateException when it could not be run, or ran past its timeout and was killed
         */
        public ProcessResult await() {
            try {
                handler.waitFor();
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                stop();
                throw new MigrateException(ErrorCode.INTERNAL, "interrupted while " + command.get(0)
                        + " was running; it was stopped", e);
            } finally {
                interruption.close();
            }
            // stopped by this run's shutdown hook, or ended by the same Ctrl-C (sent to the whole terminal)
            if (stopped && Interruption.requested() || !stopped && handler.hasResult()
                    && Interruption.explains(handler.getExitValue())) {
                Interruption.noticed();
                throw new MigrateException(ErrorCode.INTERRUPTED, tool() + " was stopped: the run was interrupted"
                        + " (SIGINT or SIGTERM)");
            }
            ExecuteException failure = handler.getException();
            if (failure != null && failure.getCause() instanceof IOException io) {
                throw cannotRun(command, io);
            }
            if (watchdog.killedProcess() && !stopped) {
                throw new MigrateException(ErrorCode.ENVIRONMENT,
                        String.join(" ", command) + " did not finish within " + timeout.toSeconds()
                                + " s and was stopped; " + err.toString(StandardCharsets.UTF_8).strip());
            }
            return new ProcessResult(command, handler.getExitValue(), out.toString(StandardCharsets.UTF_8),
                    err.toString(StandardCharsets.UTF_8));
        }

        /** The tool's name: the program that {@code runuser -u <user> --} runs, not runuser itself. */
        private String tool() {
            int separator = command.indexOf("--");
            String program = command.get(0).endsWith("runuser") && separator >= 0 && separator + 1 < command.size()
                    ? command.get(separator + 1) : command.get(0);
            return java.nio.file.Path.of(program).getFileName().toString();
        }

        /** Kills the command (its result then has a failing exit code). */
        public void stop() {
            stopped = true;
            watchdog.destroyProcess();
        }
    }
}
