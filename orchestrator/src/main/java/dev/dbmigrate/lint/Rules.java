package dev.dbmigrate.lint;

import java.util.HashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;

/** The registry of rules, in the order their findings are reported. A new rule is one more entry in {@link #all}. */
public final class Rules {
    private final List<Rule> rules;

    /**
     * A registry of {@code rules}, in this order; fails when two share an id or one takes an id of
     * {@link Suppression}'s own findings.
     */
    public Rules(List<Rule> rules) {
        Set<String> ids = new HashSet<>(Set.of(Suppression.INVALID, Suppression.UNUSED));
        for (Rule rule : rules) {
            if (!ids.add(rule.id())) {
                throw new IllegalArgumentException("the rule id " + rule.id() + " is taken");
            }
        }
        this.rules = List.copyOf(rules);
    }

    /**
     * The rules of this release, in the order validate reports the same problems: entries that cannot be read, names,
     * duplicate versions, undo scripts, the encoding, then the statement rules: locks, indexes and constraints.
     */
    public static Rules all() {
        return new Rules(List.of(
                new UnusableEntryRule(),
                new NamingRule(),
                new DuplicateVersionRule(),
                new MissingUndoRule(),
                new NotUtf8Rule(),
                new ScriptSyntaxRule(),
                new CreateIndexNotConcurrentRule(),
                new ConcurrentInTransactionRule(),
                new IndexBesideChangesRule(),
                new ConstraintNotValidRule(),
                new UniqueWithoutIndexRule(),
                new ValidateSameTransactionRule(),
                new SetNotNullRule(),
                new TableRewriteRule(),
                new VolatileDefaultRule(),
                new LockTimeoutMissingRule(),
                new EnumValueUsedRule()));
    }

    /** The rules, in order. */
    public List<Rule> list() {
        return rules;
    }

    /** The rule with this id, if there is one. */
    public Optional<Rule> byId(String id) {
        return rules.stream().filter(r -> r.id().equals(id)).findFirst();
    }

    /** The ids, in order, as messages list them: "naming, missing-undo". */
    public String idsText() {
        return String.join(", ", rules.stream().map(Rule::id).toList());
    }
}
