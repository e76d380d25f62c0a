package dev.dbmigrate.change;

import dev.dbmigrate.schema.SchemaObject;
import dev.dbmigrate.schema.SqlNames;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Objects;
import java.util.Optional;
import java.util.stream.Collectors;

/**
 * The in-place changes of views, functions, triggers and policies; what they cannot change is dropped and created
 * again (with what depends on it) by the planner.
 */
final class CodeAlterations {
    private CodeAlterations() {}

    /** A view whose options alone change: {@code ALTER VIEW ... SET (...)} and {@code RESET (...)}. */
    static final Alteration VIEW = (from, to, context) -> {
        if (!Objects.equals(from.text("definition"), to.text("definition"))) {
            return Optional.empty();
        }
        return Optional.of(List.of(Change.of(
                Phase.MAIN,
                "change the options of " + to.label() + " to (" + String.join(", ", to.list("options")) + ")",
                viewOptions(to.name(), from.list("options"), to.list("options")),
                viewOptions(to.name(), to.list("options"), from.list("options")))));
    };

    /**
     * A function whose definition changes but not its arguments, result or kind: {@code CREATE OR REPLACE} (the
     * definition {@code pg_get_functiondef} prints already says so), which keeps its triggers, grants and what else
     * uses it; its undo replaces it back. Anything else is dropped and created again, with its users.
     */
    static final Alteration FUNCTION = (from, to, context) -> {
        if (!Objects.equals(from.text("kind"), to.text("kind"))
                || !signature(from.text("definition")).equals(signature(to.text("definition")))) {
            return Optional.empty();
        }
        Change change = Change.of(
                Phase.MAIN,
                "replace " + to.label(),
                List.of(orReplace(to.text("definition"))),
                List.of(orReplace(from.text("definition"))));
        List<String> stored = storedResults(from, context);
        return Optional.of(List.of(
                stored.isEmpty()
                        ? change
                        : change.warn(to.label() + " is replaced in place, but what stores its results is not"
                                + " computed again: " + String.join(", ", stored) + "; if its results change for"
                                + " existing rows, rebuild them (REINDEX, REFRESH MATERIALIZED VIEW, or drop and add"
                                + " the check)")));
    };

    /** A trigger whose firing mode alone changes: {@code ALTER TABLE ... ENABLE|DISABLE [REPLICA|ALWAYS] TRIGGER}. */
    static final Alteration TRIGGER = (from, to, context) -> {
        if (!Objects.equals(from.text("definition"), to.text("definition"))) {
            return Optional.empty();
        }
        return Optional.of(List.of(Change.of(
                Phase.MAIN,
                "set " + to.label() + " " + firing(to).toLowerCase(Locale.ROOT),
                List.of(enable(to)),
                List.of(enable(from)))));
    };

    /**
     * A policy whose roles or expressions change: {@code ALTER POLICY}. Its command or kind (permissive or
     * restrictive), or an expression added or removed (which ALTER POLICY cannot take away), drops and creates it
     * again.
     */
    static final Alteration POLICY = (from, to, context) -> {
        boolean sameShape = Objects.equals(from.text("command"), to.text("command"))
                && from.flag("permissive") == to.flag("permissive")
                && (from.text("using") == null) == (to.text("using") == null)
                && (from.text("withCheck") == null) == (to.text("withCheck") == null);
        if (!sameShape) {
            return Optional.empty();
        }
        return Optional.of(List.of(
                Change.of(Phase.MAIN, "alter " + to.label(), List.of(alterPolicy(to)), List.of(alterPolicy(from)))));
    };

    /** The indexes, checks, generated columns and materialized views of the current schema that use the function. */
    private static List<String> storedResults(SchemaObject function, ChangeContext context) {
        String name = String.join(".", SqlNames.parts(function.name()));
        List<String> users = new ArrayList<>();
        for (SchemaObject object : context.current().objects()) {
            String text = switch (object.kind()) {
                case INDEX -> String.join(" ", object.list("columns")) + " " + object.text("predicate");
                case CONSTRAINT, MATERIALIZED_VIEW -> object.text("definition");
                case COLUMN -> object.text("generated");
                default -> null;
            };
            if (SqlNames.mentions(text, name)) {
                users.add(object.label());
            }
        }
        return users;
    }

    private static List<String> viewOptions(String view, List<String> had, List<String> has) {
        List<String> statements = new ArrayList<>();
        List<String> keys = has.stream().map(CodeAlterations::optionKey).toList();
        String reset = had.stream()
                .map(CodeAlterations::optionKey)
                .filter(key -> !keys.contains(key))
                .collect(Collectors.joining(", "));
        if (!reset.isEmpty()) {
            statements.add("ALTER VIEW " + view + " RESET (" + reset + ")");
        }
        String set = has.stream().filter(option -> !had.contains(option)).collect(Collectors.joining(", "));
        if (!set.isEmpty()) {
            statements.add("ALTER VIEW " + view + " SET (" + set + ")");
        }
        return statements;
    }

    private static String optionKey(String option) {
        int equals = option.indexOf('=');
        return equals < 0 ? option : option.substring(0, equals);
    }

    /**
     * What {@code CREATE OR REPLACE} cannot change: the first line of {@code pg_get_functiondef}'s text (the name,
     * arguments with their modes and defaults) and its {@code RETURNS} line.
     */
    private static String signature(String definition) {
        String[] lines = definition.strip().split("\n");
        StringBuilder signature = new StringBuilder(lines[0]);
        for (String line : lines) {
            if (line.startsWith(" RETURNS ")) {
                signature.append('\n').append(line);
            }
        }
        return signature.toString();
    }

    /** The definition as a {@code CREATE OR REPLACE} (which {@code pg_get_functiondef} already writes). */
    private static String orReplace(String definition) {
        String text = definition.strip();
        return text.startsWith("CREATE OR REPLACE ") ? text : text.replaceFirst("^CREATE ", "CREATE OR REPLACE ");
    }

    private static String firing(SchemaObject trigger) {
        String enabled = trigger.text("enabled");
        if (enabled == null) {
            return "ENABLE";
        }
        return switch (enabled) {
            case "disabled" -> "DISABLE";
            case "replica", "always" -> "ENABLE " + enabled.toUpperCase(Locale.ROOT);
            default ->
                throw new IllegalArgumentException(trigger.label() + " has enabled = " + enabled
                        + ": expected disabled, replica or always (docs/schema.md, Snapshot properties)");
        };
    }

    private static String enable(SchemaObject trigger) {
        return "ALTER TABLE " + SqlNames.owner(trigger.name()) + " " + firing(trigger) + " TRIGGER "
                + SqlNames.last(trigger.name());
    }

    private static String alterPolicy(SchemaObject policy) {
        StringBuilder sql = new StringBuilder("ALTER POLICY ")
                .append(SqlNames.last(policy.name()))
                .append(" ON ")
                .append(SqlNames.owner(policy.name()));
        if (!policy.list("roles").isEmpty()) {
            sql.append(" TO ")
                    .append(policy.list("roles").stream().map(SqlNames::role).collect(Collectors.joining(", ")));
        }
        if (policy.text("using") != null) {
            sql.append(" USING (").append(policy.text("using")).append(")");
        }
        if (policy.text("withCheck") != null) {
            sql.append(" WITH CHECK (").append(policy.text("withCheck")).append(")");
        }
        return sql.toString();
    }
}
