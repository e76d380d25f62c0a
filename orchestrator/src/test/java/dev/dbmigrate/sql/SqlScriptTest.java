package dev.dbmigrate.sql;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import org.junit.jupiter.api.Test;

class SqlScriptTest {

    private static List<String> texts(String script) {
        return SqlScript.parse(script).stream().map(SqlStatement::sql).toList();
    }

    private static String errorOf(String script) {
        return assertThrows(IllegalArgumentException.class, () -> SqlScript.parse(script))
                .getMessage();
    }

    @Test
    void splitsAtSemicolonsAndTrimsEachStatement() {
        assertEquals(
                List.of("create table a(id int)", "insert into a values (1)"),
                texts("  create table a(id int) ;\n\tinsert into a values (1);\n"));
    }

    @Test
    void recordsTheLineWhereEachStatementStarts() {
        List<SqlStatement> statements =
                SqlScript.parse("select 1;\n\n-- about two\nselect\n 2; select 3;\n\n/* x\n y */ select 4");
        assertEquals(
                List.of(
                        new SqlStatement("select 1", 1),
                        new SqlStatement("select\n 2", 4),
                        new SqlStatement("select 3", 5),
                        new SqlStatement("select 4", 8)),
                statements);
    }

    @Test
    void countsLinesInWindowsLineEndings() {
        List<SqlStatement> statements =
                SqlScript.parse("select 1;\r\n\r\nselect 2;\r\nselect 'a\r\nb';\r\nselect 4;\r\n");
        assertEquals(
                List.of(1, 3, 4, 6), statements.stream().map(SqlStatement::line).toList());
        assertEquals("select 2", statements.get(1).sql());
    }

    @Test
    void lineNumbersCountNewlinesInsideStringsAndComments() {
        List<SqlStatement> statements =
                SqlScript.parse("select 'one\ntwo';\nselect $$a\nb$$; /* c\n/* d\n*/ */ select \"x\ny\";\nselect 5");
        assertEquals(
                List.of(1, 3, 6, 8), statements.stream().map(SqlStatement::line).toList());
    }

    @Test
    void lastStatementNeedsNoSemicolon() {
        assertEquals(List.of("select 1", "select 2"), texts("select 1;\nselect 2\n"));
    }

    @Test
    void emptyStatementsAndCommentOnlyStatementsAreDropped() {
        assertEquals(
                List.of("select 1", "select 2"),
                texts(";;select 1;; ;\n-- nothing\n; /* nothing */ ;select 2;\n-- trailing"));
        assertEquals(List.of(), texts(""));
        assertEquals(List.of(), texts("  \n-- only a comment\n/* and another */\n"));
    }

    @Test
    void leadingCommentsAreStrippedButCommentsInsideAStatementAreKept() {
        assertEquals(
                List.of("select 1 -- the one\n  , 2 /* two */", "select 3"),
                texts("-- header\n/* block */ select 1 -- the one\n  , 2 /* two */;\n-- before three\nselect 3;"));
    }

    @Test
    void semicolonInsideSingleQuotedStringDoesNotSplit() {
        assertEquals(
                List.of("insert into t values ('a;b', 'it''s; fine')", "select 2"),
                texts("insert into t values ('a;b', 'it''s; fine'); select 2"));
    }

    @Test
    void backslashEscapesAQuoteOnlyInsideEscapeStrings() {
        assertEquals(
                List.of("select E'it\\'s; here', e'\\\\'", "select 2"),
                texts("select E'it\\'s; here', e'\\\\'; select 2"));
        // in a standard string a backslash is an ordinary character, so the string ends at the second quote
        assertEquals(List.of("select 'C:\\'", "select 2"), texts("select 'C:\\'; select 2"));
    }

    @Test
    void anIdentifierEndingInEIsNotAnEscapeStringPrefix() {
        assertEquals(List.of("select name'\\'", "select 2"), texts("select name'\\'; select 2"));
    }

    @Test
    void semicolonInsideQuotedIdentifierDoesNotSplit() {
        assertEquals(
                List.of("create table \"a;b\"(\"x\"\"; y\" int)", "select 2"),
                texts("create table \"a;b\"(\"x\"\"; y\" int); select 2"));
    }

    @Test
    void semicolonInsideDollarQuotedFunctionBodyDoesNotSplit() {
        String function =
                "create function f() returns int language plpgsql as $$\nbegin\n  perform 1;\n  return 2;\nend;\n$$";
        assertEquals(List.of(function, "select f()"), texts(function + ";\nselect f();"));
    }

    @Test
    void semicolonInsideTaggedDollarQuoteDoesNotSplitAndOtherTagsDoNotCloseIt() {
        String function = "create function f() returns text language sql as $body$ select $$;$$ || 'x;' $body$";
        assertEquals(List.of(function, "select 2"), texts(function + "; select 2"));
    }

    @Test
    void positionalParameterIsNotADollarQuote() {
        String prepare = "prepare q(int, int) as select $1 + $2";
        assertEquals(List.of(prepare, "execute q(1, 2)"), texts(prepare + "; execute q(1, 2);"));
    }

    @Test
    void dollarSignInsideAnIdentifierIsNotADollarQuote() {
        assertEquals(List.of("select a$b$ from t", "select 2"), texts("select a$b$ from t; select 2"));
    }

    @Test
    void semicolonInsideLineCommentDoesNotSplit() {
        assertEquals(
                List.of("select 1 -- not here; nor here\n  + 1", "select 2"),
                texts("select 1 -- not here; nor here\n  + 1; select 2"));
    }

    @Test
    void blockCommentsNestAndHideSemicolons() {
        assertEquals(
                List.of("select 1 /* outer; /* inner; */ still comment; */ + 1", "select 2"),
                texts("select 1 /* outer; /* inner; */ still comment; */ + 1; select 2"));
    }

    @Test
    void beginAtomicBodyIsOneStatementEvenWithCaseInside() {
        String function = "CREATE FUNCTION f(a int) RETURNS int LANGUAGE sql\nBEGIN ATOMIC\n"
                + "  INSERT INTO log VALUES (a);\n"
                + "  SELECT CASE WHEN a > 0 THEN 1 ELSE 0 END;\n"
                + "end";
        List<SqlStatement> statements = SqlScript.parse("select 0;\n" + function + ";\nselect f(1);");
        assertEquals(
                List.of(
                        new SqlStatement("select 0", 1),
                        new SqlStatement(function, 2),
                        new SqlStatement("select f(1)", 7)),
                statements);
    }

    @Test
    void beginWithoutAtomicIsAnOrdinaryStatement() {
        assertEquals(List.of("begin", "select 1", "end"), texts("begin; select 1; end;"));
    }

    @Test
    void psqlMetaCommandIsRejectedWithItsLine() {
        assertEquals(
                "line 3: psql meta-command '\\set' is not SQL; remove it",
                errorOf("select 1;\n\n  \\set ON_ERROR_STOP on\nselect 2;"));
        assertEquals("line 2: psql meta-command '\\i' is not SQL; remove it", errorOf("select 1;\n\\i other.sql"));
    }

    @Test
    void backslashInsideStringsOrCommentsIsNotAMetaCommand() {
        assertEquals(
                List.of("select '\n\\x'", "select 2 /*\n\\y */"),
                texts("select '\n\\x';\n-- \\z\nselect 2 /*\n\\y */"));
    }

    @Test
    void unterminatedConstructsAreReportedAtTheLineTheyStart() {
        assertEquals("line 2: unterminated single-quoted string starting here", errorOf("select 1;\nselect 'abc;\n\n"));
        assertEquals("line 1: unterminated single-quoted string starting here", errorOf("select E'abc\\'"));
        assertEquals("line 3: unterminated quoted identifier starting here", errorOf("\n\nselect \"abc;"));
        assertEquals(
                "line 2: unterminated dollar-quoted string $$ starting here", errorOf("select 1;\nselect $$abc;\n"));
        assertEquals("line 1: unterminated dollar-quoted string $fn$ starting here", errorOf("select $fn$ abc $$ ;\n"));
        assertEquals(
                "line 2: unterminated block comment starting here", errorOf("select 1;\n/* a /* b */ still open;\n"));
    }

    @Test
    void createIndexConcurrentlyRequiresNoTransactionInAnyCaseAfterAComment() {
        assertTrue(new SqlStatement("-- build it online\n/* really */ Create Index CONCURRENTLY i on t(a)", 1)
                .requiresNoTransaction());
        List<SqlStatement> statements =
                SqlScript.parse("create table t(a int);\n-- online\ncreate unique index concurrently i on t(a);");
        assertFalse(statements.get(0).requiresNoTransaction());
        assertTrue(statements.get(1).requiresNoTransaction());
        assertTrue(SqlScript.requiresNoTransaction(statements));
    }

    @Test
    void plainCreateIndexRunsInATransaction() {
        List<SqlStatement> statements = SqlScript.parse("create index i on t(a); create unique index j on t(b);");
        assertFalse(statements.get(0).requiresNoTransaction());
        assertFalse(statements.get(1).requiresNoTransaction());
        assertFalse(SqlScript.requiresNoTransaction(statements));
        assertFalse(SqlScript.requiresNoTransaction(List.of()));
    }

    @Test
    void otherStatementsThatCannotRunInATransactionAreRecognised() {
        for (String sql : List.of(
                "drop index concurrently i",
                "reindex index concurrently i",
                "reindex (verbose) table concurrently t",
                "reindex database d",
                "vacuum analyze t",
                "VACUUM",
                "create database d",
                "drop database if exists d",
                "alter system set work_mem = '64MB'",
                "create tablespace ts location '/x'",
                "drop tablespace ts",
                "discard all",
                "create subscription s connection 'dbname=x' publication p")) {
            assertTrue(new SqlStatement(sql, 1).requiresNoTransaction(), sql);
        }
        for (String sql : List.of(
                "drop index i",
                "reindex table t",
                "alter table t add c int",
                "analyze t",
                "select 'vacuum'",
                "create table concurrently(a int)",
                "discard plans",
                "")) {
            assertFalse(new SqlStatement(sql, 1).requiresNoTransaction(), sql);
        }
    }

    // ---- streaming: a script of any size, one statement at a time ----------------------------------------------

    /** A reader that hands out a few characters at a time, as a slow file or a decoder would. */
    private static java.io.Reader trickle(String text) {
        return new java.io.Reader() {
            private int pos;
            private int step;

            @Override
            public int read(char[] buf, int off, int len) {
                if (pos >= text.length()) {
                    return -1;
                }
                int n = Math.min(Math.min(len, 1 + step++ % 7), text.length() - pos);
                text.getChars(pos, pos + n, buf, off);
                pos += n;
                return n;
            }

            @Override
            public void close() {}
        };
    }

    private static List<SqlStatement> streamed(String script) {
        SqlScript.Statements statements = SqlScript.stream(trickle(script));
        List<SqlStatement> all = new java.util.ArrayList<>();
        for (SqlStatement s = statements.next(); s != null; s = statements.next()) {
            all.add(s);
        }
        assertEquals(null, statements.next());
        return all;
    }

    @Test
    void streamedStatementsAreTheParsedOnesWithTheirLinesForAScriptLargerThanTheWindow() {
        String sample = "-- a comment; with a semicolon\r\ninsert into t values (1, 'a;b', E'it\\'s;', \"q;\"\"x\");\n"
                + "create function f() returns int begin atomic select 1; select case when true then 2 end; end;\n"
                + "do $body$ begin perform 1; end $body$; /* block /* nested; */ ; */ select $1, $$;$$\n;;\n"
                + "select 'multi\nline;' ; select x$y from t ;";
        StringBuilder script = new StringBuilder();
        while (script.length() < 400_000) {
            script.append(sample).append('\n');
        }
        script.append("select 'the last one needs no semicolon'");
        List<SqlStatement> parsed = SqlScript.parse(script.toString());
        assertTrue(parsed.size() > 5_000, "statements: " + parsed.size());
        assertEquals(parsed, streamed(script.toString()));
        assertEquals(List.of(), streamed("  \n-- only a comment\n"));
    }

    @Test
    void streamedScriptReportsAMetaCommandOrAnUnterminatedStringAtItsLineAfterTheWindowMoved() {
        StringBuilder script = new StringBuilder();
        for (int i = 1; i <= 20_000; i++) {
            script.append("insert into t values (").append(i).append(");\n");
        }
        String meta = script + "  \\set x 1\n";
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> streamed(meta));
        assertEquals("line 20001: psql meta-command '\\set' is not SQL; remove it", e.getMessage());
        assertEquals(errorOf(meta), e.getMessage());
        String open = script + "select 'never closed;\n";
        assertEquals(
                "line 20001: unterminated single-quoted string starting here",
                assertThrows(IllegalArgumentException.class, () -> streamed(open))
                        .getMessage());
        // a backslash on a long line after statements is no meta-command, also once the line's start is forgotten
        StringBuilder oneLine = new StringBuilder();
        for (int i = 1; i <= 20_000; i++) {
            oneLine.append("select ").append(i).append("; ");
        }
        String notMeta = oneLine + " \\x";
        assertEquals(SqlScript.parse(notMeta), streamed(notMeta));
    }
}
