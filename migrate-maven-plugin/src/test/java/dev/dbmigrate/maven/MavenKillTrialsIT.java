package dev.dbmigrate.maven;

import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.dbmigrate.app.MigrateCommands;
import dev.dbmigrate.config.SettingsResolver;
import dev.dbmigrate.events.MigrateListener;
import dev.dbmigrate.testing.TestPostgres;
import dev.dbmigrate.testing.TrialWorkload;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The kill trial of promises 1 and 2 with Maven itself (docs/reliability.md): a real {@code mvn migrate:upgrade} of a
 * project that declares the plugin is killed with SIGKILL at a random moment; afterwards only whole migrations are
 * recorded, and a rerun that may not wait for any lock finishes the job to the same schema and data as an
 * uninterrupted run. Runs after the invoker projects installed the plugin ({@code -Dmigrate.trials=N}, default 2).
 */
class MavenKillTrialsIT {
    private static final TrialWorkload WORKLOAD = new TrialWorkload(30, 20_000);

    @TempDir
    Path project;

    @Test
    void killedMavenUpgradeLeavesWholeMigrationsOnlyAndARerunFinishesTheJob() throws Exception {
        WORKLOAD.write(project);
        Files.writeString(project.resolve("pom.xml"), """
                <project xmlns="http://maven.apache.org/POM/4.0.0">
                  <modelVersion>4.0.0</modelVersion>
                  <groupId>dev.dbmigrate.trials</groupId>
                  <artifactId>kill-trial</artifactId>
                  <version>1.0</version>
                  <packaging>pom</packaging>
                  <build>
                    <plugins>
                      <plugin>
                        <groupId>dev.dbmigrate</groupId>
                        <artifactId>migrate-maven-plugin</artifactId>
                        <version>%s</version>
                      </plugin>
                    </plugins>
                  </build>
                </project>
                """.formatted(System.getProperty("migrate.pluginVersion")));
        Map<String, String> environment = new HashMap<>(Map.of("DB_PASSWORD", TestPostgres.PASSWORD));
        String reference = TestPostgres.newDatabase("mvn_reference");
        upgradeInProcess(reference, environment);
        List<String> expected = TrialWorkload.snapshot(reference);

        Random random = new Random(777);
        int trials = Integer.getInteger("migrate.trials", 2);
        for (int trial = 0; trial < trials; trial++) {
            String url = TestPostgres.newDatabase("mvn_killed");
            profile(url);
            ProcessBuilder pb = new ProcessBuilder(
                    System.getProperty("migrate.mvn", "mvn"),
                    "-B",
                    "-o",
                    "-q",
                    "-Dmaven.repo.local=" + System.getProperty("migrate.localRepository"),
                    "migrate:upgrade",
                    "-Dmigrate.env=trial");
            pb.directory(project.toFile());
            pb.environment().putAll(environment);
            pb.redirectErrorStream(true);
            pb.redirectOutput(project.resolve("mvn-" + trial + ".log").toFile());
            Process mvn = pb.start();
            long delay = 1500 + random.nextInt(3000);
            if (!mvn.waitFor(delay, TimeUnit.MILLISECONDS)) {
                mvn.descendants().forEach(ProcessHandle::destroyForcibly);
                mvn.destroyForcibly().waitFor();
            }
            WORKLOAD.assertWholeMigrationsOnly(url);
            upgradeInProcess(url, environment);
            assertEquals(expected, TrialWorkload.snapshot(url), "trial " + trial + " (killed after " + delay + " ms)");
        }
    }

    private void profile(String url) throws Exception {
        Files.createDirectories(project.resolve("environments"));
        Files.writeString(
                project.resolve("environments/trial.yml"),
                "url: " + url + "\nuser: postgres\npassword: ${DB_PASSWORD}\n");
    }

    private void upgradeInProcess(String url, Map<String, String> environment) throws Exception {
        profile(url);
        MigrateCommands.upgrade(
                SettingsResolver.resolve(
                        new HashMap<>(Map.of("env", "trial", "lockWait", "0s")),
                        environment,
                        project,
                        project.resolve("target")),
                MigrateListener.NONE);
    }
}
