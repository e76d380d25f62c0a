package dev.dbmigrate.cli;

import dev.dbmigrate.config.DatabaseUrl;
import dev.dbmigrate.support.Masking;
import dev.dbmigrate.config.FixHint;
import dev.dbmigrate.config.GoalOptions;
import dev.dbmigrate.config.MigrateProperty;
import dev.dbmigrate.config.MigrateSettings;
import dev.dbmigrate.support.Secret;
import dev.dbmigrate.config.SettingsResolver;
import dev.dbmigrate.app.MigrateCommands;
import dev.dbmigrate.support.Messages;
import dev.dbmigrate.error.ErrorCode;
import dev.dbmigrate.error.MigrateException;
import dev.dbmigrate.events.MigrateEvent;
import dev.dbmigrate.events.MigrateListener;
import dev.dbmigrate.process.Interruption;
import java.io.Console;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.BiConsumer;

/**
 * The command-line front end: {@code java -jar migrate-cli.jar <verb> [--<property> <value>]...}. Each verb calls the
 * same {@link MigrateCommands} method as the Maven goal of the same name and takes the same properties, spelled
 * {@code --url}, {@code --env}, {@code --steps}, ... The exit code says what kind of failure happened (see
 * {@link ErrorCode}).
 */
public final class MigrateCli {
    /** Exit code for a command line that cannot be understood. */
    public static final int USAGE = 64;

    /** What a verb does with the parsed options. */
    @FunctionalInterface
    private interface Action {
        void run(Map<String, String> values, Map<String, String> environment, Path projectDir,
                 MigrateListener listener);
    }

    private record Verb(String name, String summary, Action action) {
        /** The options of the goal of the same name, less {@code serverId} (settings.xml is Maven's). */
        Set<MigrateProperty> options() {
            Set<MigrateProperty> options = EnumSet.noneOf(MigrateProperty.class);
            options.addAll(GoalOptions.of(name));
            options.remove(MigrateProperty.SERVER_ID);
            return options;
        }
    }

    /**
     * Options every verb accepted before each verb took only its own ({@link GoalOptions}): still accepted, so that
     * no command line that worked is refused, but not listed in a verb's help when the verb does not use them.
     */
    private static final Set<MigrateProperty> ACCEPTED_BY_EVERY_VERB = EnumSet.of(MigrateProperty.ENV,
            MigrateProperty.URL, MigrateProperty.USER, MigrateProperty.PASSWORD, MigrateProperty.SCHEMAS,
            MigrateProperty.LOCATIONS, MigrateProperty.TABLE, MigrateProperty.ALLOW_EMPTY,
            MigrateProperty.IGNORE_MISNAMED, MigrateProperty.OUT_OF_ORDER, MigrateProperty.SKIP,
            MigrateProperty.LOCK_WAIT);

    private static final Map<String, Verb> VERBS = new LinkedHashMap<>();

    static {
        add("init", "apply every migration to an empty database (an existing schema needs --baselineVersion)",
                MigrateCommands::init);
        addAsking("drop", "drop every object in the managed schemas but the audit table (any database but the embedded"
                + " one: typed confirmation, or --confirm <database>; backed up first)", MigrateCommands::drop);
        add("create", "write V<version>__<slug>.sql and its undo U<version>__<slug>.sql",
                (s, l) -> MigrateCommands.create(s, l, MigrateCli::prompt));
        add("upgrade", "apply pending migrations, one transaction each (up to --target)", MigrateCommands::upgrade);
        add("downgrade", "undo the last --steps (default 1) migrations, or down to --target (0 undoes all)",
                MigrateCommands::downgrade);
        add("history", "every migration with state, when, by whom, duration and undo availability",
                MigrateCommands::history);
        add("current", "the current version and the pending migrations", MigrateCommands::current);
        add("validate", "check names, duplicate versions, undo scripts and checksums", MigrateCommands::validate);
        add("repair", "remove failed history entries and realign checksums", MigrateCommands::repair);
        add("backup", "pg_dump the database into the profile's backup folder, with a SHA-256",
                MigrateCommands::backup);
        addAsking("restore", "restore the managed schemas from --backup (default the latest), in one transaction (any"
                + " database but the embedded one: typed confirmation, or --confirm <database>)",
                MigrateCommands::restore);
        add("verify", "run the profile's verification queries read-only and show sizes and index use",
                MigrateCommands::verify);
        VERBS.put("promote", new Verb("promote", "back up, upgrade and verify --from, then --to; roll back on failure",
                (values, environment, projectDir, listener) -> MigrateCommands.promote(values, environment,
                        projectDir, projectDir.resolve("target"), listener)));
    }

    /** A command that may ask the user a question: the database name, before it replaces or drops data. */
    @FunctionalInterface
    private interface Asking {
        void run(MigrateSettings settings, MigrateListener listener, java.util.function.UnaryOperator<String> ask);
    }

    private static void addAsking(String name, String summary, Asking command) {
        VERBS.put(name, new Verb(name, summary, (values, environment, projectDir, listener) ->
                command.run(SettingsResolver.resolve(values, environment, projectDir, projectDir.resolve("target")),
                        listener, question -> ask(question, environment))));
    }

    private static void add(String name, String summary, BiConsumer<MigrateSettings, MigrateListener> command) {
        VERBS.put(name, new Verb(name, summary, (values, environment, projectDir, listener) ->
                command.accept(SettingsResolver.resolve(values, environment, projectDir,
                        projectDir.resolve("target")), listener)));
    }

    private MigrateCli() {
    }

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
        Verb verb = VERBS.get(args[0]);
        if (verb == null) {
            err.println("migrate: unknown command '" + args[0] + "' (commands: " + String.join(", ", VERBS.keySet())
                    + "; see --help)");
            return USAGE;
        }
        Map<String, String> values = new LinkedHashMap<>();
        Path projectDir = Path.of("").toAbsolutePath();
        boolean verbose = false;
        for (int i = 1; i < args.length; i++) {
            String arg = args[i];
            if (arg.equals("--help") || arg.equals("-h")) {
                out.print(help(verb));
                return 0;
            }
            if (arg.equals("--verbose") || arg.equals("-v")) {
                verbose = true;
                continue;
            }
            if (!arg.startsWith("--")) {
                err.println("migrate " + verb.name() + ": unexpected argument '" + arg + "' (options are --name value;"
                        + " see migrate " + verb.name() + " --help)");
                return USAGE;
            }
            String name = arg.substring(2);
            String value;
            int eq = name.indexOf('=');
            if (eq >= 0) {
                value = name.substring(eq + 1);
                name = name.substring(0, eq);
            } else if (i + 1 < args.length && !args[i + 1].startsWith("--")) {
                value = args[++i];
            } else {
                value = "true";
            }
            if (name.equals("project-dir")) {
                projectDir = Path.of(value).toAbsolutePath().normalize();
                continue;
            }
            MigrateProperty property = MigrateProperty.byKey(name).orElse(null);
            if (property == null || !(ACCEPTED_BY_EVERY_VERB.contains(property) || verb.options().contains(property))) {
                err.println("migrate " + verb.name() + ": unknown option --" + name + " (see migrate " + verb.name()
                        + " --help)");
                return USAGE;
            }
            values.put(property.key(), value);
        }
        MigrateListener listener = printer(out, err, verbose);
        // SIGINT (Ctrl-C) or SIGTERM cancels the running statement and waits for its rollback; the JVM then exits
        // with 130 or 143, as soon as this run has printed its outcome (see Interruption)
        try (Interruption.Run run = Interruption.begin(line -> err.println("WARNING: " + line))) {
            return runVerb(verb, values, environment, projectDir, listener, out, err);
        }
    }

    private static int runVerb(Verb verb, Map<String, String> values, Map<String, String> environment, Path projectDir,
                               MigrateListener listener, PrintStream out, PrintStream err) {
        try {
            if (SettingsResolver.parseBoolean(MigrateProperty.SKIP, values.get(MigrateProperty.SKIP.key()))) {
                out.println("migrate: skipped (--skip)");
                return 0;
            }
            if (values.containsKey(MigrateProperty.PASSWORD.key())) {
                listener.warn("--password is visible to other users of this machine in the process list; prefer a"
                        + " profile with password: ${SOME_VARIABLE} or DATABASE_URL");
            }
            verb.action().run(values, environment, projectDir, listener);
            return 0;
        } catch (MigrateException e) {
            err.println("migrate " + verb.name() + " failed: "
                    + FixHint.render(e.getMessage(), FixHint.FrontEnd.CLI));
            return e.code().exitCode();
        } catch (RuntimeException e) {
            err.println("migrate " + verb.name() + " failed unexpectedly: " + e.getClass().getName() + ": "
                    + Messages.oneLine(e.getMessage()));
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
                String value = arg.startsWith(option + "=") ? arg.substring(option.length() + 1)
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
            String message = FixHint.render(event.message(), FixHint.FrontEnd.CLI);
            if (event.level() == MigrateEvent.Level.WARN) {
                err.println("WARNING: " + message);
            } else if (event.level() == MigrateEvent.Level.INFO || verbose) {
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
        return console == null ? null
                : console.readLine("Describe the migration (for example: Add user preferences table): ");
    }

    static String usage() {
        StringBuilder b = new StringBuilder("usage: migrate <command> [--<option> <value>]... [--project-dir DIR]"
                + " [--verbose]\n\ncommands:\n");
        VERBS.values().forEach(v -> b.append(String.format("  %-10s %s%n", v.name(), v.summary())));
        b.append("\nRun 'migrate <command> --help' for its options. Exit codes:\n");
        for (ErrorCode code : ErrorCode.values()) {
            b.append(String.format("  %-3d %s%n", code.exitCode(), code.name().toLowerCase().replace('_', ' ')));
        }
        b.append(String.format("  %-3d %s%n", USAGE, "the command line could not be understood"));
        b.append(String.format("  %-3d %s%n", 143, "interrupted by SIGTERM (130: by SIGINT, Ctrl-C)"));
        return b.toString();
    }

    static String help(Verb verb) {
        StringBuilder b = new StringBuilder("migrate " + verb.name() + ": " + verb.summary() + "\n\noptions:\n");
        for (MigrateProperty p : MigrateProperty.values()) {
            if (verb.options().contains(p)) {
                b.append(String.format("  --%-16s %s%n", p.key(), p.description()));
            }
        }
        b.append(String.format("  --%-16s %s%n", "project-dir", "the project folder (default: the current folder)"));
        b.append(String.format("  --%-16s %s%n", "verbose", "also print debug lines"));
        return b.toString();
    }
}
