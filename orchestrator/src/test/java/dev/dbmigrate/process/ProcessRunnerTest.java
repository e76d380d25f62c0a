package dev.dbmigrate.process;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.dbmigrate.error.ErrorCode;
import dev.dbmigrate.error.MigrateException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The process layer's one way to run a tool and to join two by a pipe, with real (tiny) child processes. */
@Tag("process")
class ProcessRunnerTest {
    @TempDir
    Path work;

    @Test
    void runReturnsTheCommandItsExitCodeAndBothStreamsWithTheExtraEnvironment() {
        ProcessResult result = ProcessRunner.run(
                List.of("sh", "-c", "echo \"out $EXTRA\"; echo err >&2; exit 3"),
                Map.of("EXTRA", "set"),
                Duration.ofSeconds(30));
        assertEquals(List.of("sh", "-c", "echo \"out $EXTRA\"; echo err >&2; exit 3"), result.command());
        assertEquals(3, result.exitCode());
        assertEquals("out set\n", result.stdout());
        assertEquals("err\n", result.stderr());
    }

    @Test
    void aToolPastItsTimeoutIsStoppedWithTheToolsItStartedAndNamedWithWhatItPrinted() {
        long started = System.nanoTime();
        MigrateException e = assertThrows(
                MigrateException.class,
                () -> ProcessRunner.run(
                        List.of("sh", "-c", "echo starting >&2; sleep 60"), Map.of(), Duration.ofSeconds(1)));
        assertEquals(ErrorCode.ENVIRONMENT, e.code());
        assertEquals(
                "sh -c echo starting >&2; sleep 60 did not finish within 1 s and was stopped; starting",
                e.getMessage());
        // sleep, which holds the output open, is killed with its shell
        assertTrue(Duration.ofNanos(System.nanoTime() - started).compareTo(Duration.ofSeconds(30)) < 0);
    }

    @Test
    void aStoppedToolEndsWithAFailingExitCode() {
        ProcessRunner.Running running = ProcessRunner.start(List.of("sleep", "60"), Map.of(), Duration.ofMinutes(1));
        running.stop();
        assertNotEquals(0, running.await().exitCode());
    }

    @Test
    void aProgramThatCannotBeStartedIsNamed() {
        MigrateException e = assertThrows(
                MigrateException.class,
                () -> ProcessRunner.run(List.of(work.resolve("missing").toString()), Map.of(), Duration.ofSeconds(5)));
        assertEquals(ErrorCode.ENVIRONMENT, e.code());
        assertTrue(e.getMessage().startsWith("could not run " + work.resolve("missing") + ": "), e.getMessage());
        assertTrue(e.getMessage().endsWith(" (check that the program exists and is executable)"), e.getMessage());
    }

    @Test
    void aPipelinePastItsTimeoutStopsBothToolsAndNamesTheOneThatDidNotFinish() {
        ProcessPipeline.Completion completion = new ProcessPipeline.Completion("done\n", List.of("incomplete"));
        MigrateException e = assertThrows(
                MigrateException.class,
                () -> ProcessPipeline.run(
                        List.of("sleep", "60"), List.of("cat"), Map.of(), completion, work, Duration.ofSeconds(1)));
        assertEquals("sleep 60 did not finish within 1 s and was stopped", e.getMessage());
    }

    /**
     * A consumer that ended before the producer did is the pipeline's own failure only when it does not say its input
     * was cut: any of the completion's texts means the producer's failure came first (a psql that met pg_restore's
     * restriction, never lifted by a pg_restore cut short, says so in other words than the postamble's guard).
     */
    @Test
    void aConsumerThatSaysItsInputWasCutLeavesTheFailureToTheProducerWhicheverEndsFirst() throws Exception {
        ProcessPipeline.Completion completion =
                new ProcessPipeline.Completion("done\n", List.of("incomplete", "commands are restricted"));
        // the consumer ends first: the producer fails only once the consumer has left its mark and some time after;
        // it writes nothing the ended consumer could refuse (that would be SIGPIPE's exit 141, not its own)
        Path ended = work.resolve("consumer-ended");
        List<String> producer = List.of(
                "sh",
                "-c",
                "while [ ! -e '" + ended + "' ]; do sleep 0.02; done; sleep 0.3; echo 'read error' >&2; exit 3");
        for (String said : List.of("incomplete", "error: backslash commands are restricted", "ERROR: syntax error")) {
            Files.deleteIfExists(ended);
            ProcessPipeline.Result result = ProcessPipeline.run(
                    producer,
                    List.of("sh", "-c", "echo '" + said + "' >&2; touch '" + ended + "'; exit 1"),
                    Map.of(),
                    completion,
                    work,
                    Duration.ofSeconds(30));
            boolean cut = !said.startsWith("ERROR");
            assertEquals(!cut, result.consumerStoppedEarly(), said);
            assertEquals(said + "\n", result.consumerError(), said);
            if (cut) {
                assertEquals(3, result.producerExit(), said);
                assertEquals("read error\n", result.producerError(), said);
            } else {
                assertEquals(0, result.producerExit(), "the producer failed only for want of a reader");
            }
        }
    }

    @Test
    void bothPipelinesFollowACompletedProducersOutputWithTheCompletionLine() throws Exception {
        ProcessPipeline.Completion completion = new ProcessPipeline.Completion("done\n", List.of("incomplete"));
        List<String> consumer = List.of("sh", "-c", "cat > '" + work.resolve("seen") + "'");
        ProcessPipeline.Result os = ProcessPipeline.run(
                List.of("echo", "data"), consumer, Map.of(), completion, work, Duration.ofSeconds(30));
        assertEquals(0, os.producerExit());
        assertEquals(0, os.consumerExit());
        assertEquals("data\ndone\n", Files.readString(work.resolve("seen")));
        ProcessPipeline.Result pumped = ProcessPipeline.pumped(
                List.of("echo", "data"), consumer, Map.of(), completion, work, Duration.ofSeconds(30));
        assertEquals(0, pumped.consumerExit());
        assertEquals("data\ndone\n", Files.readString(work.resolve("seen")));
    }
}
