package dev.dbmigrate.embedded;

import java.nio.file.Path;
import java.time.Duration;
import java.util.function.Consumer;

/**
 * Stops embedded servers that nobody will stop, before a start: servers whose run was killed ({@code kill -9}), and
 * servers running on a data folder that was deleted under them. The server of the data folder being started is left
 * to {@link EmbeddedPostgres#start}, which reuses or takes it over.
 */
final class Orphans {
    private final ServerOwners owners;
    private final ServerTools tools;
    private final Consumer<String> log;

    Orphans(ServerOwners owners, ServerTools tools, Consumer<String> log) {
        this.owners = owners;
        this.tools = tools;
        this.log = log;
    }

    /**
     * Stops the recorded servers that nobody will stop: one whose data folder was deleted while it ran (whoever owns
     * it), and one whose owner is gone and to which no client is connected. The server of {@code dataDir} is left
     * to {@link EmbeddedPostgres#start}.
     */
    void stopRecorded(Path dataDir) {
        for (ServerOwners.Entry e : owners.all()) {
            if (e.provisional()) {
                stopUnfinishedStart(e, dataDir);
            } else if (!e.serverAlive()) {
                ServerOwners.delete(e);
            } else if (e.dataFolderGone()) {
                // pg_ctl needs the data folder; the postmaster's pid is enough to ask for a fast shutdown
                tools.pgCtl("kill", "INT", Long.toString(e.postmasterPid()));
                ServerTools.awaitExit(e.postmasterPid());
                ServerOwners.delete(e);
                log.accept("Stopped the embedded PostgreSQL server on port " + e.port() + " (pid " + e.postmasterPid()
                        + "): its data folder " + e.dataDir() + " was deleted while it ran");
            } else if (!e.dataDir().equals(dataDir)
                    && !e.ownerAlive()
                    && !ServerOwners.inUse(e.postmasterPid(), e.port())) {
                tools.pgCtl("stop", "-D", e.dataDir().toString(), "-m", "fast", "-w");
                ServerOwners.delete(e);
                log.accept("Stopped the orphaned embedded PostgreSQL server on port " + e.port() + " with data in "
                        + e.dataDir() + ": the run that started it (process " + e.ownerPid() + ") is gone and"
                        + " nobody is connected to it");
            }
        }
    }

    /**
     * A provisional record ({@link ServerOwners#recordProvisional}) whose owner is gone: that run was killed while its
     * server started, before it could record the server's pid. Its postmaster, if one came up, is found by its data
     * folder and stopped when nobody is connected; the server of {@code dataDir} is left to {@link #stopUnrecorded}
     * and {@link EmbeddedPostgres#start}.
     */
    private void stopUnfinishedStart(ServerOwners.Entry e, Path dataDir) {
        if (e.ownerAlive() || e.dataDir().equals(dataDir)) {
            return;
        }
        for (Postmasters.Found found : Postmasters.on(e.dataDir())) {
            if (!found.deleted() && ServerOwners.inUse(found.pid(), PidFile.port(e.dataDir()))) {
                return; // in use: the next start looks again
            }
            terminate(found);
            log.accept("Stopped the orphaned embedded PostgreSQL server (pid " + found.pid() + ") with data in "
                    + e.dataDir() + (found.deleted() ? " (deleted)" : "") + ": the run that started it (process "
                    + e.ownerPid() + ") was killed before it recorded the server");
        }
        ServerOwners.delete(e);
    }

    /**
     * Stops, before a cluster is initialised or started on {@code dataDir}, every live postmaster that no record or
     * pid file accounts for there: one running on a deleted folder of this path (its files were removed while it ran;
     * stopped later it would write into the new cluster at the same path), and one running on this folder that its
     * {@code postmaster.pid} does not name. A postmaster that a live run is starting right now (its provisional record
     * names a live owner) is left to that run.
     */
    void stopUnrecorded(Path dataDir) {
        Long named = PidFile.pid(dataDir);
        var record = owners.of(dataDir);
        for (Postmasters.Found found : Postmasters.on(dataDir)) {
            if (!found.deleted()
                    && (named != null && named == found.pid()
                            || record.filter(ServerOwners.Entry::ownerAlive)
                                    .filter(e -> e.provisional() || e.postmasterPid() == found.pid())
                                    .isPresent())) {
                continue;
            }
            terminate(found);
            log.accept("Stopped a PostgreSQL server (pid " + found.pid() + ") that no run owns, running on "
                    + (found.deleted()
                            ? "a deleted data folder " + dataDir + " (its files were removed while it ran)"
                            : dataDir + " without naming itself in its postmaster.pid")
                    + ", before starting the embedded server there");
        }
    }

    /**
     * Stops a postmaster by its pid (its data folder may be gone, which pg_ctl stop needs): an immediate shutdown
     * (SIGQUIT) when it runs on a deleted folder, since nothing it would write there is kept, a fast one (SIGINT:
     * sessions rolled back) otherwise; SIGKILL when it has not ended within 10 s.
     */
    private void terminate(Postmasters.Found found) {
        String pid = Long.toString(found.pid());
        tools.pgCtl("kill", found.deleted() ? "QUIT" : "INT", pid);
        if (!ServerTools.awaitExit(found.pid(), Duration.ofSeconds(10))) {
            tools.pgCtl("kill", "KILL", pid);
            ServerTools.awaitExit(found.pid(), Duration.ofSeconds(10));
        }
    }
}
