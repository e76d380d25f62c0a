package dev.dbmigrate.process;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * Two tools joined by a pipe, {@code producer | consumer}, where the consumer must never act on what a failed producer
 * left half-written (a restore: {@code pg_restore --file=-} piped into {@code psql --single-transaction}).
 *
 * <p>The producer's output is followed by a {@link Completion#line completion line} only once the producer has exited
 * successfully; the consumer is expected to fail, printing {@link Completion#missing}, when its input ends without
 * that line. Where {@code /bin/sh} exists, the pipe is the operating system's, so the data does not pass through this
 * process: the producer runs under {@code sh -c '"$@" && printf ...'}, which writes the line, and the consumer is also
 * stopped as soon as the producer is seen to fail. Elsewhere this process pumps the pipe itself ({@link #pumped}): it
 * writes the completion line and closes the consumer's input only after the producer has finished successfully, and
 * stops the consumer before it reads the end of a failed producer's output.
 *
 * <p>Both tools are waited for until one deadline, {@code timeout} after the start, and stopped like every child
 * process ({@link ChildProcess}): past the deadline, when the run is interrupted, or when this class is done with them.
 */
public final class ProcessPipeline {
    private static final int BUFFER = 256 * 1024;
    private static final int KEPT_OUTPUT = 64 * 1024;
    private static final Path SHELL = Path.of("/bin/sh");
    private static final String COMPLETION_VARIABLE = "MIGRATE_COMPLETION_LINE";

    private ProcessPipeline() {}

    /**
     * What ends a complete producer's output, and how the consumer says it missed it.
     *
     * @param line    written after the producer's output once the producer has exited successfully
     * @param missing the texts the consumer prints when its input ended without {@code line} (any one of them): a
     *                consumer that failed so failed because the producer's output was cut, not by itself
     */
    public record Completion(String line, List<String> missing) {
        public Completion {
            missing = List.copyOf(missing);
        }

        /** True when {@code consumerError} says the consumer's input ended without {@link #line}. */
        boolean missedIn(String consumerError) {
            return missing.stream().anyMatch(consumerError::contains);
        }
    }

    /**
     * What the two tools did.
     *
     * @param producerExit         the producer's exit code
     * @param consumerExit         the consumer's exit code (stopped: not 0)
     * @param consumerStoppedEarly the consumer ended before the producer's output did (its own failure)
     * @param producerError        the end of the producer's standard error
     * @param consumerError        the end of the consumer's standard error, else of its standard output
     */
    public record Result(
            int producerExit,
            int consumerExit,
            boolean consumerStoppedEarly,
            String producerError,
            String consumerError) {}

    /**
     * Runs {@code producer | consumer}.
     *
     * @param consumerEnvironment variables added to the consumer's environment (for example PGPASSWORD)
     * @param work                a folder for the tools' output files
     * @throws IOException when a tool cannot be started or its output not read
     */
    public static Result run(
            List<String> producer,
            List<String> consumer,
            Map<String, String> consumerEnvironment,
            Completion completion,
            Path work,
            Duration timeout)
            throws IOException {
        if (!Files.isExecutable(SHELL)) {
            return pumped(producer, consumer, consumerEnvironment, completion, work, timeout);
        }
        List<String> marked = new ArrayList<>(
                List.of(SHELL.toString(), "-c", "\"$@\" && printf '%s' \"$" + COMPLETION_VARIABLE + "\"", "sh"));
        marked.addAll(producer);
        ProcessBuilder producing = new ProcessBuilder(marked)
                .redirectError(work.resolve("producer.err").toFile());
        producing.environment().put(COMPLETION_VARIABLE, completion.line());
        List<Process> pipeline =
                ProcessBuilder.startPipeline(List.of(producing, consumer(consumer, consumerEnvironment, work)));
        Process out = pipeline.get(0);
        Process in = pipeline.get(1);
        long deadline = ChildProcess.deadline(timeout);
        try (Interruption.Registration stop = ChildProcess.stopOnInterrupt(out, in)) {
            out.getOutputStream().close();
            int producerExit = exit(out, deadline, in, producer, timeout);
            boolean stopped = producerExit != 0 && in.isAlive();
            if (stopped) {
                // the completion line is missing, so the consumer would fail anyway: do not wait for it
                ChildProcess.stop(in);
            }
            int consumerExit = exit(in, deadline, out, consumer, timeout);
            String consumerError = consumerError(work);
            // the consumer failed by itself (an SQL error) unless it was stopped or missed the completion line; the
            // producer then failed only for want of a reader (SIGPIPE, or EPIPE)
            boolean stoppedEarly = consumerExit != 0 && !stopped && !completion.missedIn(consumerError);
            return new Result(
                    stoppedEarly ? 0 : producerExit,
                    consumerExit,
                    stoppedEarly,
                    read(work.resolve("producer.err")),
                    consumerError);
        } catch (InterruptedException e) {
            throw interrupted(producer, consumer, e);
        } finally {
            ChildProcess.stop(in);
            ChildProcess.stop(out);
        }
    }

    /**
     * {@code producer | consumer} with this process pumping the pipe (where there is no {@code /bin/sh}), which
     * writes the completion line itself once the producer has exited successfully.
     *
     * @see #run
     */
    public static Result pumped(
            List<String> producer,
            List<String> consumer,
            Map<String, String> consumerEnvironment,
            Completion completion,
            Path work,
            Duration timeout)
            throws IOException {
        Process in = consumer(consumer, consumerEnvironment, work).start();
        Process out;
        try {
            out = new ProcessBuilder(producer)
                    .redirectError(work.resolve("producer.err").toFile())
                    .start();
        } catch (IOException e) {
            ChildProcess.stop(in);
            throw e;
        }
        long deadline = ChildProcess.deadline(timeout);
        try (Interruption.Registration stop = ChildProcess.stopOnInterrupt(out, in);
                InputStream source = out.getInputStream()) {
            OutputStream sink = in.getOutputStream();
            boolean stoppedEarly = !pump(source, sink);
            if (stoppedEarly) {
                ChildProcess.stop(out);
            }
            int producerExit = exit(out, deadline, in, producer, timeout);
            if (producerExit != 0 && !stoppedEarly) {
                // never let the consumer see the end of a failed producer's output
                ChildProcess.stop(in);
                in.waitFor();
            } else {
                stoppedEarly |= !finish(sink, stoppedEarly ? null : completion.line());
            }
            int consumerExit = exit(in, deadline, out, consumer, timeout);
            return new Result(
                    producerExit, consumerExit, stoppedEarly, read(work.resolve("producer.err")), consumerError(work));
        } catch (InterruptedException e) {
            throw interrupted(producer, consumer, e);
        } finally {
            ChildProcess.stop(in);
            ChildProcess.stop(out);
        }
    }

    /** The consumer, its output going to files in {@code work}. */
    private static ProcessBuilder consumer(List<String> consumer, Map<String, String> environment, Path work) {
        ProcessBuilder consuming = new ProcessBuilder(consumer)
                .redirectOutput(work.resolve("consumer.out").toFile())
                .redirectError(work.resolve("consumer.err").toFile());
        consuming.environment().putAll(environment);
        return consuming;
    }

    /** Copies the producer's output to the consumer; false when the consumer stopped reading. */
    private static boolean pump(InputStream source, OutputStream sink) throws IOException {
        byte[] buffer = new byte[BUFFER];
        for (int n = source.read(buffer); n >= 0; n = source.read(buffer)) {
            try {
                sink.write(buffer, 0, n);
            } catch (IOException consumerGone) {
                return false;
            }
        }
        return true;
    }

    /** Writes {@code line} (when not null) and closes the consumer's input; false when the consumer was gone. */
    private static boolean finish(OutputStream sink, String line) {
        try {
            if (line != null) {
                sink.write(line.getBytes(StandardCharsets.UTF_8));
            }
            sink.close();
            return true;
        } catch (IOException consumerGone) {
            return false;
        }
    }

    /** The exit code of {@code process}, or the failure of a tool that ran past the pipeline's deadline. */
    private static int exit(Process process, long deadline, Process other, List<String> command, Duration timeout)
            throws InterruptedException {
        if (!ChildProcess.awaitUntil(process, deadline, other)) {
            throw ChildProcess.timedOut(command, timeout, "");
        }
        return process.exitValue();
    }

    private static IOException interrupted(List<String> producer, List<String> consumer, InterruptedException e) {
        Thread.currentThread().interrupt();
        return new IOException("interrupted while waiting for " + producer.get(0) + " and " + consumer.get(0), e);
    }

    /** The consumer's standard error, else the end of its standard output. */
    private static String consumerError(Path work) throws IOException {
        String error = read(work.resolve("consumer.err"));
        return error.isBlank() ? read(work.resolve("consumer.out")) : error;
    }

    /** The end of a child's output file (at most 64 KiB), or "" when there is none. */
    private static String read(Path file) throws IOException {
        if (!Files.exists(file)) {
            return "";
        }
        long size = Files.size(file);
        try (FileChannel channel = FileChannel.open(file)) {
            long from = Math.max(0, size - KEPT_OUTPUT);
            ByteBuffer bytes = ByteBuffer.allocate((int) (size - from));
            channel.read(bytes, from);
            return new String(bytes.array(), StandardCharsets.UTF_8);
        }
    }
}
