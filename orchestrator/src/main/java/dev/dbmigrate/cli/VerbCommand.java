package dev.dbmigrate.cli;

import dev.dbmigrate.app.Goal;
import dev.dbmigrate.app.GoalOption;
import dev.dbmigrate.config.MigrateProperty;
import java.nio.file.Path;
import java.util.EnumSet;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Set;
import java.util.Stack;
import java.util.function.Consumer;
import picocli.CommandLine;
import picocli.CommandLine.IParameterConsumer;
import picocli.CommandLine.Model.ArgSpec;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Model.OptionSpec;
import picocli.CommandLine.Model.PositionalParamSpec;
import picocli.CommandLine.ParameterException;

/**
 * One verb of the CLI: a picocli command built from a {@link Goal}'s descriptor. It takes the goal's options as
 * {@code --name value} or {@code --name=value} (a {@code --name} followed by another {@code --option}, or last, means
 * {@code true}), the last of a repeated option winning, plus {@code --project-dir}, {@code --verbose} ({@code -v}) and
 * {@code --help} ({@code -h}); the first argument it cannot take ends the parse with a usage error.
 */
final class VerbCommand {
    /**
     * Options every verb accepted before each verb took only its own: still accepted, so that no command line that
     * worked is refused, but hidden from a verb's help when the verb does not use them.
     */
    private static final Set<MigrateProperty> ACCEPTED_BY_EVERY_VERB = EnumSet.of(
            MigrateProperty.ENV,
            MigrateProperty.URL,
            MigrateProperty.USER,
            MigrateProperty.PASSWORD,
            MigrateProperty.SCHEMAS,
            MigrateProperty.LOCATIONS,
            MigrateProperty.TABLE,
            MigrateProperty.ALLOW_EMPTY,
            MigrateProperty.IGNORE_MISNAMED,
            MigrateProperty.OUT_OF_ORDER,
            MigrateProperty.SKIP,
            MigrateProperty.LOCK_WAIT);

    private static final String PROJECT_DIR = "--project-dir";
    private static final String VERBOSE = "--verbose";
    private static final String HELP = "--help";

    /** What a command line asked for. */
    record Arguments(Map<String, String> values, Path projectDir, boolean verbose, boolean help) {}

    private final Goal goal;
    private final CommandLine commandLine;
    private final Map<String, String> values = new LinkedHashMap<>();
    /** What each option that takes a value does with it, by its name: {@code --steps}. */
    private final Map<String, Consumer<String>> setters = new HashMap<>();

    private Path projectDir = Path.of("").toAbsolutePath();
    private boolean verbose;
    private boolean help;

    private VerbCommand(Goal goal) {
        this.goal = goal;
        CommandSpec spec = CommandSpec.create().name(goal.name()).interpolateVariables(false);
        spec.usageMessage().description(goal.summary());
        for (GoalOption option : goal.options()) {
            option.cliName()
                    .ifPresent(name -> spec.addOption(valueOption(
                            name,
                            option.description(),
                            false,
                            value -> values.put(option.property().key(), value))));
        }
        for (MigrateProperty property : ACCEPTED_BY_EVERY_VERB) {
            if (!goal.properties().contains(property)) {
                GoalOption option = new GoalOption(property);
                spec.addOption(valueOption(
                        option.cliName().orElseThrow(),
                        option.description(),
                        true,
                        value -> values.put(property.key(), value)));
            }
        }
        spec.addOption(valueOption(
                PROJECT_DIR,
                "the project folder (default: the current folder)",
                false,
                value -> projectDir = Path.of(value).toAbsolutePath().normalize()));
        spec.addOption(OptionSpec.builder(VERBOSE, "-v")
                .description("also print debug lines")
                .arity("0")
                .parameterConsumer((args, arg, command) -> verbose = true)
                .build());
        // help ends the parse, as it always did: what follows it is neither read nor refused
        spec.addOption(OptionSpec.builder(HELP, "-h")
                .hidden(true)
                .arity("0")
                .parameterConsumer((args, arg, command) -> {
                    help = true;
                    args.clear();
                })
                .build());
        spec.addPositional(PositionalParamSpec.builder()
                .arity("0..*")
                .hidden(true)
                .parameterConsumer((args, arg, command) -> refuseOrSplit(args.pop()))
                .build());
        commandLine = new CommandLine(spec)
                .setOverwrittenOptionsAllowed(true)
                .setExpandAtFiles(false)
                .setPosixClusteredShortOptionsAllowed(false)
                .setAbbreviatedOptionsAllowed(false)
                .setUnmatchedOptionsArePositionalParams(true)
                // "--name=value" reaches refuseOrSplit whole, so that a value may start with "--"
                .setSeparator("\0")
                // "--" is no end of the options: it is an option without a name, refused as every unknown one
                .setEndOfOptionsDelimiter("\0");
    }

    /** The picocli command for {@code goal}; its options are the goal's, and its help lists them. */
    static CommandSpec spec(Goal goal) {
        return new VerbCommand(goal).commandLine.getCommandSpec();
    }

    /** Parses the arguments after the verb; a command line the verb cannot take is a {@link ParameterException}. */
    static Arguments parse(Goal goal, String[] args) {
        VerbCommand verb = new VerbCommand(goal);
        verb.commandLine.parseArgs(args);
        return new Arguments(verb.values, verb.projectDir, verb.verbose, verb.help);
    }

    private OptionSpec valueOption(String name, String description, boolean hidden, Consumer<String> into) {
        setters.put(name, into);
        IParameterConsumer consumer = (Stack<String> args, ArgSpec arg, CommandSpec command) ->
                into.accept(!args.isEmpty() && !args.peek().startsWith("--") ? args.pop() : "true");
        return OptionSpec.builder(name)
                .description(description)
                .hidden(hidden)
                .arity("0..1")
                .parameterConsumer(consumer)
                .build();
    }

    /** Takes {@code --name=value} for an option of this verb, or refuses the argument. */
    private void refuseOrSplit(String arg) {
        if (!arg.startsWith("--")) {
            throw new ParameterException(
                    commandLine,
                    "unexpected argument '" + arg + "' (options are --name value;" + " see migrate " + goal.name()
                            + " --help)");
        }
        int eq = arg.indexOf('=');
        String name = eq < 0 ? arg : arg.substring(0, eq);
        Consumer<String> setter = setters.get(name);
        if (eq < 0 || setter == null) {
            throw new ParameterException(
                    commandLine, "unknown option " + name + " (see migrate " + goal.name() + " --help)");
        }
        // the text after "=" is the value, whatever it starts with
        setter.accept(arg.substring(eq + 1));
    }
}
