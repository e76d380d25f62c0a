package dev.dbmigrate.schema;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.sql.SQLException;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Stream;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/** {@link CatalogReader} on a real server: what a snapshot holds of a schema made by SQL, and what it leaves out. */
@Tag("postgres")
class CatalogReaderTest {
    static Stream<CatalogDatabase.Server> servers() {
        return CatalogDatabase.servers();
    }

    @ParameterizedTest
    @MethodSource("servers")
    void tablesAndColumnsAreReadWithTypeNullabilityDefaultAndCommentButNotTheToolsTables(CatalogDatabase.Server server)
            throws SQLException {
        Snapshot snapshot = CatalogDatabase.snapshot(
                server,
                "create schema app; create table app.\"Order\" (id bigint not null,"
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

    @ParameterizedTest
    @MethodSource("servers")
    void objectsOfKindsNotModelledAreNamedAndNotLeftOutSilently(CatalogDatabase.Server server) throws SQLException {
        Snapshot snapshot = CatalogDatabase.snapshot(server, """
                create schema app;
                create table app.t (a integer, b integer);
                create aggregate app.total(integer) (sfunc = int4pl, stype = integer);
                create function app.my_rank() returns bigint language internal window as 'window_rank';
                create rule r as on insert to app.t do also notify t;
                create type app.span as range (subtype = integer);
                create type app.shell;
                create function app.on_ddl() returns event_trigger language plpgsql as $$ begin end $$;
                create event trigger audit_ddl on ddl_command_end execute function app.on_ddl();
                create statistics app.s (dependencies) on a, b from app.t;
                create collation app.c from "C";
                create operator app.=== (leftarg = integer, rightarg = integer, function = int4eq);
                create operator class app.int_ops for type integer using btree
                    as operator 1 <, function 1 btint4cmp(integer, integer);
                create text search configuration app.cfg (copy = pg_catalog.simple);
                create text search dictionary app.dict (template = simple);
                create publication pub for table app.t;
                create role migrate_unmodelled_reader;
                grant select (a) on app.t to migrate_unmodelled_reader;
                alter default privileges in schema app grant select on tables to migrate_unmodelled_reader;
                create foreign data wrapper dummy;
                create server remote foreign data wrapper dummy;
                create user mapping for postgres server remote;
                create foreign table app.remote (id integer) server remote;
                create cast (app.span as text) with inout;
                """.replace(
                        "migrate_unmodelled_reader",
                        "migrate_unmodelled_" + ProcessHandle.current().pid() + "_" + System.nanoTime()));
        assertEquals(
                List.of(
                        "aggregate app.total(integer)",
                        "cast (app.span as text)",
                        "collation app.c",
                        "column-level grant app.t.a",
                        "default privileges for role postgres in schema app on tables",
                        "event trigger audit_ddl",
                        "foreign server remote",
                        "foreign table app.remote",
                        "foreign-data wrapper dummy",
                        "operator app.===(integer, integer)",
                        "operator class app.int_ops using btree",
                        "operator family app.int_ops using btree",
                        "publication pub",
                        "range type app.span",
                        "rule app.t.r",
                        "shell type app.shell",
                        "statistics app.s",
                        "text search configuration app.cfg",
                        "text search dictionary app.dict",
                        "user mapping for postgres server remote",
                        "window function app.my_rank()"),
                snapshot.unmodelled());
        // the range type's constructors are PostgreSQL's, not functions of the schema
        assertEquals(
                List.of("app.on_ddl()"),
                snapshot.of(ObjectKind.FUNCTION).stream()
                        .map(SchemaObject::name)
                        .toList());
    }

    @ParameterizedTest
    @MethodSource("servers")
    void anExtensionIsReadButNotItsMembers(CatalogDatabase.Server server) throws SQLException {
        Snapshot snapshot = CatalogDatabase.snapshot(server, """
                create extension citext;
                create extension pg_trgm;
                comment on extension citext is 'case-insensitive text';
                create table public.people (email public.citext primary key, name text);
                create index people_name_trgm on public.people using gin (name public.gin_trgm_ops);
                """);
        assertEquals(
                List.of("citext", "pg_trgm"),
                snapshot.of(ObjectKind.EXTENSION).stream()
                        .map(SchemaObject::name)
                        .toList());
        SchemaObject citext = snapshot.find(ObjectKind.EXTENSION, "citext").orElseThrow();
        assertEquals(Set.of("comment", "schema", "version"), citext.properties().keySet());
        assertEquals("public", citext.text("schema"));
        assertEquals("case-insensitive text", citext.text("comment"));
        assertEquals(List.of(), snapshot.of(ObjectKind.FUNCTION));
        assertEquals(List.of(), snapshot.unmodelled());
        assertEquals(
                "public.citext",
                snapshot.find(ObjectKind.COLUMN, "public.people.email")
                        .orElseThrow()
                        .text("type"));
        assertEquals(
                List.of("name public.gin_trgm_ops"),
                snapshot.find(ObjectKind.INDEX, "public.people_name_trgm")
                        .orElseThrow()
                        .list("columns"));
    }

    @ParameterizedTest
    @MethodSource("servers")
    void theExcludedTablesAndEverythingThatBelongsToThemAreLeftOut(CatalogDatabase.Server server) throws SQLException {
        Snapshot snapshot = CatalogDatabase.snapshot(
                server, """
                create role migrate_excluded_reader_%1$s;
                create table public.flyway_schema_history (
                    installed_rank serial primary key, version text unique, success boolean not null check (success));
                create index flyway_schema_history_s_idx on public.flyway_schema_history (success);
                create function public.nothing() returns trigger language plpgsql as $$ begin return null; end $$;
                create trigger history_trigger after insert on public.flyway_schema_history
                    for each row execute function public.nothing();
                create policy history_policy on public.flyway_schema_history using (true);
                create rule history_rule as on update to public.flyway_schema_history do also notify h;
                grant select (version) on public.flyway_schema_history to migrate_excluded_reader_%1$s;
                create statistics public.history_stats on version, success from public.flyway_schema_history;
                create sequence public.history_owned owned by public.flyway_schema_history.installed_rank;
                create table public.migrate_promotion (id integer generated always as identity primary key);
                create table public.kept (id integer references public.migrate_promotion);
                """.formatted(ProcessHandle.current().pid() + "_" + System.nanoTime()));
        assertEquals(
                Map.of(
                        "schema public", 1L,
                        "table public.kept", 1L,
                        "column public.kept.id", 1L,
                        "constraint public.kept.kept_id_fkey", 1L,
                        "function public.nothing()", 1L),
                snapshot.objects().stream()
                        .collect(java.util.stream.Collectors.groupingBy(
                                SchemaObject::label, java.util.stream.Collectors.counting())));
        assertEquals(List.of(), snapshot.unmodelled());
    }

    @ParameterizedTest
    @MethodSource("servers")
    void aScopeOfSchemasReadsOnlyThose(CatalogDatabase.Server server) throws SQLException {
        try (CatalogDatabase database = CatalogDatabase.of(server, """
                create schema app;
                create schema "Other";
                create table app.a (id integer);
                create table "Other".b (id integer);
                create table public.c (id integer);
                create type "Other".e as enum ('x');
                """)) {
            Snapshot snapshot = database.read(SnapshotScope.of(List.of("app", "Other"), "flyway_schema_history"));
            assertEquals(
                    List.of(
                            "schema \"Other\"",
                            "schema app",
                            "enum \"Other\".e",
                            "table \"Other\".b",
                            "table app.a",
                            "column \"Other\".b.id",
                            "column app.a.id"),
                    snapshot.objects().stream().map(SchemaObject::label).toList());
        }
    }

    @ParameterizedTest
    @MethodSource("servers")
    void aColumnsPositionCountsOnlyTheColumnsThatAreLeftAndIsNotADifference(CatalogDatabase.Server server)
            throws SQLException {
        try (CatalogDatabase database = CatalogDatabase.of(
                server, "create table public.pos (a int, b int, c int); alter table public.pos drop column b")) {
            Snapshot snapshot = database.read(CatalogDatabase.SCOPE);
            assertEquals(
                    "2",
                    snapshot.find(ObjectKind.COLUMN, "public.pos.c")
                            .orElseThrow()
                            .text("position"));
            SchemaObject moved = snapshot.find(ObjectKind.COLUMN, "public.pos.c")
                    .orElseThrow()
                    .with("position", "7");
            assertEquals(
                    List.of(),
                    SchemaDiff.between(snapshot, Snapshot.of("", List.of(moved))).stream()
                            .filter(d ->
                                    d.kind() == ObjectKind.COLUMN && d.name().equals("public.pos.c"))
                            .toList());
        }
    }

    @ParameterizedTest
    @MethodSource("servers")
    void aGeneratedColumnHoldsItsExpressionAndNoDefaultAndAVirtualOneIsMarked(CatalogDatabase.Server server)
            throws SQLException {
        try (CatalogDatabase database = CatalogDatabase.of(
                server,
                "create table public.box (w integer, h integer, area integer generated always as (w * h) stored)")) {
            boolean virtual = database.major() >= 18;
            if (virtual) {
                database.execute("alter table public.box add column half integer generated always as (w / 2) virtual");
            }
            Snapshot snapshot = database.read(CatalogDatabase.SCOPE);
            assertEquals(
                    Map.of("type", "integer", "generated", "(w * h)", "position", "3"),
                    snapshot.find(ObjectKind.COLUMN, "public.box.area")
                            .orElseThrow()
                            .properties());
            assertEquals(
                    virtual
                            ? Map.of("type", "integer", "generated", "(w / 2)", "virtual", true, "position", "4")
                            : null,
                    snapshot.find(ObjectKind.COLUMN, "public.box.half")
                            .map(SchemaObject::properties)
                            .orElse(null));
        }
    }
}
