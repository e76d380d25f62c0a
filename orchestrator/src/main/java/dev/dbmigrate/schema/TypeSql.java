package dev.dbmigrate.schema;

import java.util.List;
import java.util.stream.Collectors;

/** CREATE statements for schemas, extensions, enums, domains and composite types. */
final class TypeSql {
    private TypeSql() {}

    static String schema(SchemaObject schema) {
        return "CREATE SCHEMA " + schema.name();
    }

    static String extension(SchemaObject extension) {
        StringBuilder sql = new StringBuilder("CREATE EXTENSION ").append(SqlNames.ident(extension.name()));
        if (extension.text("schema") != null) {
            sql.append(" WITH SCHEMA ").append(SqlNames.ident(extension.text("schema")));
        }
        if (extension.text("version") != null) {
            sql.append(" VERSION ").append(SqlNames.literal(extension.text("version")));
        }
        return sql.toString();
    }

    static String enumType(SchemaObject type) {
        return "CREATE TYPE " + type.name() + " AS ENUM ("
                + type.list("values").stream().map(SqlNames::literal).collect(Collectors.joining(", ")) + ")";
    }

    static String domain(SchemaObject domain) {
        StringBuilder sql = new StringBuilder("CREATE DOMAIN ")
                .append(domain.name())
                .append(" AS ")
                .append(domain.text("type"));
        if (domain.text("collation") != null) {
            sql.append(" COLLATE ").append(SqlNames.collation(domain.text("collation")));
        }
        if (domain.text("default") != null) {
            sql.append(" DEFAULT ").append(domain.text("default"));
        }
        if (domain.flag("notNull")) {
            sql.append(" NOT NULL");
        }
        for (String check : domain.list("checks")) {
            sql.append(" CONSTRAINT ").append(check(domain, check));
        }
        return sql.toString();
    }

    /** {@code name CHECK (...)} from a domain check {@code name: CHECK (...)} (the name quoted where needed). */
    private static String check(SchemaObject domain, String check) {
        int colon = check.startsWith("\"") ? check.indexOf("\": ", 1) + 1 : check.indexOf(": ");
        if (colon <= 0 || !check.startsWith(": ", colon)) {
            throw new IllegalArgumentException(domain.label() + " has the check '" + check
                    + "', which is not 'name: CHECK (...)' (docs/schema.md, Snapshot properties)");
        }
        return SqlNames.ident(check.substring(0, colon)) + " " + check.substring(colon + 2);
    }

    static String composite(SchemaObject type) {
        List<String> attributes = type.list("attributes");
        return "CREATE TYPE " + type.name() + " AS (" + String.join(", ", attributes) + ")";
    }

    /** The text a type's definition uses other types in: a domain's base type, a composite's attributes. */
    static String usedTypes(SchemaObject type) {
        return switch (type.kind()) {
            case DOMAIN -> type.text("type") + " " + String.join(" ", type.list("checks"));
            case COMPOSITE_TYPE -> String.join(", ", type.list("attributes"));
            default -> "";
        };
    }
}
