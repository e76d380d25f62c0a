package dev.dbmigrate.change;

import dev.dbmigrate.schema.SchemaObject;
import dev.dbmigrate.schema.Snapshot;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;

/**
 * Changes a domain in place: its default ({@code SET|DROP DEFAULT}), {@code NOT NULL} and checks ({@code DROP
 * CONSTRAINT}; {@code ADD CONSTRAINT}, which a domain that table columns use gets {@code NOT VALID} first and
 * validates in the {@link Phase#VALIDATE} migration, as a table's check). Its base type or collation, which ALTER
 * DOMAIN cannot change, changes by recreating the domain ({@link TypeRebuild}) and converting its columns through
 * text: held back unless destructive changes are allowed, since values the new type rejects fail the conversion.
 */
final class DomainAlteration implements Alteration {
    @Override
    public Optional<List<Change>> alter(SchemaObject from, SchemaObject to, ChangeContext context) {
        if (!Objects.equals(from.text("type"), to.text("type"))
                || !Objects.equals(from.text("collation"), to.text("collation"))) {
            return Optional.of(List.of(recreate(from, to, context)));
        }
        String domain = "ALTER DOMAIN " + to.name();
        List<Change> changes = new ArrayList<>();
        if (!Objects.equals(from.text("default"), to.text("default"))) {
            changes.add(Change.of(
                    Phase.MAIN,
                    (to.text("default") == null ? "drop the default of " : "set the default of ") + to.label(),
                    List.of(domain + defaultClause(to)),
                    List.of(domain + defaultClause(from))));
        }
        if (from.flag("notNull") != to.flag("notNull")) {
            changes.add(Change.of(
                    Phase.MAIN,
                    (to.flag("notNull") ? "set " : "drop ") + "not null on " + to.label(),
                    List.of(domain + (to.flag("notNull") ? " SET NOT NULL" : " DROP NOT NULL")),
                    List.of(domain + (from.flag("notNull") ? " SET NOT NULL" : " DROP NOT NULL"))));
        }
        Map<String, String> had = checks(from);
        Map<String, String> has = checks(to);
        had.forEach((name, check) -> {
            if (!check.equals(has.get(name))) {
                changes.add(Change.of(
                        Phase.MAIN,
                        "drop check " + name + " of " + to.label(),
                        List.of(domain + " DROP CONSTRAINT " + name),
                        List.of(domain + " ADD CONSTRAINT " + name + " " + check)));
            }
        });
        boolean used = !TypeRebuild.columnsUsing(from.name(), context.current()).isEmpty();
        has.forEach((name, check) -> {
            if (!check.equals(had.get(name))) {
                changes.addAll(addCheck(to, name, check, used));
            }
        });
        return Optional.of(changes);
    }

    private static String defaultClause(SchemaObject domain) {
        return domain.text("default") == null ? " DROP DEFAULT" : " SET DEFAULT " + domain.text("default");
    }

    /** A check added: {@code NOT VALID} then validated in a later migration when table columns use the domain. */
    private static List<Change> addCheck(SchemaObject domain, String name, String check, boolean used) {
        String alter = "ALTER DOMAIN " + domain.name();
        String drop = alter + " DROP CONSTRAINT " + name;
        if (!used || check.endsWith(" NOT VALID")) {
            return List.of(Change.of(
                    Phase.MAIN,
                    "add check " + name + " to " + domain.label(),
                    List.of(alter + " ADD CONSTRAINT " + name + " " + check),
                    List.of(drop)));
        }
        String addNotValid = alter + " ADD CONSTRAINT " + name + " " + check + " NOT VALID";
        return List.of(
                Change.of(
                        Phase.MAIN,
                        "add check " + name + " to " + domain.label() + " NOT VALID",
                        List.of(addNotValid),
                        List.of(drop)),
                Change.of(
                        Phase.VALIDATE,
                        "validate check " + name + " of " + domain.label(),
                        List.of(alter + " VALIDATE CONSTRAINT " + name),
                        List.of(drop, addNotValid)));
    }

    /** The checks by name (quoted where needed, as the snapshot lists them: {@code name: CHECK (...)}). */
    private static Map<String, String> checks(SchemaObject domain) {
        Map<String, String> checks = new LinkedHashMap<>();
        for (String check : domain.list("checks")) {
            int colon = check.startsWith("\"") ? check.indexOf("\": ", 1) + 1 : check.indexOf(": ");
            if (colon <= 0 || !check.startsWith(": ", colon)) {
                throw new IllegalArgumentException(domain.label() + " has the check '" + check
                        + "', which is not 'name: CHECK (...)' (docs/schema.md, Snapshot properties)");
            }
            checks.put(check.substring(0, colon), check.substring(colon + 2));
        }
        return checks;
    }

    private static String collation(SchemaObject domain) {
        return Objects.requireNonNullElse(domain.text("collation"), "its type's default");
    }

    /**
     * A new base type or collation: the domain recreated and its columns converted, what names it or uses its columns
     * dropped and created again around it; held back unless destructive changes are allowed.
     */
    private static Change recreate(SchemaObject from, SchemaObject to, ChangeContext context) {
        Snapshot current = context.current();
        List<SchemaObject> columns = TypeRebuild.columnsUsing(from.name(), current);
        List<SchemaObject> back = TypeRebuild.around(from.name(), to.name(), columns, context);
        String what = Objects.equals(from.text("type"), to.text("type"))
                ? "collation from " + collation(from) + " to " + collation(to)
                : "base type from " + from.text("type") + " to " + to.text("type");
        Change change = Change.of(
                        Phase.MAIN,
                        "recreate " + to.label() + " with its " + what,
                        TypeRebuild.statements(to, columns, current),
                        TypeRebuild.statements(from, back, context.desired()))
                .warn(to.label() + " changes its " + what + ", which ALTER DOMAIN cannot do: it is recreated and its"
                        + " columns (" + (columns.isEmpty() ? "none" : String.join(", ", TypeRebuild.tables(columns)))
                        + ") converted through text, which fails on values the new type rejects");
        for (String line : TypeRebuild.unhandled(from.name(), current)) {
            change = change.warn(line + ": recreating the domain does not convert it; change it by hand");
        }
        return columns.isEmpty() ? change : change.destructive(List.of(from));
    }
}
