package dev.dbmigrate.schema;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.sql.SQLException;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.stream.Stream;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * The snapshot of {@code schema/realistic.sql} (every kind, in several variants) holds each property exactly as
 * {@code docs/schema.md} says, on each server of {@link CatalogDatabase#servers()}.
 */
@Tag("postgres")
class RealisticSchemaTest {
    private record Read(Snapshot snapshot, int major) {}

    private static final Map<String, Read> READS = new ConcurrentHashMap<>();

    static Stream<CatalogDatabase.Server> servers() {
        return CatalogDatabase.servers();
    }

    private static synchronized Read realistic(CatalogDatabase.Server server) throws SQLException {
        Read read = READS.get(server.name());
        if (read == null) {
            try (CatalogDatabase database =
                    CatalogDatabase.of(server, CatalogDatabase.resource("/schema/realistic.sql"))) {
                read = new Read(database.read(CatalogDatabase.SCOPE), database.major());
            }
            READS.put(server.name(), read);
        }
        return read;
    }

    /** The properties, in pairs of name and value. */
    private static Map<String, Object> props(Object... pairs) {
        Map<String, Object> properties = new LinkedHashMap<>();
        for (int i = 0; i < pairs.length; i += 2) {
            properties.put((String) pairs[i], pairs[i + 1]);
        }
        return properties;
    }

    private static void assertObject(Snapshot snapshot, ObjectKind kind, String name, Map<String, Object> expected) {
        SchemaObject object = snapshot.find(kind, name)
                .orElseThrow(() -> new AssertionError("no " + kind.word() + " " + name + " in "
                        + snapshot.of(kind).stream().map(SchemaObject::name).toList()));
        // a column's position is shown, not compared: the columns' own test checks it
        assertEquals(
                new java.util.TreeMap<>(expected),
                object.with(SchemaObject.POSITION, null).properties(),
                object.label());
    }

    private static List<String> names(Snapshot snapshot, ObjectKind kind) {
        return snapshot.of(kind).stream().map(SchemaObject::name).toList();
    }

    @ParameterizedTest
    @MethodSource("servers")
    void schemasEnumsDomainsAndCompositeTypesHoldTheirProperties(CatalogDatabase.Server server) throws SQLException {
        Read read = realistic(server);
        Snapshot snapshot = read.snapshot();
        assertEquals(List.of("app", "public"), names(snapshot, ObjectKind.SCHEMA));
        assertObject(
                snapshot,
                ObjectKind.SCHEMA,
                "app",
                props(
                        "comment",
                        "The application's own objects",
                        "grants",
                        List.of(
                                "\"Migrate Writer\": CREATE WITH GRANT OPTION, USAGE WITH GRANT OPTION",
                                "migrate_reader: USAGE")));
        // PostgreSQL 15 took CREATE on public from PUBLIC (and gave the schema to pg_database_owner)
        assertObject(
                snapshot,
                ObjectKind.SCHEMA,
                "public",
                props(
                        "comment",
                        "standard public schema",
                        "grants",
                        List.of(read.major() >= 15 ? "PUBLIC: USAGE" : "PUBLIC: CREATE, USAGE")));
        assertObject(
                snapshot,
                ObjectKind.ENUM,
                "app.status",
                props(
                        "values",
                        List.of("new", "paid", "shipped", "refunded", "cancelled"),
                        "comment",
                        "Where an order is"));
        assertObject(snapshot, ObjectKind.ENUM, "public.\"Mood\"", props("values", List.of("sad", "ok", "happy")));
        assertObject(
                snapshot,
                ObjectKind.DOMAIN,
                "app.email",
                props(
                        "type", "text",
                        "notNull", true,
                        "collation", "\"C\"",
                        "checks", List.of("email_check: CHECK ((VALUE ~ '^[^@]+@[^@]+$'::text))"),
                        "comment", "An e-mail address"));
        assertObject(
                snapshot,
                ObjectKind.DOMAIN,
                "public.amount",
                props(
                        "type", "numeric(12,2)",
                        "default", "0",
                        "checks",
                                List.of(
                                        "\"Amount Small\": CHECK ((VALUE < (1000000)::numeric))",
                                        "amount_positive: CHECK ((VALUE >= (0)::numeric))")));
        assertObject(
                snapshot,
                ObjectKind.COMPOSITE_TYPE,
                "app.address",
                props(
                        "attributes",
                        List.of("street text", "city character varying(80) COLLATE \"C\"", "zip character(5)"),
                        "comment",
                        "A postal address"));
        assertObject(
                snapshot,
                ObjectKind.COMPOSITE_TYPE,
                "public.money_pair",
                props("attributes", List.of("amount numeric(12,2)", "currency character(3)")));
        assertEquals(List.of(), names(snapshot, ObjectKind.EXTENSION));
        assertEquals(List.of(), snapshot.unmodelled());
    }

    @ParameterizedTest
    @MethodSource("servers")
    void sequencesHoldWhatIsNotTheirTypesDefaultAndTheirOwnerButIdentitySequencesAreNotListed(
            CatalogDatabase.Server server) throws SQLException {
        Snapshot snapshot = realistic(server).snapshot();
        assertEquals(
                List.of("app.\"Order_id_seq\"", "app.invoice_no", "app.line_no_seq", "public.countdown"),
                names(snapshot, ObjectKind.SEQUENCE));
        assertObject(
                snapshot,
                ObjectKind.SEQUENCE,
                "app.invoice_no",
                props(
                        "type", "integer",
                        "start", "1000",
                        "increment", "10",
                        "cache", "5",
                        "comment", "Invoice numbers",
                        "grants", List.of("migrate_reader: SELECT, USAGE")));
        assertObject(snapshot, ObjectKind.SEQUENCE, "public.countdown", props("increment", "-1", "cycle", true));
        assertObject(snapshot, ObjectKind.SEQUENCE, "app.\"Order_id_seq\"", props("ownedBy", "app.\"Order\".id"));
        assertObject(snapshot, ObjectKind.SEQUENCE, "app.line_no_seq", props("ownedBy", "app.order_line.line_no"));
    }

    @ParameterizedTest
    @MethodSource("servers")
    void tablesHoldPartitioningPartitionBoundsInheritanceUnloggedRowSecurityCommentsAndGrants(
            CatalogDatabase.Server server) throws SQLException {
        Read read = realistic(server);
        Snapshot snapshot = read.snapshot();
        assertObject(
                snapshot,
                ObjectKind.TABLE,
                "app.\"Order\"",
                props(
                        "rowSecurity", true,
                        "forceRowSecurity", true,
                        "grants", List.of("migrate_reader: INSERT, SELECT")));
        assertObject(
                snapshot,
                ObjectKind.TABLE,
                "app.users",
                props(
                        "rowSecurity",
                        true,
                        "comment",
                        "People who order",
                        "grants",
                        List.of("migrate_reader: SELECT WITH GRANT OPTION")));
        assertObject(
                snapshot,
                ObjectKind.TABLE,
                "public.products",
                props(
                        "grants",
                        List.of(
                                "\"Migrate Writer\": DELETE, INSERT, " + (read.major() >= 17 ? "MAINTAIN, " : "")
                                        + "REFERENCES, SELECT, TRIGGER, TRUNCATE, UPDATE",
                                "PUBLIC: SELECT")));
        assertObject(snapshot, ObjectKind.TABLE, "public.session_cache", props("unlogged", true));
        assertObject(snapshot, ObjectKind.TABLE, "app.events", props("partitionBy", "RANGE (happened_at)"));
        assertObject(
                snapshot,
                ObjectKind.TABLE,
                "app.events_2025",
                props(
                        "partitionOf", "app.events",
                        "partitionBound", "FOR VALUES FROM ('2025-01-01 00:00:00+00') TO ('2026-01-01 00:00:00+00')"));
        assertObject(
                snapshot,
                ObjectKind.TABLE,
                "app.events_default",
                props("partitionOf", "app.events", "partitionBound", "DEFAULT"));
        assertObject(snapshot, ObjectKind.TABLE, "public.customers", props("partitionBy", "LIST (country)"));
        assertObject(
                snapshot,
                ObjectKind.TABLE,
                "public.customers_eu",
                props("partitionOf", "public.customers", "partitionBound", "FOR VALUES IN ('DE', 'FR', 'IT')"));
        assertObject(
                snapshot,
                ObjectKind.TABLE,
                "public.customers_other",
                props("partitionOf", "public.customers", "partitionBound", "DEFAULT"));
        assertObject(snapshot, ObjectKind.TABLE, "app.audit_login", props("inherits", List.of("app.audit_base")));
        assertObject(
                snapshot,
                ObjectKind.TABLE,
                "app.audit_tagged",
                props("inherits", List.of("app.audit_base", "app.taggable")));
        assertObject(snapshot, ObjectKind.TABLE, "app.audit_base", props());
    }

    @ParameterizedTest
    @MethodSource("servers")
    void columnsHoldTypeCollationNullabilityDefaultIdentityAndGeneratedExpression(CatalogDatabase.Server server)
            throws SQLException {
        Snapshot snapshot = realistic(server).snapshot();
        assertObject(
                snapshot,
                ObjectKind.COLUMN,
                "app.\"Order\".id",
                props("type", "bigint", "notNull", true, "default", "nextval('app.\"Order_id_seq\"'::regclass)"));
        assertObject(
                snapshot,
                ObjectKind.COLUMN,
                "app.\"Order\".status",
                props("type", "app.status", "notNull", true, "default", "'new'::app.status"));
        assertObject(snapshot, ObjectKind.COLUMN, "app.\"Order\".total", props("type", "public.amount"));
        assertObject(
                snapshot,
                ObjectKind.COLUMN,
                "app.\"Order\".tax",
                props("type", "numeric(12,2)", "generated", "((total)::numeric * 0.2)"));
        assertObject(snapshot, ObjectKind.COLUMN, "app.\"Order\".note", props("type", "character varying(200)"));
        assertObject(
                snapshot,
                ObjectKind.COLUMN,
                "app.users.id",
                props("type", "bigint", "notNull", true, "identity", "always"));
        assertObject(
                snapshot,
                ObjectKind.COLUMN,
                "public.products.id",
                props(
                        "type",
                        "integer",
                        "notNull",
                        true,
                        "identity",
                        "by default",
                        "identityOptions",
                        "START WITH 100"));
        assertObject(
                snapshot, ObjectKind.COLUMN, "app.users.\"Display Name\"", props("type", "text", "collation", "\"C\""));
        assertObject(
                snapshot, ObjectKind.COLUMN, "app.users.email", props("type", "app.email", "comment", "Their login"));
        assertObject(
                snapshot,
                ObjectKind.COLUMN,
                "app.users.mood",
                props("type", "public.\"Mood\"", "default", "'ok'::public.\"Mood\""));
        assertObject(
                snapshot,
                ObjectKind.COLUMN,
                "public.products.tags",
                props("type", "text[]", "notNull", true, "default", "'{}'::text[]"));
        // a partition and a child table have their columns too (an inherited identity is not)
        assertObject(snapshot, ObjectKind.COLUMN, "app.events_2025.kind", props("type", "text", "notNull", true));
        assertObject(snapshot, ObjectKind.COLUMN, "app.audit_login.id", props("type", "bigint", "notNull", true));
    }

    @ParameterizedTest
    @MethodSource("servers")
    void constraintsHoldTheirDefinitionButNotThoseAPartitionOrChildInherits(CatalogDatabase.Server server)
            throws SQLException {
        Read read = realistic(server);
        Snapshot snapshot = read.snapshot();
        List<String> expected = new java.util.ArrayList<>(List.of(
                "app.\"Order\".\"Order_pkey\"",
                "app.\"Order\".\"Order_user_fk\"",
                "app.\"Order\".order_area_excl",
                "app.\"Order\".order_total_check",
                "app.audit_base.audit_actor_check",
                "app.events.events_kind_check",
                "app.events.events_pkey",
                "app.order_line.order_line_order_id_region_fkey",
                "app.order_line.order_line_pkey",
                "app.order_line.order_line_product_fk",
                "app.order_line.order_line_quantity_check",
                "app.users.users_email_key",
                "app.users.users_pkey",
                "public.customers.customers_pkey",
                "public.products.products_code_key",
                "public.products.products_pkey",
                "public.session_cache.session_cache_pkey"));
        if (read.major() >= 15) {
            expected.add(15, "public.products.products_name_price_key");
            assertObject(
                    snapshot,
                    ObjectKind.CONSTRAINT,
                    "public.products.products_name_price_key",
                    props("type", "unique", "definition", "UNIQUE NULLS NOT DISTINCT (name, price)"));
        }
        assertEquals(expected, names(snapshot, ObjectKind.CONSTRAINT));
        assertObject(
                snapshot,
                ObjectKind.CONSTRAINT,
                "app.\"Order\".\"Order_pkey\"",
                props("type", "primary key", "definition", "PRIMARY KEY (id, region)"));
        assertObject(
                snapshot,
                ObjectKind.CONSTRAINT,
                "app.\"Order\".\"Order_user_fk\"",
                props(
                        "type",
                        "foreign key",
                        "definition",
                        "FOREIGN KEY (user_id) REFERENCES app.users(id) ON UPDATE RESTRICT ON DELETE CASCADE"
                                + " DEFERRABLE INITIALLY DEFERRED"));
        assertObject(
                snapshot,
                ObjectKind.CONSTRAINT,
                "app.order_line.order_line_order_id_region_fkey",
                props(
                        "type",
                        "foreign key",
                        "definition",
                        "FOREIGN KEY (order_id, region) REFERENCES app.\"Order\"(id, region)"
                                + " ON UPDATE CASCADE ON DELETE CASCADE DEFERRABLE"));
        assertObject(
                snapshot,
                ObjectKind.CONSTRAINT,
                "app.order_line.order_line_product_fk",
                props(
                        "type",
                        "foreign key",
                        "definition",
                        "FOREIGN KEY (product_code) REFERENCES public.products(code) ON DELETE RESTRICT"
                                + " NOT VALID"));
        assertObject(
                snapshot,
                ObjectKind.CONSTRAINT,
                "app.\"Order\".order_total_check",
                props(
                        "type", "check",
                        "definition", "CHECK (((total)::numeric < (100000)::numeric)) NOT VALID",
                        "comment", "Large orders go through sales"));
        assertObject(
                snapshot,
                ObjectKind.CONSTRAINT,
                "app.\"Order\".order_area_excl",
                props("type", "exclusion", "definition", "EXCLUDE USING gist (area WITH &&)"));
        assertObject(
                snapshot,
                ObjectKind.CONSTRAINT,
                "app.users.users_email_key",
                props("type", "unique", "definition", "UNIQUE (email)"));
    }

    @ParameterizedTest
    @MethodSource("servers")
    void indexesHoldMethodKeysIncludePredicateUniquenessButNotThoseOfConstraintsOrPartitions(
            CatalogDatabase.Server server) throws SQLException {
        Read read = realistic(server);
        Snapshot snapshot = read.snapshot();
        List<String> expected = new java.util.ArrayList<>(List.of(
                "app.\"Order_note_idx\"",
                "app.events_kind_idx",
                "app.order_open_idx",
                "app.order_placed_idx",
                "app.order_totals_user_idx",
                "app.users_lower_email_idx",
                "public.products_name_idx",
                "public.products_tags_idx"));
        if (read.major() >= 15) {
            expected.add("public.session_cache_owner_idx");
            assertObject(
                    snapshot,
                    ObjectKind.INDEX,
                    "public.session_cache_owner_idx",
                    props(
                            "table",
                            "public.session_cache",
                            "method",
                            "btree",
                            "unique",
                            true,
                            "columns",
                            List.of("owner"),
                            "nullsNotDistinct",
                            true));
        }
        assertEquals(expected, names(snapshot, ObjectKind.INDEX));
        assertObject(
                snapshot,
                ObjectKind.INDEX,
                "app.order_placed_idx",
                props(
                        "table",
                        "app.\"Order\"",
                        "method",
                        "btree",
                        "columns",
                        List.of("placed_at DESC NULLS LAST"),
                        "include",
                        List.of("status", "note")));
        assertObject(
                snapshot,
                ObjectKind.INDEX,
                "app.order_open_idx",
                props(
                        "table", "app.\"Order\"",
                        "method", "btree",
                        "columns", List.of("user_id"),
                        "predicate", "status <> 'cancelled'::app.status",
                        "comment", "Orders still open"));
        assertObject(
                snapshot,
                ObjectKind.INDEX,
                "app.users_lower_email_idx",
                props("table", "app.users", "method", "btree", "columns", List.of("lower(email::text)")));
        assertObject(
                snapshot,
                ObjectKind.INDEX,
                "public.products_name_idx",
                props(
                        "table",
                        "public.products",
                        "method",
                        "btree",
                        "unique",
                        true,
                        "columns",
                        List.of("name text_pattern_ops")));
        assertObject(
                snapshot,
                ObjectKind.INDEX,
                "app.\"Order_note_idx\"",
                props(
                        "table",
                        "app.\"Order\"",
                        "method",
                        "btree",
                        "columns",
                        List.of("note COLLATE \"C\" NULLS FIRST")));
        assertObject(
                snapshot,
                ObjectKind.INDEX,
                "public.products_tags_idx",
                props("table", "public.products", "method", "gin", "columns", List.of("tags")));
        assertObject(
                snapshot,
                ObjectKind.INDEX,
                "app.events_kind_idx",
                props("table", "app.events", "method", "btree", "columns", List.of("kind")));
        assertObject(
                snapshot,
                ObjectKind.INDEX,
                "app.order_totals_user_idx",
                props("table", "app.order_totals", "method", "btree", "unique", true, "columns", List.of("user_id")));
    }

    @ParameterizedTest
    @MethodSource("servers")
    void viewsAndMaterializedViewsHoldTheirDefinitionOptionsCommentAndGrants(CatalogDatabase.Server server)
            throws SQLException {
        Snapshot snapshot = realistic(server).snapshot();
        SchemaObject open = snapshot.find(ObjectKind.VIEW, "app.open_orders").orElseThrow();
        assertEquals(List.of("security_barrier=true"), open.list("options"));
        assertEquals(List.of("migrate_reader: SELECT"), open.list("grants"));
        assertEquals("Orders not cancelled", open.text("comment"));
        // later versions leave out the alias where it is not needed
        assertEquals(
                List.of(
                        "SELECT id,",
                        "user_id,",
                        "total",
                        "FROM app.\"Order\" o",
                        "WHERE status <> 'cancelled'::app.status;"),
                lines(open.text("definition").replace("o.", "")));
        assertEquals(
                List.of("check_option=local"),
                snapshot.find(ObjectKind.VIEW, "public.\"Active Users\"")
                        .orElseThrow()
                        .list("options"));
        SchemaObject totals =
                snapshot.find(ObjectKind.MATERIALIZED_VIEW, "app.order_totals").orElseThrow();
        assertEquals(
                List.of("comment", "definition"),
                List.copyOf(totals.properties().keySet()));
        assertEquals("Totals per user", totals.text("comment"));
        assertEquals("FROM app.\"Order\"", lines(totals.text("definition")).get(3));
    }

    /** A definition's lines, trimmed (PostgreSQL's versions indent them differently). */
    private static List<String> lines(String definition) {
        return definition.strip().lines().map(String::strip).toList();
    }

    @ParameterizedTest
    @MethodSource("servers")
    void functionsAndProceduresAreNamedByIdentityArgumentsWithDefinitionCommentAndGrants(CatalogDatabase.Server server)
            throws SQLException {
        Snapshot snapshot = realistic(server).snapshot();
        assertEquals(
                List.of(
                        "app.\"Audit\"()",
                        "app.archive(before date)",
                        "app.order_total(p_order bigint)",
                        "app.touch()",
                        "public.add(a integer, b integer)",
                        "public.add(a numeric, b numeric)"),
                names(snapshot, ObjectKind.FUNCTION));
        assertObject(
                snapshot,
                ObjectKind.FUNCTION,
                "app.order_total(p_order bigint)",
                props(
                        "kind",
                        "function",
                        "definition",
                        "CREATE OR REPLACE FUNCTION app.order_total(p_order bigint)\n RETURNS numeric\n"
                                + " LANGUAGE sql\n STABLE\nAS $function$ select total from app.\"Order\" where id = p_order"
                                + " $function$\n",
                        "comment",
                        "The total of one order",
                        "grants",
                        List.of("migrate_reader: EXECUTE")));
        SchemaObject archive =
                snapshot.find(ObjectKind.FUNCTION, "app.archive(before date)").orElseThrow();
        assertEquals("procedure", archive.text("kind"));
        assertEquals(List.of("PUBLIC: EXECUTE"), archive.list("grants"));
        assertEquals(
                " SET search_path TO 'app', 'pg_temp'",
                snapshot.find(ObjectKind.FUNCTION, "app.\"Audit\"()")
                        .orElseThrow()
                        .text("definition")
                        .lines()
                        .toList()
                        .get(4));
    }

    @ParameterizedTest
    @MethodSource("servers")
    void triggersAndPoliciesHoldTheirDefinitionStateAndComment(CatalogDatabase.Server server) throws SQLException {
        Snapshot snapshot = realistic(server).snapshot();
        assertEquals(
                List.of(
                        "app.\"Order\".\"Order Audit\"",
                        "app.\"Order\".big_order",
                        "app.\"Order\".order_touch",
                        "app.events.events_audit"),
                names(snapshot, ObjectKind.TRIGGER));
        assertObject(
                snapshot,
                ObjectKind.TRIGGER,
                "app.\"Order\".\"Order Audit\"",
                props(
                        "definition",
                        "CREATE TRIGGER \"Order Audit\" AFTER INSERT OR DELETE ON app.\"Order\""
                                + " FOR EACH STATEMENT EXECUTE FUNCTION app.\"Audit\"()",
                        "enabled",
                        "disabled"));
        assertObject(
                snapshot,
                ObjectKind.TRIGGER,
                "app.\"Order\".big_order",
                props(
                        "definition",
                        "CREATE TRIGGER big_order AFTER INSERT ON app.\"Order\" FOR EACH ROW"
                                + " WHEN (new.total::numeric > 1000::numeric) EXECUTE FUNCTION app.\"Audit\"()",
                        "enabled",
                        "always"));
        assertObject(
                snapshot,
                ObjectKind.TRIGGER,
                "app.\"Order\".order_touch",
                props(
                        "definition",
                        "CREATE TRIGGER order_touch BEFORE UPDATE ON app.\"Order\" FOR EACH ROW"
                                + " EXECUTE FUNCTION app.touch()",
                        "comment",
                        "Keeps placed_at current"));
        assertObject(
                snapshot,
                ObjectKind.POLICY,
                "app.\"Order\".owner_only",
                props(
                        "command",
                        "SELECT",
                        "permissive",
                        true,
                        "roles",
                        List.of("migrate_reader"),
                        "using",
                        "(user_id = (current_setting('app.user_id'::text))::bigint)"));
        assertObject(
                snapshot,
                ObjectKind.POLICY,
                "app.\"Order\".\"Insert Own\"",
                props(
                        "command", "INSERT",
                        "roles", List.of("\"Migrate Writer\"", "migrate_reader"),
                        "withCheck", "(region = 'eu'::text)"));
        assertObject(
                snapshot,
                ObjectKind.POLICY,
                "app.users.all_rows",
                props(
                        "command", "ALL",
                        "permissive", true,
                        "roles", List.of("PUBLIC"),
                        "using", "true",
                        "comment", "Everyone sees every user"));
    }

    @ParameterizedTest
    @MethodSource("servers")
    void theJsonIsTheSameBytesOnEveryReadAndForEveryDatabaseBuiltTheSameWay(CatalogDatabase.Server server)
            throws SQLException {
        String sql = CatalogDatabase.resource("/schema/realistic.sql");
        String first;
        try (CatalogDatabase database = CatalogDatabase.of(server, sql)) {
            first = SnapshotJson.write(database.read(CatalogDatabase.SCOPE));
            assertEquals(first, SnapshotJson.write(database.read(CatalogDatabase.SCOPE)));
            // a session's own settings change nothing: names, constants and times print the same
            database.execute(
                    "set search_path = app, public; set timezone = 'Asia/Kolkata'; set intervalstyle = 'sql_standard'");
            assertEquals(first, SnapshotJson.write(database.read(CatalogDatabase.SCOPE)));
        }
        assertEquals(first, SnapshotJson.write(CatalogDatabase.snapshot(server, sql)));
        assertEquals(first, SnapshotJson.write(SnapshotJson.read(first, "realistic.json")));
    }
}
