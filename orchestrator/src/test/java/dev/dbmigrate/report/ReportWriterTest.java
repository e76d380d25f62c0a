package dev.dbmigrate.report;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.dbmigrate.promote.DeploymentStats;
import dev.dbmigrate.promote.PromotionReport;
import dev.dbmigrate.promote.PromotionReport.Outcome;
import dev.dbmigrate.promote.StepResult;
import dev.dbmigrate.promote.StepResult.Status;
import dev.dbmigrate.verify.DatabaseStats;
import java.io.StringReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import javax.xml.parsers.DocumentBuilderFactory;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.w3c.dom.Document;
import org.w3c.dom.Element;
import org.xml.sax.InputSource;

class ReportWriterTest {
    @TempDir
    Path dir;

    private static PromotionReport report(String detail) {
        return new PromotionReport(
                "run-1",
                "staging",
                "prod",
                Instant.parse("2026-11-25T10:15:00Z"),
                Duration.ofMillis(1234),
                Outcome.ROLLED_BACK,
                "2",
                "2",
                0,
                List.of(
                        new StepResult("preflight", null, Status.PASSED, Duration.ofMillis(10), "ok"),
                        new StepResult("verify prod", "prod", Status.FAILED, Duration.ofMillis(5), detail),
                        StepResult.skipped("backup prod", "prod")),
                Map.of("prod", "rolled back"),
                List.of(),
                "promote stopped: " + detail);
    }

    /** Production before and after a deployment that added one table. */
    private static DeploymentStats prodStats() {
        Instant at = Instant.parse("2026-11-25T10:15:00Z");
        DatabaseStats before = new DatabaseStats("app", 8_000_000, List.of("public"), List.of(), List.of(), at);
        DatabaseStats after = new DatabaseStats(
                "app",
                8_016_384,
                List.of("public"),
                List.of(new DatabaseStats.TableStats("public", "songs", 16_384, 8_192, 8_192, 0)),
                List.of(),
                at);
        return new DeploymentStats("prod", before, after, DatabaseStats.compare(before, after));
    }

    @Test
    void jsonCarriesEachEnvironmentsStatisticsAndTheMarkdownOfTheChanges() {
        PromotionReport promoted = new PromotionReport(
                "run-4",
                "staging",
                "prod",
                Instant.parse("2026-11-25T10:15:00Z"),
                Duration.ofMillis(900),
                Outcome.PROMOTED,
                "1",
                "2",
                1,
                List.of(new StepResult("preflight", null, Status.PASSED, Duration.ofMillis(10), "ok")),
                Map.of("prod", "promoted"),
                List.of(prodStats()),
                "promoted");

        String json = ReportWriter.json(promoted);

        assertTrue(
                json.contains("  \"stats\": {\n    \"prod\": {\n      \"before\": {\n        \"database\": \"app\","),
                json);
        assertTrue(json.contains("\"change\": {\n        \"databaseSizeBefore\": 8000000,"), json);
        assertTrue(
                json.contains("    \"markdown\": \"#### prod: what the deployment changed\\n\\n- Database size:"),
                json);
        assertTrue(ReportWriter.json(report("x")).contains("\"stats\": {}"));
    }

    @Test
    void junitXmlHasOneTestCasePerStepWithFailuresAndSkipsAndEscapedText() throws Exception {
        String xml = ReportWriter.junit(report("'a' returned <3> rows & \"more\""));
        assertTrue(xml.contains("tests=\"3\" failures=\"1\" errors=\"0\" skipped=\"1\" time=\"1.234\""), xml);
        assertTrue(xml.contains("<failure message=\"'a' returned &lt;3&gt; rows &amp; &quot;more&quot;\">"), xml);
        Element failure = (Element) parse(xml).getElementsByTagName("failure").item(0);
        assertEquals("'a' returned <3> rows & \"more\"", failure.getAttribute("message"));
        assertEquals("'a' returned <3> rows & \"more\"", failure.getTextContent());
        assertTrue(
                xml.contains("<testcase classname=\"migrate.promote.prod\" name=\"backup prod\" time=\"0.000\">\n"
                        + "    <skipped message=\"not run\"/>"),
                xml);
        assertTrue(xml.contains("<testcase classname=\"migrate.promote.preflight\" name=\"preflight\""), xml);
    }

    @Test
    void junitXmlParsesAndKeepsAStepNameWithMarkupQuotesAndAControlCharacter() throws Exception {
        String name = "check <rows> & \"quotes\"\u0001 done";
        PromotionReport report = new PromotionReport(
                "run-3",
                "staging",
                "prod",
                Instant.parse("2026-11-25T10:15:00Z"),
                Duration.ofMillis(5),
                Outcome.STOPPED,
                "1",
                "1",
                0,
                List.of(new StepResult(name, "prod", Status.FAILED, Duration.ofMillis(5), name)),
                Map.of("prod", "not touched"),
                List.of(),
                name);

        Document xml = parse(ReportWriter.junit(report));

        // XML 1.0 cannot carry U+0001: it becomes a space, everything else is kept as it was
        String kept = "check <rows> & \"quotes\"  done";
        Element testcase = (Element) xml.getElementsByTagName("testcase").item(0);
        assertEquals(kept, testcase.getAttribute("name"));
        Element failure = (Element) testcase.getElementsByTagName("failure").item(0);
        assertEquals(kept, failure.getAttribute("message"));
        assertEquals(kept, failure.getTextContent());
        assertEquals(kept, xml.getElementsByTagName("system-out").item(0).getTextContent());
        assertEquals("1", xml.getDocumentElement().getAttribute("failures"));
    }

    private static Document parse(String xml) throws Exception {
        return DocumentBuilderFactory.newInstance().newDocumentBuilder().parse(new InputSource(new StringReader(xml)));
    }

    @Test
    void githubSummaryStaysUnderOneMebibyteAndOutputsAreWritten() throws Exception {
        Path summary = dir.resolve("summary.md");
        Path output = dir.resolve("output.txt");
        String huge = "x".repeat(1_500_000);
        ReportWriter.write(
                report(huge),
                dir.resolve("reports"),
                Map.of("GITHUB_STEP_SUMMARY", summary.toString(), "GITHUB_OUTPUT", output.toString()));
        long size = Files.size(summary);
        assertTrue(size <= ReportWriter.GITHUB_SUMMARY_LIMIT, "summary has " + size + " bytes");
        assertTrue(Files.readString(summary, StandardCharsets.UTF_8)
                .endsWith("the full report is in target/migrate/)_\n"));
        assertEquals("from_version=2\nto_version=2\napplied=0\noutcome=rolled-back\n", Files.readString(output));
        assertEquals(3, Files.list(dir.resolve("reports")).count());
    }

    @Test
    void truncationNeverSplitsAMultiByteCharacter() {
        String text = "é".repeat(600_000);
        String cut = ReportWriter.truncate(text, 1_000_000);
        assertTrue(cut.getBytes(StandardCharsets.UTF_8).length <= 1_000_000);
        assertTrue(!cut.contains("\uFFFD"), "no replacement character");
    }

    @Test
    void markdownNestsItsHeadingsSaysWhyAStepDidNotRunAndShowsAnUntouchedTargetsVersion() {
        PromotionReport stopped = new PromotionReport(
                "run-2",
                "staging",
                "prod",
                Instant.parse("2026-11-25T10:15:00Z"),
                Duration.ofMillis(900),
                Outcome.STOPPED,
                "4",
                "4",
                0,
                List.of(
                        new StepResult("preflight", null, Status.PASSED, Duration.ofMillis(10), "ok"),
                        new StepResult("upgrade staging", "staging", Status.FAILED, Duration.ofMillis(5), "boom"),
                        new StepResult(
                                "backup prod",
                                "prod",
                                Status.SKIPPED,
                                Duration.ZERO,
                                "not reached: promote stopped at upgrade staging")),
                Map.of("staging", "rolled back", "prod", "not touched: staging failed first"),
                List.of(prodStats()),
                "promote stopped: boom");

        String md = ReportWriter.markdown(stopped);

        assertTrue(md.contains("| prod version before | 4 |\n| prod version after | 4 (unchanged) |\n"), md);
        assertTrue(
                md.contains("| backup prod | ⏭ not run | – | not reached: promote stopped at upgrade staging |"), md);
        assertFalse(md.contains("not run |  |"), md);
        int level = 1;
        for (String line : md.lines().filter(l -> l.startsWith("#")).toList()) {
            int next = line.indexOf(' ');
            assertTrue(next <= level + 1, "heading '" + line + "' skips a level in:\n" + md);
            level = next;
        }
        assertTrue(md.contains("### Database changes\n\n#### prod: what the deployment changed"), md);

        PromotionReport notRead = new PromotionReport(
                "run-3",
                "staging",
                "prod",
                Instant.parse("2026-11-25T10:15:00Z"),
                Duration.ofMillis(900),
                Outcome.STOPPED,
                null,
                null,
                0,
                List.of(new StepResult("preflight", null, Status.FAILED, Duration.ofMillis(10), "unreachable")),
                Map.of("prod", "not touched"),
                List.of(),
                "promote stopped before changing anything: unreachable");
        assertTrue(
                ReportWriter.markdown(notRead)
                        .contains("| prod version before | not read |\n"
                                + "| prod version after | not read (unchanged) |\n"),
                ReportWriter.markdown(notRead));
    }
}
