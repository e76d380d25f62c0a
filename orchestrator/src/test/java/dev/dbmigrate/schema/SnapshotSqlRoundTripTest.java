package dev.dbmigrate.schema;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.dbmigrate.embedded.EmbeddedPostgres;
import dev.dbmigrate.testing.TestPostgres;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.util.Arrays;
import java.util.List;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * The quality bar of issue 14: a snapshot of a database, turned into SQL by {@link SnapshotSql#createAll} and applied
 * to an empty database, gives an equal snapshot. The schema ({@code schema/roundtrip.sql}) has every kind the snapshot
 * models ({@code roundtrip-15.sql} and {@code roundtrip-18.sql} add what needs PostgreSQL 15 or 18); the test
 * compares whole snapshots, so it covers each kind as soon as {@link CatalogReader} reads it.
 */
@Tag("postgres")
class SnapshotSqlRoundTripTest {
    private static final String ROLE = "roundtrip_reader";
    private static final SnapshotScope SCOPE = SnapshotScope.of(List.of(), "flyway_schema_history");

    private static String resource(String name) throws IOException {
        try (InputStream in = SnapshotSqlRoundTripTest.class.getResourceAsStream(name)) {
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        }
    }

    private static Connection connect(String url) throws SQLException {
        return DriverManager.getConnection(url, "postgres", TestPostgres.PASSWORD);
    }

    /** Every supported major, each with both schemas: this test's own and the reader's realistic one. */
    static Stream<Arguments> cases() {
        return TestPostgres.majors()
                .flatMap(major -> Stream.of(
                        Arguments.of(major, "/schema/roundtrip.sql"), Arguments.of(major, "/schema/realistic.sql")));
    }

    @ParameterizedTest(name = "PostgreSQL {0}, {1}")
    @MethodSource("cases")
    void aSnapshotWrittenAsSqlAndAppliedToAnEmptyDatabaseGivesAnEqualSnapshot(int major, String schema)
            throws Exception {
        EmbeddedPostgres server = TestPostgres.ofMajor(major);
        boolean own = schema.equals("/schema/roundtrip.sql");
        String original = TestPostgres.newDatabase(server, "ddl_original");
        Snapshot first;
        try (Connection connection = connect(original)) {
            SnapshotSqlExecutesTest.ensureRole(connection, ROLE);
            connection.createStatement().execute(resource(schema));
            if (own && connection.getMetaData().getDatabaseMajorVersion() >= 15) {
                connection.createStatement().execute(resource("/schema/roundtrip-15.sql"));
            }
            if (own && connection.getMetaData().getDatabaseMajorVersion() >= 18) {
                connection.createStatement().execute(resource("/schema/roundtrip-18.sql"));
            }
            first = CatalogReader.read(connection, SCOPE);
        }
        if (own) {
            assertEquals(List.of(), first.unmodelled(), "roundtrip.sql has only kinds the snapshot models");
            assertTrue(
                    first.find(ObjectKind.TABLE, "\"Billing.Dept\".\"Room Booking\"")
                            .isPresent(),
                    first.toString());
        }
        if (own) {
            assertEquals(
                    List.of(),
                    Arrays.stream(ObjectKind.values())
                            .filter(kind -> first.of(kind).isEmpty())
                            .toList(),
                    "the kinds " + schema + " has but the snapshot lacks");
        }
        // the script, to read when the round trip fails
        Files.createDirectories(Path.of("target"));
        Files.writeString(Path.of("target", "roundtrip-createAll.sql"), SnapshotSql.createAll(first));

        String copy = TestPostgres.newDatabase(server, "ddl_copy");
        Snapshot second;
        try (Connection connection = connect(copy)) {
            SnapshotSqlExecutesTest.run(connection, SnapshotSql.statements(first));
            second = CatalogReader.read(connection, SCOPE);
        }
        String differences = SchemaDiff.between(first, second).stream()
                .map(difference -> difference.line("original", "copy"))
                .collect(Collectors.joining("\n"));
        assertEquals("", differences, "differences after the round trip of " + first.size() + " objects");
        assertEquals(SnapshotSql.createAll(first), SnapshotSql.createAll(second));
    }
}
