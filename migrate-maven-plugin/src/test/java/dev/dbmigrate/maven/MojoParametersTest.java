package dev.dbmigrate.maven;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.dbmigrate.app.Goal;
import dev.dbmigrate.app.GoalOption;
import dev.dbmigrate.app.Goals;
import dev.dbmigrate.config.MigrateProperty;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import javax.xml.parsers.DocumentBuilderFactory;
import org.junit.jupiter.api.Test;
import org.w3c.dom.Document;
import org.w3c.dom.Element;
import org.w3c.dom.Node;
import org.w3c.dom.NodeList;

/**
 * Every parameter of every goal, read from the plugin descriptor Maven uses: the ones that can hold a password are
 * never injected from a {@code -Dmigrate.*} property (Maven's {@code -X} prints every injected value); a new parameter
 * fails this test until it is sorted into one of the two lists.
 */
class MojoParametersTest {
    /** Names, environments, paths, versions, numbers, switches, Maven's own objects: never a password. */
    private static final Set<String> CANNOT_HOLD_A_PASSWORD = Set.of(
            "allowEmpty",
            "backup",
            "backupBeforeDrop",
            "baselineVersion",
            "confirm",
            "embeddedVersion",
            "env",
            "failIfPending",
            "failOnDifference",
            "autogenerate",
            "schemaFile",
            "schemaSource",
            "entityPackages",
            "allowDestructive",
            "rename",
            "format",
            "from",
            "ignoreMisnamed",
            "lintFailOn",
            "lintTrace",
            "lintScope",
            "locations",
            "lockWait",
            "message",
            "outOfOrder",
            "output",
            "pgBinDir",
            "project",
            "requireUndo",
            "sampleData",
            "schemas",
            "serverId",
            "session",
            "skip",
            "steps",
            "table",
            "target",
            "to",
            "user",
            "versionScheme",
            // migrate:help
            "detail",
            "goal",
            "indentSize",
            "lineLength");

    @Test
    void parametersThatCanHoldAPasswordAreNeverInjectedFromAProperty() throws Exception {
        Path descriptor = Path.of("target/classes/META-INF/maven/plugin.xml");
        assertTrue(Files.isRegularFile(descriptor), "run after process-classes: " + descriptor.toAbsolutePath());
        Document document =
                DocumentBuilderFactory.newInstance().newDocumentBuilder().parse(descriptor.toFile());
        List<String> secretHolders = AbstractMigrateMojo.SECRET_HOLDERS.stream()
                .map(MigrateProperty::key)
                .toList();
        assertEquals(List.of("url", "password"), secretHolders);
        List<String> problems = new ArrayList<>();
        int checked = 0;
        NodeList mojos = document.getElementsByTagName("mojo");
        for (int i = 0; i < mojos.getLength(); i++) {
            Element mojo = (Element) mojos.item(i);
            String goal = child(mojo, "goal").getTextContent();
            for (Element parameter : children(child(mojo, "parameters"), "parameter")) {
                String name = child(parameter, "name").getTextContent();
                checked++;
                if (!secretHolders.contains(name) && !CANNOT_HOLD_A_PASSWORD.contains(name)) {
                    problems.add(goal + ": new parameter " + name + " (can it hold a password? add it to one list)");
                }
            }
            Element configuration = child(mojo, "configuration");
            if (configuration != null) {
                for (Element value : children(configuration, null)) {
                    if (secretHolders.contains(value.getTagName())
                            && value.getTextContent().contains("${")) {
                        problems.add(goal + ": " + value.getTagName() + " is injected from " + value.getTextContent());
                    }
                }
            }
        }
        assertTrue(checked > 80, "read only " + checked + " parameters");
        assertEquals(List.of(), problems);
    }

    @Test
    void eachGoalHasExactlyTheParametersOfItsOptionsSoTheHelpListsNothingItIgnores() throws Exception {
        Map<String, Set<String>> declared = parameters(Path.of("target/classes/META-INF/maven/plugin.xml"));
        // every goal of the registry, and maven-plugin-plugin's help goal
        assertEquals(expected(), declared);
        // the two the issue found: an option of upgrade under backup, a connection under promote
        assertFalse(declared.get("backup").contains("outOfOrder"));
        assertFalse(declared.get("promote").contains("url"));
    }

    @Test
    void eachParameterIsSetByTheMavenPropertyOfItsOptionButThoseThatMayHoldAPassword() throws Exception {
        Document document = parse(Path.of("target/classes/META-INF/maven/plugin.xml"));
        List<String> problems = new ArrayList<>();
        for (Element mojo : mojos(document)) {
            String goal = child(mojo, "goal").getTextContent();
            Goal descriptor = Goals.named(goal).orElse(null);
            if (descriptor == null) {
                continue;
            }
            Map<String, String> expressions = new TreeMap<>();
            for (Element value : children(child(mojo, "configuration"), null)) {
                expressions.put(value.getTagName(), value.getTextContent());
            }
            for (GoalOption option : descriptor.options()) {
                String expected = AbstractMigrateMojo.SECRET_HOLDERS.contains(option.property())
                        ? null
                        : "${" + option.mavenProperty() + "}";
                if (!Objects.equals(expected, expressions.get(option.property().key()))) {
                    problems.add(goal + ": " + option.property().key() + " is set by "
                            + expressions.get(option.property().key()) + ", not " + expected);
                }
            }
        }
        assertEquals(List.of(), problems);
    }

    /** Each Mojo runs its own goal's descriptor: the one whose name its {@code @Mojo} annotation gives the goal. */
    @Test
    void eachMojoRunsTheDescriptorOfItsOwnGoal() throws Exception {
        Document document = parse(Path.of("target/classes/META-INF/maven/plugin.xml"));
        Map<String, String> run = new TreeMap<>();
        for (Element mojo : mojos(document)) {
            String goal = child(mojo, "goal").getTextContent();
            Class<?> type = Class.forName(child(mojo, "implementation").getTextContent());
            if (AbstractMigrateMojo.class.isAssignableFrom(type)) {
                run.put(goal, ((AbstractMigrateMojo) type.getConstructor().newInstance()).goalName());
            }
        }
        Map<String, String> expected = new TreeMap<>();
        Goals.all().forEach(goal -> expected.put(goal.name(), goal.name()));
        assertEquals(expected, run);
    }

    /**
     * What {@code migrate:help -Ddetail} prints comes from the help descriptor that maven-plugin-plugin writes for the
     * generated help goal: it lists every goal of the registry, and for each exactly the parameters of its options.
     */
    @Test
    void theHelpListsEveryGoalWithExactlyTheParametersOfItsOptions() throws Exception {
        Path help;
        try (Stream<Path> files = Files.walk(Path.of("target/classes/META-INF/maven"))) {
            help = files.filter(f -> f.getFileName().toString().equals("plugin-help.xml"))
                    .findFirst()
                    .orElseThrow(() -> new AssertionError("no plugin-help.xml: run after process-classes"));
        }
        assertEquals(expected(), parameters(help));
    }

    /** Each goal of the registry, with the names of its options' parameters, and the help goal with its own. */
    private static Map<String, Set<String>> expected() {
        Map<String, Set<String>> expected = new TreeMap<>();
        expected.put("help", Set.of("detail", "goal", "indentSize", "lineLength"));
        for (Goal goal : Goals.all()) {
            expected.put(
                    goal.name(),
                    goal.options().stream()
                            .map(option -> option.property().key())
                            .collect(Collectors.toCollection(TreeSet::new)));
        }
        return expected;
    }

    /** Each goal of a plugin descriptor, with the parameters a user can set (not Maven's project and session). */
    private static Map<String, Set<String>> parameters(Path descriptor) throws Exception {
        Map<String, Set<String>> declared = new TreeMap<>();
        for (Element mojo : mojos(parse(descriptor))) {
            Set<String> names = new TreeSet<>();
            for (Element parameter : children(child(mojo, "parameters"), "parameter")) {
                String name = child(parameter, "name").getTextContent();
                if (!name.equals("project") && !name.equals("session")) {
                    names.add(name);
                }
            }
            declared.put(child(mojo, "goal").getTextContent(), names);
        }
        return declared;
    }

    private static Document parse(Path descriptor) throws Exception {
        assertTrue(Files.isRegularFile(descriptor), "run after process-classes: " + descriptor.toAbsolutePath());
        return DocumentBuilderFactory.newInstance().newDocumentBuilder().parse(descriptor.toFile());
    }

    private static List<Element> mojos(Document document) {
        List<Element> mojos = new ArrayList<>();
        NodeList all = document.getElementsByTagName("mojo");
        for (int i = 0; i < all.getLength(); i++) {
            mojos.add((Element) all.item(i));
        }
        return mojos;
    }

    private static Element child(Element parent, String tag) {
        List<Element> found = children(parent, tag);
        return found.isEmpty() ? null : found.get(0);
    }

    private static List<Element> children(Element parent, String tag) {
        List<Element> found = new ArrayList<>();
        if (parent == null) {
            return found;
        }
        for (Node n = parent.getFirstChild(); n != null; n = n.getNextSibling()) {
            if (n instanceof Element e && (tag == null || e.getTagName().equals(tag))) {
                found.add(e);
            }
        }
        return found;
    }
}
