package dev.dbmigrate.lint;

import static dev.dbmigrate.lint.StatementRules.shown;
import static org.junit.jupiter.api.Assertions.assertEquals;

import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Issue 16: table-rewrite, volatile-default and lock-timeout-missing. */
class RewriteAndLockRulesTest {
    @TempDir
    Path dir;

    private StatementRules rules;

    @BeforeEach
    void tables() throws Exception {
        rules = new StatementRules(dir)
                .write(
                        "V1__create_tables.sql",
                        "CREATE TABLE users (id integer PRIMARY KEY, name varchar(10), code character varying(8),"
                                + " total numeric(10, 2), seen timestamp, note text);");
    }

    @Test
    void aTypeChangeThatRewritesAnExistingTableIsAnError() throws Exception {
        rules.write("V2__rename_note.sql", "ALTER TABLE users RENAME COLUMN note TO remark, ADD COLUMN note text;");
        rules.write(
                "V3__widen_ids.sql",
                "ALTER TABLE users ALTER COLUMN id TYPE bigint;",
                "ALTER TABLE users ALTER COLUMN seen SET DATA TYPE timestamp with time zone;",
                "ALTER TABLE users ALTER name TYPE varchar(5);",
                "ALTER TABLE users ALTER COLUMN remark TYPE integer USING length(remark);",
                "ALTER TABLE legacy ALTER COLUMN id TYPE bigint;",
                "ALTER TABLE users ALTER COLUMN note TYPE text COLLATE \"C\";");
        rules.write(
                "V4__rename_users.sql",
                "ALTER TABLE users RENAME TO people;",
                "ALTER TABLE people ALTER COLUMN total TYPE numeric(10, 3);");
        String risk = " and its indexes under an ACCESS EXCLUSIVE lock that blocks every read and write";
        assertEquals(
                List.of(
                        "table-rewrite ERROR 1 V3__widen_ids.sql line 1: changes the type of users.id from integer to"
                                + " bigint, which rewrites users" + risk
                                + " (every value is converted from integer to bigint)",
                        "table-rewrite ERROR 2 V3__widen_ids.sql line 2: changes the type of users.seen from timestamp"
                                + " to timestamptz, which rewrites users" + risk + " (PostgreSQL 12 and later skip the"
                                + " rewrite from timestamp to timestamptz only when the session TimeZone is UTC)",
                        "table-rewrite ERROR 3 V3__widen_ids.sql line 3: changes the type of users.name from"
                                + " varchar(10) to varchar(5), which rewrites users" + risk
                                + " (the new length limit has to be checked on every row)",
                        "table-rewrite ERROR 4 V3__widen_ids.sql line 4: changes the type of users.remark from text to"
                                + " integer, which rewrites users" + risk + " (USING converts every value)",
                        "table-rewrite WARNING 5 V3__widen_ids.sql line 5: changes the type of legacy.id to bigint but"
                                + " the current type is not known from the migrations: unless the change only widens a"
                                + " limit (varchar(n) to a larger n or text, numeric to a larger precision), PostgreSQL"
                                + " rewrites legacy" + risk,
                        "table-rewrite ERROR 6 V3__widen_ids.sql line 6: changes the collation of users.note, which"
                                + " rebuilds the indexes on it under an ACCESS EXCLUSIVE lock that blocks every read"
                                + " and write of users (the table itself is not rewritten)",
                        "table-rewrite ERROR 2 V4__rename_users.sql line 2: changes the type of people.total from"
                                + " numeric(10,2) to numeric(10,3), which rewrites people" + risk
                                + " (the scale changes or the precision shrinks)"),
                shown(rules.found()));
    }

    @Test
    void aTypeChangeThatOnlyWidensALimitIsFine() throws Exception {
        rules.write(
                "V2__widen.sql",
                "ALTER TABLE users ALTER COLUMN name TYPE varchar(20), ALTER COLUMN code TYPE text,"
                        + " ALTER COLUMN total TYPE numeric(12,2);",
                "ALTER TABLE users ALTER COLUMN note TYPE varchar;",
                "ALTER TABLE users ALTER COLUMN id TYPE int4;");
        rules.write(
                "V3__create_items.sql",
                "CREATE TABLE items (id integer);",
                "ALTER TABLE items ALTER COLUMN id TYPE bigint;");
        rules.write(
                "V4__widen_again.sql",
                "ALTER TABLE users ALTER COLUMN name TYPE character varying(30) USING name::character varying(30);",
                "ALTER TABLE users ALTER COLUMN code TYPE text USING CAST(code AS text);");
        rules.write("V5__widen_more.sql", "ALTER TABLE public.users ALTER COLUMN name TYPE text USING (name)::text;");
        assertEquals(List.of(), shown(rules.found()));
    }

    @Test
    void aColumnAddedWithAVolatileDefaultIsAnError() throws Exception {
        rules.write(
                "V2__add_tokens.sql",
                "ALTER TABLE users ADD COLUMN token uuid DEFAULT gen_random_uuid();",
                "ALTER TABLE users ADD COLUMN serial_no bigserial;",
                "ALTER TABLE users ADD COLUMN seq bigint GENERATED ALWAYS AS IDENTITY;");
        rules.write(
                "V3__add_codes.sql",
                "CREATE FUNCTION make_code() RETURNS text LANGUAGE sql AS $$ SELECT md5(random()::text) $$;",
                "ALTER TABLE users ADD COLUMN code text DEFAULT public.make_code();");
        String risk = ", so PostgreSQL rewrites users and its indexes under an ACCESS EXCLUSIVE lock that blocks every"
                + " read and write";
        assertEquals(
                List.of(
                        "volatile-default ERROR 1 V2__add_tokens.sql line 1: adds the column users.token with the"
                                + " volatile DEFAULT gen_random_uuid()" + risk,
                        "volatile-default ERROR 2 V2__add_tokens.sql line 2: adds the column users.serial_no as"
                                + " bigserial, whose DEFAULT nextval(...) is volatile" + risk,
                        "volatile-default ERROR 3 V2__add_tokens.sql line 3: adds the column users.seq as an identity"
                                + " column, which fills every row from its sequence" + risk,
                        "volatile-default ERROR 2 V3__add_codes.sql line 2: adds the column users.code with the"
                                + " volatile DEFAULT make_code()" + risk),
                shown(rules.found()));
    }

    @Test
    void aColumnAddedWithAStableOrConstantDefaultIsFine() throws Exception {
        rules.write(
                "V2__add_created.sql",
                "ALTER TABLE users ADD COLUMN created_at timestamptz NOT NULL DEFAULT now(),"
                        + " ADD COLUMN seen_at timestamptz DEFAULT current_timestamp,"
                        + " ADD COLUMN kind text DEFAULT 'user', ADD COLUMN random_note text;",
                "CREATE TABLE items (id bigint DEFAULT nextval('items_seq'));",
                "CREATE OR REPLACE FUNCTION default_kind() RETURNS text LANGUAGE sql STABLE AS $$ SELECT 'x' $$;",
                "ALTER TABLE users ADD COLUMN other_kind text DEFAULT default_kind();");
        assertEquals(List.of(), shown(rules.found()));
    }

    @Test
    void anAccessExclusiveLockWithNoLockTimeoutIsOneWarningPerMigration() throws Exception {
        rules.write(
                "V2__add_name.sql",
                "ALTER TABLE users ADD COLUMN nickname text;",
                "ALTER TABLE users ADD CONSTRAINT users_fk FOREIGN KEY (id) REFERENCES accounts NOT VALID;",
                "ALTER TABLE users VALIDATE CONSTRAINT users_fk, ALTER COLUMN note SET STATISTICS 500;",
                "DROP TABLE old_users;",
                "TRUNCATE sessions;");
        rules.write("V3__lock_zero.sql", "SET lock_timeout = 0;", "ALTER TABLE users DROP COLUMN nickname;");
        assertEquals(
                List.of(
                        "lock-timeout-missing WARNING 1 V2__add_name.sql line 1: ALTER TABLE users ADD COLUMN nickname"
                                + " text takes an ACCESS EXCLUSIVE lock on the existing table users with no"
                                + " lock_timeout in force (none in the profile, none set by the script before it):"
                                + " queued behind one long transaction, it blocks every query on it until it gets the"
                                + " lock; so do 2 more statements of this migration (lines 4, 5)",
                        "lock-timeout-missing WARNING 2 V3__lock_zero.sql line 2: ALTER TABLE users DROP COLUMN"
                                + " nickname takes an ACCESS EXCLUSIVE lock on the existing table users with no"
                                + " lock_timeout in force (none in the profile, none set by the script before it):"
                                + " queued behind one long transaction, it blocks every query on it until it gets the"
                                + " lock"),
                shown(rules.found(null)).stream()
                        .filter(f -> f.startsWith("lock-timeout-missing"))
                        .toList());
    }

    @Test
    void aNullableColumnAddedUnderALockTimeoutIsFine() throws Exception {
        rules.write(
                "V2__add_name.sql", "SET LOCAL lock_timeout = '3s';", "ALTER TABLE users ADD COLUMN nickname text;");
        rules.write(
                "V3__add_more.sql",
                "SELECT set_config('lock_timeout', '2s', true);",
                "ALTER TABLE users ADD COLUMN email text;");
        rules.write("V4__add_flag.sql", "ALTER TABLE users ADD COLUMN flag boolean;");
        rules.write(
                "V5__create_items.sql",
                "CREATE TABLE items (id bigint);",
                "ALTER TABLE items ADD COLUMN n int;",
                "CREATE INDEX items_n_idx ON items (n);",
                "DROP INDEX items_n_idx;");
        assertEquals(
                List.of("lock-timeout-missing " + dir.resolve("V4__add_flag.sql")),
                rules.found(null).stream().map(f -> f.ruleId() + " " + f.file()).toList(),
                "only the migration that sets no lock_timeout, with none in the profile");
        assertEquals(List.of(), shown(rules.found("5s")));
    }
}
