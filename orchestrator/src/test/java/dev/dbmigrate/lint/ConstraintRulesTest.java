package dev.dbmigrate.lint;

import static dev.dbmigrate.lint.StatementRules.shown;
import static org.junit.jupiter.api.Assertions.assertEquals;

import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Issue 16: constraint-not-valid, unique-without-index, validate-same-transaction, set-not-null and
 * enum-value-used.
 */
class ConstraintRulesTest {
    @TempDir
    Path dir;

    private StatementRules rules;

    @BeforeEach
    void tables() throws Exception {
        rules = new StatementRules(dir)
                .write(
                        "V1__create_tables.sql",
                        "CREATE TYPE mood AS ENUM ('sad', 'happy');",
                        "CREATE TABLE users (id bigint PRIMARY KEY, email text, mood mood);",
                        "CREATE TABLE orders (id bigint PRIMARY KEY, user_id bigint, total numeric(10,2));");
    }

    @Test
    void aForeignKeyOrCheckWithoutNotValidOnAnExistingTableIsAnError() throws Exception {
        rules.write(
                "V2__add_order_checks.sql",
                "ALTER TABLE orders ADD CONSTRAINT orders_user_fk FOREIGN KEY (user_id) REFERENCES users;",
                "ALTER TABLE orders ADD CHECK (total >= 0);",
                "ALTER TABLE orders ADD COLUMN coupon_id bigint REFERENCES coupons;");
        assertEquals(
                List.of(
                        "constraint-not-valid ERROR 1 V2__add_order_checks.sql line 1: adds the foreign key"
                                + " orders_user_fk to the existing table orders without NOT VALID, which checks every"
                                + " row while blocking writes to orders and to the table it references",
                        "constraint-not-valid ERROR 2 V2__add_order_checks.sql line 2: adds a check constraint to the"
                                + " existing table orders without NOT VALID, which checks every row under an ACCESS"
                                + " EXCLUSIVE lock that blocks every read and write of orders",
                        "constraint-not-valid ERROR 3 V2__add_order_checks.sql line 3: adds the column"
                                + " orders.coupon_id with REFERENCES to the existing table orders, which checks every"
                                + " row while blocking writes to both tables (a column constraint cannot be NOT"
                                + " VALID)"),
                shown(rules.found()));
    }

    @Test
    void notValidThenValidateInALaterMigrationIsFine() throws Exception {
        rules.write(
                "V2__add_order_checks.sql",
                "ALTER TABLE orders ADD CONSTRAINT orders_user_fk FOREIGN KEY (user_id) REFERENCES users NOT VALID;",
                "ALTER TABLE orders ADD CONSTRAINT orders_total_check CHECK (total >= 0) NOT VALID;");
        rules.write(
                "V3__validate_order_checks.sql",
                "ALTER TABLE orders VALIDATE CONSTRAINT orders_user_fk;",
                "ALTER TABLE orders VALIDATE CONSTRAINT orders_total_check;");
        rules.write(
                "V4__create_items.sql",
                "CREATE TABLE items (id bigint, order_id bigint);",
                "ALTER TABLE items ADD CONSTRAINT items_order_fk FOREIGN KEY (order_id) REFERENCES orders;",
                "ALTER TABLE items ADD CONSTRAINT items_id_key UNIQUE (id);",
                "ALTER TABLE items ALTER COLUMN id SET NOT NULL;");
        assertEquals(List.of(), shown(rules.found()));
    }

    @Test
    void aUniqueConstraintOrPrimaryKeyWithoutAnIndexIsAnError() throws Exception {
        rules.write(
                "V2__unique_email.sql",
                "ALTER TABLE users ADD CONSTRAINT users_email_key UNIQUE (email);",
                "ALTER TABLE orders ADD COLUMN code text UNIQUE;");
        assertEquals(
                List.of(
                        "unique-without-index ERROR 1 V2__unique_email.sql line 1: adds the unique constraint"
                                + " users_email_key to the existing table users without USING INDEX, which builds its"
                                + " index under an ACCESS EXCLUSIVE lock that blocks every read and write of users"
                                + " until the build ends",
                        "unique-without-index ERROR 2 V2__unique_email.sql line 2: adds the column orders.code UNIQUE"
                                + " to the existing table orders, which builds its index under an ACCESS EXCLUSIVE lock"
                                + " that blocks every read and write of orders until the build ends"),
                shown(rules.found()));
    }

    @Test
    void aUniqueConstraintOverAnIndexBuiltConcurrentlyIsFine() throws Exception {
        rules.write("V2__index_email.sql", "CREATE UNIQUE INDEX CONCURRENTLY users_email_key_new ON users (email);");
        rules.write(
                "V3__unique_email.sql",
                "ALTER TABLE users ADD CONSTRAINT users_email_key UNIQUE USING INDEX users_email_key_new;");
        assertEquals(List.of(), shown(rules.found()));
    }

    @Test
    void validatingInTheMigrationThatAddsNotValidIsAWarningThatCanBeSilenced() throws Exception {
        rules.write(
                "V2__add_order_fk.sql",
                "ALTER TABLE orders ADD CONSTRAINT orders_user_fk FOREIGN KEY (user_id) REFERENCES users NOT VALID;",
                "ALTER TABLE orders VALIDATE CONSTRAINT orders_user_fk;");
        assertEquals(
                List.of("validate-same-transaction WARNING 2 V2__add_order_fk.sql line 2: validates the constraint"
                        + " orders_user_fk that line 1 adds NOT VALID in the same migration: it runs in one"
                        + " transaction, so the lock taken to add orders_user_fk is held while every row is checked"),
                shown(rules.found()));
        rules.write(
                "V2__add_order_fk.sql",
                "-- migrate:allow validate-same-transaction because orders is empty in every environment",
                "ALTER TABLE orders ADD CONSTRAINT orders_user_fk FOREIGN KEY (user_id) REFERENCES users NOT VALID;",
                "ALTER TABLE orders VALIDATE CONSTRAINT orders_user_fk;");
        Lint.Result result = rules.lint("5s");
        assertEquals(List.of(), shown(rules.found()));
        assertEquals(
                List.of("validate-same-transaction"),
                result.silenced().stream().map(Finding::ruleId).toList());
    }

    @Test
    void setNotNullWithoutAValidatedCheckFromAnEarlierMigrationIsAnError() throws Exception {
        rules.write(
                "V2__require_email.sql",
                "ALTER TABLE users ADD CONSTRAINT users_email_not_null CHECK (email IS NOT NULL) NOT VALID;",
                "ALTER TABLE users VALIDATE CONSTRAINT users_email_not_null;",
                "ALTER TABLE users ALTER COLUMN email SET NOT NULL;");
        rules.write("V3__require_total.sql", "ALTER TABLE orders ADD COLUMN paid boolean NOT NULL;");
        assertEquals(
                List.of(
                        "set-not-null ERROR 3 V2__require_email.sql line 3: sets users.email NOT NULL with no validated"
                                + " CHECK (email IS NOT NULL) from an earlier migration, so PostgreSQL scans every row"
                                + " of the existing table users under an ACCESS EXCLUSIVE lock that blocks every read"
                                + " and write",
                        "set-not-null ERROR 1 V3__require_total.sql line 1: adds the column orders.paid NOT NULL"
                                + " without a DEFAULT to the existing table orders, which fails as soon as orders has a"
                                + " row"),
                shown(rules.found()).stream()
                        .filter(f -> f.startsWith("set-not-null"))
                        .toList());
    }

    @Test
    void setNotNullThroughACheckValidatedInAnEarlierMigrationIsFine() throws Exception {
        rules.write(
                "V2__check_email.sql",
                "ALTER TABLE users ADD CONSTRAINT users_email_not_null CHECK ((email IS NOT NULL)) NOT VALID;");
        rules.write("V3__validate_email.sql", "ALTER TABLE users VALIDATE CONSTRAINT users_email_not_null;");
        rules.write(
                "V4__require_email.sql",
                "ALTER TABLE users ALTER COLUMN email SET NOT NULL, DROP CONSTRAINT users_email_not_null;",
                "ALTER TABLE users ALTER id SET NOT NULL;",
                "ALTER TABLE orders ADD COLUMN paid boolean NOT NULL DEFAULT false;");
        assertEquals(List.of(), shown(rules.found()));
    }

    @Test
    void anEnumValueUsedInTheMigrationThatAddsItIsAnError() throws Exception {
        rules.write(
                "V2__add_mood.sql",
                "ALTER TYPE mood ADD VALUE IF NOT EXISTS 'ecstatic' AFTER 'happy';",
                "UPDATE users SET mood = 'ecstatic' WHERE mood = 'happy';");
        rules.write("V3__add_mood.sql", "ALTER TYPE mood ADD VALUE 'bored';");
        rules.write("V4__use_mood.sql", "UPDATE users SET mood = 'bored' WHERE mood = 'sad';");
        assertEquals(
                List.of("enum-value-used ERROR 2 V2__add_mood.sql line 2: uses the enum value 'ecstatic' that line 1"
                        + " adds to the type mood in the same migration, which PostgreSQL refuses (unsafe use of new"
                        + " value) until the transaction that added it commits"),
                shown(rules.found()));
    }
}
