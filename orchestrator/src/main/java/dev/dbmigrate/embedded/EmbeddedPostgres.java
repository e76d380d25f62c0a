package dev.dbmigrate.embedded;

import dev.dbmigrate.config.EmbeddedVersion;
import dev.dbmigrate.error.ErrorCode;
import dev.dbmigrate.error.MigrateException;
import dev.dbmigrate.process.ProcessResult;
import dev.dbmigrate.support.PostgresDriver;
import java.io.IOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.List;
import java.util.Properties;
import java.util.function.Consumer;

/**
 * A PostgreSQL server on 127.0.0.1 whose data lives in a folder of the caller's choosing: the embedded default of the
 * goals (data under {@code target/}, kept between builds) and the server the tests start for themselves.
 *
 * <p>PostgreSQL refuses to run as root. When this JVM runs as root the server is initialised and started as the
 * unprivileged user {@code postgres} (through {@code runuser}), and the data folder is handed to that user.
 *
 * <p>{@link #start} reuses a server already running on the same data folder (another build started it); {@link #close}
 * stops the server only when this instance started it.
 */
public final class EmbeddedPostgres implements AutoCloseable {
    /** The superuser that initdb creates. */
    public static final String SUPERUSER = "postgres";

    private final ServerTools tools;
    private final Path dataDir;
    private final int port;
    private final boolean startedHere;
    private final String password;
    private ServerOwners owners;
    private Long postmaster;
    private Consumer<String> log = line -> {};

    private EmbeddedPostgres(ServerTools tools, Path dataDir, int port, boolean startedHere, String password) {
        this.tools = tools;
        this.dataDir = dataDir;
        this.port = port;
        this.startedHere = startedHere;
        this.password = password;
    }

    /** This instance started (or took over) the server: it records itself as the owner. */
    private EmbeddedPostgres owned(ServerOwners by, Consumer<String> logTo) {
        this.owners = by;
        this.log = logTo;
        this.postmaster = PidFile.pid(dataDir);
        if (postmaster != null) {
            by.record(dataDir, port, postmaster);
        }
        return this;
    }

    /**
     * How to start a server.
     *
     * @param dataDir   the cluster's data folder (created and initialised when missing or empty)
     * @param cacheRoot where the binary bundle is unpacked ({@link #forData} puts it beside the data folder; the
     *                  commands use the per-user {@link PostgresBinaries#sharedCache})
     * @param password  the superuser's password, or null for trust authentication on 127.0.0.1
     * @param durable   false turns off fsync (for throw-away test servers)
     * @param version   the PostgreSQL version to run ({@code -Dmigrate.embeddedVersion}), or null for the default
     *                  bundle ({@link PostgresBinaries#locate})
     */
    public record Options(Path dataDir, Path cacheRoot, String password, boolean durable, EmbeddedVersion version) {
        /** Options for the default version. */
        public Options(Path dataDir, Path cacheRoot, String password, boolean durable) {
            this(dataDir, cacheRoot, password, durable, null);
        }

        public static Options forData(Path dataDir) {
            Path absolute = dataDir.toAbsolutePath().normalize();
            return new Options(absolute, absolute.getParent(), null, true);
        }

        public Options withPassword(String newPassword) {
            return new Options(dataDir, cacheRoot, newPassword, durable, version);
        }

        public Options nonDurable() {
            return new Options(dataDir, cacheRoot, password, false, version);
        }

        /** The same options for the cluster in {@code newDataDir}. */
        public Options withDataDir(Path newDataDir) {
            return new Options(newDataDir, cacheRoot, password, durable, version);
        }

        /** The same options for PostgreSQL {@code newVersion} (null: the default bundle). */
        public Options withVersion(EmbeddedVersion newVersion) {
            return new Options(dataDir, cacheRoot, password, durable, newVersion);
        }
    }

    /** The binaries, data folder and tools of {@code options}, the data folder checked against the binaries' major. */
    private record Cluster(PostgresBinaries binaries, Path dataDir, ServerTools tools) {
        static Cluster of(Options options, Consumer<String> log) {
            PostgresBinaries binaries = PostgresBinaries.locate(options.cacheRoot(), options.version(), log);
            Path dataDir = options.dataDir().toAbsolutePath().normalize();
            ServerTools tools = ServerTools.forThisUser(binaries, log);
            DataVersion.requireSameMajor(dataDir, tools, options.version());
            return new Cluster(binaries, dataDir, tools);
        }
    }

    /**
     * Initialises the cluster of {@code options} when it has none yet, without starting a server on it (a cluster that
     * is copied before a server runs on the copy, {@link MemoryCluster}).
     */
    public static void initialise(Options options, Consumer<String> log) {
        Cluster cluster = Cluster.of(options, log);
        Path dataDir = cluster.dataDir();
        if (Files.isRegularFile(dataDir.resolve("PG_VERSION"))) {
            return;
        }
        try {
            ClusterSetup.initialise(cluster.tools(), dataDir, options, log);
        } catch (IOException e) {
            throw new MigrateException(
                    ErrorCode.ENVIRONMENT,
                    "could not prepare the embedded PostgreSQL data folder " + dataDir + ": " + e.getMessage(),
                    e);
        }
    }

    /** Initialises the cluster if needed, then starts it or attaches to the server already running on it. */
    public static EmbeddedPostgres start(Options options, Consumer<String> log) {
        long began = System.nanoTime();
        Cluster cluster = Cluster.of(options, log);
        PostgresBinaries binaries = cluster.binaries();
        Path dataDir = cluster.dataDir();
        ServerTools tools = cluster.tools();
        ServerOwners owners = ServerOwners.in(options.cacheRoot());
        Orphans orphans = new Orphans(owners, tools, log);
        orphans.stopRecorded(dataDir);
        try {
            orphans.stopUnrecorded(dataDir);
            Integer running = runningPort(tools, dataDir);
            if (running != null) {
                return attach(owners, tools, dataDir, running, options.password(), log);
            }
            // recorded before a server process exists: a run killed from here on leaves a record of its server
            owners.recordProvisional(dataDir);
            if (!Files.isRegularFile(dataDir.resolve("PG_VERSION"))) {
                ClusterSetup.initialise(tools, dataDir, options, log);
            }
            int port = freePort();
            Path logFile = dataDir.resolve("server.log");
            ProcessResult started = tools.pgCtlUntil(
                    () -> PidFile.ready(dataDir, port),
                    "start",
                    "-D",
                    dataDir.toString(),
                    "-l",
                    logFile.toString(),
                    "-w",
                    "-t",
                    "60",
                    "-o",
                    "-p " + port + clientCheck(dataDir));
            if (!started.succeeded()) {
                owners.forgetOwn(dataDir);
                Integer other = runningPort(tools, dataDir);
                if (other != null) {
                    return new EmbeddedPostgres(tools, dataDir, other, false, options.password());
                }
                throw new MigrateException(
                        ErrorCode.ENVIRONMENT,
                        "the embedded PostgreSQL server with data in "
                                + dataDir + " did not start: " + (started.stdout() + started.stderr()).strip()
                                + " (see " + logFile + "; delete the folder to start from an empty database)");
            }
            log.accept("Started embedded PostgreSQL (" + binaries.origin() + ") on 127.0.0.1:" + port + " with data in "
                    + dataDir + ": ready in " + (System.nanoTime() - began) / 1_000_000 + " ms");
            return new EmbeddedPostgres(tools, dataDir, port, true, options.password()).owned(owners, log);
        } catch (IOException e) {
            throw new MigrateException(
                    ErrorCode.ENVIRONMENT,
                    "could not prepare the embedded PostgreSQL data folder " + dataDir + ": " + e.getMessage(),
                    e);
        }
    }

    /**
     * The server already running on {@code dataDir}: used as it is while the run that started it is alive (that run
     * stops it); taken over when that run is gone (killed with {@code kill -9}) and nobody is connected, so this run
     * stops it at its end and an orphan is never reused forever; left running when its owner is gone but a client
     * is still connected to it.
     */
    private static EmbeddedPostgres attach(
            ServerOwners owners, ServerTools tools, Path dataDir, int port, String password, Consumer<String> log) {
        Long pid = PidFile.pid(dataDir);
        var owner = owners.of(dataDir).filter(e -> pid != null && e.postmasterPid() == pid);
        if (owner.isPresent() && owner.get().ownerAlive() || pid == null) {
            log.accept("Reusing the embedded PostgreSQL server already running on port " + port + " with data in "
                    + dataDir
                    + owner.map(e -> " (started by process " + e.ownerPid() + ", which stops it when"
                                    + " nobody else uses it)")
                            .orElse(""));
            return new EmbeddedPostgres(tools, dataDir, port, false, password);
        }
        String whose = owner.map(e -> "the run that started it (process " + e.ownerPid() + ") is gone")
                .orElse("no running process owns it");
        if (ServerOwners.inUse(pid, port)) {
            log.accept("Reusing the embedded PostgreSQL server already running on port " + port + " with data in "
                    + dataDir + ": " + whose + ", but a client is connected to it, so it is left running");
            return new EmbeddedPostgres(tools, dataDir, port, false, password);
        }
        log.accept("Taking over the embedded PostgreSQL server running on port " + port + " (pid " + pid
                + ") with data in " + dataDir + ": " + whose + "; this run stops it when it ends");
        return new EmbeddedPostgres(tools, dataDir, port, true, password).owned(owners, log);
    }

    /**
     * From PostgreSQL 14 on, the server looks every second whether a running statement's client is still there, so the
     * session of a run killed with {@code kill -9} ends (rolled back, its locks released) within a second instead of
     * when the statement ends.
     */
    private static String clientCheck(Path dataDir) {
        try {
            String version = Files.readString(dataDir.resolve("PG_VERSION")).strip();
            return Integer.parseInt(version.contains(".") ? version.substring(0, version.indexOf('.')) : version) >= 14
                    ? " -c client_connection_check_interval=1000"
                    : "";
        } catch (IOException | RuntimeException e) {
            return "";
        }
    }

    private static Integer runningPort(ServerTools tools, Path dataDir) throws IOException {
        Path pidFile = PidFile.of(dataDir);
        if (!Files.isRegularFile(pidFile)) {
            return null;
        }
        ProcessResult status = tools.pgCtl("status", "-D", dataDir.toString());
        if (!status.succeeded()) {
            return null;
        }
        List<String> lines = Files.readAllLines(pidFile);
        // postmaster.pid: pid, data dir, start time, port, socket dir, listen address, shared memory key, status
        return lines.size() > 3 ? Integer.valueOf(lines.get(3).strip()) : null;
    }

    private static int freePort() throws IOException {
        try (ServerSocket socket = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            return socket.getLocalPort();
        }
    }

    public int port() {
        return port;
    }

    public Path dataDir() {
        return dataDir;
    }

    /** True when this instance started the server (and so stops it on {@link #close}). */
    public boolean startedHere() {
        return startedHere;
    }

    /** The superuser's password, or null when the server trusts local connections. */
    public String password() {
        return password;
    }

    public String jdbcUrl(String database) {
        return "jdbc:postgresql://127.0.0.1:" + port + "/" + database;
    }

    /** Opens a superuser connection to {@code database}. */
    public Connection connect(String database) throws SQLException {
        Properties props = new Properties();
        props.setProperty("user", SUPERUSER);
        if (password != null) {
            props.setProperty("password", password);
        }
        return PostgresDriver.connect(jdbcUrl(database), props);
    }

    /** Creates {@code name} unless it exists. */
    public void createDatabase(String name) {
        try (Connection c = connect("postgres");
                Statement s = c.createStatement()) {
            var rs = s.executeQuery("select 1 from pg_database where datname = '" + name.replace("'", "''") + "'");
            if (!rs.next()) {
                s.execute("create database \"" + name.replace("\"", "\"\"") + "\"");
            }
        } catch (SQLException e) {
            throw new MigrateException(
                    ErrorCode.ENVIRONMENT,
                    "could not create database '" + name + "' on the embedded server: " + e.getMessage(),
                    e);
        }
    }

    /**
     * Stops the server if this instance started it, unless another client (a second run on the same project that
     * reused it) is still connected: then the server is left running and recorded as this run's, so the next start,
     * finding its owner gone, takes it over once nobody uses it (see {@link #attach}).
     */
    @Override
    public void close() {
        if (!startedHere) {
            return;
        }
        int others = otherClients();
        if (others > 0) {
            log.accept("Left the embedded PostgreSQL server on port " + port + " with data in " + dataDir + " running: "
                    + others + (others == 1 ? " other client is" : " other clients are") + " still connected to it"
                    + " (another run on this project); the next run stops it once nobody uses it");
            return;
        }
        stop();
    }

    /**
     * How many clients other than this process are connected: told by {@code /proc} where there is one (a client
     * whose process has gone does not count), else by asking the server.
     */
    private int otherClients() {
        if (postmaster != null && Postmasters.available()) {
            return Postmasters.otherClients(postmaster, port).orElse(0);
        }
        try (Connection c = connect("postgres");
                Statement s = c.createStatement();
                var rs = s.executeQuery("select count(*) from pg_stat_activity where backend_type = 'client backend'"
                        + " and pid <> pg_backend_pid()")) {
            return rs.next() ? rs.getInt(1) : 0;
        } catch (SQLException e) {
            return 0; // not answering: nobody can be using it
        }
    }

    /** Stops the server whoever started it. */
    public void stop() {
        stop("fast");
    }

    /**
     * Stops the server with pg_ctl's {@code mode}: {@code fast} (rolls back open transactions, the normal way) or
     * {@code immediate} (no shutdown at all, as in a power cut: the next start runs crash recovery).
     */
    public void stop(String mode) {
        // pg_ctl -W signals the server and returns; the wait is ours, at 5 ms instead of pg_ctl's 100 ms: the server is
        // down when it has removed postmaster.pid (as pg_ctl -w sees it), or when its process is gone
        Path pidFile = PidFile.of(dataDir);
        Long pid = PidFile.pid(dataDir);
        if (pid == null && postmaster != null && !Files.isDirectory(dataDir)) {
            // the data folder was deleted while the server ran (mvn clean): pg_ctl needs it, the pid is enough
            tools.pgCtl("kill", "INT", postmaster.toString());
            ServerTools.awaitExit(postmaster);
            owners.forgetOwn(dataDir);
            return;
        }
        ProcessResult signalled = tools.pgCtl("stop", "-D", dataDir.toString(), "-m", mode, "-W");
        if (owners != null) {
            owners.forgetOwn(dataDir);
        }
        if (!signalled.succeeded() || pid == null) {
            return;
        }
        long deadline = System.nanoTime() + ServerTools.TOOL_TIMEOUT.toNanos();
        while (Files.exists(pidFile)
                && ProcessHandle.of(pid).map(ProcessHandle::isAlive).orElse(false)
                && System.nanoTime() < deadline) {
            try {
                Thread.sleep(5);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return;
            }
        }
    }
}
