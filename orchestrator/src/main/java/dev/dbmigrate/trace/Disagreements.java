package dev.dbmigrate.trace;

import dev.dbmigrate.lint.Finding;
import dev.dbmigrate.trace.Disagreement.Kind;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;

/**
 * The comparison of measured facts with the static rules that predict them: rewrites ({@code table-rewrite},
 * {@code volatile-default}), ACCESS EXCLUSIVE without a lock timeout ({@code lock-timeout-missing}), and the SHARE lock
 * of an index built without {@code CONCURRENTLY} ({@code create-index-not-concurrent}). A finding is matched to the
 * statement on its line in the same file (a finding without a line, to every statement of its file).
 */
final class Disagreements {
    static final Set<String> REWRITE_RULES = Set.of("table-rewrite", "volatile-default");
    static final String LOCK_TIMEOUT_RULE = "lock-timeout-missing";
    static final String INDEX_RULE = "create-index-not-concurrent";
    /** A TRUNCATE gives its table a new file node too, and has a rule of its own. */
    static final String TRUNCATE_RULE = "truncate";

    private final List<Finding> findings;
    private final List<Disagreement> found = new ArrayList<>();

    private Disagreements(List<Finding> findings) {
        this.findings = List.copyOf(findings);
    }

    static List<Disagreement> of(List<MigrationTrace> migrations, List<Finding> findings) {
        Disagreements d = new Disagreements(findings);
        for (MigrationTrace m : migrations) {
            for (StatementTrace s : m.statements()) {
                d.compare(m, s);
            }
            d.unmatched(m);
        }
        return List.copyOf(d.found);
    }

    private void compare(MigrationTrace m, StatementTrace s) {
        boolean rewriteFlagged = flagged(m, s.line(), REWRITE_RULES) || flagged(m, s.line(), Set.of(TRUNCATE_RULE));
        if (!s.rewrote().isEmpty() && !rewriteFlagged) {
            add(
                    m,
                    s.line(),
                    "table-rewrite",
                    Kind.MISSED,
                    "a rule missed a rewrite: the statement wrote "
                            + String.join(", ", s.rewrote())
                            + " anew (its file node changed), and neither table-rewrite nor"
                            + " volatile-default flagged it");
        }
        List<LockTaken> exclusive = s.locks().stream()
                .filter(l -> l.mode() == LockMode.ACCESS_EXCLUSIVE)
                .toList();
        if (!exclusive.isEmpty() && s.withoutLockTimeout() && !flagged(m, s.line(), Set.of(LOCK_TIMEOUT_RULE))) {
            add(
                    m,
                    s.line(),
                    LOCK_TIMEOUT_RULE,
                    Kind.MISSED,
                    "a rule missed a lock without a timeout: the statement"
                            + " took ACCESS EXCLUSIVE on " + relations(exclusive)
                            + " with no lock_timeout in force, and "
                            + LOCK_TIMEOUT_RULE + " did not flag it");
        }
        List<LockTaken> share = shareOnly(s);
        if (!share.isEmpty() && m.inTransaction() && !flagged(m, s.line(), Set.of(INDEX_RULE))) {
            add(
                    m,
                    s.line(),
                    INDEX_RULE,
                    Kind.MISSED,
                    "a rule missed a write lock: the statement took SHARE on "
                            + relations(share)
                            + " (as CREATE INDEX without CONCURRENTLY does: writes wait until the commit),"
                            + " and " + INDEX_RULE + " did not flag it");
        }
    }

    /** Findings of the compared rules that name a statement of {@code m} which did not do what they say. */
    private void unmatched(MigrationTrace m) {
        for (Finding f : findings) {
            if (!sameFile(f.file(), m.path()) || f.line() == null) {
                continue;
            }
            StatementTrace s = m.at(f.line());
            if (s == null) {
                continue; // not traced (the migration failed before it), or a line that starts no statement
            }
            if (REWRITE_RULES.contains(f.ruleId()) && s.rewrote().isEmpty()) {
                add(
                        m,
                        s.line(),
                        f.ruleId(),
                        Kind.FLAGGED_WRONGLY,
                        f.ruleId() + " flagged a rewrite that did not"
                                + " happen: no table's file node changed when the statement ran");
            } else if (f.ruleId().equals(LOCK_TIMEOUT_RULE) && !(s.tookAccessExclusive() && s.withoutLockTimeout())) {
                add(
                        m,
                        s.line(),
                        f.ruleId(),
                        Kind.FLAGGED_WRONGLY,
                        f.ruleId() + " flagged a lock without a timeout"
                                + " that the trace did not measure: "
                                + (s.tookAccessExclusive()
                                        ? "lock_timeout " + s.lockTimeout() + " was in force"
                                        : "the statement took no ACCESS EXCLUSIVE lock on an existing relation"));
            } else if (f.ruleId().equals(INDEX_RULE) && shareOnly(s).isEmpty()) {
                add(
                        m,
                        s.line(),
                        f.ruleId(),
                        Kind.FLAGGED_WRONGLY,
                        f.ruleId() + " flagged a write lock that the"
                                + " trace did not measure: the statement took no SHARE lock on an existing table");
            }
        }
    }

    /**
     * The SHARE locks of a statement on relations it took nothing stronger on: what CREATE INDEX takes (a rewrite
     * takes SHARE beside ACCESS EXCLUSIVE as it rebuilds the indexes, and that is no index build to flag).
     */
    private static List<LockTaken> shareOnly(StatementTrace s) {
        return s.locks().stream()
                .filter(l -> l.mode() == LockMode.SHARE)
                .filter(l -> s.locks().stream()
                        .noneMatch(o ->
                                o.relation().equals(l.relation()) && o.mode().compareTo(LockMode.SHARE) > 0))
                .toList();
    }

    private boolean flagged(MigrationTrace m, int line, Set<String> rules) {
        return findings.stream()
                .anyMatch(f -> rules.contains(f.ruleId())
                        && sameFile(f.file(), m.path())
                        && (f.line() == null || f.line() == line));
    }

    private static boolean sameFile(Path a, Path b) {
        return a != null
                && b != null
                && a.toAbsolutePath().normalize().equals(b.toAbsolutePath().normalize());
    }

    private static String relations(List<LockTaken> locks) {
        return String.join(
                ", ", locks.stream().map(LockTaken::relation).distinct().toList());
    }

    private void add(MigrationTrace m, int line, String rule, Kind kind, String message) {
        found.add(new Disagreement(m.path(), m.script(), line, rule, kind, message));
    }
}
