package dev.dbmigrate.schema;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.dbmigrate.testing.TestPostgres;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.util.List;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

/** {@link CatalogReader} on a real server: what a snapshot holds of a schema made by SQL. */
@Tag("postgres")
class CatalogReaderTest {
    private static Snapshot snapshotOf(String sql) throws SQLException {
        String url = TestPostgres.newDatabase("snap");
        try (Connection connection = DriverManager.getConnection(url, "postgres", TestPostgres.PASSWORD)) {
            connection.createStatement().execute(sql);
            return CatalogReader.read(connection, SnapshotScope.of(List.of(), "flyway_schema_history"));
        }
    }

    @Test
    void tablesAndColumnsAreReadWithTypeNullabilityDefaultAndCommentButNotTheToolsTables() throws SQLException {
        Snapshot snapshot = snapshotOf("create schema app; create table app.\"Order\" (id bigint not null,"
                + " note varchar(20) default 'x'); comment on column app.\"Order\".note is 'free text';"
                + " create table public.flyway_schema_history (x int); create table public.migrate_audit (x int)");
        assertEquals(
                List.of("app.\"Order\""),
                snapshot.of(ObjectKind.TABLE).stream().map(SchemaObject::name).toList());
        SchemaObject note =
                snapshot.find(ObjectKind.COLUMN, "app.\"Order\".note").orElseThrow();
        assertEquals("character varying(20)", note.text("type"));
        assertEquals("'x'::character varying", note.text("default"));
        assertEquals("free text", note.text("comment"));
        assertTrue(snapshot.find(ObjectKind.COLUMN, "app.\"Order\".id")
                .orElseThrow()
                .flag("notNull"));
        assertTrue(snapshot.server().startsWith("PostgreSQL "), snapshot.server());
    }
}
