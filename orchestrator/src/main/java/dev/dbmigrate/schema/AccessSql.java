package dev.dbmigrate.schema;

import java.util.ArrayList;
import java.util.List;

/** The statements for the {@code comment} and {@code grants} properties every kind may carry. */
final class AccessSql {
    private static final String WITH_GRANT_OPTION = " WITH GRANT OPTION";

    private AccessSql() {}

    /** How COMMENT ON and DROP name the object: {@code TABLE app.orders}, {@code TRIGGER audit ON app.orders}. */
    static String reference(SchemaObject object) {
        String name = object.name();
        return switch (object.kind()) {
            case SCHEMA -> "SCHEMA " + name;
            case EXTENSION -> "EXTENSION " + SqlNames.ident(name);
            case ENUM, COMPOSITE_TYPE -> "TYPE " + name;
            case DOMAIN -> "DOMAIN " + name;
            case SEQUENCE -> "SEQUENCE " + name;
            case TABLE -> "TABLE " + name;
            case COLUMN -> "COLUMN " + name;
            case INDEX -> "INDEX " + name;
            case VIEW -> "VIEW " + name;
            case MATERIALIZED_VIEW -> "MATERIALIZED VIEW " + name;
            case FUNCTION -> routine(object) + " " + name;
            case CONSTRAINT -> "CONSTRAINT " + onTable(name);
            case TRIGGER -> "TRIGGER " + onTable(name);
            case POLICY -> "POLICY " + onTable(name);
        };
    }

    /** {@code FUNCTION} or {@code PROCEDURE}, from a function object's {@code kind}. */
    static String routine(SchemaObject function) {
        return "procedure".equals(function.text("kind")) ? "PROCEDURE" : "FUNCTION";
    }

    /** {@code audit ON app.orders} for the name {@code app.orders.audit}. */
    static String onTable(String name) {
        return SqlNames.last(name) + " ON " + SqlNames.owner(name);
    }

    /** The COMMENT statement for the object's comment, if it has one. */
    static List<String> comment(SchemaObject object) {
        String comment = object.text("comment");
        return comment == null
                ? List.of()
                : List.of("COMMENT ON " + reference(object) + " IS " + SqlNames.literal(comment));
    }

    /**
     * The GRANT statements for the object's grants ({@code reader: SELECT, UPDATE WITH GRANT OPTION}): one for the
     * privileges granted plainly and one for those granted with grant option, per grantee. The roles must exist.
     * A function without a grant to PUBLIC first has PUBLIC's default EXECUTE revoked (the snapshot lists the
     * default privileges of an object whose ACL is the default, so a missing PUBLIC entry was revoked).
     */
    static List<String> grants(SchemaObject object) {
        List<String> statements = new ArrayList<>();
        if (object.kind() == ObjectKind.FUNCTION
                && object.list("grants").stream().noneMatch(grant -> grant.startsWith("PUBLIC: "))) {
            // a new function may be executed by PUBLIC; a snapshot's grants without PUBLIC mean it was revoked
            statements.add(revokeFromPublic(object));
        }
        for (String grant : object.list("grants")) {
            int colon = grant.lastIndexOf(": ");
            if (colon < 0) {
                throw new IllegalArgumentException(object.label() + " has the grant '" + grant
                        + "', which is not 'grantee: PRIVILEGE, ...' (docs/schema.md, Snapshot properties)");
            }
            String grantee = SqlNames.role(grant.substring(0, colon));
            List<String> plain = new ArrayList<>();
            List<String> withOption = new ArrayList<>();
            for (String privilege : grant.substring(colon + 2).split(",")) {
                String trimmed = privilege.trim();
                if (trimmed.endsWith(WITH_GRANT_OPTION)) {
                    withOption.add(trimmed.substring(0, trimmed.length() - WITH_GRANT_OPTION.length()));
                } else {
                    plain.add(trimmed);
                }
            }
            String on = " ON " + grantTarget(object) + " TO " + grantee;
            if (!plain.isEmpty()) {
                statements.add("GRANT " + String.join(", ", plain) + on);
            }
            if (!withOption.isEmpty()) {
                statements.add("GRANT " + String.join(", ", withOption) + on + WITH_GRANT_OPTION);
            }
        }
        return statements;
    }

    /** {@code REVOKE ALL ON ... FROM PUBLIC}: before the grants of an object that has PUBLIC's by default. */
    static String revokeFromPublic(SchemaObject object) {
        return "REVOKE ALL ON " + grantTarget(object) + " FROM PUBLIC";
    }

    private static String grantTarget(SchemaObject object) {
        return switch (object.kind()) {
            case VIEW, MATERIALIZED_VIEW, TABLE -> "TABLE " + object.name();
            default -> reference(object);
        };
    }
}
