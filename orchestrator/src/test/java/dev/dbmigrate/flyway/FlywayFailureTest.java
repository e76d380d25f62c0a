package dev.dbmigrate.flyway;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.dbmigrate.error.MigrateException;
import dev.dbmigrate.events.MigrateListener;
import dev.dbmigrate.testing.TestPostgres;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * How {@link FlywayGateway} names the file and line of a failed statement Flyway reports: a migration's, and a SQL
 * callback's, which only Flyway's internal {@code FlywaySqlScriptException} carries (the one internal class the
 * gateway uses: Flyway's public error output gives the line only for a migration's failure).
 */
@Tag("postgres")
class FlywayFailureTest {
    @TempDir
    Path migrations;

    private FlywayGateway gateway() {
        return new FlywayGateway(
                new FlywaySetup(
                        TestPostgres.newDatabase("ff"),
                        "postgres",
                        TestPostgres.PASSWORD,
                        List.of("public"),
                        List.of(migrations),
                        "flyway_schema_history",
                        null,
                        null,
                        false,
                        null),
                MigrateListener.NONE);
    }

    private void write(String name, String sql) throws IOException {
        Files.writeString(migrations.resolve(name), sql);
    }

    @Test
    void aFailedStatementNamesItsMigrationAndLine() throws Exception {
        write("V1__create_users.sql", "create table users (id int);\n");
        write("V2__index_users.sql", "-- an index\ncreate index concurrently users_idx on users (nope);\n");
        FlywayGateway gateway = gateway();

        List<String> applied = new ArrayList<>();

        FlywayGateway.MigrationFailure failure = assertThrows(
                FlywayGateway.MigrationFailure.class,
                () -> gateway.migrate((m, c) -> {
                    if (m.success()) {
                        applied.add(m.version());
                    }
                }));

        assertEquals("V2__index_users.sql", failure.script());
        assertTrue(
                failure.getMessage()
                        .startsWith("migration V2__index_users.sql failed at line 2: ERROR: column"
                                + " \"nope\" does not exist"),
                failure.getMessage());
        assertEquals(List.of("1"), applied);
        assertEquals("2", failure.failed().version());
    }

    @Test
    void aFailedSqlCallbackNamesItsFileAndLine() throws Exception {
        write("V1__create_users.sql", "create table users (id int);\n");
        write("beforeMigrate.sql", "select 1;\nselect nope;\n");

        MigrateException failure =
                assertThrows(MigrateException.class, () -> gateway().migrate((m, c) -> {}));

        assertTrue(
                failure.getMessage()
                        .startsWith("migration beforeMigrate.sql failed at line 2: ERROR: column"
                                + " \"nope\" does not exist"),
                failure.getMessage());
    }
}
