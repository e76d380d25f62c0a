package dev.dbmigrate.config;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.List;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The one place that knows how a fix hint in a message is spelled for each front end.
 *
 * <p>The library writes every hint in one canonical form, Maven's: a goal as {@code migrate:upgrade} (or
 * {@code mvn migrate:upgrade}) and a property as {@code -Dmigrate.target=3} (a value with spaces in double quotes),
 * built with {@link #goal(String)} and {@link #set(MigrateProperty, String)} where the code composes one. Each front
 * end renders the message before it prints it ({@link #render(String, FrontEnd)}): the Maven plugin prints the
 * canonical form as it is; the CLI turns it into its own syntax, {@code migrate upgrade --target 3}, so that every
 * hint it prints is a command line it accepts ({@code -Dmigrate.serverId}, which reads Maven's settings.xml, stays
 * Maven's and says so).
 */
public final class FixHint {
    /** Who prints the message. */
    public enum FrontEnd {
        /** The Maven plugin: {@code mvn migrate:<goal> -Dmigrate.<name>=<value>}. */
        MAVEN,
        /** The command-line front end: {@code migrate <verb> --<name> <value>}. */
        CLI
    }

    /** {@code MAVEN_OPTS=-Xmx1g mvn migrate:upgrade}: a goal run with a larger heap. */
    private static final Pattern HEAP =
            Pattern.compile("MAVEN_OPTS=-Xmx([0-9]+[kmgKMG]?) mvn migrate:([a-z][a-z-]*)\\b");
    /**
     * A goal: {@code migrate:} and the name of a goal, not any word after it (a file's {@code -- migrate:template}
     * line is quoted as it is).
     */
    private static final Pattern GOAL =
            Pattern.compile("(?:\\bmvn )?\\bmigrate:(" + String.join("|", GoalOptions.goals()) + "|help)\\b(?![-:])");

    private static final Pattern PROPERTY = Pattern.compile("-D" + Pattern.quote(MigrateProperty.PREFIX)
            + "([A-Za-z][A-Za-z0-9.]*[A-Za-z0-9])(=(\"[^\"]*\"|[^\\s,;)]+))?");

    /** A property named by its {@code migrate.} name, not as a {@code -D} (rendered above) nor inside a word. */
    private static final Pattern NAMED = Pattern.compile("(?<![-\\w.:/])" + Pattern.quote(MigrateProperty.PREFIX) + "("
            + String.join(
                    "|",
                    Arrays.stream(MigrateProperty.values())
                            .map(MigrateProperty::option)
                            .map(Pattern::quote)
                            .sorted(Comparator.comparing(String::length).reversed())
                            .toList())
            + ")\\b(?![.\\w])");

    private FixHint() {}

    /** A goal in canonical form: {@code migrate:<goal>}. */
    public static String goal(String goal) {
        return "migrate:" + goal;
    }

    /**
     * A goal run with a larger maximum heap, in canonical form: {@code MAVEN_OPTS=-Xmx<size> mvn migrate:<goal>}; the
     * CLI spells it {@code java -Xmx<size> -jar migrate-orchestrator-<version>-cli.jar <goal>}.
     */
    public static String withHeap(String size, String goal) {
        return "MAVEN_OPTS=-Xmx" + size + " mvn " + goal(goal);
    }

    /** A property set on the command line, in canonical form: {@code -Dmigrate.<name>=<value>}. */
    public static String set(MigrateProperty property, String value) {
        boolean quote = value.isEmpty()
                || value.chars().anyMatch(c -> Character.isWhitespace(c) || c == ',' || c == ';' || c == ')');
        return "-D" + property.property() + "=" + (quote ? "\"" + value + "\"" : value);
    }

    /**
     * A follow-up command for the database {@code settings} chose, in canonical form: {@code migrate:<goal>} with
     * {@code -Dmigrate.env=<env>} when the environment is not the default {@code dev},
     * {@code -Dmigrate.outOfOrder=true} when it was set and the goal reads it, then {@code properties} (each built
     * with {@link #set}), then, when the connection came from {@code -Dmigrate.url} or {@code DATABASE_URL}, "with the
     * same -Dmigrate.url" (or DATABASE_URL), never the URL itself. Every hint that names a command to run on the same
     * database uses this, so that running the hint acts on that database and not on another one.
     */
    public static String command(MigrateSettings settings, String goal, String... properties) {
        StringBuilder command = new StringBuilder(goal(goal));
        if (!settings.env().equals(ProfileLoader.DEFAULT_ENVIRONMENT)) {
            command.append(' ').append(set(MigrateProperty.ENV, settings.env()));
        }
        if (settings.outOfOrder() && GoalOptions.of(goal).contains(MigrateProperty.OUT_OF_ORDER)) {
            command.append(' ').append(set(MigrateProperty.OUT_OF_ORDER, "true"));
        }
        for (String property : properties) {
            command.append(' ').append(property);
        }
        return command.append(sameDatabase(settings)).toString();
    }

    /**
     * The command as it was run, to run again: {@link #command} with {@code properties}, then the options of this run
     * that chose what the goal does and that it reads ({@code target}, {@code requireUndo=false}). A step count is
     * relative, right only while nothing has changed: the caller passes it, or the steps that are left.
     */
    public static String rerun(MigrateSettings settings, String goal, String... properties) {
        List<String> all = new ArrayList<>(List.of(properties));
        Set<MigrateProperty> takes = GoalOptions.of(goal);
        CommandOptions options = settings.options();
        if (options.target() != null && takes.contains(MigrateProperty.TARGET)) {
            all.add(set(MigrateProperty.TARGET, options.target()));
        }
        if (!options.requireUndo() && takes.contains(MigrateProperty.REQUIRE_UNDO)) {
            all.add(set(MigrateProperty.REQUIRE_UNDO, "false"));
        }
        return command(settings, goal, all.toArray(String[]::new));
    }

    /**
     * What a follow-up command must repeat to reach the same database, beyond its environment: " with the same
     * -Dmigrate.url" or " with the same DATABASE_URL", or nothing for a profile's URL or the embedded database.
     */
    public static String sameDatabase(MigrateSettings settings) {
        return switch (settings.source()) {
            case EXPLICIT -> " with the same -D" + MigrateProperty.URL.property();
            case DATABASE_URL -> " with the same DATABASE_URL";
            default -> "";
        };
    }

    /** The message with each hint spelled for {@code frontEnd}. */
    public static String render(String message, FrontEnd frontEnd) {
        if (message == null || frontEnd == FrontEnd.MAVEN) {
            return message;
        }
        String heap = HEAP.matcher(message).replaceAll("java -Xmx$1 -jar migrate-orchestrator-<version>-cli.jar $2");
        String verbs = GOAL.matcher(heap).replaceAll("migrate $1");
        Matcher m = PROPERTY.matcher(verbs);
        StringBuilder out = new StringBuilder();
        while (m.find()) {
            // serverId reads Maven's settings.xml: the CLI has no such option, so the hint stays Maven's, said so
            String option = m.group(1).equals(MigrateProperty.SERVER_ID.key())
                    ? m.group() + " (with mvn)"
                    : "--" + m.group(1) + (m.group(3) == null ? "" : " " + m.group(3));
            m.appendReplacement(out, Matcher.quoteReplacement(option));
        }
        m.appendTail(out);
        // a property named in a message ("migrate.lockWait = '5' has no unit") is the option the CLI was given
        return NAMED.matcher(out).replaceAll("--$1");
    }
}
