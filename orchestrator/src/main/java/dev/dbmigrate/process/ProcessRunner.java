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
        int exit;
        try {
            exit = executor.execute(line, environment);
        } catch (ExecuteException e) {
            exit = e.getExitValue();
        } catch (IOException e) {
            throw new MigrateException(ErrorCode.ENVIRONMENT,
                    "could not run " + command.get(0) + ": " + e.getMessage()
                            + " (check that the program exists and is executable)", e);
        }
        if (watchdog.killedProcess()) {
            throw new MigrateException(ErrorCode.ENVIRONMENT,
                    String.join(" ", command) + " did not finish within " + timeout.toSeconds()
                            + " s and was stopped; " + err.toString(StandardCharsets.UTF_8).strip());
        }
        return new ProcessResult(List.copyOf(command), exit,
                out.toString(StandardCharsets.UTF_8), err.toString(StandardCharsets.UTF_8));
    }
}
