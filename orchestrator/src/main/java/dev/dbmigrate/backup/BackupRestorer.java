package dev.dbmigrate.backup;

import dev.dbmigrate.db.AdvisoryLocks;
import dev.dbmigrate.db.Database;
import dev.dbmigrate.error.ErrorCode;
import dev.dbmigrate.error.MigrateException;
import dev.dbmigrate.events.MigrateListener;
import dev.dbmigrate.process.Interruption;
import dev.dbmigrate.process.ProcessPipeline;
import dev.dbmigrate.support.Background;
import dev.dbmigrate.support.Messages;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.function.BiFunction;

/**
 * Restores a backup into the managed schemas in one transaction (see {@link Backups#restore}): the archive is checked
 * against its checksum, then {@code pg_restore --file=-} is piped into {@code psql --single-transaction}, which runs
 * it between the {@link RestoreScript}'s preamble and postamble.
 *
 * @param folder         the environment's backup folder, where the restore keeps its work files
 * @param tools          the client programs
 * @param restoreCommand the command that restores a backup into a database by hand, for the fix
 */
record BackupRestorer(BackupFolder folder, PgTools tools, BiFunction<BackupFile, Database, String> restoreCommand) {
    private static final Duration LONG_RUNNING = Duration.ofHours(6);

    /** Restores {@code backup} into the {@code managed} schemas of {@code db}. */
    void restore(Database db, BackupFile backup, List<String> managed, MigrateListener listener) {
        long started = System.nanoTime();
        // the server's version is asked (a first connection: class loading) while the archive is checksummed
        CompletableFuture<Void> usable = Background.run(() -> tools.requireUsableFor(db));
        BackupChecksum.verify(backup);
        Background.join(usable);
        Path work = folder.directory().resolve("." + backup.name() + ".restore");
        try {
            BackupFolder.deleteRecursively(work);
            Files.createDirectories(work);
            ProcessPipeline.Result piped = pipe(db, backup, managed, work, listener);
            requireRestored(piped, db, backup, managed);
        } catch (IOException e) {
            throw new MigrateException(
                    ErrorCode.ENVIRONMENT,
                    "could not run the restore of " + backup.name()
                            + " in " + work + ": " + e.getMessage()
                            + "; the database was not changed (check the free space "
                            + "and permissions of " + folder.directory() + ")",
                    e);
        } finally {
            BackupFolder.deleteQuietly(work);
        }
        listener.info(
                "Restored " + backup.name() + " into " + db.url().display() + " (schemas " + String.join(", ", managed)
                        + ") in " + Messages.millis(Duration.ofNanos(System.nanoTime() - started)));
    }

    /** Writes the preamble and postamble into {@code work} and runs {@code pg_restore | psql}. */
    private ProcessPipeline.Result pipe(
            Database db, BackupFile backup, List<String> managed, Path work, MigrateListener listener)
            throws IOException {
        List<String> extract = new ArrayList<>(List.of(tools.pgRestore().toString(), "--file=-"));
        for (String schema : managed) {
            extract.add("--schema=" + schema);
        }
        extract.add(backup.path().toString());
        Path preamble = work.resolve("preamble.sql");
        Path postamble = work.resolve("postamble.sql");
        Files.writeString(preamble, RestoreScript.preamble(managed), StandardCharsets.UTF_8);
        String completed = RestoreScript.completionVariable();
        KeptTables.Restore record = new KeptTables.Restore(
                UUID.randomUUID().toString(),
                folder.env(),
                backup,
                AdvisoryLocks.describeThisRun("restore " + folder.env()),
                "restored schemas "
                        + String.join(", ", managed) + " from " + backup.name() + " (version "
                        + (backup.schemaVersion() == null ? "<none>" : backup.schemaVersion()) + ")");
        Files.writeString(postamble, RestoreScript.postamble(completed, managed, record), StandardCharsets.UTF_8);
        LibpqConnection connection = LibpqConnection.of(db.url());
        List<String> psql = new ArrayList<>(List.of(
                tools.psql().toString(),
                "-X",
                "-q",
                "-v",
                "ON_ERROR_STOP=1",
                "--single-transaction",
                "-f",
                preamble.toString(),
                "-f",
                "-",
                "-f",
                postamble.toString()));
        psql.addAll(connection.arguments());
        ProcessPipeline.Result piped = ProcessPipeline.run(
                extract, psql, connection.environment(), RestoreScript.completion(completed), work, LONG_RUNNING);
        listener.debug("ran " + String.join(" ", extract) + " | " + String.join(" ", psql) + " (exit "
                + piped.producerExit() + " and " + piped.consumerExit() + ")");
        return piped;
    }

    /** Fails, saying that nothing was changed, unless both pg_restore and psql succeeded. */
    private void requireRestored(ProcessPipeline.Result piped, Database db, BackupFile backup, List<String> managed) {
        // Ctrl-C reaches pg_restore and psql too: a tool that ended by it is reported as interrupted, never as a
        // backup that cannot be read
        if (Interruption.explainsFailure(piped.producerExit() != 0 || piped.consumerExit() != 0)) {
            Interruption.noticed();
            throw new MigrateException(
                    ErrorCode.INTERRUPTED,
                    "restore of " + backup.name() + " into "
                            + db.url().display() + " interrupted (SIGINT or SIGTERM): pg_restore and psql were stopped"
                            + " and the restore's transaction rolled back, so schemas " + String.join(", ", managed)
                            + " are as they were before the restore and the backup " + backup.name()
                            + " is untouched (run "
                            + restoreCommand.apply(backup, db) + " again)");
        }
        if (piped.producerExit() != 0 && !piped.consumerStoppedEarly()) {
            throw new MigrateException(
                    ErrorCode.ENVIRONMENT,
                    "pg_restore could not read " + backup.path()
                            + " (exit " + piped.producerExit() + "): " + ToolOutput.masked(piped.producerError(), db)
                            + "; the "
                            + "restore was rolled back, so the database is as it was (check that the backup is complete "
                            + "and that pg_restore is at least as new as the pg_dump that wrote it)");
        }
        if (piped.consumerExit() != 0 || piped.producerExit() != 0) {
            throw new MigrateException(
                    ErrorCode.MIGRATION_FAILED,
                    "restore of " + backup.name() + " into "
                            + db.url().display() + " failed and was rolled back, so schemas "
                            + String.join(", ", managed)
                            + " are as they were before the restore: " + ToolOutput.masked(piped.consumerError(), db)
                            + " (fix the cause above, or restore another backup)");
        }
    }
}
