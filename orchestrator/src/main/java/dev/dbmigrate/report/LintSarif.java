package dev.dbmigrate.report;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.dbmigrate.lint.Finding;
import dev.dbmigrate.lint.LintReport;
import dev.dbmigrate.lint.Severity;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.List;
import java.util.Properties;

/**
 * A lint report as SARIF 2.1.0, the format code-scanning tools (GitHub, GitLab, Azure DevOps) read to annotate pull
 * requests: one run whose driver lists every rule (id, description, alternative as help, severity as default level),
 * and a result per finding with its rule, level, message and location (the file relative to the project, with the line
 * when there is one). A silenced finding is a result with an in-source suppression carrying the comment's reason.
 */
final class LintSarif {
    /** The JSON schema of SARIF 2.1.0, as OASIS publishes it. */
    static final String SCHEMA =
            "https://docs.oasis-open.org/sarif/sarif/v2.1.0/errata01/os/schemas/sarif-schema-2.1.0.json";

    /** The driver's name. */
    static final String TOOL = "migrate lint";

    private LintSarif() {}

    /** The report as a SARIF 2.1.0 log. */
    static ObjectNode sarif(LintReport report) {
        ObjectNode root = Json.object();
        root.put("$schema", SCHEMA);
        root.put("version", "2.1.0");
        ObjectNode run = Json.object();
        ObjectNode driver = Json.object();
        driver.put("name", TOOL);
        driver.put("version", version());
        // no informationUri (optional in SARIF): the project publishes no address; the rules are in docs/lint.md
        List<JsonNode> rules = new ArrayList<>();
        List<String> ids = new ArrayList<>();
        for (LintReport.Kind kind : report.kinds()) {
            ids.add(kind.id());
            ObjectNode rule = Json.object();
            rule.put("id", kind.id());
            rule.set("shortDescription", text(kind.description()));
            rule.set("help", text(kind.alternative()));
            rule.set("defaultConfiguration", Json.object().put("level", level(kind.severity())));
            rules.add(rule);
        }
        driver.set("rules", Json.array(rules));
        run.set("tool", Json.object().set("driver", driver));
        List<JsonNode> results = new ArrayList<>();
        report.findings().forEach(f -> results.add(result(report, f, ids)));
        for (Finding f : report.silenced()) {
            ObjectNode suppression = Json.object().put("kind", "inSource").put("justification", report.reason(f));
            results.add(result(report, f, ids).set("suppressions", Json.array(List.of(suppression))));
        }
        run.set("results", Json.array(results));
        root.set("runs", Json.array(List.of(run)));
        return root;
    }

    private static ObjectNode result(LintReport report, Finding f, List<String> ids) {
        ObjectNode result = Json.object();
        result.put("ruleId", f.ruleId());
        if (ids.contains(f.ruleId())) {
            result.put("ruleIndex", ids.indexOf(f.ruleId()));
        }
        result.put("level", level(f.severity()));
        result.set("message", text(f.message()));
        ObjectNode physical = Json.object();
        physical.set(
                "artifactLocation",
                Json.object().put("uri", report.shown(f.file())).put("uriBaseId", "%SRCROOT%"));
        if (f.line() != null) {
            physical.set("region", Json.object().put("startLine", f.line()));
        }
        result.set("locations", Json.array(List.of(Json.object().set("physicalLocation", physical))));
        return result;
    }

    /** SARIF's level of a severity: {@code error} or {@code warning}. */
    static String level(Severity severity) {
        return switch (severity) {
            case ERROR -> "error";
            case WARNING -> "warning";
        };
    }

    private static ObjectNode text(String text) {
        return Json.object().put("text", text);
    }

    /** The tool's version, as the build wrote it into {@code tool.properties}. */
    static String version() {
        try (InputStream in = LintSarif.class.getResourceAsStream("tool.properties")) {
            Properties properties = new Properties();
            if (in != null) {
                properties.load(in);
            }
            String version = properties.getProperty("version", "");
            return version.isEmpty() || version.startsWith("${") ? "unknown" : version;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
