package dev.dbmigrate.app;

import dev.dbmigrate.config.MigrateSettings;
import dev.dbmigrate.config.SettingsResolver;
import dev.dbmigrate.events.MigrateEvent;
import dev.dbmigrate.events.MigrateListener;
import dev.dbmigrate.testing.TestPostgres;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * One environment of the schema goals' tests: its own database on the test server, its own profile and its own copy of
 * the migration files, in a project shared by the class (under target/, where the scratch server's user can reach it
 * when the build runs as root; one project, so that the scratch cluster is made once).
 */
final class SchemaGoalsFixture {
    static final Map<String, String> ENVIRONMENT = Map.of("DB_PASSWORD", TestPostgres.PASSWORD);
    private static final AtomicInteger COUNTER = new AtomicInteger();

    final Path project;
    final String env;
    final Path migrations;
    final String url;
    final List<String> info = new ArrayList<>();
    final List<String> warnings = new ArrayList<>();
    final MigrateListener listener = event -> {
        if (event instanceof MigrateEvent.Message m && m.level() == MigrateEvent.Level.WARN) {
            warnings.add(m.text());
        } else if (event instanceof MigrateEvent.Message m && m.level() == MigrateEvent.Level.INFO) {
            info.add(m.text());
        }
    };

    SchemaGoalsFixture(Path project) throws IOException {
        this.project = project;
        this.env = "env" + COUNTER.incrementAndGet();
        this.migrations = Files.createDirectories(project.resolve("migrations-" + env));
        migration("V1__create_users.sql", "create table users (id bigint primary key, name varchar(100));\n");
        migration("V2__add_email.sql", "alter table users add column email text;\n");
        this.url = TestPostgres.newDatabase(env);
        Files.createDirectories(project.resolve("environments"));
        Files.writeString(
                project.resolve("environments/" + env + ".yml"),
                "url: " + url + "\nuser: postgres\npassword: ${DB_PASSWORD}\n");
    }

    /** A new project folder under target/. */
    static Path newProject(String hint) throws IOException {
        return Files.createDirectories(
                Path.of("target", hint + "-" + System.nanoTime()).toAbsolutePath());
    }

    void migration(String name, String sql) throws IOException {
        Files.writeString(migrations.resolve(name), sql);
    }

    /** The goal's values: this environment, its files, and {@code more} (key, value, ...). */
    Map<String, String> values(String... more) {
        Map<String, String> values = new HashMap<>();
        values.put("env", env);
        values.put("locations", migrations.toString());
        for (int i = 0; i < more.length; i += 2) {
            values.put(more[i], more[i + 1]);
        }
        return values;
    }

    MigrateSettings settings(String... more) {
        return SettingsResolver.resolve(values(more), ENVIRONMENT, project, project.resolve("target"));
    }

    /** Applies the migrations (up to {@code target}, or all with null) to this environment. */
    void upgrade(String target) {
        MigrateCommands.upgrade(target == null ? settings() : settings("target", target), MigrateListener.NONE);
    }

    /** Runs SQL on the environment's database by hand, as a person outside migrations would. */
    void byHand(String sql) throws SQLException {
        try (Connection c = DriverManager.getConnection(url, "postgres", TestPostgres.PASSWORD);
                Statement s = c.createStatement()) {
            s.execute(sql);
        }
    }

    /** Every line the run printed, info and warnings. */
    String printed() {
        List<String> all = new ArrayList<>(info);
        all.addAll(warnings);
        return String.join("\n", all);
    }
}
