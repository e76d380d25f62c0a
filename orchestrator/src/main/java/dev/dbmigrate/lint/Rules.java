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
     * duplicate versions, undo scripts, then the encoding and the syntax; then the rules over the statements: locks,
     * indexes and constraints, then data lost or renamed, data changed in one go, column types; then the names of the
     * migrations.
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
                new EnumValueUsedRule(),
                new DropTableRule(),
                new DropColumnRule(),
                new DropColumnStillWrittenRule(),
                new RenameColumnRule(),
                new RenameTableRule(),
                new UnbatchedDmlRule(),
                new TruncateRule(),
                new DropCascadeRule(),
                new PreferJsonbRule(),
                new PreferIdentityRule(),
                new PreferTimestamptzRule(),
                new PreferTextRule(),
                new ActionWordRule()));
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
