package dev.dbmigrate.cli;

import dev.dbmigrate.app.Goal;
import dev.dbmigrate.app.GoalRun;
import dev.dbmigrate.app.Goals;
import dev.dbmigrate.config.DatabaseUrl;
import dev.dbmigrate.config.FixHint;
import dev.dbmigrate.config.MigrateProperty;
import dev.dbmigrate.config.SettingsResolver;
import dev.dbmigrate.error.ErrorCode;
import dev.dbmigrate.error.MigrateException;
import dev.dbmigrate.events.MigrateEvent;
import dev.dbmigrate.events.MigrateListener;
import dev.dbmigrate.process.Interruption;
import dev.dbmigrate.report.ConsoleText;
import dev.dbmigrate.support.Masking;
import dev.dbmigrate.support.Messages;
import dev.dbmigrate.support.Secret;
import java.io.Console;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Model.OptionSpec;
import picocli.CommandLine.ParameterException;

/**
 * The command-line front end: {@code java -jar migrate-cli.jar <verb> [--<property> <value>]...}. Each verb is a
 * {@link Goal} of {@link Goals}, parsed by a picocli command built from its descriptor ({@link VerbCommand}): it runs
 * the same action as the Maven goal of the same name and takes the same properties, spelled {@code --url},
 * {@code --env}, {@code --steps}, ... The exit code says what kind of failure happened (see {@link ErrorCode}).
 */
public final class MigrateCli {
    /** Exit code for a command line that cannot be understood. */
    public static final int USAGE = 64;

    private MigrateCli() {}

    public static void main(String[] args) {
        System.exit(run(args, System.out, System.err, System.getenv()));
    }

    /** Runs one command and returns the exit code; prints progress to {@code out} and problems to {@code err}. */
    public static int run(String[] args, PrintStream out, PrintStream err, Map<String, String> environment) {
        if (args.length == 0 || List.of("--help", "-h", "help").contains(args[0])) {
            out.print(usage());
            return args.length == 0 ? USAGE : 0;
        }
        List<Secret> known = knownPasswords(args, environment);
        // Every argument echoed and every line printed goes through the masking.
        PrintStream maskedOut = masking(out, known);
        PrintStream maskedErr = masking(err, known);
        return runVerb(args, maskedOut, maskedErr, environment);
    }

    private static int runVerb(String[] args, PrintStream out, PrintStream err, Map<String, String> environment) {
        Goal goal = Goals.named(args[0]).orElse(null);
        if (goal == null) {
            err.println("migrate: unknown command '" + args[0] + "' (commands: "
                    + String.join(", ", Goals.all().stream().map(Goal::name).toList()) + "; see --help)");
            return USAGE;
        }
        VerbCommand.Arguments arguments;
        try {
            arguments = VerbCommand.parse(goal, Arrays.copyOfRange(args, 1, args.length));
        } catch (ParameterException e) {
            err.println("migrate " + goal.name() + ": " + e.getMessage());
            return USAGE;
        }
        if (arguments.help()) {
            out.print(help(VerbCommand.spec(goal)));
            return 0;
        }
        MigrateListener listener = printer(out, err, arguments.verbose());
        // SIGINT (Ctrl-C) or SIGTERM cancels the running statement and waits for its rollback; the JVM then exits
        // with 130 or 143, as soon as this run has printed its outcome (see Interruption)
        try (Interruption.Run run = Interruption.begin(line -> err.println("WARNING: " + line))) {
            return runVerb(goal, arguments, environment, listener, out, err);
        }
    }

    private static int runVerb(
            Goal goal,
            VerbCommand.Arguments arguments,
            Map<String, String> environment,
            MigrateListener listener,
            PrintStream out,
            PrintStream err) {
        Map<String, String> values = arguments.values();
        try {
            if (SettingsResolver.parseBoolean(MigrateProperty.SKIP, values.get(MigrateProperty.SKIP.key()))) {
                out.println("migrate: skipped (--skip)");
                return 0;
            }
            if (values.containsKey(MigrateProperty.PASSWORD.key())) {
                listener.warn("--password is visible to other users of this machine in the process list; prefer a"
                        + " profile with password: ${SOME_VARIABLE} or DATABASE_URL");
            }
            Path projectDir = arguments.projectDir();
            goal.run(new GoalRun(
                    values,
                    environment,
                    projectDir,
                    projectDir.resolve("target"),
                    listener,
                    question -> ask(question, environment),
                    MigrateCli::prompt,
                    ownClasspath()));
            return 0;
        } catch (MigrateException e) {
            err.println("migrate " + goal.name() + " failed: " + FixHint.render(e.getMessage(), FixHint.FrontEnd.CLI));
            return e.code().exitCode();
        } catch (RuntimeException e) {
            err.println("migrate " + goal.name() + " failed unexpectedly: "
                    + e.getClass().getName() + ": " + Messages.oneLine(e.getMessage()));
            return ErrorCode.INTERNAL.exitCode();
        }
    }

    /**
     * The passwords this run was given for certain, to mask wherever they stand alone: the value of
     * {@code --password}, and the password in {@code --url} and {@code DATABASE_URL} when they can be read.
     */
    private static List<Secret> knownPasswords(String[] args, Map<String, String> environment) {
        List<Secret> known = new ArrayList<>();
        List<String> urls = new ArrayList<>();
        for (int i = 1; i < args.length; i++) {
            String arg = args[i];
            for (MigrateProperty property : List.of(MigrateProperty.PASSWORD, MigrateProperty.URL)) {
                String option = "--" + property.key();
                String value = arg.startsWith(option + "=")
                        ? arg.substring(option.length() + 1)
                        : arg.equals(option) && i + 1 < args.length ? args[i + 1] : null;
                if (value != null && property == MigrateProperty.PASSWORD) {
                    known.add(Secret.of(value));
                } else if (value != null) {
                    urls.add(value);
                }
            }
        }
        urls.add(environment.get("DATABASE_URL"));
        for (String url : urls) {
            try {
                if (url != null && !url.isBlank()) {
                    known.add(DatabaseUrl.parse(url, "url").password());
                }
            } catch (MigrateException e) {
                // an unreadable URL is reported where it is used, without its password
            }
        }
        return known;
    }

    /** A stream that prints each line with the URLs' passwords and the known passwords masked. */
    private static PrintStream masking(PrintStream target, List<Secret> known) {
        return new PrintStream(target, true, StandardCharsets.UTF_8) {
            @Override
            public void println(String line) {
                target.println(Masking.inText(line, known));
            }

            @Override
            public void print(String text) {
                target.print(Masking.inText(text, known));
            }
        };
    }

    private static MigrateListener printer(PrintStream out, PrintStream err, boolean verbose) {
        return event -> {
            // hints in the library's lines are written for Maven: spell them as this front end takes them
            String message = FixHint.render(ConsoleText.text(event), FixHint.FrontEnd.CLI);
            MigrateEvent.Level level = ConsoleText.level(event);
            if (level == MigrateEvent.Level.WARN) {
                err.println("WARNING: " + message);
            } else if (level == MigrateEvent.Level.INFO || verbose) {
                out.println(message);
            }
        };
    }

    /**
     * Asks a question on the console, or returns {@code null} when nobody can be asked: no console, or {@code CI=true}.
     */
    private static String ask(String question, Map<String, String> environment) {
        Console console = System.console();
        if (console == null || "true".equalsIgnoreCase(environment.getOrDefault("CI", ""))) {
            return null;
        }
        return console.readLine("%s", question);
    }

    private static String prompt() {
        Console console = System.console();
        return console == null
                ? null
                : console.readLine("Describe the migration (for example: Add user preferences table): ");
    }

    /**
     * The CLI's own class path, which is the project's when the CLI runs with it: for {@code --schemaSource jpa},
     * {@code java -cp target/classes:<dependencies>:migrate-cli.jar dev.dbmigrate.cli.MigrateCli create ...}.
     */
    private static List<Path> ownClasspath() {
        return Arrays.stream(System.getProperty("java.class.path", "").split(java.io.File.pathSeparator))
                .filter(entry -> !entry.isBlank())
                .map(Path::of)
                .toList();
    }

    static String usage() {
        StringBuilder b = new StringBuilder(
                "usage: migrate <command> [--<option> <value>]... [--project-dir DIR]" + " [--verbose]\n\ncommands:\n");
        Goals.all().forEach(goal -> b.append(String.format("  %-10s %s%n", goal.name(), goal.summary())));
        b.append("\nRun 'migrate <command> --help' for its options. Exit codes:\n");
        for (ErrorCode code : ErrorCode.values()) {
            b.append(String.format(
                    "  %-3d %s%n", code.exitCode(), code.name().toLowerCase().replace('_', ' ')));
        }
        b.append(String.format("  %-3d %s%n", USAGE, "the command line could not be understood"));
        b.append(String.format("  %-3d %s%n", 143, "interrupted by SIGTERM (130: by SIGINT, Ctrl-C)"));
        return b.toString();
    }

    /** A verb's help: its summary, then each option it lists, as its picocli command declares them. */
    static String help(CommandSpec verb) {
        StringBuilder b = new StringBuilder(
                "migrate " + verb.name() + ": " + verb.usageMessage().description()[0] + "\n\noptions:\n");
        for (OptionSpec option : verb.options()) {
            if (!option.hidden()) {
                b.append(String.format("  %-18s %s%n", option.longestName(), option.description()[0]));
            }
        }
        return b.toString();
    }
}
