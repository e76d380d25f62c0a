package dev.dbmigrate.lint;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Issue 16, group G: the column type rules (one finding per column) and the action word of a migration's name. */
class TypeRulesTest {
    @TempDir
    Path dir;

    private static final String JSON = ", which stores the text as written and parses it again on every access, and"
            + " has no equality operator (no DISTINCT, GROUP BY, unique or GIN index on it): use jsonb";

    private LintFixture events() throws Exception {
        return new LintFixture(dir)
                .write(
                        "V1__create_events.sql",
                        "CREATE TABLE IF NOT EXISTS events (",
                        "  id serial PRIMARY KEY,",
                        "  payload JSON NOT NULL,",
                        "  at timestamp(3) without time zone DEFAULT now(),",
                        "  code char(2) COLLATE \"C\",",
                        "  kind CHARACTER,",
                        "  note varchar(20),",
                        "  label character varying(20),",
                        "  flag \"char\",",
                        "  tags json[],",
                        "  meta jsonb,",
                        "  seen timestamptz,",
                        "  other timestamp (0) with time zone,",
                        "  n bigint GENERATED ALWAYS AS IDENTITY,",
                        "  doc text DEFAULT 'json timestamp serial char(2)',",
                        "  CONSTRAINT events_code CHECK (code <> 'json'),",
                        "  UNIQUE (note)",
                        ");")
                .write(
                        "V2__add_event_columns.sql",
                        "ALTER TABLE events ADD COLUMN extra json, ADD moment timestamp, ADD COLUMN IF NOT EXISTS big"
                                + " bigserial,",
                        "  ALTER COLUMN meta SET DATA TYPE pg_catalog.json USING meta::json, ADD CONSTRAINT c CHECK"
                                + " (true);",
                        "DO $$ BEGIN EXECUTE 'ALTER TABLE events ADD COLUMN x json'; END $$;",
                        "ALTER TABLE events ALTER COLUMN code TYPE text, ALTER COLUMN tags TYPE jsonb[];");
    }

    @Test
    void preferJsonbFindsEveryJsonColumnButNotJsonbOrAString() throws Exception {
        List<Finding> findings = events().findings("prefer-jsonb");
        assertEquals(
                List.of(
                        "V1__create_events.sql line 1: declares the column events.payload as json" + JSON,
                        "V1__create_events.sql line 1: declares the column events.tags as json[]" + JSON,
                        "V2__add_event_columns.sql line 1: declares the column events.extra as json" + JSON,
                        "V2__add_event_columns.sql line 1: changes the column events.meta to pg_catalog.json" + JSON),
                findings.stream().map(Finding::message).toList());
        assertEquals(Severity.WARNING, findings.get(0).severity());
    }

    @Test
    void preferIdentityFindsSerialColumnsButNotIdentity() throws Exception {
        assertEquals(
                List.of(
                        "V1__create_events.sql line 1: declares the column events.id as serial, whose sequence is a"
                                + " separate object with its own ownership and grants, shared by a copy of the table"
                                + " (CREATE TABLE ... LIKE), and that lets inserts write any value: use GENERATED ..."
                                + " AS IDENTITY",
                        "V2__add_event_columns.sql line 1: declares the column events.big as bigserial, whose sequence"
                                + " is a separate object with its own ownership and grants, shared by a copy of the"
                                + " table (CREATE TABLE ... LIKE), and that lets inserts write any value: use"
                                + " GENERATED ... AS IDENTITY"),
                events().messages("prefer-identity"));
    }

    @Test
    void preferTimestamptzFindsTimestampWithoutTimeZoneOnly() throws Exception {
        String risk = ", which stores a wall-clock time without its offset, so the same value means different instants"
                + " to sessions in different time zones: use timestamptz";
        assertEquals(
                List.of(
                        "V1__create_events.sql line 1: declares the column events.at as timestamp(3) without time zone"
                                + risk,
                        "V2__add_event_columns.sql line 1: declares the column events.moment as timestamp" + risk),
                events().messages("prefer-timestamptz"));
    }

    @Test
    void preferTextFindsCharButNotVarcharOrTheQuotedCharType() throws Exception {
        String risk = ", which pads its values with spaces that comparisons then ignore, and is stored no smaller than"
                + " text: use text";
        assertEquals(
                List.of(
                        "V1__create_events.sql line 1: declares the column events.code as char(2)" + risk,
                        "V1__create_events.sql line 1: declares the column events.kind as character" + risk),
                events().messages("prefer-text"));
    }

    @Test
    void actionWordFindsAVersionedNameWithoutOneAndSharesCreatesText() throws Exception {
        LintFixture migrations = new LintFixture(dir)
                .write("V3__user_preferences.sql", "SELECT 1;")
                .write("U3__user_preferences.sql", "SELECT 1;")
                .write("V4__Add_x.sql", "SELECT 1;")
                .write("R__views.sql", "SELECT 1;");
        assertEquals(
                List.of(new Finding(
                        "action-word",
                        Severity.WARNING,
                        dir.resolve("V3__user_preferences.sql"),
                        null,
                        "V3__user_preferences.sql: the name 'user_preferences' does not start with an action word"
                                + " (add_, remove_, modify_, rename_, create_, drop_, ...): a name such as"
                                + " add_user_preferences says what the migration does")),
                migrations.findings("action-word"));
    }
}
