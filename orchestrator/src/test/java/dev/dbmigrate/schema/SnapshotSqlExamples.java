package dev.dbmigrate.schema;

import java.util.List;

/**
 * Hand-made objects of every kind with the SQL {@link SnapshotSql} must write for them: pinned by
 * {@code SnapshotSqlTest}, executed in this order (and dropped in the reverse one) on a real server by
 * {@code SnapshotSqlExecutesTest}. The role {@link #ROLE} must exist.
 */
final class SnapshotSqlExamples {
    static final String ROLE = "snapshot_sql_reader";

    /** One object, the statements that create it (within {@link #WITHIN}) and the one that drops it. */
    record Example(SchemaObject object, List<String> create, String drop) {}

    private SnapshotSqlExamples() {}

    private static SchemaObject of(ObjectKind kind, String name) {
        return SchemaObject.of(kind, name);
    }

    static final SchemaObject ORDER = of(ObjectKind.TABLE, "app.\"Order\"")
            .with("rowSecurity", true)
            .with("forceRowSecurity", true)
            .with("comment", "what is bought")
            .with("grants", List.of(ROLE + ": SELECT, UPDATE WITH GRANT OPTION", "PUBLIC: SELECT"));
    static final List<SchemaObject> ORDER_COLUMNS = List.of(
            of(ObjectKind.COLUMN, "app.\"Order\".\"Total\"")
                    .with("type", "numeric")
                    .with("generated", "((id)::numeric * 2.0)"),
            of(ObjectKind.COLUMN, "app.\"Order\".id")
                    .with("type", "bigint")
                    .with("identity", "always")
                    .with("notNull", true),
            of(ObjectKind.COLUMN, "app.\"Order\".no").with("type", "bigint"),
            of(ObjectKind.COLUMN, "app.\"Order\".note")
                    .with("type", "text")
                    .with("collation", "\"C\"")
                    .with("comment", "free text"),
            of(ObjectKind.COLUMN, "app.\"Order\".status")
                    .with("type", "app.\"Status\"")
                    .with("default", "'new'::app.\"Status\"")
                    .with("notNull", true));
    static final SchemaObject EVENTS = of(ObjectKind.TABLE, "app.events").with("partitionBy", "RANGE (at)");
    static final SchemaObject EVENTS_2026 = of(ObjectKind.TABLE, "app.events_2026")
            .with("partitionOf", "app.events")
            .with("partitionBound", "FOR VALUES FROM ('2026-01-01 00:00:00+00') TO ('2027-01-01 00:00:00+00')");
    static final List<SchemaObject> EVENT_COLUMNS = List.of(
            of(ObjectKind.COLUMN, "app.events.at")
                    .with("type", "timestamp with time zone")
                    .with("notNull", true),
            of(ObjectKind.COLUMN, "app.events.kind").with("type", "text").with("default", "'x'::text"),
            of(ObjectKind.COLUMN, "app.events_2026.at")
                    .with("type", "timestamp with time zone")
                    .with("notNull", true),
            of(ObjectKind.COLUMN, "app.events_2026.kind")
                    .with("type", "text")
                    .with("default", "'y'::text")
                    .with("notNull", true));
    static final SchemaObject BASE = of(ObjectKind.TABLE, "app.base").with("unlogged", true);
    static final SchemaObject CHILD = of(ObjectKind.TABLE, "app.child").with("inherits", List.of("app.base"));
    static final List<SchemaObject> FAMILY_COLUMNS = List.of(
            of(ObjectKind.COLUMN, "app.base.id").with("type", "bigint").with("default", "0"),
            of(ObjectKind.COLUMN, "app.child.extra").with("type", "text").with("notNull", true),
            of(ObjectKind.COLUMN, "app.child.id").with("type", "bigint"));

    /** The snapshot the tables' columns come from. */
    static final Snapshot WITHIN = Snapshot.of(
            "",
            java.util.stream.Stream.of(
                            List.of(ORDER, EVENTS, EVENTS_2026, BASE, CHILD),
                            ORDER_COLUMNS,
                            EVENT_COLUMNS,
                            FAMILY_COLUMNS)
                    .flatMap(List::stream)
                    .toList());

    /** Every example, in an order that runs on an empty database. */
    static final List<Example> ALL = List.of(
            new Example(
                    of(ObjectKind.SCHEMA, "app")
                            .with("comment", "the application's")
                            .with("grants", List.of(ROLE + ": USAGE")),
                    List.of(
                            "CREATE SCHEMA app",
                            "COMMENT ON SCHEMA app IS E'the application''s'",
                            "GRANT USAGE ON SCHEMA app TO \"" + ROLE + "\""),
                    "DROP SCHEMA app"),
            new Example(
                    of(ObjectKind.EXTENSION, "pgcrypto")
                            .with("schema", "app")
                            .with("version", "1.3")
                            .with("comment", "crypto"),
                    List.of(
                            "CREATE EXTENSION \"pgcrypto\" WITH SCHEMA \"app\" VERSION E'1.3'",
                            "COMMENT ON EXTENSION \"pgcrypto\" IS E'crypto'"),
                    "DROP EXTENSION \"pgcrypto\""),
            new Example(
                    of(ObjectKind.ENUM, "app.\"Status\"")
                            .with("values", List.of("new", "it's done"))
                            .with("comment", "where it is"),
                    List.of(
                            "CREATE TYPE app.\"Status\" AS ENUM (E'new', E'it''s done')",
                            "COMMENT ON TYPE app.\"Status\" IS E'where it is'"),
                    "DROP TYPE app.\"Status\""),
            new Example(
                    of(ObjectKind.DOMAIN, "app.email")
                            .with("type", "text")
                            .with("collation", "C")
                            .with("default", "'a@b'::text")
                            .with("notNull", true)
                            .with(
                                    "checks",
                                    List.of(
                                            "has_at: CHECK (VALUE ~~ '%@%'::text)",
                                            "\"Short\": CHECK (length(VALUE) < 99)"))
                            .with("comment", "an address"),
                    List.of(
                            "CREATE DOMAIN app.email AS text COLLATE \"C\" DEFAULT 'a@b'::text NOT NULL"
                                    + " CONSTRAINT \"has_at\" CHECK (VALUE ~~ '%@%'::text)"
                                    + " CONSTRAINT \"Short\" CHECK (length(VALUE) < 99)",
                            "COMMENT ON DOMAIN app.email IS E'an address'"),
                    "DROP DOMAIN app.email"),
            new Example(
                    of(ObjectKind.COMPOSITE_TYPE, "app.address")
                            .with(
                                    "attributes",
                                    List.of("street text", "\"City\" text COLLATE \"C\"", "mail app.email")),
                    List.of("CREATE TYPE app.address AS (street text, \"City\" text COLLATE \"C\", mail app.email)"),
                    "DROP TYPE app.address"),
            new Example(
                    ORDER,
                    List.of(
                            "CREATE TABLE app.\"Order\" (\"Total\" numeric GENERATED ALWAYS AS (((id)::numeric * 2.0))"
                                    + " STORED, id bigint GENERATED ALWAYS AS IDENTITY NOT NULL, no bigint,"
                                    + " note text COLLATE \"C\", status app.\"Status\" DEFAULT 'new'::app.\"Status\""
                                    + " NOT NULL)",
                            "ALTER TABLE app.\"Order\" ENABLE ROW LEVEL SECURITY",
                            "ALTER TABLE app.\"Order\" FORCE ROW LEVEL SECURITY",
                            "COMMENT ON TABLE app.\"Order\" IS E'what is bought'",
                            "GRANT SELECT ON TABLE app.\"Order\" TO \"" + ROLE + "\"",
                            "GRANT UPDATE ON TABLE app.\"Order\" TO \"" + ROLE + "\" WITH GRANT OPTION",
                            "GRANT SELECT ON TABLE app.\"Order\" TO PUBLIC",
                            "COMMENT ON COLUMN app.\"Order\".note IS E'free text'"),
                    "DROP TABLE app.\"Order\""),
            new Example(
                    of(ObjectKind.SEQUENCE, "app.order_no")
                            .with("type", "bigint")
                            .with("start", "100")
                            .with("increment", "5")
                            .with("min", "1")
                            .with("max", "1000000")
                            .with("cache", "10")
                            .with("cycle", true)
                            .with("ownedBy", "app.\"Order\".no")
                            .with("comment", "order numbers")
                            .with("grants", List.of(ROLE + ": SELECT, USAGE")),
                    List.of(
                            "CREATE SEQUENCE app.order_no AS bigint INCREMENT BY 5 MINVALUE 1 MAXVALUE 1000000"
                                    + " START WITH 100 CACHE 10 CYCLE",
                            "ALTER SEQUENCE app.order_no OWNED BY app.\"Order\".no",
                            "COMMENT ON SEQUENCE app.order_no IS E'order numbers'",
                            "GRANT SELECT, USAGE ON SEQUENCE app.order_no TO \"" + ROLE + "\""),
                    "DROP SEQUENCE app.order_no"),
            new Example(
                    EVENTS,
                    List.of("CREATE TABLE app.events (at timestamp with time zone NOT NULL, kind text DEFAULT"
                            + " 'x'::text) PARTITION BY RANGE (at)"),
                    "DROP TABLE app.events"),
            new Example(
                    EVENTS_2026,
                    List.of(
                            "CREATE TABLE app.events_2026 PARTITION OF app.events FOR VALUES FROM"
                                    + " ('2026-01-01 00:00:00+00') TO ('2027-01-01 00:00:00+00')",
                            "ALTER TABLE app.events_2026 ALTER COLUMN kind SET DEFAULT 'y'::text",
                            "ALTER TABLE app.events_2026 ALTER COLUMN kind SET NOT NULL"),
                    "DROP TABLE app.events_2026"),
            new Example(BASE, List.of("CREATE UNLOGGED TABLE app.base (id bigint DEFAULT 0)"), "DROP TABLE app.base"),
            new Example(
                    CHILD,
                    List.of(
                            "CREATE TABLE app.child (extra text NOT NULL) INHERITS (app.base)",
                            "ALTER TABLE app.child ALTER COLUMN id DROP DEFAULT"),
                    "DROP TABLE app.child"),
            new Example(
                    of(ObjectKind.COLUMN, "app.base.\"Added\"")
                            .with("type", "integer")
                            .with("default", "1")
                            .with("comment", "added later"),
                    List.of(
                            "ALTER TABLE app.base ADD COLUMN \"Added\" integer DEFAULT 1",
                            "COMMENT ON COLUMN app.base.\"Added\" IS E'added later'"),
                    "ALTER TABLE app.base DROP COLUMN \"Added\""),
            new Example(
                    of(ObjectKind.CONSTRAINT, "app.\"Order\".order_pkey")
                            .with("type", "primary key")
                            .with("definition", "PRIMARY KEY (id)")
                            .with("comment", "the key"),
                    List.of(
                            "ALTER TABLE app.\"Order\" ADD CONSTRAINT order_pkey PRIMARY KEY (id)",
                            "COMMENT ON CONSTRAINT order_pkey ON app.\"Order\" IS E'the key'"),
                    "ALTER TABLE app.\"Order\" DROP CONSTRAINT order_pkey"),
            new Example(
                    of(ObjectKind.CONSTRAINT, "app.\"Order\".\"Order_no_key\"")
                            .with("type", "unique")
                            .with("definition", "UNIQUE (no)"),
                    List.of("ALTER TABLE app.\"Order\" ADD CONSTRAINT \"Order_no_key\" UNIQUE (no)"),
                    "ALTER TABLE app.\"Order\" DROP CONSTRAINT \"Order_no_key\""),
            new Example(
                    of(ObjectKind.CONSTRAINT, "app.\"Order\".total_positive")
                            .with("type", "check")
                            .with("definition", "CHECK (\"Total\" >= 0::numeric) NOT VALID"),
                    List.of("ALTER TABLE app.\"Order\" ADD CONSTRAINT total_positive CHECK (\"Total\" >= 0::numeric)"
                            + " NOT VALID"),
                    "ALTER TABLE app.\"Order\" DROP CONSTRAINT total_positive"),
            new Example(
                    of(ObjectKind.CONSTRAINT, "app.child.child_ids_apart")
                            .with("type", "exclusion")
                            .with("definition", "EXCLUDE USING gist (int8range(id, id, '[]'::text) WITH &&)"),
                    List.of("ALTER TABLE app.child ADD CONSTRAINT child_ids_apart EXCLUDE USING gist"
                            + " (int8range(id, id, '[]'::text) WITH &&)"),
                    "ALTER TABLE app.child DROP CONSTRAINT child_ids_apart"),
            new Example(
                    of(ObjectKind.FUNCTION, "app.add(a integer, b integer)")
                            .with("kind", "function")
                            .with(
                                    "definition",
                                    "CREATE OR REPLACE FUNCTION app.add(a integer, b integer)\n RETURNS integer\n"
                                            + " LANGUAGE sql\n IMMUTABLE\nAS $function$select a + b$function$\n")
                            .with("comment", "adds")
                            .with("grants", List.of(ROLE + ": EXECUTE")),
                    List.of(
                            "CREATE OR REPLACE FUNCTION app.add(a integer, b integer)\n RETURNS integer\n"
                                    + " LANGUAGE sql\n IMMUTABLE\nAS $function$select a + b$function$",
                            "COMMENT ON FUNCTION app.add(a integer, b integer) IS E'adds'",
                            "REVOKE ALL ON FUNCTION app.add(a integer, b integer) FROM PUBLIC",
                            "GRANT EXECUTE ON FUNCTION app.add(a integer, b integer) TO \"" + ROLE + "\""),
                    "DROP FUNCTION app.add(a integer, b integer)"),
            new Example(
                    of(ObjectKind.FUNCTION, "app.stamp()")
                            .with("kind", "function")
                            .with(
                                    "definition",
                                    "CREATE OR REPLACE FUNCTION app.stamp()\n RETURNS trigger\n LANGUAGE plpgsql\n"
                                            + "AS $function$begin new.no := 1; return new; end$function$\n")
                            .with("grants", List.of("PUBLIC: EXECUTE")),
                    List.of(
                            "CREATE OR REPLACE FUNCTION app.stamp()\n RETURNS trigger\n LANGUAGE plpgsql\n"
                                    + "AS $function$begin new.no := 1; return new; end$function$",
                            "GRANT EXECUTE ON FUNCTION app.stamp() TO PUBLIC"),
                    "DROP FUNCTION app.stamp()"),
            new Example(
                    of(ObjectKind.FUNCTION, "app.touch(INOUT n integer)")
                            .with("kind", "procedure")
                            .with(
                                    "definition",
                                    "CREATE OR REPLACE PROCEDURE app.touch(INOUT n integer)\n LANGUAGE plpgsql\n"
                                            + "AS $procedure$begin n := n + 1; end$procedure$\n")
                            .with("comment", "touches"),
                    List.of(
                            "CREATE OR REPLACE PROCEDURE app.touch(INOUT n integer)\n LANGUAGE plpgsql\n"
                                    + "AS $procedure$begin n := n + 1; end$procedure$",
                            "COMMENT ON PROCEDURE app.touch(INOUT n integer) IS E'touches'",
                            "REVOKE ALL ON PROCEDURE app.touch(INOUT n integer) FROM PUBLIC"),
                    "DROP PROCEDURE app.touch(INOUT n integer)"),
            new Example(
                    of(ObjectKind.VIEW, "app.order_totals")
                            .with("definition", " SELECT id,\n    \"Total\"\n   FROM app.\"Order\";")
                            .with("options", List.of("security_barrier=true"))
                            .with("comment", "totals")
                            .with("grants", List.of(ROLE + ": SELECT")),
                    List.of(
                            "CREATE VIEW app.order_totals WITH (security_barrier=true) AS\n SELECT id,\n"
                                    + "    \"Total\"\n   FROM app.\"Order\"",
                            "COMMENT ON VIEW app.order_totals IS E'totals'",
                            "GRANT SELECT ON TABLE app.order_totals TO \"" + ROLE + "\""),
                    "DROP VIEW app.order_totals"),
            new Example(
                    of(ObjectKind.VIEW, "app.big_orders")
                            .with(
                                    "definition",
                                    " SELECT id\n   FROM app.order_totals\n  WHERE \"Total\" > 10::numeric;")
                            .with("options", List.of("check_option=local")),
                    List.of("CREATE VIEW app.big_orders WITH (check_option=local) AS\n SELECT id\n"
                            + "   FROM app.order_totals\n  WHERE \"Total\" > 10::numeric"),
                    "DROP VIEW app.big_orders"),
            new Example(
                    of(ObjectKind.MATERIALIZED_VIEW, "app.order_count")
                            .with("definition", " SELECT count(*) AS n\n   FROM app.\"Order\";")
                            .with("comment", "how many")
                            .with("grants", List.of(ROLE + ": SELECT")),
                    List.of(
                            "CREATE MATERIALIZED VIEW app.order_count AS\n SELECT count(*) AS n\n   FROM app.\"Order\"",
                            "COMMENT ON MATERIALIZED VIEW app.order_count IS E'how many'",
                            "GRANT SELECT ON TABLE app.order_count TO \"" + ROLE + "\""),
                    "DROP MATERIALIZED VIEW app.order_count"),
            new Example(
                    of(ObjectKind.INDEX, "app.order_count_n")
                            .with("table", "app.order_count")
                            .with("method", "btree")
                            .with("unique", true)
                            .with("columns", List.of("n")),
                    List.of("CREATE UNIQUE INDEX order_count_n ON app.order_count USING btree (n)"),
                    "DROP INDEX app.order_count_n"),
            new Example(
                    of(ObjectKind.INDEX, "app.\"Order_open\"")
                            .with("table", "app.\"Order\"")
                            .with("method", "btree")
                            .with("unique", true)
                            .with(
                                    "columns",
                                    List.of(
                                            "lower(note) text_pattern_ops",
                                            "status DESC NULLS LAST",
                                            "id + 1",
                                            "(no)::text"))
                            .with("include", List.of("\"Total\""))
                            .with("predicate", "note IS NOT NULL")
                            .with("comment", "open ones"),
                    List.of(
                            "CREATE UNIQUE INDEX \"Order_open\" ON app.\"Order\" USING btree (lower(note)"
                                    + " text_pattern_ops, status DESC NULLS LAST, (id + 1), ((no)::text)) INCLUDE"
                                    + " (\"Total\") WHERE (note IS NOT NULL)",
                            "COMMENT ON INDEX app.\"Order_open\" IS E'open ones'"),
                    "DROP INDEX app.\"Order_open\""),
            new Example(
                    of(ObjectKind.INDEX, "app.events_kind")
                            .with("table", "app.events")
                            .with("columns", List.of("kind COLLATE \"C\"", "at")),
                    List.of("CREATE INDEX events_kind ON app.events (kind COLLATE \"C\", at)"),
                    "DROP INDEX app.events_kind"),
            new Example(
                    of(ObjectKind.CONSTRAINT, "app.child.child_order_fk")
                            .with("type", "foreign key")
                            .with(
                                    "definition",
                                    "FOREIGN KEY (id) REFERENCES app.\"Order\"(id) ON DELETE CASCADE DEFERRABLE"
                                            + " INITIALLY DEFERRED"),
                    List.of("ALTER TABLE app.child ADD CONSTRAINT child_order_fk FOREIGN KEY (id) REFERENCES"
                            + " app.\"Order\"(id) ON DELETE CASCADE DEFERRABLE INITIALLY DEFERRED"),
                    "ALTER TABLE app.child DROP CONSTRAINT child_order_fk"),
            new Example(
                    of(ObjectKind.TRIGGER, "app.\"Order\".order_stamp")
                            .with(
                                    "definition",
                                    "CREATE TRIGGER order_stamp BEFORE INSERT ON app.\"Order\" FOR EACH ROW EXECUTE"
                                            + " FUNCTION app.stamp()")
                            .with("enabled", "replica")
                            .with("comment", "numbers orders"),
                    List.of(
                            "CREATE TRIGGER order_stamp BEFORE INSERT ON app.\"Order\" FOR EACH ROW EXECUTE FUNCTION"
                                    + " app.stamp()",
                            "ALTER TABLE app.\"Order\" ENABLE REPLICA TRIGGER order_stamp",
                            "COMMENT ON TRIGGER order_stamp ON app.\"Order\" IS E'numbers orders'"),
                    "DROP TRIGGER order_stamp ON app.\"Order\""),
            new Example(
                    of(ObjectKind.POLICY, "app.\"Order\".own_rows")
                            .with("command", "SELECT")
                            .with("permissive", true)
                            .with("roles", List.of(ROLE))
                            .with("using", "(id > 0)")
                            .with("comment", "positive ids"),
                    List.of(
                            "CREATE POLICY own_rows ON app.\"Order\" AS PERMISSIVE FOR SELECT TO \"" + ROLE
                                    + "\" USING ((id > 0))",
                            "COMMENT ON POLICY own_rows ON app.\"Order\" IS E'positive ids'"),
                    "DROP POLICY own_rows ON app.\"Order\""),
            new Example(
                    of(ObjectKind.POLICY, "app.\"Order\".\"Few rows\"")
                            .with("command", "ALL")
                            .with("roles", List.of("public"))
                            .with("using", "true")
                            .with("withCheck", "(id < 1000)"),
                    List.of("CREATE POLICY \"Few rows\" ON app.\"Order\" AS RESTRICTIVE FOR ALL TO PUBLIC USING (true)"
                            + " WITH CHECK ((id < 1000))"),
                    "DROP POLICY \"Few rows\" ON app.\"Order\""));
}
