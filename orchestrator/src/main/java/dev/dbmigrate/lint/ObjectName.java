package dev.dbmigrate.lint;

import java.util.Objects;

/**
 * A name as a statement writes it, resolved as PostgreSQL would: unquoted parts folded to lower case.
 *
 * @param schema the schema, or null when the statement leaves it to the search path
 * @param name   the object's own name
 */
public record ObjectName(String schema, String name) {
    /**
     * Whether both name the same object, as far as a script shows: the same name, and the same schema when both give
     * one.
     */
    public boolean sameAs(ObjectName other) {
        return name.equals(other.name) && (schema == null || other.schema == null || schema.equals(other.schema));
    }

    @Override
    public String toString() {
        return schema == null ? name : schema + "." + name;
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof ObjectName other && Objects.equals(schema, other.schema) && name.equals(other.name);
    }

    @Override
    public int hashCode() {
        return Objects.hash(schema, name);
    }
}
