package dev.dbmigrate.change;

import dev.dbmigrate.schema.ObjectKind;
import dev.dbmigrate.schema.SchemaObject;
import dev.dbmigrate.schema.SnapshotSql;
import dev.dbmigrate.schema.SqlNames;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Objects;
import java.util.Set;

/**
 * The changes of the two properties every kind may carry: {@code comment} (COMMENT ON) and {@code grants} (GRANT and
 * REVOKE of each privilege one side has and the other lacks).
 */
final class AccessChanges {
    private static final String WITH_GRANT_OPTION = " WITH GRANT OPTION";

    private AccessChanges() {}

    /** The changes of {@code from}'s comment and grants into {@code to}'s; empty when they are equal. */
    static List<Change> between(SchemaObject from, SchemaObject to) {
        List<Change> changes = new ArrayList<>();
        if (!Objects.equals(from.text("comment"), to.text("comment"))) {
            changes.add(Change.of(
                    Phase.MAIN,
                    "comment on " + to.label(),
                    List.of(comment(to, to.text("comment"))),
                    List.of(comment(from, from.text("comment")))));
        }
        Set<String> had = privileges(from);
        Set<String> has = privileges(to);
        if (!had.equals(has)) {
            List<String> forward = new ArrayList<>(revokes(from, had, has));
            forward.addAll(grants(to, has, had));
            List<String> undo = new ArrayList<>(revokes(to, has, had));
            undo.addAll(grants(from, had, has));
            changes.add(Change.of(Phase.MAIN, "change grants on " + to.label(), forward, undo));
        }
        return changes;
    }

    private static String comment(SchemaObject object, String text) {
        return "COMMENT ON " + SnapshotSql.reference(object) + " IS "
                + (text == null ? "NULL" : SqlNames.literal(text));
    }

    /** Each privilege as {@code grantee|PRIVILEGE|option} ({@code option}: granted with grant option). */
    private static Set<String> privileges(SchemaObject object) {
        Set<String> privileges = new LinkedHashSet<>();
        for (String grant : object.list("grants")) {
            int colon = grant.lastIndexOf(": ");
            String grantee = grant.substring(0, colon);
            for (String privilege : grant.substring(colon + 2).split(",")) {
                String trimmed = privilege.trim();
                boolean option = trimmed.endsWith(WITH_GRANT_OPTION);
                String name = option ? trimmed.substring(0, trimmed.length() - WITH_GRANT_OPTION.length()) : trimmed;
                privileges.add(grantee + "|" + name + "|" + (option ? "option" : ""));
            }
        }
        return privileges;
    }

    /** REVOKE of each privilege in {@code had} that {@code has} lacks. */
    private static List<String> revokes(SchemaObject object, Set<String> had, Set<String> has) {
        List<String> statements = new ArrayList<>();
        for (String privilege : had) {
            if (!has.contains(privilege)) {
                String[] parts = privilege.split("\\|", -1);
                statements.add("REVOKE " + parts[1] + " ON " + target(object) + " FROM " + SqlNames.role(parts[0]));
            }
        }
        return statements;
    }

    /** GRANT of each privilege in {@code has} that {@code had} lacks. */
    private static List<String> grants(SchemaObject object, Set<String> has, Set<String> had) {
        List<String> statements = new ArrayList<>();
        for (String privilege : has) {
            if (!had.contains(privilege)) {
                String[] parts = privilege.split("\\|", -1);
                statements.add("GRANT " + parts[1] + " ON " + target(object) + " TO " + SqlNames.role(parts[0])
                        + (parts[2].isEmpty() ? "" : WITH_GRANT_OPTION));
            }
        }
        return statements;
    }

    private static String target(SchemaObject object) {
        ObjectKind kind = object.kind();
        return kind == ObjectKind.TABLE || kind == ObjectKind.VIEW || kind == ObjectKind.MATERIALIZED_VIEW
                ? "TABLE " + object.name()
                : SnapshotSql.reference(object);
    }
}
