package dev.dbmigrate.lint;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import org.junit.jupiter.api.Test;

/** {@code docs/lint.md} documents every rule of {@link Rules#all()}, with its severity, a bad and a good example. */
class LintDocTest {
    private static final Path DOC = Path.of("../docs/lint.md");

    @Test
    void everyRuleHasItsRowItsSectionAndABadAndAGoodExample() throws Exception {
        String doc = Files.readString(DOC);
        List<String> missing = new ArrayList<>();
        List<Rule> rules = Rules.all().list();
        for (Rule rule : rules) {
            String row = "| [`" + rule.id() + "`](#" + rule.id() + ") | "
                    + rule.severity().name().toLowerCase(Locale.ROOT);
            if (!doc.contains(row)) {
                missing.add(rule.id() + " (table row with severity)");
            }
        }
        for (String id : ids(rules)) {
            int at = doc.indexOf("\n#### " + id + "\n");
            int next = at < 0 ? -1 : doc.indexOf("\n#### ", at + 1);
            String section = at < 0 ? "" : doc.substring(at, next < 0 ? doc.length() : next);
            if (section.isEmpty()
                    || !(section.contains("-- bad") || section.contains("Bad:"))
                    || !(section.contains("-- good") || section.contains("Good:"))) {
                missing.add(id + " (section with a bad and a good example)");
            }
        }
        assertEquals(List.of(), missing, "docs/lint.md lacks");
    }

    private static List<String> ids(List<Rule> rules) {
        List<String> ids = new ArrayList<>(rules.stream().map(Rule::id).toList());
        ids.add(Suppression.INVALID);
        ids.add(Suppression.UNUSED);
        return ids;
    }
}
