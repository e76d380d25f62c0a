package dev.dbmigrate.lint;

import java.util.ArrayList;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * A statement that takes an ACCESS EXCLUSIVE lock on an existing relation ({@link AccessExclusive}) with no
 * {@code lock_timeout} in force: neither the profile's {@code lockTimeout} nor a {@code SET [LOCAL] lock_timeout} (or
 * {@code set_config('lock_timeout', ...)}) earlier in the script. Queued behind one long transaction, it blocks every
 * query on the relation until it gets its lock: the seed's "consider downtime". A warning, as a short lock may be
 * fine; one finding per migration, at its first such statement, naming how many more there are.
 */
final class LockTimeoutMissingRule extends SqlRule {
    @Override
    public String id() {
        return "lock-timeout-missing";
    }

    @Override
    public Severity severity() {
        return Severity.WARNING;
    }

    @Override
    public String description() {
        return "a statement that takes an ACCESS EXCLUSIVE lock on an existing table needs a lock_timeout, or it"
                + " blocks every query behind a long transaction";
    }

    @Override
    public String alternative() {
        return "set lockTimeout in the environment profile (and lockRetries), or begin the migration with SET LOCAL"
                + " lock_timeout = '5s'";
    }

    @Override
    String problem(LintStatement statement, MigrationSql sql, LintContext context) {
        List<Map.Entry<LintStatement, String>> unguarded =
                context.derived(Unguarded.class, c -> new Unguarded()).of(sql, context);
        if (unguarded.isEmpty() || unguarded.get(0).getKey() != statement) {
            return null;
        }
        Optional<String> locked = Optional.of(unguarded.get(0).getValue());
        List<String> lines = unguarded.stream()
                .skip(1)
                .map(e -> String.valueOf(e.getKey().line()))
                .toList();
        return statement.summary() + " takes an ACCESS EXCLUSIVE lock on " + locked.orElseThrow()
                + " with no lock_timeout in force (none in the profile, none set by the script before it): queued"
                + " behind one long transaction, it blocks every query on it until it gets the lock"
                + (lines.isEmpty()
                        ? ""
                        : lines.size() == 1
                                ? "; so does 1 more statement of this migration (line " + lines.get(0) + ")"
                                : "; so do " + lines.size() + " more statements of this migration (lines "
                                        + String.join(", ", lines) + ")");
    }

    /**
     * The statements of each migration that take ACCESS EXCLUSIVE on an existing relation with no lock timeout in
     * force, each with that relation, found once per migration (the rule is asked about every statement).
     */
    private static final class Unguarded {
        private final Map<MigrationSql, List<Map.Entry<LintStatement, String>>> bySql = new IdentityHashMap<>();

        List<Map.Entry<LintStatement, String>> of(MigrationSql sql, LintContext context) {
            return bySql.computeIfAbsent(sql, s -> scan(s, context));
        }

        private static List<Map.Entry<LintStatement, String>> scan(MigrationSql sql, LintContext context) {
            List<Map.Entry<LintStatement, String>> unguarded = new ArrayList<>();
            boolean inForce = timeout(context.lockTimeout());
            for (LintStatement s : sql.statements()) {
                Optional<Boolean> set = setsTimeout(s, context);
                if (set.isPresent()) {
                    inForce = set.get();
                } else if (!inForce) {
                    AccessExclusive.lockedBy(s, sql).ifPresent(relation -> unguarded.add(Map.entry(s, relation)));
                }
            }
            return unguarded;
        }
    }

    /**
     * Whether {@code s} sets {@code lock_timeout}, and to a value in force (true) or to none (false); empty when it
     * does not touch it. {@code RESET} and {@code DEFAULT} go back to the profile's.
     */
    private static Optional<Boolean> setsTimeout(LintStatement s, LintContext context) {
        if (s.startsWith("RESET", "lock_timeout") || s.startsWith("RESET", "ALL")) {
            return Optional.of(timeout(context.lockTimeout()));
        }
        int at = s.startsWith("SET", "lock_timeout")
                ? 2
                : s.startsWith("SET", "LOCAL", "lock_timeout") || s.startsWith("SET", "SESSION", "lock_timeout")
                        ? 3
                        : -1;
        if (at > 0) {
            int value = s.token(at).filter(t -> t.isSymbol("=") || t.is("TO")).isPresent() ? at + 1 : at;
            return s.token(value).map(t -> t.is("DEFAULT") ? timeout(context.lockTimeout()) : timeout(t.text()));
        }
        int config = s.indexOf(0, "set_config");
        if (s.startsWith("SELECT") && config >= 0) {
            List<Token> strings = s.tokens().stream()
                    .skip(config)
                    .filter(t -> t.kind() == Token.Kind.STRING)
                    .toList();
            if (strings.size() >= 2 && strings.get(0).text().equalsIgnoreCase("lock_timeout")) {
                return Optional.of(timeout(strings.get(1).text()));
            }
        }
        return Optional.empty();
    }

    /** Whether {@code value} is a lock timeout in force: set, and not zero. */
    private static boolean timeout(String value) {
        return value != null && !value.strip().matches("0+(\\.0*)?\\s*(us|ms|s|min|h|d)?");
    }
}
