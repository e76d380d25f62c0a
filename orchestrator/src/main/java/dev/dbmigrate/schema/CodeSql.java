package dev.dbmigrate.schema;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/** CREATE statements for views, materialized views, functions and procedures, triggers and policies. */
final class CodeSql {
    private CodeSql() {}

    /** {@code CREATE VIEW name [WITH (options)] AS definition}, its comment and grants. */
    static List<String> view(SchemaObject view) {
        StringBuilder sql = new StringBuilder("CREATE VIEW ").append(view.name());
        if (!view.list("options").isEmpty()) {
            sql.append(" WITH (")
                    .append(String.join(", ", view.list("options")))
                    .append(")");
        }
        sql.append(" AS").append(query(view));
        return withAccess(sql.toString(), view);
    }

    /** {@code CREATE MATERIALIZED VIEW name AS definition} (filled), its comment and grants. */
    static List<String> materializedView(SchemaObject view) {
        return withAccess("CREATE MATERIALIZED VIEW " + view.name() + " AS" + query(view), view);
    }

    /** The view's query as {@code pg_get_viewdef} prints it, without its closing semicolon, after a space. */
    private static String query(SchemaObject view) {
        String definition = view.text("definition").strip();
        if (definition.endsWith(";")) {
            definition = definition.substring(0, definition.length() - 1).strip();
        }
        return definition.startsWith("\n") ? definition : "\n " + definition;
    }

    /** The function's definition as {@code pg_get_functiondef} printed it, its comment and grants. */
    static List<String> function(SchemaObject function) {
        return withAccess(function.text("definition").strip(), function);
    }

    /** The trigger's definition, how it fires when not the default ({@code ALTER TABLE ... ENABLE ...}), comment. */
    static List<String> trigger(SchemaObject trigger) {
        List<String> statements = new ArrayList<>();
        statements.add(trigger.text("definition").strip());
        String enabled = trigger.text("enabled");
        if (enabled != null) {
            String action = switch (enabled) {
                case "disabled" -> "DISABLE";
                case "replica", "always" -> "ENABLE " + enabled.toUpperCase(Locale.ROOT);
                default ->
                    throw new IllegalArgumentException(trigger.label() + " has enabled = " + enabled
                            + ": expected disabled, replica or always (docs/schema.md, Snapshot properties)");
            };
            statements.add("ALTER TABLE " + SqlNames.owner(trigger.name()) + " " + action + " TRIGGER "
                    + SqlNames.last(trigger.name()));
        }
        statements.addAll(AccessSql.comment(trigger));
        return statements;
    }

    /** {@code CREATE POLICY name ON table AS PERMISSIVE|RESTRICTIVE FOR cmd TO roles USING (...) WITH CHECK (...)}. */
    static List<String> policy(SchemaObject policy) {
        StringBuilder sql = new StringBuilder("CREATE POLICY ")
                .append(AccessSql.onTable(policy.name()))
                .append(policy.flag("permissive") ? " AS PERMISSIVE" : " AS RESTRICTIVE");
        if (policy.text("command") != null) {
            sql.append(" FOR ").append(policy.text("command"));
        }
        if (!policy.list("roles").isEmpty()) {
            sql.append(" TO ")
                    .append(String.join(
                            ", ",
                            policy.list("roles").stream().map(SqlNames::role).toList()));
        }
        if (policy.text("using") != null) {
            sql.append(" USING (").append(policy.text("using")).append(")");
        }
        if (policy.text("withCheck") != null) {
            sql.append(" WITH CHECK (").append(policy.text("withCheck")).append(")");
        }
        return withAccess(sql.toString(), policy);
    }

    private static List<String> withAccess(String create, SchemaObject object) {
        List<String> statements = new ArrayList<>();
        statements.add(create);
        statements.addAll(AccessSql.comment(object));
        statements.addAll(AccessSql.grants(object));
        return statements;
    }
}
