package dev.dbmigrate.maven;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.dbmigrate.error.ErrorCode;
import dev.dbmigrate.error.MigrateException;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import javax.inject.Inject;
import org.apache.maven.api.di.Provides;
import org.apache.maven.api.plugin.testing.InjectMojo;
import org.apache.maven.api.plugin.testing.MojoParameter;
import org.apache.maven.api.plugin.testing.MojoTest;
import org.apache.maven.artifact.Artifact;
import org.apache.maven.artifact.DefaultArtifact;
import org.apache.maven.artifact.handler.DefaultArtifactHandler;
import org.apache.maven.execution.MavenSession;
import org.apache.maven.plugin.AbstractMojoExecutionException;
import org.apache.maven.plugin.Mojo;
import org.apache.maven.plugin.MojoExecutionException;
import org.apache.maven.plugin.MojoFailureException;
import org.apache.maven.plugin.logging.Log;
import org.apache.maven.plugin.logging.SystemStreamLog;
import org.apache.maven.project.MavenProject;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The goals as Maven runs them, looked up from the plugin descriptor and configured from a POM's
 * {@code <configuration>} by the plugin testing harness, in a project folder of their own: which value wins
 * ({@code -D} over the POM over the environment profile), {@code migrate.skip}, an aggregator project, and how the
 * library's errors become Maven's failure (the user's to fix) or error (the environment's). No database: every run
 * either does nothing or stops at a bad value or at a closed port, which is what these tests assert.
 */
@MojoTest
class MojoExecutionTest {
    /** A port nothing listens on: a connection attempt is refused at once. */
    private static final String CLOSED = "jdbc:postgresql://127.0.0.1:1/app";

    @TempDir
    Path dir;

    @Inject
    MavenSession session;

    private final RecordingLog log = new RecordingLog();
    private final MavenProject project = new MavenProject();

    /** The project the goals run in: {@link #dir}, with its build folder under it. */
    @Provides
    MavenProject project() {
        project.setFile(dir.resolve("pom.xml").toFile());
        project.setArtifactId("app");
        project.getBuild().setDirectory(dir.resolve("target").toString());
        return project;
    }

    @Provides
    Log log() {
        return log;
    }

    private void profile(String env, String yaml) throws IOException {
        Files.createDirectories(dir.resolve("environments"));
        Files.writeString(dir.resolve("environments").resolve(env + ".yml"), yaml);
    }

    /** Sets {@code -Dname=value} on the command line of the run. */
    private void commandLine(String name, String value) {
        session.getUserProperties().setProperty(name, value);
    }

    private static MigrateException cause(AbstractMojoExecutionException e) {
        MigrateException cause = assertInstanceOf(MigrateException.class, e.getCause());
        assertEquals(cause.getMessage(), e.getMessage());
        return cause;
    }

    /** A migration of the project's own, so that a goal that reads the files gets as far as the database. */
    private void migration() throws IOException {
        Path folder = Files.createDirectories(dir.resolve("src/main/resources/db/migration"));
        Files.writeString(folder.resolve("V1__create_users.sql"), "create table users (id int);\n");
    }

    private static void assertContains(String expected, String actual) {
        assertTrue(actual.contains(expected), () -> "expected " + expected + " in: " + actual);
    }

    /** Runs {@code mojo}, which must fail as the user's to fix, and returns the message. */
    private static String failure(Mojo mojo) {
        return cause(assertThrows(MojoFailureException.class, mojo::execute)).getMessage();
    }

    @Test
    @InjectMojo(goal = "upgrade")
    @MojoParameter(name = "skip", value = "true")
    @MojoParameter(name = "url", value = "mysql://pom-host/app")
    @MojoParameter(name = "lockWait", value = "soon")
    void skipDoesNothingBeforeAnyValueIsChecked(UpgradeMojo upgrade) throws Exception {
        upgrade.execute();
        assertEquals(List.of("INFO migrate: skipped (migrate.skip=true)"), log.lines);
        assertFalse(Files.exists(dir.resolve("target")), "nothing is written");
    }

    @Test
    @InjectMojo(goal = "upgrade")
    @MojoParameter(name = "skip", value = "false")
    @MojoParameter(name = "url", value = "mysql://pom-host/app")
    void skipOnTheCommandLineBeatsThePomAndAnEmptyValueMeansFalse(UpgradeMojo upgrade) throws Exception {
        commandLine("migrate.skip", "true");
        upgrade.execute();
        assertEquals(List.of("INFO migrate: skipped (migrate.skip=true)"), log.lines);
        commandLine("migrate.skip", "");
        assertContains("'mysql://pom-host/app'", failure(upgrade));
        commandLine("migrate.skip", "maybe");
        MigrateException invalid = cause(assertThrows(MojoFailureException.class, upgrade::execute));
        assertEquals(ErrorCode.CONFIGURATION, invalid.code());
        assertTrue(invalid.getMessage().contains("migrate.skip"), invalid.getMessage());
    }

    @Test
    @InjectMojo(goal = "upgrade")
    void theProfileUrlIsUsedWhenNothingElseNamesADatabase(UpgradeMojo upgrade) throws Exception {
        migration();
        profile("dev", "url: " + CLOSED + "\n");
        MojoExecutionException e = assertThrows(MojoExecutionException.class, upgrade::execute);
        assertEquals(ErrorCode.CONNECTION, cause(e).code());
        assertTrue(e.getMessage().startsWith("could not connect to the database: "), e.getMessage());
        assertTrue(e.getMessage().contains("127.0.0.1:1"), e.getMessage());
    }

    @Test
    @InjectMojo(goal = "upgrade")
    @MojoParameter(name = "url", value = "mysql://pom-host/app")
    void thePomBeatsTheProfileAndTheCommandLineBeatsThePom(UpgradeMojo upgrade) throws Exception {
        profile("dev", "url: " + CLOSED + "\n");
        assertContains("migrate.url = 'mysql://pom-host/app' is not a PostgreSQL URL", failure(upgrade));
        commandLine("migrate.url", "mysql://cli-host/app");
        assertContains("migrate.url = 'mysql://cli-host/app' is not a PostgreSQL URL", failure(upgrade));
    }

    @Test
    @InjectMojo(goal = "current")
    @MojoParameter(name = "env", value = "staging")
    void theEnvironmentOnTheCommandLineBeatsThePom(CurrentMojo current) throws Exception {
        profile("staging", "url: mysql://staging-host/app\n");
        profile("qa", "url: mysql://qa-host/app\n");
        assertContains("'mysql://staging-host/app'", failure(current));
        commandLine("migrate.env", "qa");
        String message = failure(current);
        assertTrue(message.startsWith("environments/qa.yml: url = 'mysql://qa-host/app' "), message);
    }

    @Test
    @InjectMojo(goal = "upgrade")
    void aUrlInThePomsPropertiesComesAfterItsConfiguration(UpgradeMojo upgrade) throws Exception {
        // a password-holding parameter is never injected by Maven: the goal reads -D, then <configuration>, then these
        project.getProperties().setProperty("migrate.url", "mysql://properties-host/app");
        assertContains("'mysql://properties-host/app'", failure(upgrade));
    }

    @Test
    @InjectMojo(goal = "promote")
    @MojoParameter(name = "from", value = "staging")
    void anAggregatorWithoutMigrationsIsSkippedNamingWhereToRunTheGoal(PromoteMojo promote) throws Exception {
        project.getModel().addModule("service");
        promote.execute();
        assertEquals(
                List.of("INFO migrate: skipped for app: an aggregator project without migrations (run the goal"
                        + " in the module that holds them, for example with -pl)"),
                log.lines);
    }

    @Test
    @InjectMojo(goal = "upgrade")
    @MojoParameter(name = "url", value = "mysql://pom-host/app")
    void anAggregatorWithMigrationsOrLocationsRunsTheGoal(UpgradeMojo upgrade) throws Exception {
        project.getModel().addModule("service");
        commandLine("migrate.locations", "filesystem:service/db");
        assertTrue(failure(upgrade).contains("'mysql://pom-host/app'"), "locations given: the goal runs");
        session.getUserProperties().remove("migrate.locations");
        Files.createDirectories(dir.resolve("src/main/resources/db/migration"));
        assertTrue(failure(upgrade).contains("'mysql://pom-host/app'"), "migrations of its own: the goal runs");
        assertTrue(log.lines.isEmpty(), log.lines::toString);
    }

    @Test
    @InjectMojo(goal = "upgrade")
    @MojoParameter(name = "lockWait", value = "soon")
    @MojoParameter(name = "url", value = CLOSED)
    void aBadValueIsAFailureWithTheLibrarysMessageAndCode(UpgradeMojo upgrade) throws Exception {
        MojoFailureException e = assertThrows(MojoFailureException.class, upgrade::execute);
        MigrateException cause = cause(e);
        assertEquals(ErrorCode.CONFIGURATION, cause.code());
        assertTrue(
                e.getMessage().contains("lockWait") && e.getMessage().endsWith("nothing was changed"), e.getMessage());
    }

    @Test
    @InjectMojo(goal = "upgrade")
    @MojoParameter(name = "url", value = CLOSED)
    @MojoParameter(name = "serverId", value = "deploy")
    void aServerIdThatSettingsDoNotHaveIsAFailure(UpgradeMojo upgrade) throws Exception {
        org.mockito.Mockito.when(session.getSettings()).thenReturn(new org.apache.maven.settings.Settings());
        String message = failure(upgrade);
        assertTrue(
                message.startsWith(
                        "migrate.serverId = 'deploy' names no <server> in settings.xml; nothing was" + " changed"),
                message);
    }

    @Test
    @InjectMojo(goal = "upgrade")
    @MojoParameter(name = "user", value = "deploy")
    void anUnreachableDatabaseIsAnErrorAndItsPasswordIsNeverShown(UpgradeMojo upgrade) throws Exception {
        migration();
        commandLine("migrate.url", CLOSED + "?password=Mojo-Pw-4242");
        commandLine("migrate.password", "Mojo-Pw-4242");
        MojoExecutionException e = assertThrows(MojoExecutionException.class, upgrade::execute);
        assertEquals(ErrorCode.CONNECTION, cause(e).code());
        List<String> shown = new ArrayList<>(log.lines);
        shown.add(e.getMessage());
        assertTrue(shown.stream().noneMatch(line -> line.contains("Mojo-Pw-4242")), shown::toString);
    }

    /** Maven's log of one run, each line with its level. */
    static final class RecordingLog extends SystemStreamLog {
        final List<String> lines = new ArrayList<>();

        @Override
        public void info(CharSequence content) {
            lines.add("INFO " + content);
        }

        @Override
        public void warn(CharSequence content) {
            lines.add("WARN " + content);
        }

        @Override
        public void error(CharSequence content) {
            lines.add("ERROR " + content);
        }
    }

    @Test
    @InjectMojo(goal = "create")
    void createHandsTheProjectsClassesThenItsCompileDependenciesToTheLibrary(CreateMojo create) throws Exception {
        Path classes = dir.resolve("target/classes");
        project.getBuild().setOutputDirectory(classes.toString());
        Path jar = dir.resolve("hibernate-core-7.4.13.Final.jar");
        DefaultArtifactHandler handler = new DefaultArtifactHandler("jar");
        handler.setAddedToClasspath(true);
        Artifact hibernate = new DefaultArtifact(
                "org.hibernate.orm", "hibernate-core", "7.4.13.Final", Artifact.SCOPE_COMPILE, "jar", null, handler);
        hibernate.setFile(jar.toFile());
        project.setArtifacts(Set.of(hibernate));

        assertEquals(List.of(classes, jar), create.projectClasspath());
    }
}
