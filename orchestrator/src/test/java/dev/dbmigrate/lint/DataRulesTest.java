package dev.dbmigrate.lint;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Issue 16, group G: the rules against breaking the running application and unbatched data changes. */
class DataRulesTest {
    @TempDir
    Path dir;

    private LintFixture migrations;

    @BeforeEach
    void createUsers() throws Exception {
        migrations = new LintFixture(dir).write("V1__create_users.sql", "CREATE TABLE users (id bigint, nick text);");
    }

    @Test
    void renameColumnFindsARenameInAnExistingTableOnly() throws Exception {
        migrations.write(
                "V2__rename_nick.sql",
                "CREATE TABLE drafts (a int);",
                "ALTER TABLE drafts RENAME COLUMN a TO b;",
                "ALTER TABLE users RENAME CONSTRAINT users_pk TO users_pkey;",
                "ALTER TABLE IF EXISTS ONLY users RENAME nick TO \"nickName\";");
        assertEquals(
                List.of(new Finding(
                        "rename-column",
                        Severity.ERROR,
                        dir.resolve("V2__rename_nick.sql"),
                        4,
                        "V2__rename_nick.sql line 4: renames the column users.nick to nickName: the running version of"
                                + " the application still reads and writes nick and fails")),
                migrations.findings("rename-column"));
        assertEquals(List.of(), migrations.findings("rename-table"));
    }

    @Test
    void renameTableFindsARenameOfAnExistingTableOnly() throws Exception {
        migrations.write(
                "V2__rename_users.sql",
                "CREATE TABLE drafts (a int);",
                "ALTER TABLE drafts RENAME TO notes;",
                "ALTER TABLE users RENAME TO accounts;");
        assertEquals(
                List.of(new Finding(
                        "rename-table",
                        Severity.ERROR,
                        dir.resolve("V2__rename_users.sql"),
                        3,
                        "V2__rename_users.sql line 3: renames the existing table users to accounts: the running"
                                + " version of the application still uses users and fails")),
                migrations.findings("rename-table"));
        assertEquals(List.of(), migrations.findings("rename-column"));
    }

    @Test
    void unbatchedDmlIsAnErrorWithoutABoundAndAWarningWithoutAKey() throws Exception {
        migrations.write(
                "V2__update_nicks.sql",
                "UPDATE users SET nick = 'x';",
                "DELETE FROM ONLY public.users WHERE 1 = 1;",
                "UPDATE users u SET nick = lower(nick) WHERE nick IS NOT NULL AND id <> 5 RETURNING id;");
        List<Finding> findings = migrations.findings("unbatched-dml");
        assertEquals(
                List.of(
                        "V2__update_nicks.sql line 1: updates every row of the existing table users in one statement"
                                + " (no WHERE), locking them all until the migration commits",
                        "V2__update_nicks.sql line 2: deletes every row of the existing table public.users in one"
                                + " statement (its WHERE is always true), locking them all until the migration commits",
                        "V2__update_nicks.sql line 3: updates the rows of the existing table users that match a WHERE"
                                + " on no key (id, *_id) and without LIMIT in one statement: it may match most of the"
                                + " table, all locked until the migration commits"),
                findings.stream().map(Finding::message).toList());
        assertEquals(
                List.of(Severity.ERROR, Severity.ERROR, Severity.WARNING),
                findings.stream().map(Finding::severity).toList());
    }

    @Test
    void unbatchedDmlLetsKeyedBatchesAndNewTablesBe() throws Exception {
        migrations.write(
                "V2__update_nicks.sql",
                "UPDATE users SET nick = 'x' WHERE id = 5;",
                "DELETE FROM users WHERE id BETWEEN 1 AND 1000;",
                "UPDATE users SET nick = 'y' WHERE users.owner_id IN (1, 2);",
                "UPDATE users SET nick = 'z' WHERE id IN (SELECT id FROM users WHERE nick IS NULL LIMIT 1000);",
                "UPDATE users SET nick = 'w' FROM (SELECT 1 WHERE true) s WHERE users.id >= 10 AND users.id < 20;",
                "CREATE TABLE drafts (a int);",
                "INSERT INTO drafts VALUES (1);",
                "UPDATE drafts SET a = 2;",
                "DELETE FROM drafts;",
                "DO $$ BEGIN UPDATE users SET nick = 'v'; END $$;");
        assertEquals(List.of(), migrations.findings("unbatched-dml"));
    }
}
