package dev.dbmigrate.history;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;

import dev.dbmigrate.testing.TestPostgres;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import org.flywaydb.core.Flyway;
import org.flywaydb.core.api.MigrationInfo;
import org.flywaydb.core.api.MigrationVersion;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The project's checksum ({@link Checksum}) and version order ({@link Versions}) against Flyway's own, on generated
 * input: a few hundred scripts with LF, CRLF and lone CR line ends, byte-order marks, text in many scripts (astral
 * plane too), {@code ${placeholder}} text and empty scripts, whose checksums Flyway's public API reports (its info
 * resolves every file and shows the checksum it would record); and a few thousand pairs of versions with leading zeros,
 * {@code _} and {@code .}, trailing zero parts and numbers past a long, ordered by {@link MigrationVersion}. The
 * generator is seeded (set {@code -Ddbmigrate.seed=N} to try another seed); a failure names the seed and the case.
 */
class ChecksumAndOrderTest {
    private static final long SEED = Long.getLong("dbmigrate.seed", 20261130L);
    private static final int SCRIPTS = 300;
    private static final int VERSIONS = 400;
    private static final String BOM = "\uFEFF";
    /** Pieces of text in many scripts; some astral (emoji, Gothic, CJK extension B, musical symbols). */
    private static final String[] WORDS = {
        "create table t (id int);",
        "select 1;",
        "-- a comment",
        "insert into t" + " values ('x');",
        "café",
        "naïve",
        "Ærøskøbing",
        "Добавить таблицу",
        "Ελληνικά",
        "עברית",
        "العربية",
        "हिन्दी",
        "日本語のテキスト",
        "한국어",
        "ไทย",
        "\uD83D\uDE00",
        "\uD83D\uDC68\u200D\uD83D\uDC69\u200D\uD83D\uDC67",
        "\uD800\uDF48",
        "\uD840\uDC0B",
        "\uD834\uDD1E",
        "e\u0301",
        "\t",
        " ",
        "'$$'",
        "$body$ select 1 $body$",
        "${placeholder}",
        "${flyway:defaultSchema}.t",
        "${ unclosed",
        "\u2028",
        "\u0085",
        "\u00A0",
        BOM,
        "\\",
        "\"quoted\"",
        "\u0000"
    };

    private static final String[] LINE_ENDS = {"\n", "\r\n", "\r", "\n\n", "\r\n\r\n", "\n\r"};

    @TempDir
    Path folder;

    @Test
    @Tag("postgres")
    void checksumsAreFlywaysOnGeneratedScripts() throws Exception {
        Random random = new Random(SEED);
        Map<String, byte[]> scripts = new HashMap<>();
        for (int i = 1; i <= SCRIPTS; i++) {
            String name = "V" + i + "__script_" + i + ".sql";
            byte[] bytes = script(random, i).getBytes(StandardCharsets.UTF_8);
            Files.write(folder.resolve(name), bytes);
            scripts.put(name, bytes);
        }

        Map<String, Integer> flyways = flywayChecksums();
        assertEquals(SCRIPTS, flyways.size(), "Flyway resolved every script");
        for (Map.Entry<String, byte[]> script : scripts.entrySet()) {
            byte[] bytes = script.getValue();
            String text = new String(bytes, StandardCharsets.UTF_8);
            Integer flyway = flyways.get(script.getKey());
            assertNotNull(flyway, script.getKey());
            String which = "seed " + SEED + ", " + script.getKey() + ": " + printable(text);
            assertEquals(flyway, Checksum.of(text), which);
            assertEquals(flyway, streamed(bytes, random), "streamed, " + which);
        }
    }

    @Test
    void versionOrderIsFlywaysOnGeneratedVersions() {
        Random random = new Random(SEED);
        List<String> versions = new ArrayList<>(List.of(
                "1",
                "1.1",
                "1.01",
                "1_1",
                "1_2",
                "1.2",
                "1.10",
                "1.9",
                "9",
                "10",
                "010",
                "0010.0",
                "1.0",
                "1.0.0",
                "1_0_0_1",
                "1.0.0.1",
                "2",
                "1.999",
                "0",
                "0.0",
                "00",
                "20261124101500",
                "20261124101500.1",
                "99999999999999999999999",
                "100000000000000000000000"));
        while (versions.size() < VERSIONS) {
            versions.add(version(random));
        }
        for (String a : versions) {
            MigrationVersion fa = MigrationVersion.fromVersion(a);
            assertEquals(fa.getVersion(), Versions.recorded(a), "recorded as Flyway shows it: " + a);
            for (String b : versions) {
                int flyway = Integer.signum(fa.compareTo(MigrationVersion.fromVersion(b)));
                String which = "seed " + SEED + ": " + a + " vs " + b;
                assertEquals(flyway, Integer.signum(Versions.compare(a, b)), which);
                assertEquals(flyway == 0, Versions.normalize(a).equals(Versions.normalize(b)), which);
                assertEquals(flyway, Integer.signum(Versions.ORDER.compare(a, b)), which);
            }
        }
    }

    /** A script: empty, or lines of random pieces with random line ends, perhaps a byte-order mark first. */
    private static String script(Random random, int i) {
        if (i % 25 == 0) {
            return i % 50 == 0 ? "" : BOM;
        }
        StringBuilder text = new StringBuilder(random.nextInt(4) == 0 ? BOM : "");
        int lines = random.nextInt(12);
        for (int l = 0; l < lines; l++) {
            int pieces = random.nextInt(5);
            for (int p = 0; p < pieces; p++) {
                text.append(WORDS[random.nextInt(WORDS.length)]).append(random.nextBoolean() ? " " : "");
            }
            if (l < lines - 1 || random.nextBoolean()) {
                text.append(LINE_ENDS[random.nextInt(LINE_ENDS.length)]);
            }
        }
        return text.toString();
    }

    /** A version: one to five parts, each with leading zeros now and then, joined by {@code .} or {@code _}. */
    private static String version(Random random) {
        StringBuilder v = new StringBuilder();
        int parts = 1 + random.nextInt(5);
        for (int p = 0; p < parts; p++) {
            if (p > 0) {
                v.append(random.nextBoolean() ? '.' : '_');
            }
            v.append("0".repeat(random.nextInt(4) == 0 ? 1 + random.nextInt(2) : 0));
            v.append(
                    switch (random.nextInt(6)) {
                        case 0 -> "0";
                        case 1 -> Integer.toString(random.nextInt(3));
                        case 2 -> Integer.toString(random.nextInt(20));
                        case 3 -> Integer.toString(random.nextInt(1000));
                        case 4 -> Long.toString(Math.abs(random.nextLong()));
                        default -> Long.toString(Math.abs(random.nextLong())) + random.nextInt(1000);
                    });
        }
        return v.toString();
    }

    /** The checksum taken as the bytes stream by, in chunks of random sizes, one leading byte-order mark left out. */
    private static int streamed(byte[] bytes, Random random) {
        byte[] bom = BOM.getBytes(StandardCharsets.UTF_8);
        int start = bytes.length >= 3 && bytes[0] == bom[0] && bytes[1] == bom[1] && bytes[2] == bom[2] ? 3 : 0;
        Checksum checksum = new Checksum();
        for (int at = start; at < bytes.length; ) {
            int n = Math.min(bytes.length - at, 1 + random.nextInt(7));
            checksum.update(bytes, at, n);
            at += n;
        }
        return checksum.value();
    }

    /** Flyway's checksum of every script in the folder, by file name, as its info resolves them. */
    private Map<String, Integer> flywayChecksums() {
        Flyway flyway = Flyway.configure(getClass().getClassLoader())
                .dataSource(TestPostgres.newDatabase("checksums"), "postgres", TestPostgres.PASSWORD)
                .locations("filesystem:" + folder.toAbsolutePath())
                .validateMigrationNaming(true)
                .load();
        Map<String, Integer> checksums = new HashMap<>();
        for (MigrationInfo info : flyway.info().all()) {
            checksums.put(info.getScript(), info.getChecksum());
        }
        return checksums;
    }

    /** The text with its invisible characters spelled out, for a failure message. */
    private static String printable(String text) {
        StringBuilder out = new StringBuilder();
        text.codePoints()
                .forEach(c -> out.append(
                        c < 0x20 || c == 0x7f || c >= 0x80 && c < 0xa0 || c == 0x2028 || c == 0xfeff
                                ? String.format("\\u%04X", c)
                                : Character.toString(c)));
        return out.toString();
    }
}
