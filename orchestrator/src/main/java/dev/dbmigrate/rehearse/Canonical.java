package dev.dbmigrate.rehearse;

import dev.dbmigrate.config.MigrateSettings;
import dev.dbmigrate.schema.Difference;
import dev.dbmigrate.schema.ObjectKind;
import dev.dbmigrate.schema.SchemaDiff;
import dev.dbmigrate.schema.Snapshot;
import dev.dbmigrate.schema.SnapshotSql;
import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.List;
import java.util.Set;

/**
 * Snapshots compared as PostgreSQL prints what the SQL written from them creates. PostgreSQL does not always print an
 * expression it read back the way it was written: {@code CHECK (status IN ('NEW', 'PAID'))} on a {@code varchar} column
 * prints as {@code ((status)::text = ANY ((ARRAY['NEW'::character varying, ...])::text[]))}, and that, read again,
 * prints with the casts inside the array. Two snapshots that differ only so are the same schema: when the differences
 * between two snapshots include an expression, both are rebuilt from their own SQL on the scratch server and read
 * again, which gives each expression its settled form; schemas without such differences cost nothing more.
 */
public final class Canonical {
    /** The properties that hold an expression PostgreSQL prints: where a difference may be one of spelling only. */
    private static final Set<String> EXPRESSIONS =
            Set.of("definition", "default", "generated", "predicate", "columns", "using", "withCheck", "checks");

    private Canonical() {}

    /** Two snapshots, each in its settled form when they differ in an expression, else as they were. */
    public record Pair(Snapshot first, Snapshot second) {
        /** The differences from {@code first} to {@code second}. */
        public List<Difference> differences() {
            return SchemaDiff.between(first, second);
        }
    }

    /** {@code a} and {@code b}, both settled when what separates them includes an expression. */
    public static Pair of(ScratchServer scratch, MigrateSettings settings, Snapshot a, Snapshot b) {
        boolean expressions = SchemaDiff.between(a, b).stream()
                .anyMatch(d -> d.change() == Difference.Change.CHANGED && EXPRESSIONS.contains(d.property()));
        return expressions ? new Pair(settled(scratch, settings, a), settled(scratch, settings, b)) : new Pair(a, b);
    }

    /**
     * {@code snapshot} as a database built from its SQL reads back, or as it was when that SQL does not run (then the
     * differences are reported as they are).
     */
    private static Snapshot settled(ScratchServer scratch, MigrateSettings settings, Snapshot snapshot) {
        if (snapshot.objects().stream().allMatch(object -> object.kind() == ObjectKind.SCHEMA)) {
            return snapshot;
        }
        String name = scratch.newDatabase("settled");
        try {
            try (Connection c = scratch.connect(name);
                    Statement s = c.createStatement()) {
                c.setAutoCommit(false);
                for (String statement : SnapshotSql.statements(snapshot)) {
                    s.execute(statement);
                }
                c.commit();
            }
            return MigrationsBuild.snapshot(scratch, name, settings);
        } catch (SQLException e) {
            return snapshot;
        } finally {
            scratch.drop(name);
        }
    }
}
