package dev.dbmigrate.report;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.dbmigrate.lint.LintReport;
import dev.dbmigrate.trace.Disagreement;
import dev.dbmigrate.trace.LockTaken;
import dev.dbmigrate.trace.MigrationTrace;
import dev.dbmigrate.trace.StatementTrace;
import dev.dbmigrate.trace.TraceReport;
import java.util.ArrayList;
import java.util.List;

/**
 * The trace of a lint run ({@code -Dmigrate.lint.trace=true}) beside its findings: each traced migration, statement by
 * statement (locks, rewrites, how long a lock that stops writes is held, what ran after ACCESS EXCLUSIVE), the blocker
 * rehearsal's verdicts, and where the measurements and the rules disagree.
 */
public final class TraceOutput {
    private TraceOutput() {}

    /** The trace as text, one block per migration, then the disagreements. */
    public static String text(TraceReport trace, List<Disagreement> disagreements) {
        StringBuilder out =
                new StringBuilder("trace, in a throwaway database built by the migrations before each, with "
                        + trace.lockTimeoutText() + ":\n");
        for (MigrationTrace m : trace.migrations()) {
            out.append(m.script())
                    .append(
                            m.inTransaction()
                                    ? " (one transaction)"
                                    : " (statement by statement, outside a transaction)")
                    .append('\n');
            for (StatementTrace s : m.statements()) {
                out.append("  line ")
                        .append(s.line())
                        .append(" (")
                        .append(s.sql())
                        .append("): ")
                        .append(s.summary())
                        .append('\n');
            }
            if (m.failure() != null) {
                out.append("  failed: ").append(m.failure()).append('\n');
            }
            for (String blocker : m.blockers()) {
                out.append("  behind an open transaction: ").append(blocker).append('\n');
            }
            m.notes().forEach(note -> out.append("  note: ").append(note).append('\n'));
        }
        if (disagreements.isEmpty()) {
            out.append("the measurements agree with the rules\n");
        }
        disagreements.forEach(d -> out.append("disagreement: ").append(d.text()).append('\n'));
        return out.toString();
    }

    /** The trace's part of the JSON report: {@code migrations} (file, statements with line, locks, rewrote) and more. */
    public static void json(ObjectNode root, LintReport report, TraceReport trace, List<Disagreement> disagreements) {
        ObjectNode about = Json.object();
        about.put("lockTimeout", trace.lockTimeout());
        about.put("serverStartMs", trace.serverStart().toMillis());
        about.put("builtMs", trace.built().toMillis());
        about.put("tracedMs", trace.traced().toMillis());
        root.set("trace", about);
        List<JsonNode> migrations = new ArrayList<>();
        for (MigrationTrace m : trace.migrations()) {
            ObjectNode node = Json.object();
            node.put("file", report.shown(m.path()));
            node.put("version", m.version());
            node.put("inTransaction", m.inTransaction());
            List<JsonNode> statements = new ArrayList<>();
            m.statements().forEach(s -> statements.add(statement(s)));
            node.set("statements", Json.array(statements));
            node.set("readTables", Json.strings(m.readTables()));
            node.put("failure", m.failure());
            node.set("notes", Json.strings(m.notes()));
            migrations.add(node);
        }
        root.set("migrations", Json.array(migrations));
        List<JsonNode> differ = new ArrayList<>();
        for (Disagreement d : disagreements) {
            ObjectNode node = Json.object();
            node.put("file", report.shown(d.file()));
            node.put("line", d.line());
            node.put("ruleId", d.ruleId());
            node.put("kind", LintOutput.word(d.kind()));
            node.put("message", d.message());
            differ.add(node);
        }
        root.set("disagreements", Json.array(differ));
    }

    private static ObjectNode statement(StatementTrace s) {
        ObjectNode node = Json.object();
        node.put("line", s.line());
        node.put("sql", s.sql());
        node.put("durationMs", s.durationMs());
        List<JsonNode> locks = new ArrayList<>();
        for (LockTaken lock : s.locks()) {
            ObjectNode l = Json.object();
            l.put("relation", lock.relation());
            l.put("mode", lock.mode().words());
            locks.add(l);
        }
        node.set("locks", Json.array(locks));
        node.set("rewrote", Json.strings(s.rewrote()));
        node.set("rebuiltIndexes", Json.strings(s.rebuiltIndexes()));
        node.put("afterAccessExclusive", s.afterAccessExclusive());
        node.put("lockTimeout", s.lockTimeout());
        node.put("strongLockHeldMs", s.strongLockHeldMs());
        if (s.blocked() != null) {
            ObjectNode b = Json.object();
            b.set("behind", Json.strings(s.blocked().behind()));
            b.put("waitedMs", s.blocked().waitedMs());
            b.put("sqlState", s.blocked().sqlState());
            b.put("lockTimeout", s.blocked().lockTimeout());
            b.put("source", LintOutput.word(s.blocked().source()));
            b.put("wouldQueue", s.blocked().wouldQueue());
            b.put("verdict", s.blocked().verdict());
            node.set("blocked", b);
        }
        return node;
    }
}
