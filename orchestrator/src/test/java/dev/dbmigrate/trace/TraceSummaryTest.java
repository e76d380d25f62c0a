package dev.dbmigrate.trace;

import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.dbmigrate.sql.SqlScript;
import org.junit.jupiter.api.Test;

/** How a statement is named in the trace: its first line of code, shortened. */
class TraceSummaryTest {
    @Test
    void leadingCommentsAreSkippedAndALongLineIsShortened() {
        var statements = SqlScript.parse("-- why\n-- and how\nalter table users\n  add column note text;\n"
                + "update users set note = 'a rather long value that goes on and on and on' where id = 1;\n");
        assertEquals("alter table users", Trace.summary(statements.get(0)));
        assertEquals("update users set note = 'a rather long value that goes on...", Trace.summary(statements.get(1)));
        assertEquals(60, Trace.summary(statements.get(1)).length());
    }
}
