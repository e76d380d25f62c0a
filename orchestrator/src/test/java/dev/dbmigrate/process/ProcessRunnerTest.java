package dev.dbmigrate.process;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
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
        List<String> producer = List.of("sh", "-c", "echo partial; sleep 0.5; echo 'read error' >&2; exit 3");
        for (String said : List.of("incomplete", "error: backslash commands are restricted")) {
            ProcessPipeline.Result cut = ProcessPipeline.run(
                    producer,
                    List.of("sh", "-c", "echo '" + said + "' >&2; exit 1"),
                    Map.of(),
                    completion,
                    work,
                    Duration.ofSeconds(30));
            assertEquals(3, cut.producerExit(), said);
            assertFalse(cut.consumerStoppedEarly(), said);
            assertEquals("read error\n", cut.producerError(), said);
        }
        ProcessPipeline.Result own = ProcessPipeline.run(
                producer,
                List.of("sh", "-c", "echo 'ERROR: syntax error' >&2; exit 1"),
                Map.of(),
                completion,
                work,
                Duration.ofSeconds(30));
        assertTrue(own.consumerStoppedEarly(), "the consumer's own failure");
        assertEquals(0, own.producerExit(), "the producer failed only for want of a reader");
        assertEquals("ERROR: syntax error\n", own.consumerError());
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
