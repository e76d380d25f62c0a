package dev.dbmigrate.process;

import java.io.BufferedInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * A program that turns one stream into another (the machine's {@code xz -dc} decompressing the embedded server's
 * bundle): a second thread feeds it its input, the caller reads its output, its error output is discarded. Closing it
 * kills the program if it still runs.
 */
public final class FilterProcess implements AutoCloseable {
    private final Process process;
    private final String commandLine;
    private final InputStream output;

    private FilterProcess(Process process, String commandLine) {
        this.process = process;
        this.commandLine = commandLine;
        this.output = new BufferedInputStream(process.getInputStream(), 1 << 16);
    }

    /**
     * Starts {@code command} and feeds it {@code input} (closed once fed). When the feeding fails, the program's
     * output ends early or the program fails, which {@link #finish} reports.
     */
    public static FilterProcess start(List<String> command, InputStream input) throws IOException {
        Process process;
        try {
            process = new ProcessBuilder(command)
                    .redirectError(ProcessBuilder.Redirect.DISCARD)
                    .start();
        } catch (IOException e) {
            input.close();
            throw e;
        }
        Thread feeder = new Thread(
                () -> {
                    try (input;
                            OutputStream sink = process.getOutputStream()) {
                        input.transferTo(sink);
                    } catch (IOException ignored) {
                        // the program then ends early or fails, and finish() says so
                    }
                },
                "migrate-filter-feeder");
        feeder.setDaemon(true);
        feeder.start();
        return new FilterProcess(process, String.join(" ", command));
    }

    /** What the program writes. */
    public InputStream output() {
        return output;
    }

    /**
     * Reads what is left of the output (so the program is not blocked writing it) and waits for the program to end.
     *
     * @throws IOException when it failed or did not end within {@code timeout}
     */
    public void finish(Duration timeout) throws IOException {
        output.transferTo(OutputStream.nullOutputStream());
        try {
            if (!process.waitFor(timeout.toMillis(), TimeUnit.MILLISECONDS) || process.exitValue() != 0) {
                throw new IOException(commandLine + " failed");
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IOException("interrupted while " + commandLine + " ran", e);
        }
    }

    @Override
    public void close() throws IOException {
        process.destroyForcibly();
        output.close();
    }
}
