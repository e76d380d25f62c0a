package dev.dbmigrate.engine;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.dbmigrate.error.MigrateException;
import dev.dbmigrate.history.Checksum;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The streamed reading of a large script gives what reading it whole gives: its text, Flyway's checksum, its errors. */
class ScriptReaderTest {
    @TempDir
    Path dir;

    private Path file(byte[] bytes) throws IOException {
        Path f = dir.resolve("V1__x_" + System.nanoTime() + ".sql");
        Files.write(f, bytes);
        return f;
    }

    private static String readAll(ScriptReader reader) throws IOException {
        StringBuilder text = new StringBuilder();
        char[] buf = new char[777]; // odd, so characters of several bytes straddle the reads
        for (int n = reader.read(buf, 0, buf.length); n >= 0; n = reader.read(buf, 0, buf.length)) {
            text.append(buf, 0, n);
        }
        return text.toString();
    }

    @Test
    void textAndChecksumAreThoseOfTheWholeFileForEveryLineEndAndByteOrderMark() throws IOException {
        StringBuilder big = new StringBuilder();
        for (int i = 0; i < 30_000; i++) {
            big.append("insert into t values (")
                    .append(i)
                    .append(", 'é€𝄞 ${x}');")
                    .append(i % 3 == 0 ? "\r\n" : i % 3 == 1 ? "\n" : "\r");
        }
        String bom = "\uFEFF";
        for (String text : List.of(
                "",
                "select 1",
                "select 1;\n",
                "a\r\n\r\nb\rc\n",
                bom + "select 1;\r\n",
                bom + bom + "select 2;\n",
                "\n\n\n",
                "select 'é';\r",
                big.toString(),
                bom + big,
                bom + bom + big)) {
            Path f = file(text.getBytes(StandardCharsets.UTF_8));
            try (ScriptReader reader = ScriptReader.open(f)) {
                String read = readAll(reader);
                assertEquals(MigrationFiles.read(f), read);
                assertEquals(Checksum.of(text), reader.checksum(), text.length() + "");
                assertEquals(read.contains("${"), reader.mayHoldPlaceholders());
            }
            assertEquals(Checksum.of(text), ScriptReader.checksumOf(f), text.length() + "");
        }
    }

    @Test
    void aFileThatIsNotUtf8FailsWithTheMessageOfAWholeRead() throws IOException {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        for (int i = 0; i < 20_000; i++) {
            bytes.writeBytes(("select " + i + ";\n").getBytes(StandardCharsets.UTF_8));
        }
        bytes.write(0xE9); // Latin-1 é
        bytes.writeBytes("';\n".getBytes(StandardCharsets.UTF_8));
        Path f = file(bytes.toByteArray());
        String whole = assertThrows(MigrateException.class, () -> MigrationFiles.read(f))
                .getMessage();
        assertTrue(whole.contains("(line 20001) cannot be read; nothing was changed"), whole);
        try (ScriptReader reader = ScriptReader.open(f)) {
            assertEquals(
                    whole,
                    assertThrows(MigrateException.class, () -> readAll(reader)).getMessage());
        }
        assertEquals(
                whole,
                assertThrows(MigrateException.class, () -> ScriptReader.checksumOf(f))
                        .getMessage());
    }

    @Test
    void aScriptWithoutPlaceholdersSaysSo() throws IOException {
        Path f = file("select '$', '{';\nselect $${$$;\n".getBytes(StandardCharsets.UTF_8));
        assertTrue(MigrationFiles.read(f).contains("${"));
        try (ScriptReader reader = ScriptReader.open(f)) {
            readAll(reader);
            assertTrue(reader.mayHoldPlaceholders()); // $${ holds "${": Flyway would look at it, so the plan does
        }
        Path g = file("select '$ {', '{$';\n".getBytes(StandardCharsets.UTF_8));
        try (ScriptReader reader = ScriptReader.open(g)) {
            readAll(reader);
            assertFalse(reader.mayHoldPlaceholders());
        }
    }
}
