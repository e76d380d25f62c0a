package dev.dbmigrate.maven;

import dev.dbmigrate.config.MigrateProperty;
import dev.dbmigrate.config.MigrateSettings;
import dev.dbmigrate.config.SettingsResolver;
import dev.dbmigrate.error.MigrateException;
import dev.dbmigrate.events.MigrateListener;
import java.io.File;
import java.nio.file.Path;
import java.util.HashMap;
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

/**
 * What every goal shares: the {@code migrate.*} parameters, turning them into {@link MigrateSettings}, and mapping the
 * library's errors to Maven's. {@link #execute()} is final; each goal implements {@link #run}.
 *
 * <p>Precedence: a {@code -Dmigrate.*} property on the command line beats the POM's {@code <configuration>}, which
 * beats the environment profile.
 */
public abstract class AbstractMigrateMojo extends AbstractMojo {
    /** Skips the goal before anything else is checked ({@code -Dmigrate.skip}; an empty value means false). */
    @Parameter(property = "migrate.skip")
    private String skip;

    /** Environment profile: {@code environments/<env>.yml} ({@code -Dmigrate.env}, default {@code dev}). */
    @Parameter(property = "migrate.env")
    private String env;

    /** JDBC URL or {@code postgresql://user:pw@host:5432/db} ({@code -Dmigrate.url}). */
    @Parameter(property = "migrate.url")
    private String url;

    /** Database user ({@code -Dmigrate.user}). */
    @Parameter(property = "migrate.user")
    private String user;

    /**
     * Database password ({@code -Dmigrate.password}); prefer {@code serverId} or a profile variable. The command-line
     * property is read directly rather than injected, so Maven's debug output ({@code -X}) does not show it. A
     * password in the POM's {@code <configuration>} does show there (Maven prints the configuration it resolved), so
     * the goal warns about it.
     */
    @Parameter
    private String password;

    /** Id of a {@code <server>} in settings.xml whose username and (encrypted) password are used ({@code -Dmigrate.serverId}). */
    @Parameter(property = "migrate.serverId")
    private String serverId;

    /** Comma-separated managed schemas ({@code -Dmigrate.schemas}, default the profile's, else {@code public}). */
    @Parameter(property = "migrate.schemas")
    private String schemas;

    /** Comma-separated migration locations ({@code -Dmigrate.locations}, default {@code filesystem:src/main/resources/db/migration}). */
    @Parameter(property = "migrate.locations")
    private String locations;

    /** History table ({@code -Dmigrate.table}, default {@code flyway_schema_history}). */
    @Parameter(property = "migrate.table")
    private String table;

    /** A missing or empty migration location is not an error ({@code -Dmigrate.allowEmpty}). */
    @Parameter(property = "migrate.allowEmpty")
    private String allowEmpty;

    /**
     * Skip, with a warning, files in a migration location that look like migrations but do not follow the naming
     * ({@code -Dmigrate.ignoreMisnamed}, default false: the goal refuses them; Flyway's counterpart is
     * {@code validateMigrationNaming}).
     */
    @Parameter(property = "migrate.ignoreMisnamed")
    private String ignoreMisnamed;

    /** Apply pending migrations older than the newest applied one ({@code -Dmigrate.outOfOrder}). */
    @Parameter(property = "migrate.outOfOrder")
    private String outOfOrder;

    /** How long to wait for another run's migration lock, e.g. 30s or 10min ({@code -Dmigrate.lockWait}, default 10min). */
    @Parameter(property = "migrate.lockWait")
    private String lockWait;

    @Parameter(defaultValue = "${project}", readonly = true, required = true)
    protected MavenProject project;

    @Parameter(defaultValue = "${session}", readonly = true, required = true)
    protected MavenSession session;

    @Inject
    private SettingsDecrypter decrypter;

    @Override
    public final void execute() throws MojoExecutionException, MojoFailureException {
        Map<String, String> values = new HashMap<>();
        collect(values);
        // -Dmigrate.* on the command line wins over the POM's <configuration>.
        Properties cli = session == null ? new Properties() : session.getUserProperties();
        for (MigrateProperty p : MigrateProperty.values()) {
            String v = cli.getProperty(p.property());
            if (v != null) {
                values.put(p.key(), v);
            }
        }
        try {
            if (SettingsResolver.parseBoolean(MigrateProperty.SKIP, values.get(MigrateProperty.SKIP.key()))) {
                getLog().info("migrate: skipped (migrate.skip=true)");
                return;
            }
            if (isAggregatorWithoutMigrations(values)) {
                getLog().info("migrate: skipped for " + project.getArtifactId() + ": an aggregator project without"
                        + " migrations (run the goal in the module that holds them, for example with -pl)");
                return;
            }
            if (password != null && !password.isBlank() && !cli.containsKey(MigrateProperty.PASSWORD.property())) {
                getLog().warn("migrate: the database password is set in the POM's <configuration>; Maven prints the"
                        + " resolved configuration with -X, password included. Keep it out of the POM: use"
                        + " -Dmigrate.serverId (settings.xml, encrypted), password: ${SOME_VARIABLE} in the environment"
                        + " profile, or DATABASE_URL");
            }
            applyServerCredentials(values);
            run(values, new MavenLogListener(getLog()));
        } catch (MigrateException e) {
            if (e.code().usersToFix()) {
                throw new MojoFailureException(e.getMessage(), e);
            }
            throw new MojoExecutionException(e.getMessage(), e);
        }
    }

    /** Runs the goal with the collected property values (by {@link MigrateProperty#key()}). */
    protected abstract void run(Map<String, String> values, MigrateListener listener);

    protected Path projectDir() {
        return project.getBasedir().toPath();
    }

    protected Path buildDir() {
        return new File(project.getBuild().getDirectory()).toPath();
    }

    /** Adds the goal's own parameters by {@link MigrateProperty#key()}. */
    protected void collectGoalParameters(Map<String, String> values) {
    }

    private void collect(Map<String, String> values) {
        put(values, MigrateProperty.SKIP, skip);
        put(values, MigrateProperty.ENV, env);
        put(values, MigrateProperty.URL, url);
        put(values, MigrateProperty.USER, user);
        put(values, MigrateProperty.PASSWORD, password);
        put(values, MigrateProperty.SERVER_ID, serverId);
        put(values, MigrateProperty.SCHEMAS, schemas);
        put(values, MigrateProperty.LOCATIONS, locations);
        put(values, MigrateProperty.TABLE, table);
        put(values, MigrateProperty.ALLOW_EMPTY, allowEmpty);
        put(values, MigrateProperty.IGNORE_MISNAMED, ignoreMisnamed);
        put(values, MigrateProperty.OUT_OF_ORDER, outOfOrder);
        put(values, MigrateProperty.LOCK_WAIT, lockWait);
        collectGoalParameters(values);
    }

    protected static void put(Map<String, String> values, MigrateProperty property, String value) {
        if (value != null) {
            values.put(property.key(), value);
        }
    }

    private boolean isAggregatorWithoutMigrations(Map<String, String> values) {
        return project != null && !project.getModules().isEmpty()
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
            throw new MigrateException(dev.dbmigrate.error.ErrorCode.CONFIGURATION, "migrate.serverId = '" + id
                    + "' names no <server> in settings.xml; nothing was changed (add <server><id>" + id
                    + "</id><username>...</username><password>...</password></server> to ~/.m2/settings.xml)");
        }
        SettingsDecryptionResult decrypted = decrypter.decrypt(new DefaultSettingsDecryptionRequest(server));
        if (!decrypted.getProblems().isEmpty()) {
            throw new MigrateException(dev.dbmigrate.error.ErrorCode.CONFIGURATION, "could not decrypt the password"
                    + " of <server> '" + id + "' in settings.xml: " + decrypted.getProblems().get(0).getMessage()
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

        MavenLogListener(Log log) {
            this.log = log;
        }

        @Override
        public void on(dev.dbmigrate.events.MigrateEvent event) {
            switch (event.level()) {
                case WARN -> log.warn(event.message());
                case DEBUG -> {
                    if (log.isDebugEnabled()) {
                        log.debug(event.message());
                    }
                }
                default -> log.info(event.message());
            }
        }
    }
}
