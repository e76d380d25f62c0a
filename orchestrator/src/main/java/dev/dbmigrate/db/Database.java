package dev.dbmigrate.db;

import dev.dbmigrate.config.ConnectionSource;
import dev.dbmigrate.config.DatabaseUrl;
import dev.dbmigrate.config.MigrateSettings;
import dev.dbmigrate.embedded.EmbeddedPostgres;
import dev.dbmigrate.embedded.PostgresBinaries;
import dev.dbmigrate.events.MigrateListener;
import dev.dbmigrate.process.Interruption;
import dev.dbmigrate.support.PostgresDriver;
import dev.dbmigrate.support.Secret;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.SQLException;
import java.util.List;
import java.util.Properties;

/**
 * The database one command works on: the configured one, or the embedded PostgreSQL under
 * {@code target/migrate/embedded/} (started for the command, stopped after it; its data stays).
 */
public final class Database implements AutoCloseable {
    /** The database the embedded server's migrations go to. */
    public static final String EMBEDDED_DATABASE = "postgres";

    private final DatabaseUrl url;
    private final EmbeddedPostgres embedded;
    private final List<String> schemas;
    private final Interruption.Registration stopWhenStuck;

    private Database(DatabaseUrl url, EmbeddedPostgres embedded, List<String> schemas) {
        this.url = url;
        this.embedded = embedded;
        this.schemas = schemas;
        // an interrupted run stops the server it started itself, when it closes; when it is stuck, the JVM's
        // shutdown does it (see Interruption)
        this.stopWhenStuck =
                embedded != null && embedded.startedHere() ? Interruption.ifLeftRunning(embedded::stop) : null;
    }

    /** Connects to the configured database, starting the embedded server when none is configured. */
    public static Database open(MigrateSettings settings, MigrateListener listener) {
        if (settings.source() != ConnectionSource.EMBEDDED) {
            listener.info("Database: " + settings.database().display() + " (from "
                    + settings.source().label() + ", environment " + settings.env() + ")");
            return new Database(settings.database(), null, settings.schemas());
        }
        Path binaries = embeddedBinaries(settings, listener);
        Path data = embeddedData(settings);
        listener.info("No database configured (-Dmigrate.url, environments/" + settings.env()
                + ".yml url, DATABASE_URL): using the embedded PostgreSQL with data in "
                + settings.projectDir().relativize(data));
        EmbeddedPostgres.Options options = EmbeddedPostgres.Options.forData(data);
        EmbeddedPostgres server = EmbeddedPostgres.start(
                new EmbeddedPostgres.Options(
                        options.dataDir(),
                        binaries,
                        null,
                        true,
                        settings.options().embeddedVersion()),
                listener::info);
        DatabaseUrl url = DatabaseUrl.parse(server.jdbcUrl(EMBEDDED_DATABASE), "embedded PostgreSQL")
                .withCredentials(EmbeddedPostgres.SUPERUSER, Secret.NONE);
        return new Database(url, server, settings.schemas());
    }

    /**
     * A database reached by {@code url} that no profile describes (a throwaway database on the scratch server), with
     * {@code schemas} as the managed schemas.
     */
    public static Database at(DatabaseUrl url, List<String> schemas) {
        return new Database(url, null, schemas);
    }

    /**
     * Where the embedded server's binaries are unpacked: once per user, not once per project (the build folder when
     * that cache is unusable).
     */
    public static Path embeddedBinaries(MigrateSettings settings, MigrateListener listener) {
        Path buildFolder = settings.buildDir().resolve("migrate/embedded");
        return PostgresBinaries.sharedCache(
                        System.getenv(), why -> listener.info(why + ": the PostgreSQL binaries go to " + buildFolder))
                .orElse(buildFolder);
    }

    /**
     * Where the embedded database of an environment keeps its data: {@code target/migrate/embedded/data} for the
     * default {@code dev}, {@code target/migrate/embedded/<env>/data} for any other (so a promotion from staging to
     * prod on embedded databases runs two separate servers).
     */
    public static Path embeddedData(MigrateSettings settings) {
        Path root = settings.buildDir().resolve("migrate/embedded");
        return settings.env().equals("dev")
                ? root.resolve("data")
                : root.resolve(settings.env()).resolve("data");
    }

    public DatabaseUrl url() {
        return url;
    }

    /** The database name, as {@code drop}'s confirmation must spell it. */
    public String name() {
        return url.database();
    }

    public boolean embedded() {
        return embedded != null;
    }

    /**
     * Opens a new connection with the managed schemas as its search path; connection failures become a message that
     * names the cause and the fix.
     */
    public Connection connect() {
        return connect(true);
    }

    /**
     * Opens a new connection; with {@code managedSearchPath} false its search path is the server's default for the
     * user (the lean upgrade then sets it up as Flyway does).
     */
    public Connection connect(boolean managedSearchPath) {
        Properties props = new Properties();
        if (url.user() != null) {
            props.setProperty("user", url.user());
        }
        if (url.password().isPresent()) {
            props.setProperty("password", url.password().value());
        }
        props.setProperty("ApplicationName", "migrate");
        // the managed schemas come first in the search path, as in Flyway's migrations: undo scripts and
        // verification queries name tables the way the migrations did
        if (managedSearchPath) {
            props.setProperty("currentSchema", String.join(",", schemas));
        }
        props.setProperty("connectTimeout", "10");
        try {
            // an interrupted run (SIGINT, SIGTERM) cancels what runs on it
            return Interruption.track(PostgresDriver.connect(url.jdbcUrl(), props));
        } catch (SQLException e) {
            throw ConnectionFailure.of(e, url.user());
        }
    }

    @Override
    public void close() {
        if (embedded != null) {
            embedded.close();
        }
        if (stopWhenStuck != null) {
            stopWhenStuck.close();
        }
    }
}
