package dev.dbmigrate.report;

import java.io.StringWriter;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import javax.xml.stream.XMLOutputFactory;
import javax.xml.stream.XMLStreamException;
import javax.xml.stream.XMLStreamWriter;

/**
 * JUnit XML as CI systems read it (Jenkins, GitLab, GitHub's test reporters): one {@code testsuite} of test cases,
 * each passed or failed with a message and its details, and the suite's summary as its {@code system-out}. The reports
 * of {@code test-rollback} ({@link RehearsalOutput}), {@code lint} ({@link LintOutput}) and {@code promote}
 * ({@link ReportWriter}) are written with it.
 */
final class JunitXml {
    private JunitXml() {}

    /**
     * One test case.
     *
     * @param classname      its class name, the goal's: {@code migrate.lint}
     * @param name           its name: the migration file
     * @param millis         how long it took, or null when it has no duration of its own
     * @param failureMessage the failure's one-line message, or null when it passed
     * @param failureText    the failure's details
     * @param skipped        why it did not run ({@code not run}), or null when it ran
     */
    record Case(String classname, String name, Long millis, String failureMessage, String failureText, String skipped) {
        boolean passed() {
            return failureMessage == null && skipped == null;
        }
    }

    /** The suite {@code name} of {@code cases}, taking {@code millis} in all, with {@code summary} as its output. */
    static String suite(String name, List<Case> cases, long millis, String summary) {
        return suite(name, cases, millis, summary, null, Map.of());
    }

    /**
     * The suite {@code name} of {@code cases}, taking {@code millis} in all, with {@code summary} as its output; with
     * its {@code timestamp} (null for none) and its {@code properties}, in the map's order.
     */
    static String suite(
            String name,
            List<Case> cases,
            long millis,
            String summary,
            String timestamp,
            Map<String, String> properties) {
        StringWriter out = new StringWriter();
        try {
            XMLStreamWriter xml = XMLOutputFactory.newDefaultFactory().createXMLStreamWriter(out);
            xml.writeStartDocument("UTF-8", "1.0");
            xml.writeCharacters("\n");
            xml.writeStartElement("testsuite");
            xml.writeAttribute("name", name);
            xml.writeAttribute("tests", String.valueOf(cases.size()));
            xml.writeAttribute(
                    "failures",
                    String.valueOf(cases.stream()
                            .filter(c -> c.failureMessage() != null)
                            .count()));
            xml.writeAttribute("errors", "0");
            xml.writeAttribute(
                    "skipped",
                    String.valueOf(
                            cases.stream().filter(c -> c.skipped() != null).count()));
            xml.writeAttribute("time", seconds(millis));
            if (timestamp != null) {
                xml.writeAttribute("timestamp", timestamp);
            }
            if (!properties.isEmpty()) {
                xml.writeCharacters("\n  ");
                xml.writeStartElement("properties");
                for (Map.Entry<String, String> p : properties.entrySet()) {
                    xml.writeCharacters("\n    ");
                    xml.writeEmptyElement("property");
                    xml.writeAttribute("name", p.getKey());
                    xml.writeAttribute("value", ReportWriter.text(p.getValue()));
                }
                xml.writeCharacters("\n  ");
                xml.writeEndElement();
            }
            for (Case c : cases) {
                testcase(xml, c);
            }
            xml.writeCharacters("\n  ");
            xml.writeStartElement("system-out");
            xml.writeCharacters(ReportWriter.text(summary));
            xml.writeEndElement();
            xml.writeCharacters("\n");
            xml.writeEndElement();
            xml.writeCharacters("\n");
            xml.writeEndDocument();
            xml.close();
        } catch (XMLStreamException e) {
            throw new IllegalStateException("cannot write the JUnit report: " + e.getMessage(), e);
        }
        return out.toString();
    }

    private static void testcase(XMLStreamWriter xml, Case c) throws XMLStreamException {
        xml.writeCharacters("\n  ");
        if (c.passed()) {
            xml.writeEmptyElement("testcase");
        } else {
            xml.writeStartElement("testcase");
        }
        xml.writeAttribute("classname", c.classname());
        xml.writeAttribute("name", ReportWriter.text(c.name()));
        if (c.millis() != null) {
            xml.writeAttribute("time", seconds(c.millis()));
        }
        if (c.passed()) {
            return;
        }
        xml.writeCharacters("\n    ");
        if (c.skipped() != null) {
            xml.writeEmptyElement("skipped");
            xml.writeAttribute("message", c.skipped());
        } else {
            xml.writeStartElement("failure");
            xml.writeAttribute("message", ReportWriter.text(c.failureMessage()));
            xml.writeCharacters(ReportWriter.text(c.failureText()));
            xml.writeEndElement();
        }
        xml.writeCharacters("\n  ");
        xml.writeEndElement();
    }

    private static String seconds(long millis) {
        return String.format(Locale.ROOT, "%.3f", millis / 1000.0);
    }
}
