package dev.dbmigrate.process;

import dev.dbmigrate.error.ErrorCode;
import dev.dbmigrate.error.MigrateException;
import java.io.File;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.function.BooleanSupplier;

/**
 * Runs a command that starts a server in the background ({@code pg_ctl start -w}) and returns as soon as the server is
 * ready, without waiting for the command itself to notice: pg_ctl looks at the server only every 100 ms, which made
 * each start last about 110 ms where the server needs about 40. The command is left to notice and end on its own.
 * When it ends first, its result counts, so every failure is still reported as the command reports it.
 */
public final class ServerProcess {
    private static final long POLL_MILLIS = 5;

    private ServerProcess() {}

    /**
     * Starts {@code command} and returns when it has ended (its exit code and output, both streams in one) or when
     * {@code ready} holds (exit code 0, no output), whichever comes first.
     *
     * @param command program and arguments (the program may be a wrapper such as {@code runuser}); no secrets
     * @param program the program to name when it cannot be started at all
     * @param ready   polled every few milliseconds while the command runs
     * @param timeout how long the command may run before it is killed
     * @throws MigrateException when the command cannot be started, runs past {@code timeout}, or the wait is
     *                          interrupted
     */
    public static ProcessResult startUntilReady(
            List<String> command, String program, BooleanSupplier ready, Duration timeout) {
        Path output = null;
        try {
            output = Files.createTempFile("migrate-pg_ctl-", ".log");
            Process process = new ProcessBuilder(command)
                    .redirectErrorStream(true)
                    .redirectOutput(output.toFile())
                    .redirectInput(ProcessBuilder.Redirect.from(nullFile()))
                    .start();
            return await(process, command, ready, timeout, output);
        } catch (IOException e) {
            throw new MigrateException(
                    ErrorCode.ENVIRONMENT,
                    "could not run " + program + ": " + e.getMessage()
                            + " (check that the program exists and is executable)",
                    e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new MigrateException(
                    ErrorCode.ENVIRONMENT, "interrupted while waiting for " + String.join(" ", command), e);
        } finally {
            if (output != null) {
                try {
                    Files.deleteIfExists(output);
                } catch (IOException ignored) {
                    // a temporary file of a few bytes
                }
            }
        }
    }

    private static ProcessResult await(
            Process process, List<String> command, BooleanSupplier ready, Duration timeout, Path output)
            throws IOException, InterruptedException {
        long deadline = System.nanoTime() + timeout.toNanos();
        while (true) {
            if (!process.isAlive()) {
                return new ProcessResult(command, process.exitValue(), Files.readString(output), "");
            }
            if (ready.getAsBoolean()) {
                return new ProcessResult(command, 0, "", "");
            }
            if (System.nanoTime() > deadline) {
                process.destroyForcibly();
                throw new MigrateException(
                        ErrorCode.ENVIRONMENT,
                        String.join(" ", command) + " did not finish" + " within " + timeout.toSeconds()
                                + " s and was stopped; "
                                + Files.readString(output).strip());
            }
            Thread.sleep(POLL_MILLIS);
        }
    }

    private static File nullFile() {
        return new File(System.getProperty("os.name", "").startsWith("Windows") ? "NUL" : "/dev/null");
    }
}
