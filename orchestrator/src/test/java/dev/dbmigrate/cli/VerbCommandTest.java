package dev.dbmigrate.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.dbmigrate.app.Goal;
import dev.dbmigrate.app.GoalOption;
import dev.dbmigrate.app.Goals;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import org.junit.jupiter.api.Test;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Model.OptionSpec;
import picocli.CommandLine.ParameterException;

/** The CLI's verbs are built from the goals' descriptors and read a command line the way the CLI always has. */
class VerbCommandTest {
    private static Goal goal(String name) {
        return Goals.named(name).orElseThrow();
    }

    private static VerbCommand.Arguments parse(String verb, String... args) {
        return VerbCommand.parse(goal(verb), args);
    }

    private static String refused(String verb, String... args) {
        return assertThrows(ParameterException.class, () -> parse(verb, args)).getMessage();
    }

    @Test
    void eachVerbListsExactlyItsGoalsOptionsButServerIdInTheDescriptorsOrder() {
        Map<String, List<String>> listed = new TreeMap<>();
        Map<String, List<String>> expected = new TreeMap<>();
        for (Goal goal : Goals.all()) {
            CommandSpec spec = VerbCommand.spec(goal);
            assertEquals(goal.name(), spec.name());
            assertEquals(goal.summary(), spec.usageMessage().description()[0]);
            List<String> names = new ArrayList<>();
            for (OptionSpec option : spec.options()) {
                if (!option.hidden()) {
                    names.add(option.longestName());
                }
            }
            listed.put(goal.name(), names);
            List<String> own = new ArrayList<>(goal.options().stream()
                    .map(GoalOption::cliName)
                    .flatMap(Optional::stream)
                    .toList());
            own.addAll(List.of("--project-dir", "--verbose"));
            expected.put(goal.name(), own);
            for (GoalOption option : goal.options()) {
                option.cliName()
                        .ifPresent(name -> assertEquals(
                                option.description(),
                                spec.findOption(name).description()[0],
                                goal.name() + " " + name));
            }
        }
        assertEquals(expected, listed);
        assertFalse(listed.get("drop").contains("--serverId"));
    }

    @Test
    void optionsTakeTheNextArgumentOrTheTextAfterTheEqualsSignAndTheLastOneWins() {
        VerbCommand.Arguments arguments =
                parse("downgrade", "--target", "-1", "--steps=--2", "--url=", "--env", "a", "--env", "b", "-v");
        assertEquals(Map.of("target", "-1", "steps", "--2", "url", "", "env", "b"), arguments.values());
        assertTrue(arguments.verbose());
        assertFalse(arguments.help());
    }

    @Test
    void anOptionFollowedByAnotherOptionOrLastIsTrue() {
        VerbCommand.Arguments arguments =
                parse("upgrade", "--outOfOrder", "--allowEmpty", "--project-dir", "x", "--skip");
        assertEquals(Map.of("outOfOrder", "true", "allowEmpty", "true", "skip", "true"), arguments.values());
        assertEquals(Path.of("x").toAbsolutePath().normalize(), arguments.projectDir());
    }

    @Test
    void optionsEveryVerbTookBeforeAreStillAcceptedButNotListed() {
        assertEquals(
                Map.of("outOfOrder", "true", "lockWait", "5s"),
                parse("backup", "--outOfOrder", "true", "--lockWait", "5s").values());
        assertTrue(VerbCommand.spec(goal("backup")).findOption("--outOfOrder").hidden());
    }

    @Test
    void helpEndsTheCommandLineWhatFollowsIsNeitherReadNorRefused() {
        VerbCommand.Arguments arguments = parse("upgrade", "--target", "3", "-h", "--steps", "2", "stray");
        assertTrue(arguments.help());
        assertEquals(Map.of("target", "3"), arguments.values());
        assertEquals(
                "unknown option --steps (see migrate upgrade --help)", refused("upgrade", "--steps", "2", "--help"));
    }

    @Test
    void anUnknownOptionOrAStrayArgumentIsRefusedWithTheVerbsHelpToRead() {
        assertEquals("unknown option --steps (see migrate upgrade --help)", refused("upgrade", "--steps=2"));
        assertEquals("unknown option --serverId (see migrate upgrade --help)", refused("upgrade", "--serverId", "x"));
        assertEquals("unknown option --Target (see migrate upgrade --help)", refused("upgrade", "--Target", "1"));
        assertEquals("unknown option --targ (see migrate upgrade --help)", refused("upgrade", "--targ", "1"));
        assertEquals("unknown option --help (see migrate upgrade --help)", refused("upgrade", "--help=yes"));
        assertEquals("unknown option --verbose (see migrate upgrade --help)", refused("upgrade", "--verbose=yes"));
        assertEquals("unknown option -- (see migrate upgrade --help)", refused("upgrade", "--", "x"));
        assertEquals("unknown option --bogus (see migrate upgrade --help)", refused("upgrade", "--target", "--bogus"));
        for (String stray : new String[] {"x", "-x", "-hv", "@args.txt", "-"}) {
            assertEquals(
                    "unexpected argument '" + stray + "' (options are --name value; see migrate upgrade" + " --help)",
                    refused("upgrade", "--target", "2", stray),
                    stray);
        }
    }
}
