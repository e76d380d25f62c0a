package dev.dbmigrate.maven;

import dev.dbmigrate.app.Goal;
import dev.dbmigrate.app.GoalRun;
import dev.dbmigrate.app.Goals;
import dev.dbmigrate.config.DatabaseUrl;
import dev.dbmigrate.config.MigrateProperty;
import dev.dbmigrate.config.SettingsResolver;
import dev.dbmigrate.embedded.PostgresBinaries;
import dev.dbmigrate.error.MigrateException;
import dev.dbmigrate.events.MigrateEvent;
import dev.dbmigrate.events.MigrateListener;
import dev.dbmigrate.process.Interruption;
import dev.dbmigrate.report.ConsoleText;
import dev.dbmigrate.support.Masking;
import dev.dbmigrate.support.Secret;
import java.io.File;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import javax.inject.Inject;
import org.apache.maven.execution.MavenSession;
import org.apache.maven.plugin.AbstractMojo;
import org.apache.maven.plugin.MojoExecutionException;
import org.apache.maven.plugin.MojoFailureException;
import org.apache.maven.plugin.logging.Log;
import org.apache.maven.plugins.annotations.Parameter;
import org.apache.maven.project.MavenProject;
import org.apache.maven.settings.Server;
import org.apache.maven.settings.crypto.DefaultSettingsDecryptionRequest;
import org.apache.maven.settings.crypto.SettingsDecrypter;
import org.apache.maven.settings.crypto.SettingsDecryptionResult;
import org.eclipse.aether.RepositorySystem;

/**
 * What every goal shares: {@code migrate.skip}, collecting the {@code migrate.*} values (the parameters each goal
 * declares, then the command line's {@code -D}), keeping passwords out of the log, and mapping the library's errors to
 * Maven's. Each goal runs its descriptor's action from {@link Goals}, as the CLI's verb does; a goal's own class
 * declares only its parameters (and {@link CurrentMojo} what Maven does with the result). The parameters come in
 * families, so that each goal declares (and {@code migrate:help} lists) only what it uses, as its descriptor says:
 * {@link EnvironmentMojo} adds the environment, {@link DatabaseMojo} the database, {@link MigrationsMojo} the migration
 * files. {@link #execute()} is final.
 *
 * <p>Precedence: a {@code -Dmigrate.*} property on the command line beats the POM's {@code <configuration>}, which
 * beats the environment profile.
 */
public abstract class AbstractMigrateMojo extends AbstractMojo {
    /** Skips the goal before anything else is checked ({@code -Dmigrate.skip}; an empty value means false). */
    @Parameter(property = "migrate.skip")
    private String skip;

    /**
     * The parameters that may hold a password: they have no {@code property} in their {@code @Parameter}, so Maven
     * never injects (and with {@code -X} never prints) a {@code -Dmigrate.*} value into them; {@link #execute()} reads
     * those from the session. Every other parameter names an environment, a path, a version, a number or a switch.
     */
    static final List<MigrateProperty> SECRET_HOLDERS = List.of(MigrateProperty.URL, MigrateProperty.PASSWORD);

    @Parameter(defaultValue = "${project}", readonly = true, required = true)
    protected MavenProject project;

    @Parameter(defaultValue = "${session}", readonly = true, required = true)
    protected MavenSession session;

    @Inject
    private SettingsDecrypter decrypter;

    @Inject
    private RepositorySystem repositorySystem;

    private final Goal goal;

    /** A Mojo that runs the goal called {@code goal} in {@link Goals}. */
    AbstractMigrateMojo(String goal) {
        this.goal = Goals.named(goal).orElseThrow(() -> new IllegalStateException("no goal " + goal + " in Goals"));
    }

    @Override
    public final void execute() throws MojoExecutionException, MojoFailureException {
        Map<String, String> values = values();
        List<Secret> known = new ArrayList<>();
        try {
            if (skipped(values)) {
                return;
            }
            warnAboutPasswordsInThePom();
            applyServerCredentials(values);
            known.addAll(knownPasswords(values));
            // Ctrl-C or SIGTERM cancels the running statement and waits for its rollback (see Interruption); the JVM
            // exits as soon as this run ends, before Maven could print the failure, so it is logged here
            try (Interruption.Run run = Interruption.begin(line -> getLog().warn(Masking.inText(line, known)));
                    PostgresBinaries.Registration bundles = PostgresBinaries.resolveBundlesWith(
                            new MavenBundleResolver(repositorySystem, session, project))) {
                try {
                    finished(goal.run(new GoalRun(
                            values,
                            System.getenv(),
                            projectDir(),
                            buildDir(),
                            new MavenLogListener(getLog(), known),
                            this::ask,
                            this::prompt,
                            projectClasspath())));
                } catch (MigrateException e) {
                    if (Interruption.requested()) {
                        getLog().error(Masking.inText(e.getMessage(), known));
                    }
                    throw e;
                }
            }
        } catch (MigrateException e) {
            String message = Masking.inText(e.getMessage(), known);
            if (e.code().usersToFix()) {
                throw new MojoFailureException(message, e);
            }
            throw new MojoExecutionException(message, e);
        }
    }

    /** The goal's values: the POM's {@code <configuration>}, overridden by {@code -Dmigrate.*} on the command line. */
    private Map<String, String> values() {
        Map<String, String> values = new HashMap<>();
        collect(values);
        Properties cli = session == null ? new Properties() : session.getUserProperties();
        for (MigrateProperty p : MigrateProperty.values()) {
            String v = cli.getProperty(p.property());
            if (v != null) {
                values.put(p.key(), v);
            }
        }
        for (MigrateProperty p : SECRET_HOLDERS) {
            // What Maven would have injected from MAVEN_OPTS or the POM's <properties>: the -D on the command line,
            // then the POM's <configuration>, then these.
            String v = firstNonNull(
                    session == null ? null : session.getSystemProperties().getProperty(p.property()),
                    project == null ? null : project.getProperties().getProperty(p.property()));
            if (v != null) {
                values.putIfAbsent(p.key(), v);
            }
        }
        return values;
    }

    /** Whether the goal does nothing here ({@code migrate.skip}, or an aggregator without migrations), saying so. */
    private boolean skipped(Map<String, String> values) {
        if (SettingsResolver.parseBoolean(MigrateProperty.SKIP, values.get(MigrateProperty.SKIP.key()))) {
            getLog().info("migrate: skipped (migrate.skip=true)");
            return true;
        }
        if (isAggregatorWithoutMigrations(values)) {
            getLog().info("migrate: skipped for " + project.getArtifactId() + ": an aggregator project without"
                    + " migrations (run the goal in the module that holds them, for example with -pl)");
            return true;
        }
        return false;
    }

    /** Maven injects (and prints with -X) the POM's value even when -D overrides it: warn whenever it is there. */
    private void warnAboutPasswordsInThePom() {
        if (pomPassword() != null && !pomPassword().isBlank()) {
            getLog().warn("migrate: the database password is set in the POM's <configuration>; Maven prints the"
                    + " resolved configuration with -X, password included. Keep it out of the POM: use"
                    + " -Dmigrate.serverId (settings.xml, encrypted), password: ${SOME_VARIABLE} in the environment"
                    + " profile, or DATABASE_URL");
        }
        if (DatabaseUrl.holdsPassword(pomUrl())) {
            getLog().warn("migrate: the database URL in the POM's <configuration> holds a password; Maven prints"
                    + " the resolved configuration with -X, password included. Keep it out of the POM: a URL"
                    + " without the password, with -Dmigrate.serverId (settings.xml, encrypted), password:"
                    + " ${SOME_VARIABLE} in the environment profile, or DATABASE_URL");
        }
    }

    /**
     * Puts a question to the user at the console and returns the answer, or {@code null} when nobody can be asked: a
     * batch build ({@code -B}), {@code CI=true}, or no console.
     */
    private String ask(String question) {
        java.io.Console console = System.console();
        if (session == null
                || !session.getRequest().isInteractiveMode()
                || console == null
                || "true".equalsIgnoreCase(System.getenv("CI"))) {
            return null;
        }
        return console.readLine("%s", question);
    }

    /**
     * Asks for the description of a new migration at the console ({@code create}), or returns {@code null} when nobody
     * can be asked: a batch build ({@code -B}) or no console.
     */
    private String prompt() {
        java.io.Console console = System.console();
        if (!session.getRequest().isInteractiveMode() || console == null) {
            return null;
        }
        return console.readLine("Describe the migration (for example: Add user preferences table): ");
    }

    /**
     * The project's class path the goal hands to the library: none by default; {@link CreateMojo}, which resolves the
     * compile dependencies, gives the output folder and those (the JPA entities of {@code migrate.schemaSource=jpa}).
     */
    List<Path> projectClasspath() {
        return List.of();
    }

    /** What the goal does in Maven with the result of its action once it has succeeded; nothing by default. */
    void finished(Object result) {}

    /** The goal this Mojo runs. */
    String goalName() {
        return goal.name();
    }

    private Path projectDir() {
        return project.getBasedir().toPath();
    }

    private Path buildDir() {
        return new File(project.getBuild().getDirectory()).toPath();
    }

    /** Adds the goal's own parameters by {@link MigrateProperty#key()}. */
    protected void collectGoalParameters(Map<String, String> values) {}

    private void collect(Map<String, String> values) {
        put(values, MigrateProperty.SKIP, skip);
        collectSharedParameters(values);
        collectGoalParameters(values);
    }

    /** Adds the parameters a family of goals shares (environment, database, migration files); see the subclasses. */
    void collectSharedParameters(Map<String, String> values) {}

    /** The password in the POM's {@code <configuration>}, for the warning that {@code -X} prints it; null if none. */
    String pomPassword() {
        return null;
    }

    /** The URL in the POM's {@code <configuration>}, for the warning when it holds a password; null if none. */
    String pomUrl() {
        return null;
    }

    /**
     * The passwords given for certain (the password, and those of the URL and of {@code DATABASE_URL} when they can be
     * read), to mask in every line.
     */
    private static List<Secret> knownPasswords(Map<String, String> values) {
        List<Secret> known = new ArrayList<>();
        known.add(Secret.of(values.get(MigrateProperty.PASSWORD.key())));
        for (String url : new String[] {values.get(MigrateProperty.URL.key()), System.getenv("DATABASE_URL")}) {
            try {
                if (url != null && !url.isBlank()) {
                    known.add(DatabaseUrl.parse(url, MigrateProperty.URL.property())
                            .password());
                }
            } catch (MigrateException e) {
                // an unreadable URL is reported where it is used, without its password
            }
        }
        return known;
    }

    private static String firstNonNull(String first, String second) {
        return first != null ? first : second;
    }

    protected static void put(Map<String, String> values, MigrateProperty property, String value) {
        if (value != null) {
            values.put(property.key(), value);
        }
    }

    private boolean isAggregatorWithoutMigrations(Map<String, String> values) {
        return project != null
                && !project.getModules().isEmpty()
                && values.get(MigrateProperty.LOCATIONS.key()) == null
                && !new File(project.getBasedir(), "src/main/resources/db/migration").isDirectory();
    }

    private void applyServerCredentials(Map<String, String> values) {
        String id = values.get(MigrateProperty.SERVER_ID.key());
        if (id == null || id.isBlank()) {
            return;
        }
        Server server = session.getSettings().getServer(id);
        if (server == null) {
            throw new MigrateException(
                    dev.dbmigrate.error.ErrorCode.CONFIGURATION,
                    "migrate.serverId = '" + id
                            + "' names no <server> in settings.xml; nothing was changed (add <server><id>" + id
                            + "</id><username>...</username><password>...</password></server> to ~/.m2/settings.xml)");
        }
        SettingsDecryptionResult decrypted = decrypter.decrypt(new DefaultSettingsDecryptionRequest(server));
        if (!decrypted.getProblems().isEmpty()) {
            throw new MigrateException(
                    dev.dbmigrate.error.ErrorCode.CONFIGURATION,
                    "could not decrypt the password"
                            + " of <server> '" + id + "' in settings.xml: "
                            + decrypted.getProblems().get(0).getMessage()
                            + " (check ~/.m2/settings-security.xml)");
        }
        Server plain = decrypted.getServer();
        values.putIfAbsent(MigrateProperty.USER.key(), plain.getUsername());
        if (plain.getPassword() != null) {
            values.putIfAbsent(MigrateProperty.PASSWORD.key(), plain.getPassword());
        }
    }

    /** Prints the library's events to Maven's log. */
    static final class MavenLogListener implements MigrateListener {
        private final Log log;
        private final List<Secret> known;

        MavenLogListener(Log log, List<Secret> known) {
            this.log = log;
            this.known = List.copyOf(known);
        }

        @Override
        public void on(MigrateEvent event) {
            switch (ConsoleText.level(event)) {
                case WARN -> log.warn(masked(ConsoleText.text(event)));
                case DEBUG -> {
                    if (log.isDebugEnabled()) {
                        log.debug(masked(ConsoleText.text(event)));
                    }
                }
                default -> log.info(masked(ConsoleText.text(event)));
            }
        }

        private String masked(String line) {
            return Masking.inText(line, known);
        }
    }
}
