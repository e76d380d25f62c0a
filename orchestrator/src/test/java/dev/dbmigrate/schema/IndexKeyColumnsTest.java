package dev.dbmigrate.schema;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.List;
import org.junit.jupiter.api.Test;

/** How {@link ConstraintReader#keyColumns} takes an index's key columns out of its whole definition. */
class IndexKeyColumnsTest {
    @Test
    void theKeyListIsSplitAtItsTopLevelCommasOutsideQuotesAndParentheses() {
        String definition = "CREATE UNIQUE INDEX \"we, ird\" ON ONLY app.\"Order\" USING btree (lower(note::text)"
                + " COLLATE \"C\" DESC, \"a,b\" text_pattern_ops NULLS FIRST, (a + b), coalesce(x, ')(,')) INCLUDE (c)"
                + " WHERE x <> 'a,)b'::text";
        assertEquals(
                List.of(
                        "lower(note::text) COLLATE \"C\" DESC",
                        "\"a,b\" text_pattern_ops NULLS FIRST",
                        "(a + b)",
                        "coalesce(x, ')(,')"),
                ConstraintReader.keyColumns(
                        definition, "app.\"Order\"", "btree", List.of("k1", "k2", "k3", "k4", "c"), 4));
    }

    @Test
    void whenTheListIsNotFoundOrHasAnotherCountTheColumnsAloneAreTaken() {
        List<String> columns = List.of("a", "b", "c");
        assertEquals(
                List.of("a", "b"),
                ConstraintReader.keyColumns(
                        "CREATE INDEX i ON public.t USING hash (a)", "public.t", "btree", columns, 2));
        assertEquals(
                List.of("a", "b"),
                ConstraintReader.keyColumns(
                        "CREATE INDEX i ON public.t USING btree (a)", "public.t", "btree", columns, 2));
    }
}
