package dev.dbmigrate.lint;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.dbmigrate.engine.MigrationFiles;
import dev.dbmigrate.engine.MigrationFiles.MigrationFile;
import dev.dbmigrate.sql.SqlScript;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** How the rules read a migration: tokens, names, the tables a migration creates, the order of migrations. */
class LintSqlTest {
    @TempDir
    Path dir;

    private static LintStatement statement(String sql) {
        return LintStatement.of(SqlScript.parse(sql).get(0));
    }

    @Test
    void tokensLeaveOutCommentsAndKeepStringsAndQuotedNamesWhole() {
        LintStatement s = statement("ALTER /* c */ TABLE IF EXISTS ONLY \"My Table\" -- x\n"
                + " ADD COLUMN note text DEFAULT E'it''s; -- not a comment' CHECK (x::int > 0)");
        assertTrue(s.startsWith("alter", "table"));
        assertEquals(new ObjectName(null, "My Table"), s.alteredTable().orElseThrow());
        assertTrue(s.contains("ADD", "COLUMN", "note"));
        assertFalse(s.contains("not", "a", "comment"));
        assertTrue(s.tokens().stream()
                .anyMatch(t -> t.kind() == Token.Kind.STRING && t.text().equals("it's; -- not a comment")));
        assertTrue(s.tokens().stream().anyMatch(t -> t.isSymbol("::")));
        assertEquals(
                new ObjectName("app", "users"),
                statement("ALTER TABLE App.Users ADD x int").alteredTable().orElseThrow());
        assertEquals(
                List.of("DO", "body"),
                statement("DO $body$ BEGIN PERFORM 1; END $body$").tokens().stream()
                        .map(t -> t.kind() == Token.Kind.STRING ? "body" : t.text())
                        .toList());
    }

    @Test
    void aMigrationKnowsTheTablesItCreatesAndTheOrderOfTheOthers() throws Exception {
        Files.writeString(
                dir.resolve("V10__create_items.sql"),
                "CREATE TABLE items (id int);\nCREATE UNLOGGED TABLE IF NOT EXISTS s.cache (k text);\nALTER TABLE users ADD COLUMN a int;");
        Files.writeString(dir.resolve("V9__create_users.sql"), "CREATE TABLE users (id int);");
        Files.writeString(dir.resolve("V9_1__add_index.sql"), "CREATE INDEX CONCURRENTLY i ON users (id)");
        Files.writeString(dir.resolve("R__views.sql"), "CREATE OR REPLACE VIEW v AS SELECT 1");
        Files.writeString(dir.resolve("V11__bad.sql"), "SELECT 'never ends");
        LintContext context = new LintContext(MigrationFiles.scan(List.of(dir), false), true, false, null);
        assertEquals(
                List.of(
                        "V9__create_users.sql",
                        "V9_1__add_index.sql",
                        "V10__create_items.sql",
                        "V11__bad.sql",
                        "R__views.sql"),
                context.forward().stream().map(MigrationFile::fileName).toList());
        MigrationFile v10 = context.forward().get(2);
        assertEquals(
                List.of("V9__create_users.sql", "V9_1__add_index.sql"),
                context.before(v10).stream().map(MigrationFile::fileName).toList());
        MigrationSql sql = context.sql(v10);
        assertEquals(Set.of(new ObjectName(null, "items"), new ObjectName("s", "cache")), sql.createdTables());
        assertTrue(sql.existedBefore(new ObjectName(null, "users")));
        assertFalse(sql.existedBefore(new ObjectName("public", "items")));
        assertEquals(3, sql.statements().get(2).line());
        assertTrue(context.sql(context.forward().get(1)).runsWithoutTransaction());
        assertFalse(sql.runsWithoutTransaction());
        Lint.Result result = new Lint(Rules.all()).run(context);
        Finding syntax = result.findings().stream()
                .filter(f -> f.ruleId().equals("script-syntax"))
                .findFirst()
                .orElseThrow();
        assertTrue(syntax.message().startsWith("V11__bad.sql: "), syntax.message());
        assertTrue(syntax.message().contains("no rule could read it"), syntax.message());
    }
}
