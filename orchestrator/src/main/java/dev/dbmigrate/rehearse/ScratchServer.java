package dev.dbmigrate.rehearse;

import dev.dbmigrate.config.DatabaseUrl;
import dev.dbmigrate.config.EmbeddedVersion;
import dev.dbmigrate.config.MigrateSettings;
import dev.dbmigrate.db.Database;
import dev.dbmigrate.embedded.EmbeddedPostgres;
import dev.dbmigrate.embedded.MemoryCluster;
import dev.dbmigrate.error.ErrorCode;
import dev.dbmigrate.error.MigrateException;
import dev.dbmigrate.events.MigrateListener;
import dev.dbmigrate.support.Secret;
import java.io.IOException;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Optional;
import java.util.UUID;

/**
 * The embedded PostgreSQL that holds throwaway databases: what the migration files build, the databases a rehearsal
 * works on. Its cluster lives in {@code target/migrate/scratch/data}, or {@code scratch/pg<major>/data} for the major
 * {@code -Dmigrate.embeddedVersion} asks for (kept between runs, so only the first run pays for {@code initdb}; fsync
 * off), apart from the environments' embedded databases. Each run's server runs on a copy of that cluster in memory
 * ({@link MemoryCluster}: {@code /dev/shm}, deleted when this closes) where the machine has one with room, else on the
 * cluster itself, where every database made here is dropped when this closes and the server is stopped if this run
 * started it.
 */
public final class ScratchServer implements AutoCloseable {
    private static final String PREFIX = "scratch_";

    private final EmbeddedPostgres server;
    /** The copy in memory the server runs on, deleted when this closes; null when it runs on disk. */
    private final MemoryCluster memory;
    /** The databases made here, dropped when this closes. */
    private final List<String> made = Collections.synchronizedList(new ArrayList<>());

    private ScratchServer(EmbeddedPostgres server, MemoryCluster memory) {
        this.server = server;
        this.memory = memory;
    }

    /**
     * Starts the scratch server of the project {@code settings} describe: on a copy of its cluster in memory
     * ({@link MemoryCluster}), else on the cluster itself (or joining the server another run started there).
     */
    public static ScratchServer start(MigrateSettings settings, MigrateListener listener) {
        EmbeddedVersion version = settings.options().embeddedVersion();
        // a cluster serves one major: each asked-for version keeps its own beside the default's
        Path root = settings.buildDir().resolve("migrate/scratch").toAbsolutePath();
        Path data = version == null
                ? root.resolve("data")
                : root.resolve("pg" + version.major()).resolve("data");
        Path binaries = Database.embeddedBinaries(settings, listener);
        EmbeddedPostgres.Options options = new EmbeddedPostgres.Options(data, binaries, null, false, version);
        Optional<MemoryCluster> memory;
        // one run at a time makes the cluster, copies it, or starts a server on it: a copy never catches a cluster
        // half made or a server half started
        synchronized (ScratchServer.class) {
            try (FileChannel channel = lockFile(root);
                    FileLock lock = channel.lock()) {
                EmbeddedPostgres.initialise(options, listener::debug);
                memory = MemoryCluster.copy(data, listener::debug);
                if (memory.isEmpty()) {
                    return new ScratchServer(EmbeddedPostgres.start(options, listener::debug), null);
                }
            } catch (IOException e) {
                throw new MigrateException(
                        ErrorCode.ENVIRONMENT,
                        "could not lock the scratch PostgreSQL's folder " + root + " (" + e.getMessage()
                                + "); nothing was changed; make it writable, or delete target/migrate/scratch and run"
                                + " again",
                        e);
            }
        }
        MemoryCluster copy = memory.get();
        try {
            return new ScratchServer(
                    EmbeddedPostgres.start(options.withDataDir(copy.dataDir()), listener::debug), copy);
        } catch (RuntimeException e) {
            copy.close();
            throw e;
        }
    }

    private static FileChannel lockFile(Path root) throws IOException {
        Files.createDirectories(root);
        return FileChannel.open(root.resolve(".lock"), StandardOpenOption.CREATE, StandardOpenOption.WRITE);
    }

    /** A new, empty database; its name starts with {@code scratch_} and {@code hint}. */
    public String newDatabase(String hint) {
        String name = PREFIX + hint.replaceAll("[^a-z0-9_]", "_") + "_"
                + UUID.randomUUID().toString().substring(0, 8);
        try (Connection c = server.connect("postgres");
                Statement s = c.createStatement()) {
            s.execute("create database " + name);
        } catch (SQLException e) {
            throw new MigrateException(
                    ErrorCode.ENVIRONMENT,
                    "could not create the throwaway database " + name + " on the scratch PostgreSQL ("
                            + e.getMessage() + "); nothing outside it was changed; delete target/migrate/scratch and"
                            + " run again",
                    e);
        }
        made.add(name);
        return name;
    }

    /**
     * A new database that is a copy of database {@code name} made here (which no session may be connected to), for a
     * second run from the same state; its name starts with {@code scratch_} and {@code hint}.
     */
    public String copyOf(String name, String hint) {
        String copy = PREFIX + hint.replaceAll("[^a-z0-9_]", "_") + "_"
                + UUID.randomUUID().toString().substring(0, 8);
        try (Connection c = server.connect("postgres");
                Statement s = c.createStatement()) {
            s.execute("create database " + copy + " template " + name);
        } catch (SQLException e) {
            throw new MigrateException(
                    ErrorCode.ENVIRONMENT,
                    "could not copy the throwaway database " + name + " to " + copy + " on the scratch PostgreSQL ("
                            + e.getMessage() + "); nothing outside it was changed; delete target/migrate/scratch and"
                            + " run again",
                    e);
        }
        made.add(copy);
        return copy;
    }

    /** Drops a database made here (and ends the sessions still on it). */
    public void drop(String name) {
        try (Connection c = server.connect("postgres");
                Statement s = c.createStatement()) {
            s.execute("drop database if exists " + name + " with (force)");
        } catch (SQLException e) {
            dropWithoutForce(name); // PostgreSQL 12 has no "with (force)"
        }
        made.remove(name);
    }

    private void dropWithoutForce(String name) {
        try (Connection c = server.connect("postgres");
                Statement s = c.createStatement()) {
            s.execute("select pg_terminate_backend(pid) from pg_stat_activity where datname = '" + name + "'"
                    + " and pid <> pg_backend_pid()");
            s.execute("drop database if exists " + name);
        } catch (SQLException e) {
            // a leftover throwaway database costs disk only; the next run's names never collide with it
        }
    }

    /** The database {@code name} as the engine reaches it, with {@code schemas} managed. */
    public Database database(String name, List<String> schemas) {
        return Database.at(url(name), schemas);
    }

    /** The URL of database {@code name}, with the superuser's credentials. */
    public DatabaseUrl url(String name) {
        return DatabaseUrl.parse(server.jdbcUrl(name), "scratch PostgreSQL")
                .withCredentials(EmbeddedPostgres.SUPERUSER, Secret.NONE);
    }

    /** The server's major version (15 for 15.19). */
    public int major() {
        try (Connection c = server.connect("postgres")) {
            return c.getMetaData().getDatabaseMajorVersion();
        } catch (SQLException e) {
            throw new MigrateException(
                    ErrorCode.ENVIRONMENT,
                    "could not reach the scratch PostgreSQL (" + e.getMessage() + "); nothing outside it was changed;"
                            + " delete target/migrate/scratch and run again",
                    e);
        }
    }

    /** The data folder the server runs on: a copy in memory, or the cluster under {@code target/migrate/scratch}. */
    public Path dataDir() {
        return server.dataDir();
    }

    /** A superuser connection to database {@code name}. */
    public Connection connect(String name) throws SQLException {
        return server.connect(name);
    }

    /**
     * Drops every database made here, then stops the server if this run started it; a copy in memory goes whole
     * (its databases with it).
     */
    @Override
    public void close() {
        if (memory == null) {
            for (String name : List.copyOf(made)) {
                drop(name);
            }
        }
        server.close();
        if (memory != null) {
            memory.close();
        }
    }
}
