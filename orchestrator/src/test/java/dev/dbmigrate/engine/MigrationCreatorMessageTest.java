package dev.dbmigrate.engine;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.dbmigrate.config.MigrateSettings;
import dev.dbmigrate.config.SettingsResolver;
import dev.dbmigrate.error.ErrorCode;
import dev.dbmigrate.error.MigrateException;
import dev.dbmigrate.sql.SqlScript;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * The message of {@code migrate:create} is data: whatever it holds, it never becomes SQL in the files it writes. No
 * database: create needs none.
 */
class MigrationCreatorMessageTest {
    private static final Clock FIXED = Clock.fixed(Instant.parse("2026-11-24T10:15:00Z"), ZoneOffset.UTC);
    private static final String INJECTED = "DROP TABLE orders; --";

    @TempDir
    Path project;

    private MigrationCreator creator() {
        MigrateSettings settings = SettingsResolver.resolve(
                Map.of("locations", project.resolve("db/migration").toString()),
                Map.of(),
                project,
                project.resolve("target"));
        return new MigrationCreator(settings, e -> {}, FIXED);
    }

    private List<Path> written() throws IOException {
        Path folder = project.resolve("db/migration");
        if (!Files.isDirectory(folder)) {
            return List.of();
        }
        try (Stream<Path> files = Files.list(folder)) {
            return files.sorted().toList();
        }
    }

    /**
     * Every line (split at every character any parser treats as a line end) is a comment or blank, this project's
     * parser finds no statement, and the file still carries the template marker.
     */
    private static void assertOnlyComments(Path file) throws IOException {
        String text = Files.readString(file, StandardCharsets.UTF_8);
        for (String line : text.split("[\\n\\r\\u000B\\u000C\\u0085\\u2028\\u2029]", -1)) {
            assertTrue(
                    line.isBlank() || line.startsWith("-- ") || line.equals("--"),
                    () -> file.getFileName() + " has a line that is not a comment: <" + line + ">\n" + text);
        }
        assertEquals(List.of(), SqlScript.parse(text), text);
        assertTrue(text.lines().anyMatch(l -> l.startsWith(MigrationTemplate.MARKER)), text);
        assertTrue(MigrationTemplate.isUnedited(text, SqlScript.parse(text)), text);
    }

    static Stream<String> foldedMessages() {
        return Stream.of(
                "Add shipping note\n" + INJECTED,
                "Add shipping note\r" + INJECTED,
                "Add shipping note\r\n" + INJECTED,
                "Add shipping note\n\n\n   " + INJECTED + "\n",
                "Add shipping note\u2028" + INJECTED,
                "Add shipping note\u2029" + INJECTED,
                "Add shipping note\u0085" + INJECTED,
                "Add shipping note\u000B" + INJECTED,
                "Add shipping note\u000C" + INJECTED,
                "Add shipping note\t" + INJECTED,
                "Add shipping note\u00A0\u3000" + INJECTED,
                "Add shipping note */ " + INJECTED + " /*",
                "Add shipping note /* " + INJECTED,
                "Add shipping note'; " + INJECTED,
                "Add shipping note $$; " + INJECTED + " $$",
                "\n" + INJECTED + "\nAdd shipping note");
    }

    @ParameterizedTest
    @MethodSource("foldedMessages")
    void aMessageWithLineEndsOrCommentMarksIsFoldedIntoOneCommentLine(String message) throws Exception {
        Results.Create created = creator().create(message);

        assertOnlyComments(created.migration());
        assertOnlyComments(created.undo());
        String first = Files.readString(created.migration()).lines().findFirst().orElseThrow();
        assertTrue(first.startsWith("-- ") && first.contains(INJECTED), first);
        assertFalse(first.contains("  "), first);
        assertEquals(2, written().size());
    }

    static Stream<String> refusedMessages() {
        return Stream.of(
                "Add shipping note\u0000" + INJECTED,
                "Add shipping note\u001B[2J",
                "Add shipping note\u0007",
                "Add shipping note\u007F",
                "Add shipping note\u009B",
                "Add shipping note \u202E" + INJECTED,
                "Add shipping note \u2066" + INJECTED + "\u2069",
                "Add shipping note\u200B",
                "\uFEFFAdd shipping note",
                "Add shipping note \uD800",
                "Add shipping note \u0378");
    }

    @ParameterizedTest
    @MethodSource("refusedMessages")
    void aMessageWithControlOrInvisibleCharactersIsRefusedAndNothingIsWritten(String message) throws Exception {
        MigrateException e =
                assertThrows(MigrateException.class, () -> creator().create(message));

        assertEquals(ErrorCode.CONFIGURATION, e.code());
        assertTrue(e.getMessage().startsWith("migrate.message holds the "), e.getMessage());
        assertTrue(
                e.getMessage()
                        .matches("(?s).* U\\+[0-9A-F]{4} at character \\d+, which cannot be written safely"
                                + " into a migration; nothing was written \\(describe the change in plain words, such as \"Add user"
                                + " preferences table\"\\)"),
                e.getMessage());
        assertEquals(List.of(), written());
    }

    @Test
    void theRefusalNamesTheCharacterAndWhere() throws Exception {
        MigrateException e =
                assertThrows(MigrateException.class, () -> creator().create("Add note\u202Eevil"));
        assertEquals(
                "migrate.message holds the invisible formatting character U+202E at character 9, which cannot"
                        + " be written safely into a migration; nothing was written (describe the change in plain words,"
                        + " such as \"Add user preferences table\")",
                e.getMessage());
        // letters and marks that draw as nothing: a Hangul filler would put a blank into the file name
        for (String blank : List.of("\u3164", "\u115F", "\uFFA0", "\u034F", "\uFE0F")) {
            MigrateException hidden =
                    assertThrows(MigrateException.class, () -> creator().create("Add x" + blank + " table"));
            assertTrue(
                    hidden.getMessage()
                            .startsWith("migrate.message holds the invisible character U+"
                                    + String.format("%04X", (int) blank.charAt(0)) + " at character 6"),
                    hidden.getMessage());
        }
        assertEquals(List.of(), written());
        MigrateException nul =
                assertThrows(MigrateException.class, () -> creator().create("Add\u0000note"));
        assertTrue(
                nul.getMessage().startsWith("migrate.message holds the control character U+0000 at character 4"),
                nul.getMessage());
    }

    @Test
    void aMessageOfOnlyWhiteSpaceOrLineEndsIsRefused() throws Exception {
        for (String blank : List.of("", "   ", "\n\r\n", "\u2028\u2029\u0085", "\t \u3000")) {
            MigrateException e =
                    assertThrows(MigrateException.class, () -> creator().create(blank));
            assertEquals(
                    "create needs a message describing the migration; nothing was written (pass"
                            + " -Dmigrate.message=\"Add user preferences table\")",
                    e.getMessage());
        }
        for (String punctuation : List.of("!!!", "-- ;", "*/", "🚀🚀")) {
            MigrateException e =
                    assertThrows(MigrateException.class, () -> creator().create(punctuation));
            assertTrue(
                    e.getMessage().contains("has no letters or digits to name a file with; nothing was written"),
                    e.getMessage());
        }
        assertEquals(List.of(), written());
    }

    @Test
    void aVeryLongMessageIsRefusedAndALongOneGetsACappedName() throws Exception {
        String tooLong = "Add " + "very ".repeat(250) + "long table";
        MigrateException e =
                assertThrows(MigrateException.class, () -> creator().create(tooLong));
        assertEquals(
                "migrate.message is 1264 characters long, more than the 1000 a message may have; nothing was"
                        + " written (give a short title, such as \"Add user preferences table\", and write the details as"
                        + " comments into the file create writes)",
                e.getMessage());
        assertEquals(List.of(), written());

        String longMessage = "Add " + "shipping_notes ".repeat(19) + "table";
        Results.Create created = creator().create(longMessage);
        String name = created.migration().getFileName().toString();
        String slug = name.substring("V20261124101500__".length(), name.length() - ".sql".length());
        assertTrue(slug.length() <= MigrationMessage.MAX_SLUG_LENGTH, slug);
        assertEquals("add_shipping_notes_shipping_notes_shipping_notes_shipping", slug, "cut at a word end");
        assertEquals(
                List.of("the message is long for a file name: the name was cut to 57 characters,"
                        + " add_shipping_notes_shipping_notes_shipping_notes_shipping (names are capped at 60 characters and"
                        + " 120 bytes; the whole message is in the file's first comment)"),
                created.warnings());
        assertOnlyComments(created.migration());
        String text = Files.readString(created.migration());
        assertTrue(text.lines().allMatch(l -> l.length() <= 103), "the message wraps onto comment lines:\n" + text);
        assertTrue(text.replace("\n-- ", " ").contains(longMessage.strip()), text);
    }

    @Test
    void aMessageOfSeveralHundredCharactersIsWrappedOntoCommentLines() throws Exception {
        String message = "Add " + "shipping note column ".repeat(40) + "to orders";
        Results.Create created = creator().create(message + "\n" + INJECTED);

        assertOnlyComments(created.migration());
        assertOnlyComments(created.undo());
        String text = Files.readString(created.migration());
        assertTrue(text.replace("\n-- ", " ").contains(message + " " + INJECTED), text);
        assertTrue(text.lines().allMatch(l -> l.length() <= 103), text);
        assertTrue(created.migration().getFileName().toString().length() <= "V20261124101500__.sql".length() + 60);
    }

    @Test
    void aMessageWithAFlywayPlaceholderIsRefused() throws Exception {
        MigrateException e =
                assertThrows(MigrateException.class, () -> creator().create("Add ${tenant} schema"));
        assertEquals(
                "migrate.message = 'Add ${tenant} schema' holds '${', which Flyway reads as a placeholder even"
                        + " inside a comment, so the migration would fail to run; nothing was written (leave out the '${',"
                        + " such as \"Add tenant schema\")",
                e.getMessage());
        assertEquals(List.of(), written());
    }

    @Test
    void lettersAndDigitsOfEveryScriptStayInTheFileName() throws Exception {
        assertEquals("add_café_table", MigrationMessage.slug("Add café table"));
        assertEquals("add_café_table", MigrationMessage.slug("Add cafe\u0301 table"), "NFC: e + accent is é");
        assertEquals("добавить_таблицу_заказов", MigrationMessage.slug("Добавить таблицу «заказов»"));
        assertEquals("προσθήκη_πίνακα", MigrationMessage.slug("Προσθήκη πίνακα"));
        assertEquals("添加订单表", MigrationMessage.slug("添加订单表"));
        assertEquals("注文_テーブル_追加", MigrationMessage.slug("注文 テーブル 追加"));
        assertEquals("add_१२३_٤٥", MigrationMessage.slug("Add १२३ / ٤٥"));
        assertEquals("हिन्दी_तालिका", MigrationMessage.slug("हिन्दी तालिका"), "combining vowel signs stay");
        assertEquals("straße", MigrationMessage.slug("STRAßE"));

        Results.Create cafe = creator().create("Add café table");
        assertEquals(
                "V20261124101500__add_café_table.sql",
                cafe.migration().getFileName().toString());
        assertEquals(
                "U20261124101500__add_café_table.sql", cafe.undo().getFileName().toString());
        assertTrue(Files.readString(cafe.migration()).startsWith("-- Add café table\n"));
        Results.Create cjk = creator().create("添加订单表");
        assertEquals("V20261124101501__添加订单表.sql", cjk.migration().getFileName().toString());
        Results.Create cyrillic = creator().create("Добавить таблицу заказов");
        assertEquals(
                "V20261124101502__добавить_таблицу_заказов.sql",
                cyrillic.migration().getFileName().toString());
        MigrationFiles files = MigrationFiles.scan(List.of(project.resolve("db/migration")), false);
        assertEquals(3, files.versioned().size());
        assertEquals(3, files.undo().size());
        assertEquals(List.of(), files.misnamed());
    }

    @Test
    void aSlugInFourByteCharactersIsCappedByBytes() {
        String slug = MigrationMessage.slug("𝒜".repeat(70));
        assertTrue(slug.getBytes(StandardCharsets.UTF_8).length <= MigrationMessage.MAX_SLUG_BYTES, slug);
        assertEquals(MigrationMessage.MAX_SLUG_BYTES / 4, slug.codePointCount(0, slug.length()));
    }

    @Test
    void theCommentFunctionRefusesEveryLineEnd() {
        for (String end : List.of("\n", "\r", "\u000B", "\u000C", "\u0085", "\u2028", "\u2029")) {
            assertThrows(
                    IllegalArgumentException.class,
                    () -> MigrationTemplate.comment("note" + end + INJECTED),
                    () -> "line end U+" + Integer.toHexString(end.charAt(0)));
        }
        assertEquals("-- a */ b /* c\n", MigrationTemplate.comment("a */ b /* c"));
        assertThrows(IllegalStateException.class, () -> MigrationTemplate.verified("-- note\n" + INJECTED + "\n"));
        assertThrows(IllegalStateException.class, () -> MigrationTemplate.verified("-- note\r" + INJECTED + "\n"));
    }

    @Test
    void aCarriageReturnEndsALineCommentForTheParserAsForPostgres() {
        assertEquals(1, SqlScript.parse("-- note\rdrop table orders;").size());
        assertEquals(
                "drop table orders",
                SqlScript.parse("-- note\rdrop table orders;").get(0).sql());
    }

    @Test
    void anUneditedTemplateIsRecognisedAndAWrittenOrHandMadeCommentOnlyFileIsNot() throws Exception {
        Results.Create created = creator().create("Add shipping note");
        String template = Files.readString(created.migration());
        assertTrue(MigrationTemplate.isUnedited(template, SqlScript.parse(template)));
        String written = template + "alter table orders add column note text;\n";
        assertFalse(MigrationTemplate.isUnedited(written, SqlScript.parse(written)));
        String markerRemoved = template.lines()
                .filter(l -> !l.startsWith(MigrationTemplate.MARKER))
                .reduce("", (a, b) -> a + b + "\n");
        assertFalse(MigrationTemplate.isUnedited(markerRemoved, SqlScript.parse(markerRemoved)));
        String handMade = "-- reverted: kept so the version number stays taken\n";
        assertFalse(MigrationTemplate.isUnedited(handMade, SqlScript.parse(handMade)));
        String earlier = "-- Add x\n-- Version 20261124101500, created 2026-11-24T10:15:00Z by migrate:create.\n--\n";
        assertTrue(MigrationTemplate.isUnedited(earlier, SqlScript.parse(earlier)), "a template of an earlier version");
    }
}
