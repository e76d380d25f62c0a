package dev.dbmigrate.schema;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.dbmigrate.schema.SnapshotSqlExamples.Example;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The SQL {@link SnapshotSql} writes, from hand-made objects: no database ({@code SnapshotSqlExecutesTest} runs it). */
class SnapshotSqlTest {
    private static SchemaObject of(ObjectKind kind, String name) {
        return SchemaObject.of(kind, name);
    }

    private static List<String> all(SchemaObject... objects) {
        return SnapshotSql.statements(Snapshot.of("", List.of(objects)));
    }

    private static int position(List<String> statements, String start) {
        for (int i = 0; i < statements.size(); i++) {
            if (statements.get(i).startsWith(start)) {
                return i;
            }
        }
        throw new AssertionError("no statement starts with " + start + " in " + statements);
    }

    @Test
    void everyKindIsCreatedAndDroppedWithTheStatementsPinnedInTheExamples() {
        for (Example example : SnapshotSqlExamples.ALL) {
            assertEquals(
                    example.create(),
                    SnapshotSql.create(example.object(), SnapshotSqlExamples.WITHIN),
                    example.object().label());
            assertEquals(
                    example.drop(),
                    SnapshotSql.drop(example.object()),
                    example.object().label());
        }
    }

    @Test
    void namesSplitIntoPartsOnlyAtDotsOutsideQuotesAndBeforeTheArguments() {
        assertEquals(List.of("app", "\"a.b\"", "\"c\"\"d\""), SqlNames.parts("app.\"a.b\".\"c\"\"d\""));
        assertEquals(List.of("app", "f"), SqlNames.parts("app.f(a app.t, b \"x.y\")"));
        assertEquals("app.\"a.b\"", SqlNames.owner("app.\"a.b\".pk"));
        assertEquals("\"x\"\"y\"", SqlNames.ident("x\"y"));
        assertEquals("\"Done\"", SqlNames.ident("\"Done\""));
    }

    @Test
    void aNameIsMentionedOnlyAsAWholeNameAndAPublicOneAlsoBare() {
        assertTrue(SqlNames.mentions("select * from app.orders o", "app.orders"));
        assertFalse(SqlNames.mentions("select * from app.orders_archive", "app.orders"));
        assertFalse(SqlNames.mentions("select * from myapp.orders", "app.orders"));
        assertTrue(SqlNames.mentions("select * from orders", "public.orders"));
        assertFalse(SqlNames.mentions("select * from app.orders", "public.orders"));
        assertTrue(SqlNames.mentions("from app.\"Order\" x", "app.\"Order\""));
    }

    @Test
    void anIndexWithNullsNotDistinctSaysSoBeforeItsPredicate() {
        SchemaObject index = SchemaObject.of(ObjectKind.INDEX, "app.codes")
                .with("table", "app.t")
                .with("unique", true)
                .with("columns", List.of("code"))
                .with("include", List.of("at"))
                .with("nullsNotDistinct", true)
                .with("predicate", "code <> ''::text");
        assertEquals(
                List.of("CREATE UNIQUE INDEX codes ON app.t (code) INCLUDE (at) NULLS NOT DISTINCT WHERE (code <>"
                        + " ''::text)"),
                SnapshotSql.create(index, Snapshot.of("", List.of())));
    }

    @Test
    void indexKeysThatAreExpressionsAreParenthesisedAndColumnsAndCallsAreNot() {
        assertEquals("email", IndexSql.key("email"));
        assertEquals("\"E mail\" DESC NULLS FIRST", IndexSql.key("\"E mail\" DESC NULLS FIRST"));
        assertEquals("email COLLATE \"C\" text_pattern_ops", IndexSql.key("email COLLATE \"C\" text_pattern_ops"));
        assertEquals("lower((email)::text)", IndexSql.key("lower((email)::text)"));
        assertEquals("app.f(a, ')')", IndexSql.key("app.f(a, ')')"));
        assertEquals("(a + b) DESC", IndexSql.key("(a + b) DESC"));
        assertEquals("(a + b)", IndexSql.key("a + b"));
        assertEquals("((email)::text)", IndexSql.key("(email)::text"));
        assertEquals("(a IS NULL)", IndexSql.key("a IS NULL"));
        assertEquals("(CASE WHEN a THEN 1 ELSE 2 END)", IndexSql.key("CASE WHEN a THEN 1 ELSE 2 END"));
    }

    @Test
    void theScriptCreatesTypesBeforeTheTypesThatUseThemWhateverTheirNames() {
        List<String> statements = all(
                of(ObjectKind.DOMAIN, "app.a_work_email").with("type", "app.b_email"),
                of(ObjectKind.DOMAIN, "app.b_email").with("type", "text"),
                of(ObjectKind.COMPOSITE_TYPE, "app.a_contact")
                        .with("attributes", List.of("mail app.a_work_email", "state app.z_state")),
                of(ObjectKind.ENUM, "app.z_state").with("values", List.of("on")));
        assertTrue(position(statements, "CREATE TYPE app.z_state") < position(statements, "CREATE DOMAIN app.b_email"));
        assertTrue(position(statements, "CREATE DOMAIN app.b_email")
                < position(statements, "CREATE DOMAIN app.a_work_email"));
        assertTrue(position(statements, "CREATE DOMAIN app.a_work_email")
                < position(statements, "CREATE TYPE app.a_contact"));
        assertEquals("SET check_function_bodies = false", statements.get(0));
    }

    @Test
    void theScriptCreatesParentTablesFirstAndSequencesAroundThem() {
        List<String> statements = all(
                of(ObjectKind.TABLE, "app.a_part")
                        .with("partitionOf", "app.b_parent")
                        .with("partitionBound", "DEFAULT"),
                of(ObjectKind.TABLE, "app.b_parent")
                        .with("partitionBy", "LIST (k)")
                        .with("inherits", List.of()),
                of(ObjectKind.TABLE, "app.a_child").with("inherits", List.of("app.c_base")),
                of(ObjectKind.TABLE, "app.c_base"),
                of(ObjectKind.COLUMN, "app.b_parent.k")
                        .with("type", "bigint")
                        .with("default", "nextval('app.s'::regclass)"),
                of(ObjectKind.COLUMN, "app.a_part.k")
                        .with("type", "bigint")
                        .with("default", "nextval('app.s'::regclass)"),
                of(ObjectKind.SEQUENCE, "app.s").with("ownedBy", "app.b_parent.k"));
        assertEquals(
                List.of(
                        "SET check_function_bodies = false",
                        "CREATE SEQUENCE app.s",
                        "CREATE TABLE app.c_base ()",
                        "CREATE TABLE app.a_child () INHERITS (app.c_base)",
                        "CREATE TABLE app.b_parent (k bigint DEFAULT nextval('app.s'::regclass)) PARTITION BY LIST (k)",
                        "CREATE TABLE app.a_part PARTITION OF app.b_parent DEFAULT",
                        "ALTER SEQUENCE app.s OWNED BY app.b_parent.k"),
                statements);
    }

    @Test
    void theScriptCreatesViewsAfterTheViewsTheyUseAndIndexesBeforeForeignKeys() {
        List<String> statements = all(
                of(ObjectKind.VIEW, "app.a_big").with("definition", " SELECT id FROM app.b_all WHERE id > 1;"),
                of(ObjectKind.MATERIALIZED_VIEW, "app.b_all").with("definition", " SELECT id FROM app.c_open;"),
                of(ObjectKind.VIEW, "app.c_open").with("definition", " SELECT 1 AS id;"),
                of(ObjectKind.INDEX, "app.b_all_id").with("table", "app.b_all").with("columns", List.of("id")),
                of(ObjectKind.CONSTRAINT, "app.t.a_fk")
                        .with("type", "foreign key")
                        .with("definition", "FOREIGN KEY (id) REFERENCES app.t(id)"),
                of(ObjectKind.CONSTRAINT, "app.t.z_key").with("type", "unique").with("definition", "UNIQUE (id)"));
        assertEquals(
                List.of(
                        "SET check_function_bodies = false",
                        "ALTER TABLE app.t ADD CONSTRAINT z_key UNIQUE (id)",
                        "CREATE VIEW app.c_open AS\n SELECT 1 AS id",
                        "CREATE MATERIALIZED VIEW app.b_all AS\n SELECT id FROM app.c_open",
                        "CREATE VIEW app.a_big AS\n SELECT id FROM app.b_all WHERE id > 1",
                        "CREATE INDEX b_all_id ON app.b_all (id)",
                        "ALTER TABLE app.t ADD CONSTRAINT a_fk FOREIGN KEY (id) REFERENCES app.t(id)"),
                statements);
    }

    @Test
    void functionsThatNameNoTableComeBeforeTheTablesAndTheOthersAfterTheirConstraints() {
        List<String> statements = all(
                of(ObjectKind.FUNCTION, "public.code()").with("definition", "CREATE FUNCTION public.code() AS 'x'"),
                of(ObjectKind.FUNCTION, "public.count()")
                        .with("definition", "CREATE FUNCTION public.count() AS 'select count(*) from orders'"),
                of(ObjectKind.TABLE, "public.orders"),
                of(ObjectKind.COLUMN, "public.orders.code").with("type", "text").with("default", "code()"),
                of(ObjectKind.CONSTRAINT, "public.orders.c")
                        .with("type", "check")
                        .with("definition", "CHECK (true)"),
                of(ObjectKind.TRIGGER, "public.orders.t").with("definition", "CREATE TRIGGER t"),
                of(ObjectKind.POLICY, "public.orders.p").with("permissive", true));
        assertEquals(
                List.of(
                        "SET check_function_bodies = false",
                        "CREATE FUNCTION public.code() AS 'x'",
                        "REVOKE ALL ON FUNCTION public.code() FROM PUBLIC",
                        "CREATE TABLE public.orders (code text DEFAULT code())",
                        "ALTER TABLE public.orders ADD CONSTRAINT c CHECK (true)",
                        "CREATE FUNCTION public.count() AS 'select count(*) from orders'",
                        "REVOKE ALL ON FUNCTION public.count() FROM PUBLIC",
                        "CREATE TRIGGER t",
                        "CREATE POLICY p ON public.orders AS PERMISSIVE"),
                statements);
    }

    @Test
    void theSchemaPublicAndPlpgsqlAreOnlyCommentedAndGranted() {
        List<String> statements = all(
                of(ObjectKind.SCHEMA, "public")
                        .with("comment", "standard public schema")
                        .with("grants", List.of("PUBLIC: USAGE")),
                of(ObjectKind.EXTENSION, "plpgsql").with("schema", "pg_catalog").with("comment", "PL/pgSQL"));
        assertEquals(
                List.of(
                        "SET check_function_bodies = false",
                        "REVOKE ALL ON SCHEMA public FROM PUBLIC",
                        "COMMENT ON SCHEMA public IS E'standard public schema'",
                        "GRANT USAGE ON SCHEMA public TO PUBLIC",
                        "COMMENT ON EXTENSION \"plpgsql\" IS E'PL/pgSQL'"),
                statements);
    }

    @Test
    void functionsAreOrderedByTheirHeadersAmongTypesAndViewsAndTheirPlainBodiesNeedNothing() {
        List<String> statements = all(
                of(ObjectKind.DOMAIN, "app.a_code")
                        .with("type", "text")
                        .with("checks", List.of("ok: CHECK (app.z_ok(VALUE))")),
                of(ObjectKind.FUNCTION, "app.z_ok(t text)")
                        .with(
                                "definition",
                                "CREATE FUNCTION app.z_ok(t text)\n RETURNS boolean\nAS $f$ select true $f$"),
                of(ObjectKind.FUNCTION, "app.y_audit()")
                        .with(
                                "definition",
                                "CREATE FUNCTION app.y_audit()\n RETURNS trigger\nAS $f$ insert into app.t $f$"),
                of(ObjectKind.FUNCTION, "app.a_rows()")
                        .with("definition", "CREATE FUNCTION app.a_rows()\n RETURNS SETOF app.v\nAS $f$ x $f$"),
                of(ObjectKind.FUNCTION, "app.b_atomic()")
                        .with(
                                "definition",
                                "CREATE FUNCTION app.b_atomic()\n RETURNS bigint\nBEGIN ATOMIC\n SELECT"
                                        + " count(*) FROM app.t;\nEND"),
                of(ObjectKind.VIEW, "app.v").with("definition", " SELECT app.b_atomic() AS n;"),
                of(ObjectKind.TABLE, "app.t"),
                of(ObjectKind.TABLE, "app.a_holder"),
                of(ObjectKind.COLUMN, "app.a_holder.r").with("type", "app.t"),
                of(ObjectKind.COLUMN, "app.elsewhere.extra").with("type", "integer"));
        assertEquals(
                List.of(
                        "SET check_function_bodies = false",
                        "CREATE FUNCTION app.z_ok(t text)\n RETURNS boolean\nAS $f$ select true $f$",
                        "REVOKE ALL ON FUNCTION app.z_ok(t text) FROM PUBLIC",
                        "CREATE DOMAIN app.a_code AS text CONSTRAINT \"ok\" CHECK (app.z_ok(VALUE))",
                        "CREATE FUNCTION app.y_audit()\n RETURNS trigger\nAS $f$ insert into app.t $f$",
                        "REVOKE ALL ON FUNCTION app.y_audit() FROM PUBLIC",
                        "CREATE TABLE app.t ()",
                        "CREATE TABLE app.a_holder (r app.t)",
                        "ALTER TABLE app.elsewhere ADD COLUMN extra integer",
                        "CREATE FUNCTION app.b_atomic()\n RETURNS bigint\nBEGIN ATOMIC\n SELECT count(*) FROM app.t;\nEND",
                        "REVOKE ALL ON FUNCTION app.b_atomic() FROM PUBLIC",
                        "CREATE VIEW app.v AS\n SELECT app.b_atomic() AS n",
                        "CREATE FUNCTION app.a_rows()\n RETURNS SETOF app.v\nAS $f$ x $f$",
                        "REVOKE ALL ON FUNCTION app.a_rows() FROM PUBLIC"),
                statements);
    }

    @Test
    void aChildsChecksAreAddedBeforeItsParentsSoThatASharedOneStaysTheChildsOwnToo() {
        List<String> statements = all(
                of(ObjectKind.TABLE, "public.a_grandchild").with("inherits", List.of("public.b_child")),
                of(ObjectKind.TABLE, "public.b_child").with("inherits", List.of("public.c_base")),
                of(ObjectKind.TABLE, "public.c_base"),
                of(ObjectKind.CONSTRAINT, "public.c_base.positive")
                        .with("type", "check")
                        .with("definition", "CHECK (n > 0)"),
                of(ObjectKind.CONSTRAINT, "public.b_child.positive")
                        .with("type", "check")
                        .with("definition", "CHECK (n > 0)"),
                of(ObjectKind.CONSTRAINT, "public.a_grandchild.own")
                        .with("type", "check")
                        .with("definition", "CHECK (n > 1)"));
        assertEquals(
                List.of(
                        "ALTER TABLE public.a_grandchild ADD CONSTRAINT own CHECK (n > 1)",
                        "ALTER TABLE public.b_child ADD CONSTRAINT positive CHECK (n > 0)",
                        "ALTER TABLE public.c_base ADD CONSTRAINT positive CHECK (n > 0)"),
                statements.subList(statements.size() - 3, statements.size()));
    }

    @Test
    void theScriptEndsEachStatementWithASemicolon() {
        assertEquals(
                "SET check_function_bodies = false;\n\nCREATE SCHEMA app;\n\n",
                SnapshotSql.createAll(Snapshot.of("", List.of(of(ObjectKind.SCHEMA, "app")))));
    }

    @Test
    void aVirtualGeneratedColumnIsWrittenVirtual() {
        SchemaObject column = SchemaObject.of(ObjectKind.COLUMN, "app.box.half")
                .with("type", "integer")
                .with("generated", "(w / 2)")
                .with("virtual", true);
        assertEquals(
                List.of("ALTER TABLE app.box ADD COLUMN half integer GENERATED ALWAYS AS ((w / 2)) VIRTUAL"),
                SnapshotSql.create(column, Snapshot.of("", List.of())));
    }

    @Test
    void aPartitionWithoutItsBoundOrWithColumnsOfItsOwnIsRefusedNamingIt() {
        SchemaObject parent = of(ObjectKind.TABLE, "app.p").with("partitionBy", "LIST (k)");
        SchemaObject partition = of(ObjectKind.TABLE, "app.p1").with("partitionOf", "app.p");
        IllegalArgumentException noBound = assertThrows(
                IllegalArgumentException.class,
                () -> SnapshotSql.create(partition, Snapshot.of("", List.of(parent, partition))));
        assertEquals(
                "table app.p1 is a partition of app.p but has no partitionBound (FOR VALUES ... or DEFAULT, from"
                        + " pg_get_expr(relpartbound)); nothing was written",
                noBound.getMessage());
        SchemaObject own = of(ObjectKind.COLUMN, "app.p1.extra").with("type", "integer");
        IllegalArgumentException extra = assertThrows(
                IllegalArgumentException.class,
                () -> SnapshotSql.statements(
                        Snapshot.of("", List.of(parent, partition.with("partitionBound", "DEFAULT"), own))));
        assertEquals(
                "table app.p1 is a partition of app.p but has columns its parent lacks: [extra integer] (a partition"
                        + " has its parent's columns only; nothing was written)",
                extra.getMessage());
    }

    @Test
    void aGrantThatIsNotGranteeAndPrivilegesIsRefusedNamingTheObjectAndTheForm() {
        SchemaObject table = of(ObjectKind.TABLE, "app.t").with("grants", List.of("SELECT"));
        IllegalArgumentException e = assertThrows(
                IllegalArgumentException.class, () -> SnapshotSql.create(table, Snapshot.of("", List.of(table))));
        assertEquals(
                "table app.t has the grant 'SELECT', which is not 'grantee: PRIVILEGE, ...' (docs/schema.md,"
                        + " Snapshot properties)",
                e.getMessage());
    }
}
