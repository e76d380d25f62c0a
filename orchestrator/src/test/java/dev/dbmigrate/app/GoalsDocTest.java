package dev.dbmigrate.app;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.dbmigrate.config.MigrateProperty;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;

/**
 * The property table of {@code docs/goals.md} says, for each {@code migrate.*} property, which goals take it: the same
 * as the goals' descriptors ({@link Goals}). Its "goals" column is read as {@code all}, {@code all but <goals>} or a
 * list of goals ({@code a, b and c}); a lead-in up to a colon and remarks in parentheses are words for the reader.
 */
class GoalsDocTest {
    private static final Path DOC = Path.of("../docs/goals.md");
    private static final Pattern PROPERTY = Pattern.compile("`migrate\\.([A-Za-z.]+)`");
    private static final Pattern SEPARATOR = Pattern.compile(",\\s*(?:and\\s+)?|\\s+and\\s+");

    /** Each property of the table's rows, with the goals its "goals" column names. */
    static Map<String, Set<String>> documented(List<String> lines) {
        Map<String, Set<String>> documented = new LinkedHashMap<>();
        int start = lines.indexOf("## Properties");
        assertTrue(start >= 0, "docs/goals.md has no ## Properties section");
        for (String line : lines.subList(start, lines.size())) {
            if (line.startsWith("#") && !line.equals("## Properties")) {
                break;
            }
            String[] cells = line.split("\\|");
            if (!line.startsWith("| `migrate.") || cells.length < 4) {
                continue;
            }
            Set<String> goals = goals(cells[2].trim());
            Matcher property = PROPERTY.matcher(cells[1]);
            while (property.find()) {
                if (documented.put(property.group(1), goals) != null) {
                    documented.put(property.group(1) + " (listed twice)", goals);
                }
            }
        }
        return documented;
    }

    /** The goals one "goals" cell names. */
    static Set<String> goals(String cell) {
        String words = cell.replaceAll("\\([^)]*\\)", "").trim();
        words = words.substring(words.indexOf(':') + 1).trim();
        Set<String> all =
                new LinkedHashSet<>(Goals.all().stream().map(Goal::name).toList());
        if (words.equals("all")) {
            return all;
        }
        boolean but = words.startsWith("all but ");
        List<String> named = Arrays.asList(SEPARATOR.split(but ? words.substring("all but ".length()) : words));
        List<String> unknown =
                named.stream().filter(goal -> !all.contains(goal)).toList();
        assertEquals(List.of(), unknown, "docs/goals.md names goals that do not exist in: " + cell);
        if (but) {
            all.removeAll(named);
            return all;
        }
        return new LinkedHashSet<>(named);
    }

    /** Each property some goal takes, with those goals, as the descriptors say. */
    private static Map<String, Set<String>> declared() {
        Map<String, Set<String>> declared = new LinkedHashMap<>();
        for (MigrateProperty property : MigrateProperty.values()) {
            Set<String> goals = new LinkedHashSet<>();
            Goals.all().stream()
                    .filter(goal -> goal.properties().contains(property))
                    .forEach(goal -> goals.add(goal.name()));
            if (!goals.isEmpty()) {
                declared.put(property.option(), goals);
            }
        }
        return declared;
    }

    @Test
    void thePropertyTableListsEveryPropertyForTheGoalsThatTakeIt() throws IOException {
        Map<String, Set<String>> documented = documented(Files.readAllLines(DOC));
        Map<String, Set<String>> declared = declared();
        List<String> differences = new ArrayList<>();
        for (String property : new TreeSet<>(union(documented.keySet(), declared.keySet()))) {
            Set<String> doc = documented.getOrDefault(property, Set.of());
            Set<String> code = declared.getOrDefault(property, Set.of());
            if (!doc.equals(code)) {
                differences.add("migrate." + property + ": the doc lists " + minus(doc, code) + " that do not take it"
                        + " and misses " + minus(code, doc));
            }
        }
        assertEquals(List.of(), differences, "docs/goals.md's property table differs from the goals' descriptors");
    }

    @Test
    void theGoalsCellIsReadAsTheReaderReadsIt() {
        assertEquals(
                Set.of("skip"),
                Set.copyOf(documented(List.of(
                                "## Properties", "| property | goals | meaning |", "| `migrate.skip` | all | x |"))
                        .keySet()));
        assertEquals(
                Set.of("create", "promote"),
                minus(Set.copyOf(goals("all")), goals("all but create and promote (Maven only)")));
        assertEquals(
                Set.of("backup", "restore", "drop", "upgrade", "downgrade"),
                goals("those that use pg_dump: backup, restore, drop, and upgrade and downgrade (for a backup)"));
    }

    private static Set<String> union(Set<String> a, Set<String> b) {
        Set<String> union = new LinkedHashSet<>(a);
        union.addAll(b);
        return union;
    }

    private static Set<String> minus(Set<String> a, Set<String> b) {
        Set<String> minus = new TreeSet<>(a);
        minus.removeAll(b);
        return minus;
    }
}
