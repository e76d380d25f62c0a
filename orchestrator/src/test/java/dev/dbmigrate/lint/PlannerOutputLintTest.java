package dev.dbmigrate.lint;

import static dev.dbmigrate.lint.StatementRules.shown;
import static org.junit.jupiter.api.Assertions.assertEquals;

import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Issue 15's generated migrations pass issue 16's lock, index and constraint rules: the statements below are the
 * shapes {@code change.Planner} writes (PlannerCoreTest, PlannerColumnTest, PlannerTableTest, EnumAlterationTest):
 * enum values in a migration before their use, an index on an existing table CONCURRENTLY alone, a foreign key and a
 * check NOT VALID then validated in a later migration, SET NOT NULL through a validated check, a unique constraint
 * over an index built concurrently, a widening type change with its cast.
 */
class PlannerOutputLintTest {
    @TempDir
    Path dir;

    private StatementRules planned() throws Exception {
        return new StatementRules(dir)
                .write(
                        "V1__create_tables.sql",
                        "CREATE TYPE mood AS ENUM ('happy', 'sad');",
                        "CREATE TABLE users (id bigint PRIMARY KEY, email text, nick varchar(50));",
                        "CREATE TABLE orders (id bigint PRIMARY KEY, user_id bigint);",
                        "CREATE TABLE t (id bigint, n int, name text);",
                        "ALTER TABLE t ADD CONSTRAINT t_n_key UNIQUE (n);",
                        "CREATE INDEX t_n_idx ON t (n);")
                .write(
                        "V2__add_mood_values.sql",
                        "ALTER TYPE public.mood ADD VALUE E'calm' BEFORE E'happy';",
                        "ALTER TYPE public.mood ADD VALUE E'great' AFTER E'sad';")
                .write(
                        "V3__change_schema.sql",
                        "ALTER TABLE public.users ADD COLUMN name text;",
                        "ALTER TABLE public.users ADD COLUMN later public.mood DEFAULT 'great'::public.mood;",
                        "ALTER TABLE public.users ALTER COLUMN nick TYPE text USING nick::text;",
                        "CREATE TABLE public.prefs (id bigint NOT NULL, user_id bigint NOT NULL,"
                                + " theme text DEFAULT 'light'::text);",
                        "ALTER TABLE public.prefs ADD CONSTRAINT prefs_pkey PRIMARY KEY (id);",
                        "ALTER TABLE public.prefs ADD CONSTRAINT prefs_user_id_fkey FOREIGN KEY (user_id)"
                                + " REFERENCES public.users(id);",
                        "CREATE INDEX prefs_user_idx ON public.prefs USING btree (user_id);",
                        "ALTER TABLE public.orders ADD CONSTRAINT orders_user_fk FOREIGN KEY (user_id)"
                                + " REFERENCES public.users(id) NOT VALID;",
                        "ALTER TABLE public.orders ADD CONSTRAINT orders_id_positive CHECK ((id > 0)) NOT VALID;",
                        "ALTER TABLE public.t ADD CONSTRAINT t_name_not_null_check CHECK (name IS NOT NULL) NOT VALID;",
                        "DROP INDEX public.t_n_idx;")
                .write(
                        "V4__create_users_email_idx_concurrently.sql",
                        "CREATE INDEX CONCURRENTLY users_email_idx ON public.users USING btree (email);")
                .write(
                        "V5__create_t_n_key_new_concurrently.sql",
                        "CREATE UNIQUE INDEX CONCURRENTLY t_n_key_new ON public.t USING btree (n, id);")
                .write(
                        "V6__create_t_n_idx_concurrently.sql",
                        "CREATE INDEX CONCURRENTLY t_n_idx ON public.t USING btree (n DESC);")
                .write(
                        "V7__validate_constraints.sql",
                        "ALTER TABLE public.orders VALIDATE CONSTRAINT orders_id_positive;",
                        "ALTER TABLE public.orders VALIDATE CONSTRAINT orders_user_fk;",
                        "ALTER TABLE public.t VALIDATE CONSTRAINT t_name_not_null_check;")
                .write(
                        "V8__finish.sql",
                        "ALTER TABLE public.t ALTER COLUMN name SET NOT NULL;",
                        "ALTER TABLE public.t DROP CONSTRAINT t_name_not_null_check;",
                        "ALTER TABLE public.t DROP CONSTRAINT t_n_key;",
                        "ALTER TABLE public.t ADD CONSTRAINT t_n_key UNIQUE USING INDEX t_n_key_new DEFERRABLE;");
    }

    @Test
    void thePlannersMigrationsPassTheLockIndexAndConstraintRulesUnderAProfileLockTimeout() throws Exception {
        assertEquals(List.of(), shown(planned().found("5s")));
    }

    @Test
    void withoutALockTimeoutOnlyTheAccessExclusiveStatementsOfThePlannersMigrationsAreReported() throws Exception {
        assertEquals(
                List.of(
                        "lock-timeout-missing " + dir.resolve("V3__change_schema.sql") + " 1",
                        "lock-timeout-missing " + dir.resolve("V8__finish.sql") + " 1"),
                planned().found(null).stream()
                        .map(f -> f.ruleId() + " " + f.file() + " " + f.line())
                        .toList());
    }
}
