package dev.dbmigrate.backup;

import dev.dbmigrate.config.BackupFormat;
import dev.dbmigrate.db.ConnectionFailure;
import dev.dbmigrate.db.Database;
import dev.dbmigrate.error.ErrorCode;
import dev.dbmigrate.error.MigrateException;
import dev.dbmigrate.events.MigrateEvent;
import dev.dbmigrate.events.MigrateListener;
import dev.dbmigrate.history.CurrentVersion;
import dev.dbmigrate.history.HistoryTable;
import dev.dbmigrate.process.ProcessResult;
import dev.dbmigrate.process.ProcessRunner;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * Writes one backup with pg_dump (see {@link Backups}): under a hidden temporary name until pg_dump has finished, its
 * archive has been read back with {@code pg_restore --list} and its SHA-256 written beside it; then renamed after the
 * schema version of the snapshot it holds, and the oldest backups beyond {@code keep} deleted. A failure leaves
 * nothing behind and the earlier backups untouched. One writer writes one backup.
 */
final class BackupWriter {
    private static final Duration LONG_RUNNING = Duration.ofHours(6);
    private static final Duration LIST_TIMEOUT = Duration.ofMinutes(10);

    private final BackupFolder folder;
    private final BackupCatalogue catalogue;
    private final DumpOptions options;
    private final PgTools tools;
    private final Clock clock;
    private final HistoryTable history;
    private final String rerun;
    private Path partial;
    private String name;
    private Path target;
    private Path checksum;
    private Path checksumPartial;

    /**
     * How pg_dump writes.
     *
     * @param format      the archive's format
     * @param jobs        parallel jobs (the directory format)
     * @param compression the gzip level
     */
    record DumpOptions(BackupFormat format, int jobs, int compression) {
        /** pg_dump's options for these settings, before the snapshot, file and connection options. */
        List<String> arguments() {
            List<String> arguments = new ArrayList<>(List.of("--format=" + format.id()));
            if (format.folder() && jobs > 1) {
                arguments.add("--jobs=" + jobs);
            }
            arguments.add("--compress=" + compression);
            return arguments;
        }
    }

    /** The archive as it was read back: its checksum and what {@code pg_restore --list} said. */
    private record ReadBack(String sha256, ProcessResult listing) {}

    /** @param rerun the command a failed backup says to run again */
    BackupWriter(
            BackupCatalogue catalogue,
            DumpOptions options,
            PgTools tools,
            Clock clock,
            HistoryTable history,
            String rerun) {
        this.folder = catalogue.folder();
        this.catalogue = catalogue;
        this.options = options;
        this.tools = tools;
        this.clock = clock;
        this.history = history;
        this.rerun = rerun;
    }

    /** Backs {@code db} up; the rotation never deletes {@code spare}. */
    BackupFile create(Database db, MigrateListener listener, BackupFile spare) {
        if (!tools.missing().isEmpty()) {
            tools.requireUsableFor(db); // names what is missing and how to install it
        }
        Path madeHere = folder.topmostMissing();
        folder.requireWritable();
        long started = System.nanoTime();
        Instant created = clock.instant().truncatedTo(ChronoUnit.SECONDS);
        // pg_dump writes under a name of its own until the version that names the backup is known
        partial = folder.directory().resolve(BackupName.partial(folder.env(), created));
        boolean complete = false;
        try (Connection snapshot = db.connect(false)) {
            BackupFolder.deleteRecursively(partial);
            String version = dump(db, snapshot, listener);
            ReadBack readBack = readBack(db, listener);
            created = name(created, version);
            if (!readBack.listing().succeeded()) {
                throw unreadableArchive(readBack, db);
            }
            publish(readBack.sha256());
            complete = true;
            BackupFile backup = new BackupFile(
                    target,
                    folder.env(),
                    created,
                    version,
                    options.format().id(),
                    BackupFolder.size(target),
                    readBack.sha256());
            listener.on(new MigrateEvent.BackupWritten(
                    name,
                    folder.directory(),
                    backup.sizeBytes(),
                    options.format().id(),
                    options.format().folder() ? options.jobs() : null,
                    options.compression(),
                    Duration.ofNanos(System.nanoTime() - started)));
            catalogue.prune(listener, spare);
            return backup;
        } catch (SQLException e) {
            throw versionUnreadable(db, e);
        } catch (IOException e) {
            String what = name == null ? "a backup of " + folder.env() : "backup " + name;
            throw new MigrateException(
                    ErrorCode.ENVIRONMENT,
                    "could not write " + what + " to " + folder.directory()
                            + ": " + e.getMessage() + "; no backup was written and the earlier backups are untouched ("
                            + roomFix() + ")",
                    e);
        } finally {
            if (!complete) {
                cleanUp(madeHere);
            }
        }
    }

    /** pg_restore cannot list the archive pg_dump just wrote: it is deleted, nothing else changed. */
    private MigrateException unreadableArchive(ReadBack readBack, Database db) {
        return new MigrateException(
                ErrorCode.ENVIRONMENT,
                "the archive pg_dump wrote for " + name
                        + " cannot be read back with pg_restore --list: "
                        + ToolOutput.of(readBack.listing(), db)
                        + "; it was deleted, " + folder.env() + " was not changed and the earlier backups in "
                        + folder.directory()
                        + " are untouched (check the disk and the pg_restore version, then run "
                        + rerun + " again)");
    }

    /**
     * Runs pg_dump on the snapshot of {@code snapshot}'s transaction, in which the version that names the backup is
     * read: the one pg_dump dumps.
     *
     * @return that version, or {@code null} when no migration is applied
     */
    private String dump(Database db, Connection snapshot, MigrateListener listener) throws SQLException {
        snapshot.setAutoCommit(false);
        snapshot.setTransactionIsolation(Connection.TRANSACTION_REPEATABLE_READ);
        snapshot.setReadOnly(true);
        String snapshotId = exportSnapshot(snapshot);
        String version = versionIn(snapshot);
        LibpqConnection connection = LibpqConnection.of(db.url());
        List<String> command = new ArrayList<>(List.of(tools.pgDump().toString()));
        command.addAll(options.arguments());
        command.add("--snapshot=" + snapshotId);
        command.add("--file=" + partial);
        command.addAll(connection.arguments());
        ProcessResult result = awaitDump(db, ProcessRunner.start(command, connection.environment(), LONG_RUNNING));
        snapshot.rollback();
        listener.debug("ran " + result.commandLine() + " (exit " + result.exitCode() + ")");
        if (!result.succeeded()) {
            throw new MigrateException(
                    ErrorCode.ENVIRONMENT,
                    "pg_dump of " + db.url().display() + " failed (exit "
                            + result.exitCode() + "): " + ToolOutput.of(result, db) + "; " + folder.env()
                            + " was not changed: no backup was "
                            + "written and the earlier backups in " + folder.directory()
                            + " are untouched (fix the cause"
                            + " above; when the disk is full, " + roomFix() + ")");
        }
        return BackupName.NO_VERSION.equals(version) ? null : version;
    }

    /** Checks the tools while pg_dump runs, then waits for it. */
    private ProcessResult awaitDump(Database db, ProcessRunner.Running running) {
        try {
            try {
                tools.requireUsableFor(db); // asked while pg_dump runs
            } catch (RuntimeException e) {
                running.stop();
                running.await(); // an interrupted run says so here
                throw e;
            }
            return running.await();
        } catch (MigrateException e) {
            if (e.code() == ErrorCode.INTERRUPTED) {
                throw new MigrateException(
                        ErrorCode.INTERRUPTED,
                        "backup of " + db.url().display()
                                + " interrupted (SIGINT or SIGTERM): pg_dump was stopped and its partial file "
                                + partial.getFileName() + " deleted; no backup was written and the earlier backups in "
                                + folder.directory() + " are untouched (run " + rerun + " again)",
                        e);
            }
            throw e;
        }
    }

    /** Reads the archive back with {@code pg_restore --list} while it is checksummed here. */
    private ReadBack readBack(Database db, MigrateListener listener) throws IOException {
        ProcessRunner.Running listing = ProcessRunner.start(
                List.of(tools.pgRestore().toString(), "--list", partial.toString()), Map.of(), LIST_TIMEOUT);
        String sha256;
        try {
            sha256 = BackupChecksum.sha256(partial);
        } catch (IOException e) {
            listing.stop();
            listing.await();
            throw e;
        }
        ProcessResult list;
        try {
            list = listing.await();
        } catch (MigrateException e) {
            if (e.code() == ErrorCode.INTERRUPTED) {
                throw new MigrateException(
                        ErrorCode.INTERRUPTED,
                        "backup of " + db.url().display()
                                + " interrupted (SIGINT or SIGTERM) while its archive was read back: pg_restore --list"
                                + " was stopped and the unchecked file " + partial.getFileName() + " deleted; no backup"
                                + " was written and the earlier backups in " + folder.directory()
                                + " are untouched (run "
                                + rerun + " again)",
                        e);
            }
            throw e;
        }
        listener.debug("ran " + list.commandLine() + " (exit " + list.exitCode() + ")");
        return new ReadBack(sha256, list);
    }

    /**
     * Names the backup. A backup of this environment already has this second's name (a retried or resumed run): take
     * the next free second, so names stay unique and in order and no backup is ever overwritten.
     *
     * @return the time in the name
     */
    private Instant name(Instant created, String version) {
        Path directory = folder.directory();
        name = BackupName.of(folder.env(), created, version, options.format());
        while (Files.exists(directory.resolve(name)) || Files.exists(directory.resolve(name + ".sha256"))) {
            created = created.plusSeconds(1);
            name = BackupName.of(folder.env(), created, version, options.format());
        }
        target = directory.resolve(name);
        checksum = directory.resolve(name + ".sha256");
        checksumPartial = directory.resolve("." + name + ".sha256.partial");
        return created;
    }

    /** Writes the checksum and gives the archive and the checksum their names: now the backup looks like one. */
    private void publish(String sha256) throws IOException {
        Files.writeString(checksumPartial, BackupChecksum.line(sha256, name), StandardCharsets.UTF_8);
        Files.move(partial, target, StandardCopyOption.ATOMIC_MOVE);
        Files.move(checksumPartial, checksum, StandardCopyOption.ATOMIC_MOVE);
    }

    /** Removes what a failed backup wrote, and the folders it created. */
    private void cleanUp(Path madeHere) {
        BackupFolder.deleteQuietly(partial);
        if (checksumPartial != null) {
            BackupFolder.deleteQuietly(checksumPartial);
        }
        if (target != null && Files.exists(target) && !Files.exists(checksum)) {
            BackupFolder.deleteQuietly(target);
        }
        if (madeHere != null && BackupFolder.isEmptyTree(madeHere)) {
            BackupFolder.deleteQuietly(madeHere);
        }
    }

    private MigrateException versionUnreadable(Database db, SQLException e) {
        if (ConnectionFailure.isConnectionProblem(e)) {
            return ConnectionFailure.of(e);
        }
        return new MigrateException(
                ErrorCode.ENVIRONMENT,
                "could not read the schema version of "
                        + db.url().display() + " for the name of a backup of " + folder.env() + ": "
                        + ToolOutput.masked(e.getMessage(), db) + "; no backup was written and the earlier backups are"
                        + " untouched (check that the user may read " + history.qualified() + ", then run " + rerun
                        + " again)",
                e);
    }

    /** Exports the snapshot of the connection's (repeatable read) transaction for pg_dump to import. */
    private static String exportSnapshot(Connection c) throws SQLException {
        try (Statement s = c.createStatement();
                ResultSet rs = s.executeQuery("select pg_catalog.pg_export_snapshot()")) {
            rs.next();
            return rs.getString(1);
        }
    }

    /**
     * The newest successfully applied version in the history table as the connection sees it, or
     * {@link BackupName#NO_VERSION} when nothing is applied (or there is no history table).
     */
    private String versionIn(Connection c) throws SQLException {
        String current = CurrentVersion.ofRows(history.read(c));
        return current == null ? BackupName.NO_VERSION : current;
    }

    /** The fix for a backup that found no room: free space, or put backups where there is room, and run it again. */
    private String roomFix() {
        return "free space in " + folder.directory() + ", or set backup.directory in environments/" + folder.env()
                + ".yml to a folder with room that this user can write, then run " + rerun + " again";
    }
}
