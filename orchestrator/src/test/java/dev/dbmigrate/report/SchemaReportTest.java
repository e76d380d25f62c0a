package dev.dbmigrate.report;

import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.dbmigrate.config.MigrateSettings.OutputFormat;
import dev.dbmigrate.rehearse.Comparison;
import dev.dbmigrate.rehearse.Drift;
import dev.dbmigrate.schema.ObjectKind;
import dev.dbmigrate.schema.SchemaObject;
import dev.dbmigrate.schema.Snapshot;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The diff and the drift check rendered as text, JSON and Markdown from the same records: no database. */
class SchemaReportTest {
    private static final Snapshot MIGRATIONS = new Snapshot(
            "",
            List.of(
                    SchemaObject.of(ObjectKind.TABLE, "public.users"),
                    SchemaObject.of(ObjectKind.COLUMN, "public.users.name").with("type", "character varying(100)"),
                    SchemaObject.of(ObjectKind.INDEX, "public.users_name_idx")
                            .with("table", "public.users")
                            .with("columns", List.of("name"))),
            List.of());
    private static final Snapshot PROD = new Snapshot(
            "",
            List.of(
                    SchemaObject.of(ObjectKind.TABLE, "public.users"),
                    SchemaObject.of(ObjectKind.COLUMN, "public.users.name").with("type", "text"),
                    SchemaObject.of(ObjectKind.COLUMN, "public.users.nick").with("type", "text")),
            List.of("aggregate public.total(integer)"));
    private static final Comparison COMPARISON = Comparison.of("migrations", MIGRATIONS, "prod", PROD);

    @Test
    void theTextHasTheHeadlineOneLinePerDifferenceAndWhatWasNotCompared() {
        assertEquals("""
                3 differences between migrations and prod (4 objects compared)
                  column public.users.name: type character varying(100) (migrations) vs text (prod)
                  only in prod: column public.users.nick
                  missing in prod: index public.users_name_idx
                not compared (a kind snapshots do not model): aggregate public.total(integer) in prod
                """, SchemaReport.diff(COMPARISON, OutputFormat.TEXT));
    }

    @Test
    void equalSidesSayThereAreNoDifferences() {
        assertEquals(
                "no differences between prod and prod (3 objects compared)\n"
                        + "not compared (a kind snapshots do not model): aggregate public.total(integer) in prod\n"
                        + "not compared (a kind snapshots do not model): aggregate public.total(integer) in prod\n",
                SchemaReport.diff(Comparison.of("prod", PROD, "prod", PROD), OutputFormat.TEXT));
    }

    @Test
    void theMarkdownIsATableWithBothSidesAsColumns() {
        assertEquals("""
                ## 3 differences between migrations and prod (4 objects compared)

                | Object | Difference | migrations | prod |
                |---|---|---|---|
                | column public.users.name | type | character varying(100) | text |
                | column public.users.nick | only in prod |  | present |
                | index public.users_name_idx | missing in prod | present |  |

                - not compared (a kind snapshots do not model): aggregate public.total(integer) in prod
                """, SchemaReport.diff(COMPARISON, OutputFormat.MARKDOWN));
    }

    @Test
    void theJsonHasOneObjectPerDifferenceWithBothValues() {
        String json = SchemaReport.diff(COMPARISON, OutputFormat.JSON);
        assertEquals("""
                {
                  "from": "migrations",
                  "to": "prod",
                  "equal": false,
                  "compared": 4,
                  "differences": [
                    {
                      "object": "column public.users.name",
                      "kind": "column",
                      "name": "public.users.name",
                      "change": "changed",
                      "property": "type",
                      "from": "character varying(100)",
                      "to": "text",
                      "line": "column public.users.name: type character varying(100) (migrations) vs text (prod)"
                    },
                    {
                      "object": "column public.users.nick",
                      "kind": "column",
                      "name": "public.users.nick",
                      "change": "extra",
                      "line": "only in prod: column public.users.nick"
                    },
                    {
                      "object": "index public.users_name_idx",
                      "kind": "index",
                      "name": "public.users_name_idx",
                      "change": "missing",
                      "line": "missing in prod: index public.users_name_idx"
                    }
                  ],
                  "notCompared": {
                    "from": [],
                    "to": [
                      "aggregate public.total(integer)"
                    ]
                  }
                }
                """, json);
    }

    @Test
    void aDriftCheckPutsTheHistoryFirstAndNamesTheAppliedVersion() {
        Drift drift = new Drift("prod", "7", List.of("V7__x.sql was changed after it was applied on prod"), COMPARISON);
        assertEquals(
                "drift on prod: 4 differences between prod and what its applied migrations (up to version 7) build",
                SchemaReport.headline(drift));
        String text = SchemaReport.drift(drift, OutputFormat.TEXT);
        assertEquals(
                List.of(
                        "drift on prod: 4 differences between prod and what its applied migrations (up to version 7)"
                                + " build",
                        "  V7__x.sql was changed after it was applied on prod",
                        "  column public.users.name: type character varying(100) (migrations) vs text (prod)"),
                text.lines().limit(3).toList());
        Drift none = new Drift("prod", null, List.of(), Comparison.of("migrations", PROD, "prod", PROD));
        assertEquals(
                "no drift on prod: its schema is what its applied migrations (up to version <none>) build (3 objects"
                        + " compared)",
                SchemaReport.headline(none));
    }
}
