package dev.dbmigrate.report;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import org.junit.jupiter.api.Test;

class MarkdownTableTest {
    @Test
    void writesTheHeaderTheAlignmentAndOneLinePerRowWithPipesEscapedAndLineBreaksJoined() {
        String table = MarkdownTable.of("name", "rows", "")
                .right(1)
                .row("a|b", 3, null)
                .row("first line  \r\n  second", 10L, "**unused**")
                .toString();

        assertEquals(
                "| name | rows | |\n"
                        + "|---|---:|---|\n"
                        + "| a\\|b | 3 |  |\n"
                        + "| first line second | 10 | **unused** |\n",
                table);
    }

    @Test
    void refusesARowWithTheWrongNumberOfCells() {
        assertThrows(
                IllegalArgumentException.class, () -> MarkdownTable.of("a", "b").row("only one"));
    }
}
