package dev.dbmigrate.backup;

import dev.dbmigrate.config.MigrateProperty;
import dev.dbmigrate.config.MigrateSettings;
import dev.dbmigrate.db.AdvisoryLocks;

import dev.dbmigrate.config.EnvironmentProfile;
import dev.dbmigrate.support.Masking;
import dev.dbmigrate.config.SettingsResolver;
import dev.dbmigrate.db.ConnectionFailure;
import dev.dbmigrate.config.FixHint;
import dev.dbmigrate.db.Database;
import dev.dbmigrate.support.Messages;
import dev.dbmigrate.history.MigrationType;
import dev.dbmigrate.history.Versions;
import dev.dbmigrate.history.HistoryTable;
import dev.dbmigrate.error.ErrorCode;
import dev.dbmigrate.error.MigrateException;
import dev.dbmigrate.events.MigrateListener;
import dev.dbmigrate.process.Interruption;
import dev.dbmigrate.process.ProcessResult;
import dev.dbmigrate.process.ProcessRunner;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDateTime;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HexFormat;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.UUID;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.stream.Stream;

/**
 * The backups of one environment: taking them with {@code pg_dump}, listing them, and restoring one atomically.
 *
 * <p>A backup is written under a hidden temporary name and renamed only once pg_dump has finished, its archive has
 * been read back with {@code pg_restore --list} and its SHA-256 has been written beside it, so anything that looks
 * like a backup is a complete one. A failed backup removes its temporary file and leaves earlier backups alone; only a
 * successful one rotates out the oldest beyond {@code keep}.
 *
 * <p>A restore first checks the archive against its {@code .sha256}. It then turns the managed schemas' part of the
 * archive into SQL with {@code pg_restore --file=-}, piped (through this process, never through a file) into
 * {@code psql --single-transaction}, which runs it between a preamble, which empties each managed schema in place
 * (dropping every table, view, sequence, function and type in it and keeping the schema, since
 * {@code pg_restore --schema} never emits the schema itself), and a postamble, which puts back the tool's own
 * tables as they are live, the audit trail and the promotion journal, and records the restore in both
 * ({@link KeptTables}). Any error rolls the whole transaction back,
 * so the database is either fully restored or untouched. psql's input ends, and so its transaction commits, only after
 * pg_restore has finished successfully: when pg_restore fails half-way, psql is killed first and the transaction rolls
 * back.
 *
 * <p>A backup's name carries the schema version the database is at in the very snapshot pg_dump dumps: the version is
 * read in a transaction whose snapshot pg_dump then imports ({@code pg_dump --snapshot}), never passed in by a caller
 * that may have read it earlier. A database with no migration applied is {@code v0} (as in
 * {@code -Dmigrate.target=0}). The backup folder may not lie inside the build folder ({@code target/}, which
 * {@code mvn clean} deletes), and the topmost folder a backup creates gets a {@code .gitignore} holding {@code *}, so
 * database dumps never show up in {@code git status}.
 */
public final class Backups {
    /** {@code custom}: one file per backup. */
    public static final String CUSTOM = "custom";
    /** {@code directory}: a folder per backup, written with parallel jobs. */
    public static final String DIRECTORY = "directory";
    private static final DateTimeFormatter STAMP = DateTimeFormatter.ofPattern("yyyyMMdd-HHmmss", Locale.ROOT);
    private static final Duration LONG_RUNNING = Duration.ofHours(6);
    private static final Duration LIST_TIMEOUT = Duration.ofMinutes(10);
    /** The version in the name of a backup of a database with no migration applied. */
    static final String NO_VERSION = "0";
    /** The ignore file written into the topmost backup folder this tool creates. */
    static final String GIT_IGNORE = ".gitignore";

    private final Path projectDir;
    private final String env;
    private final Path directory;
    private final String format;
    private final int jobs;
    private final int keep;
    private final int compression;
    private final PgTools tools;
    private final Clock clock;
    private final Pattern namePattern;
    private final HistoryTable history;
    /** The command a failed backup says to run again ({@link #takenFor}). */
    private String rerun = FixHint.goal("backup");
    /** The command that backs this environment's database up ({@link FixHint#command}). */
    private String backupCommand;
    /** The settings these backups were made for, when {@link #of} made them: hints name their database. */
    private dev.dbmigrate.config.MigrateSettings settings;

    /**
     * @param projectDir the project the backup directory is relative to
     * @param env        the environment name; backups are named after it
     * @param settings   the profile's {@code backup} section, or {@code null} for the defaults
     *                   ({@link EnvironmentProfile.Backup#defaults}: folder {@code backups/<env>}, directory format,
     *                   2 jobs, gzip level 1, keep 10)
     * @param tools      the PostgreSQL client programs
     */
    public Backups(Path projectDir, String env, EnvironmentProfile.Backup settings, PgTools tools) {
        this(projectDir, env, settings, tools, Clock.systemUTC());
    }

    /** As {@link #Backups(Path, String, EnvironmentProfile.Backup, PgTools)}, with the clock that names backups. */
    public Backups(Path projectDir, String env, EnvironmentProfile.Backup settings, PgTools tools, Clock clock) {
        this(projectDir, projectDir.resolve("target"), env, settings, tools, clock,
                new HistoryTable("public", SettingsResolver.DEFAULT_TABLE),
                List.of(projectDir.resolve(SettingsResolver.DEFAULT_LOCATION.substring("filesystem:".length()))));
    }

    /**
     * The backups of one environment.
     *
     * @param buildDir  the build folder ({@code target/}); the backup folder may not lie inside it
     * @param history   the history table whose newest applied version names each backup
     * @param locations the migration folders; the backup folder may not be one of them, lie inside one or hold one
     *                  (nor be the project folder itself), where git and the build would take the dumps along
     * @throws MigrateException when the format, the compression or the folder is not usable; nothing was changed
     */
    public Backups(Path projectDir, Path buildDir, String env, EnvironmentProfile.Backup settings, PgTools tools,
                   Clock clock, HistoryTable history, List<Path> locations) {
        EnvironmentProfile.Backup effective = settings != null ? settings : EnvironmentProfile.Backup.defaults(env);
        this.projectDir = projectDir;
        this.env = env;
        this.backupCommand = FixHint.goal("backup") + " " + FixHint.set(dev.dbmigrate.config.MigrateProperty.ENV, env);
        this.directory = projectDir.resolve(effective.directory() == null ? "backups/" + env : effective.directory())
                .toAbsolutePath().normalize();
        this.format = effective.format() == null ? EnvironmentProfile.Backup.DEFAULT_FORMAT : effective.format();
        this.jobs = Math.max(1, effective.jobs());
        this.keep = effective.keep() < 1 ? EnvironmentProfile.Backup.DEFAULT_KEEP : effective.keep();
        this.compression = effective.compression();
        this.tools = tools;
        this.clock = clock;
        this.history = history;
        this.namePattern = Pattern.compile("^" + Pattern.quote(env) + "-(\\d{8}-\\d{6})-v(.+?)(\\.dump)?$");
        if (!format.equals(CUSTOM) && !format.equals(DIRECTORY)) {
            throw new MigrateException(ErrorCode.CONFIGURATION, "backup.format = '" + format
                    + "' is not a backup format (use custom or directory)");
        }
        if (compression < 0 || compression > EnvironmentProfile.Backup.MAX_COMPRESSION) {
            throw new MigrateException(ErrorCode.CONFIGURATION, "backup.compression = " + compression
                    + " is not a gzip level (use 0, no compression, to 9, smallest)");
        }
        Path build = buildDir.toAbsolutePath().normalize();
        // through links too: a folder that leads into target/ is deleted by mvn clean all the same
        if (directory.startsWith(build) || resolved(directory).startsWith(resolved(build))) {
            throw new MigrateException(ErrorCode.CONFIGURATION, "backup.directory = '" + effective.directory()
                    + "' of environment " + env + " is inside the build folder " + build + ", where mvn clean"
                    + " deletes every backup; nothing was changed and no backup was written or restored (set"
                    + " backup.directory in environments/" + env + ".yml to a folder outside it, such as backups/"
                    + env + ", the default)");
        }
        String where = null;
        if (directory.equals(projectDir.toAbsolutePath().normalize())) {
            where = "is the project folder " + directory + " itself, where git status shows every database dump"
                    + " ready to commit";
        } else {
            for (Path location : locations) {
                Path migrations = location.toAbsolutePath().normalize();
                if (directory.startsWith(migrations)) {
                    where = "is inside the migration location " + migrations + ", where git status shows every"
                            + " database dump ready to commit and the build packages it with the migrations";
                    break;
                }
                if (migrations.startsWith(directory)) {
                    where = "holds the migration location " + migrations + ", where git status shows every"
                            + " database dump ready to commit and the build may package it with the migrations";
                    break;
                }
            }
        }
        if (where != null) {
            throw new MigrateException(ErrorCode.CONFIGURATION, "backup.directory = '" + effective.directory()
                    + "' of environment " + env + " " + where + "; nothing was changed and no backup was written or"
                    + " restored (set backup.directory in environments/" + env + ".yml to a folder of its own, such"
                    + " as backups/" + env + ", the default)");
        }
    }

    /** The backups of the environment {@code settings} describe, in its profile's folder and format. */
    public static Backups of(dev.dbmigrate.config.MigrateSettings settings, PgTools tools) {
        return new Backups(settings.projectDir(), settings.buildDir(), settings.env(), settings.profile().backup(),
                tools, Clock.systemUTC(), new HistoryTable(settings.defaultSchema(), settings.table()),
                settings.locations())
                .takenFor(FixHint.command(settings, "backup")).backupCommand(FixHint.command(settings, "backup"))
                .madeFor(settings);
    }

    /** The folder this environment's backups are written to. */
    public Path directory() {
        return directory;
    }

    // ---- backup ------------------------------------------------------------------------------------------------

    /**
     * Backs up the whole database with pg_dump, then deletes the oldest backups of this environment beyond
     * {@code keep}. The schema version that names the backup is read from the history table in the snapshot pg_dump
     * dumps, so the name always tells the version the archive holds.
     *
     * @throws MigrateException when the tools, the directory or pg_dump fail; the database is never changed, no partial
     *                          backup is left and earlier backups are untouched
     */
    public BackupFile create(Database db, MigrateListener listener) {
        return create(db, listener, null);
    }

    /**
     * As {@link #create(Database, MigrateListener)}, but the rotation never deletes {@code spare} (the backup a restore
     * is about to read).
     */
    public BackupFile create(Database db, MigrateListener listener, BackupFile spare) {
        if (!tools.missing().isEmpty()) {
            tools.requireUsableFor(db); // names what is missing and how to install it
        }
        Path madeHere = topmostMissing(directory);
        requireWritableDirectory();
        long started = System.nanoTime();
        Instant created = clock.instant().truncatedTo(ChronoUnit.SECONDS);
        // pg_dump writes under a name of its own until the version that names the backup is known
        Path partial = directory.resolve("." + env + "-" + STAMP.format(LocalDateTime.ofInstant(created,
                ZoneOffset.UTC)) + "-" + ProcessHandle.current().pid() + ".partial");
        Path checksumPartial = null;
        Path target = null;
        Path checksum = null;
        String name = null;
        boolean complete = false;
        try (Connection snapshot = db.connect(false)) {
            deleteRecursively(partial);
            // the version is read in the transaction whose snapshot pg_dump imports: the one it dumps
            snapshot.setAutoCommit(false);
            snapshot.setTransactionIsolation(Connection.TRANSACTION_REPEATABLE_READ);
            snapshot.setReadOnly(true);
            String snapshotId = exportSnapshot(snapshot);
            String version = versionIn(snapshot);
            LibpqConnection connection = LibpqConnection.of(db.url());
            List<String> dump = new ArrayList<>(List.of(tools.pgDump().toString(), "--format=" + format));
            if (format.equals(DIRECTORY) && jobs > 1) {
                dump.add("--jobs=" + jobs);
            }
            dump.add("--compress=" + compression);
            dump.add("--snapshot=" + snapshotId);
            dump.add("--file=" + partial);
            dump.addAll(connection.arguments());
            ProcessRunner.Running running = ProcessRunner.start(dump, connection.environment(), LONG_RUNNING);
            ProcessResult result;
            try {
                try {
                    tools.requireUsableFor(db); // asked while pg_dump runs
                } catch (RuntimeException e) {
                    running.stop();
                    running.await(); // an interrupted run says so here
                    throw e;
                }
                result = running.await();
            } catch (MigrateException e) {
                if (e.code() == ErrorCode.INTERRUPTED) {
                    throw new MigrateException(ErrorCode.INTERRUPTED, "backup of " + db.url().display()
                            + " interrupted (SIGINT or SIGTERM): pg_dump was stopped and its partial file "
                            + partial.getFileName() + " deleted; no backup was written and the earlier backups in "
                            + directory + " are untouched (run " + rerun + " again)", e);
                }
                throw e;
            }
            snapshot.rollback();
            listener.debug("ran " + result.commandLine() + " (exit " + result.exitCode() + ")");
            if (!result.succeeded()) {
                throw new MigrateException(ErrorCode.ENVIRONMENT, "pg_dump of " + db.url().display() + " failed (exit "
                        + result.exitCode() + "): " + stderr(result, db) + "; " + env
                        + " was not changed: no backup was "
                        + "written and the earlier backups in " + directory + " are untouched (fix the cause above;"
                        + " when the disk is full, " + roomFix() + ")");
            }
            // the archive is read back by pg_restore --list while it is checksummed here
            ProcessRunner.Running listing = ProcessRunner.start(List.of(tools.pgRestore().toString(), "--list",
                    partial.toString()), Map.of(), LIST_TIMEOUT);
            String sha256;
            try {
                sha256 = sha256(partial);
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
                    throw new MigrateException(ErrorCode.INTERRUPTED, "backup of " + db.url().display()
                            + " interrupted (SIGINT or SIGTERM) while its archive was read back: pg_restore --list"
                            + " was stopped and the unchecked file " + partial.getFileName() + " deleted; no backup"
                            + " was written and the earlier backups in " + directory + " are untouched (run " + rerun
                            + " again)", e);
                }
                throw e;
            }
            listener.debug("ran " + list.commandLine() + " (exit " + list.exitCode() + ")");
            name = backupName(created, version);
            // A backup of this environment already has this second's name (a retried or resumed run): take the next
            // free second, so names stay unique and in order and no backup is ever overwritten.
            while (Files.exists(directory.resolve(name)) || Files.exists(directory.resolve(name + ".sha256"))) {
                created = created.plusSeconds(1);
                name = backupName(created, version);
            }
            target = directory.resolve(name);
            checksum = directory.resolve(name + ".sha256");
            checksumPartial = directory.resolve("." + name + ".sha256.partial");
            if (!list.succeeded()) {
                throw new MigrateException(ErrorCode.ENVIRONMENT, "the archive pg_dump wrote for " + name
                        + " cannot be read back with pg_restore --list: " + stderr(list, db) + "; it was deleted, "
                        + env + " was not changed and the earlier backups in " + directory + " are untouched (check "
                        + "the disk and the pg_restore version, then run " + rerun + " again)");
            }
            Files.writeString(checksumPartial, sha256 + "  " + name + "\n", StandardCharsets.UTF_8);
            Files.move(partial, target, StandardCopyOption.ATOMIC_MOVE);
            Files.move(checksumPartial, checksum, StandardCopyOption.ATOMIC_MOVE);
            complete = true;
            BackupFile backup = new BackupFile(target, env, created, NO_VERSION.equals(version) ? null : version, format,
                    size(target), sha256);
            listener.info("Backup " + name + " written to " + directory + " (" + humanSize(backup.sizeBytes())
                    + ", " + describeOptions() + ") in " + Messages.millis(elapsed(started)));
            rotate(listener, spare);
            return backup;
        } catch (SQLException e) {
            if (ConnectionFailure.isConnectionProblem(e)) {
                throw ConnectionFailure.of(e);
            }
            throw new MigrateException(ErrorCode.ENVIRONMENT, "could not read the schema version of "
                    + db.url().display() + " for the name of a backup of " + env + ": " + masked(e.getMessage(), db)
                    + "; no backup was written and the earlier backups are untouched (check that the user may read "
                    + history.qualified() + ", then run " + rerun + " again)", e);
        } catch (IOException e) {
            String what = name == null ? "a backup of " + env : "backup " + name;
            throw new MigrateException(ErrorCode.ENVIRONMENT, "could not write " + what + " to " + directory
                    + ": " + e.getMessage() + "; no backup was written and the earlier backups are untouched ("
                    + roomFix() + ")", e);
        } finally {
            if (!complete) {
                deleteQuietly(partial);
                if (checksumPartial != null) {
                    deleteQuietly(checksumPartial);
                }
                if (target != null && Files.exists(target) && !Files.exists(checksum)) {
                    deleteQuietly(target);
                }
                if (madeHere != null && isEmptyTree(madeHere)) {
                    deleteQuietly(madeHere);
                }
            }
        }
    }

    /** Exports the snapshot of the connection's (repeatable read) transaction for pg_dump to import. */
    private static String exportSnapshot(Connection c) throws SQLException {
        try (Statement s = c.createStatement(); ResultSet rs = s.executeQuery("select pg_catalog.pg_export_snapshot()")) {
            rs.next();
            return rs.getString(1);
        }
    }

    /**
     * The newest successfully applied version in the history table as the connection sees it, or {@link #NO_VERSION}
     * when nothing is applied (or there is no history table).
     */
    private String versionIn(Connection c) throws SQLException {
        return history.read(c).stream()
                .filter(r -> r.success() && r.version() != null && !r.is(MigrationType.SCHEMA)
                        && !r.is(MigrationType.DELETE))
                .map(HistoryTable.Row::version)
                .max(Versions.ORDER)
                .orElse(NO_VERSION);
    }

    /**
     * Whether a folder above {@code folder} (up to the root of its git work tree) already ignores everything below it
     * with a {@code .gitignore} holding {@code *}, as the one written for another environment's backups does.
     */
    private static boolean ignoredAbove(Path folder) throws IOException {
        for (Path p = folder.getParent(); p != null; p = p.getParent()) {
            Path ignore = p.resolve(GIT_IGNORE);
            if (Files.isRegularFile(ignore)
                    && Files.readAllLines(ignore, StandardCharsets.UTF_8).stream().anyMatch(l -> l.strip().equals("*"))) {
                return true;
            }
            if (Files.exists(p.resolve(".git"))) {
                return false;
            }
        }
        return false;
    }

    /**
     * In a backup folder that was there before (a user's, or one an older version made): its own files stay visible
     * to git, but this environment's backups, their checksums and a partial dump are ignored, by lines added to its
     * {@code .gitignore} (written when missing, never rewritten).
     */
    private void ignoreBackupsIn(Path folder) throws IOException {
        Path ignore = folder.resolve(GIT_IGNORE);
        List<String> have = Files.isRegularFile(ignore) ? Files.readAllLines(ignore, StandardCharsets.UTF_8)
                : List.of();
        List<String> add = new ArrayList<>();
        for (String line : List.of("/" + env + "-*", "/." + env + "-*.partial")) {
            if (!have.contains(line)) {
                add.add(line);
            }
        }
        if (add.isEmpty()) {
            return;
        }
        String text = (have.isEmpty() || Files.readString(ignore, StandardCharsets.UTF_8).endsWith("\n") ? ""
                : "\n") + "# " + env + "'s backups are database dumps: never commit them (written by migrate)\n"
                + String.join("\n", add) + "\n";
        Files.writeString(ignore, text, StandardCharsets.UTF_8, java.nio.file.StandardOpenOption.CREATE,
                java.nio.file.StandardOpenOption.APPEND);
    }

    /** {@code path} with the links of its longest existing part resolved (what it really names once created). */
    private static Path resolved(Path path) {
        Path existing = path.toAbsolutePath().normalize();
        Path rest = existing.getFileSystem().getPath("");
        while (existing != null && !Files.exists(existing)) {
            rest = existing.getFileName().resolve(rest);
            existing = existing.getParent();
        }
        try {
            return existing == null ? path : existing.toRealPath().resolve(rest).normalize();
        } catch (IOException e) {
            return path.toAbsolutePath().normalize();
        }
    }

    /** The topmost folder of {@code folder} that does not exist yet (itself, or an ancestor), or null. */
    private static Path topmostMissing(Path folder) {
        Path missing = null;
        for (Path p = folder.toAbsolutePath(); p != null && !Files.exists(p); p = p.getParent()) {
            missing = p;
        }
        return missing;
    }

    /**
     * Says which command these backups are taken for ({@code migrate:upgrade -Dmigrate.env=prod} of a protected
     * environment, {@code migrate:promote ...}), in the canonical form of {@link FixHint}, so that a failed backup says
     * to run that command again, not {@code migrate:backup}.
     */
    public Backups takenFor(String command) {
        this.rerun = command;
        return this;
    }

    private Backups backupCommand(String command) {
        this.backupCommand = command;
        return this;
    }

    private Backups madeFor(dev.dbmigrate.config.MigrateSettings madeFor) {
        this.settings = madeFor;
        return this;
    }

    /** The command that restores {@code backup} into {@code db} by hand, for this environment's database. */
    private String restoreCommand(BackupFile backup, Database db) {
        String name = FixHint.set(dev.dbmigrate.config.MigrateProperty.BACKUP, backup.name());
        if (settings == null) {
            return FixHint.goal("restore") + " " + FixHint.set(dev.dbmigrate.config.MigrateProperty.ENV, env) + " "
                    + name;
        }
        return settings.profile().protectedEnv() ? FixHint.command(settings, "restore", name,
                FixHint.set(dev.dbmigrate.config.MigrateProperty.CONFIRM, db.name()))
                : FixHint.command(settings, "restore", name);
    }

    /** The fix for a backup that found no room: free space, or put backups where there is room, and run it again. */
    private String roomFix() {
        return "free space in " + directory + ", or set backup.directory in environments/" + env + ".yml to a folder"
                + " with room that this user can write, then run " + rerun + " again";
    }

    /** Whether a folder holds no files, only (possibly) empty folders and the ignore file written into it. */
    private static boolean isEmptyTree(Path folder) {
        try (Stream<Path> all = Files.walk(folder)) {
            return all.allMatch(p -> Files.isDirectory(p) || p.getFileName().toString().equals(GIT_IGNORE));
        } catch (IOException | UncheckedIOException e) {
            return false;
        }
    }

    /** The pg_dump options for the log, such as "directory format, 2 jobs, compression 1". */
    private String describeOptions() {
        return format + " format" + (format.equals(DIRECTORY) ? ", " + jobs + (jobs == 1 ? " job" : " jobs") : "")
                + ", compression " + compression;
    }

    private String backupName(Instant created, String schemaVersion) {
        return env + "-" + STAMP.format(LocalDateTime.ofInstant(created, ZoneOffset.UTC)) + "-v"
                + (schemaVersion == null ? NO_VERSION : schemaVersion.replaceAll("[^A-Za-z0-9._]", "_"))
                + (format.equals(CUSTOM) ? ".dump" : "");
    }

    /**
     * Fails, naming the folder and the fix, when backups cannot be written there (the preflight asks before anything
     * runs). Creates the folder when missing, with a {@code .gitignore} holding {@code *} in the topmost folder it
     * creates, so no backup ever shows up in {@code git status}.
     */
    public void requireWritableDirectory() {
        Path probe = directory.resolve(".migrate-write-probe");
        try {
            Path madeHere = topmostMissing(directory);
            Files.createDirectories(directory);
            Path ignore = madeHere == null ? null : madeHere.resolve(GIT_IGNORE);
            if (ignore != null && !Files.exists(ignore, LinkOption.NOFOLLOW_LINKS) && !ignoredAbove(madeHere)) {
                Files.writeString(ignore, "# backups are database dumps: never commit them (written by migrate)\n*\n",
                        StandardCharsets.UTF_8);
            } else if (madeHere == null && !ignoredAbove(directory.resolve(GIT_IGNORE))) {
                ignoreBackupsIn(directory);
            }
            Files.writeString(probe, "probe");
            Files.delete(probe);
        } catch (IOException | UncheckedIOException e) {
            throw new MigrateException(ErrorCode.ENVIRONMENT, "cannot write backups to " + directory + " ("
                    + describe(e) + "); " + env + " was not changed and pg_dump was not run (set backup.directory in "
                    + "environments/" + env + ".yml to a folder this user can create and write, or fix the "
                    + "permissions of " + directory + ")", e);
        }
    }

    private void rotate(MigrateListener listener, BackupFile spare) {
        List<BackupFile> all = new ArrayList<>(list());
        if (spare != null) {
            all.removeIf(b -> b.path().equals(spare.path()));
        }
        for (int i = 0; i < all.size() - keep; i++) {
            BackupFile old = all.get(i);
            try {
                deleteRecursively(old.path());
                Files.deleteIfExists(old.checksumFile());
                listener.info("Deleted old backup " + old.name() + " (keeping the newest " + keep + ")");
            } catch (IOException e) {
                listener.warn("Could not delete old backup " + old.path() + ": " + e.getMessage()
                        + " (delete it by hand; the new backup is complete)");
            }
        }
    }

    // ---- list --------------------------------------------------------------------------------------------------

    /** This environment's backups in the backup directory, oldest first; empty when there are none. */
    public List<BackupFile> list() {
        if (!Files.isDirectory(directory)) {
            return List.of();
        }
        List<BackupFile> backups = new ArrayList<>();
        try (Stream<Path> entries = Files.list(directory)) {
            for (Path entry : entries.toList()) {
                BackupFile backup = describeBackup(entry, namePattern, env);
                if (backup != null) {
                    backups.add(backup);
                }
            }
        } catch (IOException e) {
            throw new MigrateException(ErrorCode.ENVIRONMENT, "cannot list backups in " + directory + ": "
                    + e.getMessage() + " (check the directory's permissions)", e);
        }
        backups.sort(Comparator.comparing(BackupFile::created).thenComparing(BackupFile::name));
        return backups;
    }

    /** The newest backup of this environment. */
    public BackupFile latest() {
        List<BackupFile> all = list();
        if (all.isEmpty()) {
            throw new MigrateException(ErrorCode.REFUSED, "there is no backup of " + env + " in " + directory
                    + "; nothing was changed (run " + backupCommand + " first)");
        }
        return all.get(all.size() - 1);
    }

    /**
     * A backup by its name (with or without {@code .dump}) in this environment's directory, or by its path (absolute, or
     * relative to the project).
     */
    public BackupFile find(String nameOrPath) {
        for (BackupFile backup : list()) {
            if (backup.name().equals(nameOrPath) || backup.name().equals(nameOrPath + ".dump")
                    || backup.path().equals(projectDir.resolve(nameOrPath).toAbsolutePath().normalize())) {
                return backup;
            }
        }
        Path path = projectDir.resolve(nameOrPath).toAbsolutePath().normalize();
        if (Files.exists(path)) {
            BackupFile backup = describeBackup(path,
                    Pattern.compile("^(.+)-(\\d{8}-\\d{6})-v(.+?)(\\.dump)?$"), null);
            if (backup != null) {
                return backup;
            }
        }
        List<String> names = list().stream().map(BackupFile::name).toList();
        throw new MigrateException(ErrorCode.CONFIGURATION, "no backup '" + nameOrPath + "' in " + directory
                + " (" + (names.isEmpty() ? "there are no backups of " + env + " there; run " + backupCommand
                + " first"
                : "the backups there are " + String.join(", ", names)) + "); nothing was changed");
    }

    /** Reads one entry of the directory as a backup, or {@code null} when it is not one (temporary files, checksums). */
    private static BackupFile describeBackup(Path entry, Pattern pattern, String env) {
        String fileName = entry.getFileName().toString();
        if (fileName.startsWith(".") || fileName.endsWith(".sha256")) {
            return null;
        }
        Matcher m = pattern.matcher(fileName);
        if (!m.matches()) {
            return null;
        }
        boolean custom = m.group(m.groupCount()) != null;
        if (custom ? !Files.isRegularFile(entry) : !Files.isDirectory(entry)) {
            return null;
        }
        int stampGroup = env == null ? 2 : 1;
        Instant created = LocalDateTime.parse(m.group(stampGroup), STAMP).toInstant(ZoneOffset.UTC);
        String version = m.group(stampGroup + 1);
        try {
            return new BackupFile(entry, env == null ? m.group(1) : env, created,
                    version.equals("none") || version.equals(NO_VERSION) ? null : version, custom ? CUSTOM : DIRECTORY, size(entry),
                    recordedChecksum(entry.resolveSibling(fileName + ".sha256")));
        } catch (IOException e) {
            return null;
        }
    }

    // ---- restore -----------------------------------------------------------------------------------------------

    /**
     * Restores the managed schemas of {@code db} to their content in {@code backup}, in one transaction.
     *
     * <p>Afterwards each schema holds exactly what it held at backup time: objects created since are gone. The tool's
     * own tables are kept as they are live ({@code migrate_audit}: the rows written after the backup are added;
     * {@code migrate_promotion}: the live journal replaces the backup's, so no promotion comes back to life), and the
     * restore is recorded in both.
     * Objects in other schemas that depend on a managed schema (a view elsewhere on a managed table) are dropped with
     * it and not restored.
     *
     * @param schemas the managed schemas; empty means {@code public}
     * @throws MigrateException when the checksum does not match or is missing (nothing touched), or when the restore
     *                          fails (rolled back: the database is as it was)
     */
    public void restore(Database db, BackupFile backup, List<String> schemas, MigrateListener listener) {
        long started = System.nanoTime();
        List<String> managed = schemas == null || schemas.isEmpty() ? List.of("public") : List.copyOf(schemas);
        // the server's version is asked (a first connection: class loading) while the archive is checksummed
        CompletableFuture<Void> usable = CompletableFuture.runAsync(() -> tools.requireUsableFor(db));
        verifyChecksum(backup);
        try {
            usable.join();
        } catch (CompletionException e) {
            throw e.getCause() instanceof RuntimeException r ? r : e;
        }
        Path work = directory.resolve("." + backup.name() + ".restore");
        try {
            deleteRecursively(work);
            Files.createDirectories(work);
            List<String> extract = new ArrayList<>(List.of(tools.pgRestore().toString(), "--file=-"));
            for (String schema : managed) {
                extract.add("--schema=" + schema);
            }
            extract.add(backup.path().toString());
            Path preamble = work.resolve("preamble.sql");
            Path postamble = work.resolve("postamble.sql");
            Files.writeString(preamble, preamble(managed), StandardCharsets.UTF_8);
            String completed = Piped.completionVariable();
            KeptTables.Restore record = new KeptTables.Restore(UUID.randomUUID().toString(), env, backup,
                    dev.dbmigrate.db.AdvisoryLocks.describeThisRun("restore " + env), "restored schemas "
                    + String.join(", ", managed) + " from " + backup.name() + " (version "
                    + (backup.schemaVersion() == null ? "<none>" : backup.schemaVersion()) + ")");
            Files.writeString(postamble, Piped.requireCompletion(completed) + KeptTables.putBackSql(managed, record),
                    StandardCharsets.UTF_8);
            LibpqConnection connection = LibpqConnection.of(db.url());
            List<String> psql = new ArrayList<>(List.of(tools.psql().toString(), "-X", "-q", "-v", "ON_ERROR_STOP=1",
                    "--single-transaction", "-f", preamble.toString(), "-f", "-", "-f", postamble.toString()));
            psql.addAll(connection.arguments());
            Piped piped = Piped.run(extract, completed, psql, connection.environment(), work, LONG_RUNNING);
            listener.debug("ran " + String.join(" ", extract) + " | " + String.join(" ", psql) + " (exit "
                    + piped.producerExit() + " and " + piped.consumerExit() + ")");
            // Ctrl-C reaches pg_restore and psql too: a tool that ended by it is reported as interrupted, never as
            // a backup that cannot be read
            if (Interruption.explainsFailure(piped.producerExit() != 0 || piped.consumerExit() != 0)) {
                Interruption.noticed();
                throw new MigrateException(ErrorCode.INTERRUPTED, "restore of " + backup.name() + " into "
                        + db.url().display() + " interrupted (SIGINT or SIGTERM): pg_restore and psql were stopped"
                        + " and the restore's transaction rolled back, so schemas " + String.join(", ", managed)
                        + " are as they were before the restore and the backup " + backup.name() + " is untouched (run "
                        + restoreCommand(backup, db) + " again)");
            }
            if (piped.producerExit() != 0 && !piped.consumerStoppedEarly()) {
                throw new MigrateException(ErrorCode.ENVIRONMENT, "pg_restore could not read " + backup.path()
                        + " (exit " + piped.producerExit() + "): " + masked(piped.producerError(), db) + "; the "
                        + "restore was rolled back, so the database is as it was (check that the backup is complete "
                        + "and that pg_restore is at least as new as the pg_dump that wrote it)");
            }
            if (piped.consumerExit() != 0 || piped.producerExit() != 0) {
                throw new MigrateException(ErrorCode.MIGRATION_FAILED, "restore of " + backup.name() + " into "
                        + db.url().display() + " failed and was rolled back, so schemas " + String.join(", ", managed)
                        + " are as they were before the restore: " + masked(piped.consumerError(), db)
                        + " (fix the cause above, or restore another backup)");
            }
        } catch (IOException e) {
            throw new MigrateException(ErrorCode.ENVIRONMENT, "could not run the restore of " + backup.name()
                    + " in " + work + ": " + e.getMessage() + "; the database was not changed (check the free space "
                    + "and permissions of " + directory + ")", e);
        } finally {
            deleteQuietly(work);
        }
        listener.info("Restored " + backup.name() + " into " + db.url().display() + " (schemas "
                + String.join(", ", managed) + ") in " + Messages.millis(elapsed(started)));
    }

    /** Refuses a backup whose content does not match its {@code .sha256}, or that has none. */
    private static void verifyChecksum(BackupFile backup) {
        Path file = backup.checksumFile();
        String expected;
        try {
            expected = recordedChecksum(file);
        } catch (IOException e) {
            expected = null;
        }
        if (expected == null) {
            throw new MigrateException(ErrorCode.REFUSED, "cannot restore " + backup.path() + ": its checksum file "
                    + file + " is missing or empty, so the backup cannot be verified; the database was not touched "
                    + "(restore another backup, or recreate the checksum with sha256sum only if you know the "
                    + "archive is intact)");
        }
        String actual;
        try {
            actual = sha256(backup.path());
        } catch (IOException e) {
            throw new MigrateException(ErrorCode.REFUSED, "cannot restore " + backup.path() + ": it cannot be read ("
                    + e.getMessage() + "); the database was not touched (restore another backup)", e);
        }
        if (!expected.equalsIgnoreCase(actual)) {
            throw new MigrateException(ErrorCode.REFUSED, "cannot restore " + backup.path() + ": its SHA-256 is "
                    + actual + " but " + file.getFileName() + " expects " + expected + ", so the backup was changed "
                    + "or damaged after it was written; the database was not touched (restore another backup)");
        }
    }

    /**
     * Empties each managed schema in place: every table, view, sequence, function and type in it is dropped, while the
     * schema itself stays with its owner, privileges and comment. So the schema's owner can restore without the right
     * to create schemas (least privilege), and {@code pg_restore --schema}, which never writes CREATE SCHEMA, fills it
     * again. Objects of extensions are left to their extension. The tool's own tables are copied to temporary tables
     * first, so the postamble can put them back as they are live ({@link KeptTables}).
     */
    static String preamble(List<String> schemas) {
        StringBuilder sql = new StringBuilder("SET client_min_messages = warning;\n"
                + "SET standard_conforming_strings = on;\n");
        for (int i = 0; i < schemas.size(); i++) {
            String schema = literal(schemas.get(i));
            sql.append(KeptTables.saveSql(schemas.get(i), i));
            sql.append("DO $migrate$\n"
                    + "DECLARE\n"
                    + "    item record;\n"
                    + "BEGIN\n"
                    + "    IF NOT EXISTS (SELECT 1 FROM pg_catalog.pg_namespace WHERE nspname = " + schema + ") THEN\n"
                    + "        EXECUTE pg_catalog.format('CREATE SCHEMA %I', " + schema + ");\n"
                    + "    END IF;\n"
                    + "    FOR item IN SELECT c.relname, c.relkind FROM pg_catalog.pg_class c\n"
                    + "                  JOIN pg_catalog.pg_namespace n ON n.oid = c.relnamespace\n"
                    + "                 WHERE n.nspname = " + schema + " AND c.relkind IN ('r', 'p', 'v', 'm', 'f', 'S')\n"
                    + "                   AND NOT EXISTS (SELECT 1 FROM pg_catalog.pg_depend d WHERE d.objid = c.oid\n"
                    + "                                   AND d.deptype = 'e') LOOP\n"
                    + "        EXECUTE pg_catalog.format('DROP %s IF EXISTS %I.%I CASCADE', CASE item.relkind\n"
                    + "            WHEN 'v' THEN 'VIEW' WHEN 'm' THEN 'MATERIALIZED VIEW' WHEN 'f' THEN 'FOREIGN TABLE'\n"
                    + "            WHEN 'S' THEN 'SEQUENCE' ELSE 'TABLE' END, " + schema + ", item.relname);\n"
                    + "    END LOOP;\n"
                    + "    FOR item IN SELECT p.oid::pg_catalog.regprocedure AS signature, p.prokind\n"
                    + "                  FROM pg_catalog.pg_proc p JOIN pg_catalog.pg_namespace n ON n.oid = p.pronamespace\n"
                    + "                 WHERE n.nspname = " + schema + "\n"
                    + "                   AND NOT EXISTS (SELECT 1 FROM pg_catalog.pg_depend d WHERE d.objid = p.oid\n"
                    + "                                   AND d.deptype = 'e') LOOP\n"
                    + "        EXECUTE pg_catalog.format('DROP %s IF EXISTS %s CASCADE', CASE item.prokind\n"
                    + "            WHEN 'a' THEN 'AGGREGATE' WHEN 'p' THEN 'PROCEDURE' ELSE 'FUNCTION' END, item.signature);\n"
                    + "    END LOOP;\n"
                    + "    FOR item IN SELECT t.oid::pg_catalog.regtype AS name, t.typtype FROM pg_catalog.pg_type t\n"
                    + "                  JOIN pg_catalog.pg_namespace n ON n.oid = t.typnamespace\n"
                    + "                 WHERE n.nspname = " + schema + " AND t.typcategory <> 'A'\n"
                    + "                   AND (t.typtype IN ('e', 'd', 'r')\n"
                    + "                        OR (t.typtype = 'c' AND (SELECT c.relkind FROM pg_catalog.pg_class c\n"
                    + "                                                  WHERE c.oid = t.typrelid) = 'c'))\n"
                    + "                   AND NOT EXISTS (SELECT 1 FROM pg_catalog.pg_depend d WHERE d.objid = t.oid\n"
                    + "                                   AND d.deptype = 'e') LOOP\n"
                    + "        EXECUTE pg_catalog.format('DROP %s IF EXISTS %s CASCADE',\n"
                    + "            CASE item.typtype WHEN 'd' THEN 'DOMAIN' ELSE 'TYPE' END, item.name);\n"
                    + "    END LOOP;\n"
                    + "END\n"
                    + "$migrate$;\n");
        }
        return sql.toString();
    }

    // ---- helpers -----------------------------------------------------------------------------------------------

    /**
     * The SHA-256 of a file, or of a folder: its files in sorted order of their relative names, each contributing its
     * name, a NUL byte and its content.
     */
    static String sha256(Path path) throws IOException {
        MessageDigest digest;
        try {
            digest = MessageDigest.getInstance("SHA-256");
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 is part of every Java runtime", e);
        }
        if (Files.isDirectory(path)) {
            List<Path> files;
            try (Stream<Path> walk = Files.walk(path)) {
                files = walk.filter(Files::isRegularFile)
                        .sorted(Comparator.comparing(p -> relativeName(path, p)))
                        .toList();
            }
            for (Path file : files) {
                digest.update(relativeName(path, file).getBytes(StandardCharsets.UTF_8));
                digest.update((byte) 0);
                update(digest, file);
            }
        } else {
            update(digest, path);
        }
        return HexFormat.of().formatHex(digest.digest());
    }

    private static void update(MessageDigest digest, Path file) throws IOException {
        byte[] buffer = new byte[64 * 1024];
        try (InputStream in = Files.newInputStream(file)) {
            for (int n = in.read(buffer); n >= 0; n = in.read(buffer)) {
                digest.update(buffer, 0, n);
            }
        }
    }

    private static String relativeName(Path root, Path file) {
        return root.relativize(file).toString().replace('\\', '/');
    }

    /** The hex digest in a {@code sha256sum}-style file, or {@code null} when the file is missing or empty. */
    private static String recordedChecksum(Path file) throws IOException {
        try {
            String content = Files.readString(file, StandardCharsets.UTF_8).strip();
            if (content.isEmpty()) {
                return null;
            }
            return content.split("\\s+", 2)[0].toLowerCase(Locale.ROOT);
        } catch (NoSuchFileException e) {
            return null;
        }
    }

    private static long size(Path path) throws IOException {
        if (!Files.isDirectory(path)) {
            return Files.size(path);
        }
        try (Stream<Path> walk = Files.walk(path)) {
            long total = 0;
            for (Path file : walk.filter(Files::isRegularFile).toList()) {
                total += Files.size(file);
            }
            return total;
        }
    }

    private static void deleteRecursively(Path path) throws IOException {
        if (!Files.exists(path, LinkOption.NOFOLLOW_LINKS)) {
            return;
        }
        if (Files.isDirectory(path, LinkOption.NOFOLLOW_LINKS)) {
            try (Stream<Path> walk = Files.walk(path)) {
                for (Path p : walk.sorted(Comparator.reverseOrder()).toList()) {
                    Files.deleteIfExists(p);
                }
            }
        } else {
            Files.deleteIfExists(path);
        }
    }

    private static void deleteQuietly(Path path) {
        try {
            deleteRecursively(path);
        } catch (IOException | UncheckedIOException ignored) {
            // best effort: a leftover hidden temporary file never looks like a backup
        }
    }

    /** Runs a child process and reports its command line (which never holds the password) at debug level. */
    private static ProcessResult run(List<String> command, Map<String, String> environment, Duration timeout,
                                     MigrateListener listener) {
        ProcessResult result = ProcessRunner.run(command, environment, timeout);
        listener.debug("ran " + result.commandLine() + " (exit " + result.exitCode() + ")");
        return result;
    }

    /** Text from a child on one line, with the password masked. */
    private static String masked(String output, Database db) {
        String text = Masking.inText(Messages.oneLine(output), List.of(db.url().password()));
        return text.isEmpty() ? "(no output)" : text;
    }

    /**
     * Two children joined by a pipe: the producer's ({@code pg_restore}'s) standard output becomes the consumer's
     * ({@code psql --single-transaction}'s) standard input, and the consumer must never commit what a failed producer
     * left half-written.
     *
     * <p>Where {@code /bin/sh} exists, the pipe is the operating system's, so the data does not pass through this
     * process: the producer runs under {@code sh -c '"$@" && printf ...'}, which writes one more line, setting a psql
     * variable of a name chosen at random for this run, only once the producer has exited successfully, and the
     * consumer's last file starts with {@link #requireCompletion}, which raises an error (so psql rolls back) unless
     * that variable is set. The consumer is also killed as soon as the producer is seen to fail. Elsewhere this process
     * pumps the pipe itself ({@link #pumped}): it writes the completion line and closes the consumer's input only after
     * the producer has finished successfully, and kills the consumer before it reads the end of a failed producer's
     * output.
     *
     * @param producerExit          the producer's exit code
     * @param consumerExit          the consumer's exit code (killed: not 0)
     * @param consumerStoppedEarly  the consumer ended before the producer's output did (its own failure)
     * @param producerError         the producer's standard error
     * @param consumerError         the consumer's standard error, else the end of its standard output
     */
    record Piped(int producerExit, int consumerExit, boolean consumerStoppedEarly, String producerError,
                 String consumerError) {
        private static final int BUFFER = 256 * 1024;
        private static final int KEPT_OUTPUT = 64 * 1024;

        private static final Path SHELL = Path.of("/bin/sh");
        /** The error the consumer raises when the producer's completion line is missing. */
        private static final String INCOMPLETE = "pg_restore did not finish, so nothing of the restore is kept";

        /** A psql variable name for one run's completion line, which no archive can guess. */
        static String completionVariable() {
            return "migrate_restore_complete_" + UUID.randomUUID().toString().replace("-", "");
        }

        /** The line that follows a completed producer's output: it sets the variable {@link #requireCompletion} checks. */
        static String completionLine(String variable) {
            return "\n\\set " + variable + " on\n";
        }

        /** The start of the consumer's last file: an error, and so a rollback, unless the producer completed. */
        static String requireCompletion(String variable) {
            return "\\if :{?" + variable + "}\n"
                    + "\\else\n"
                    + "DO $migrate$ BEGIN RAISE EXCEPTION '" + INCOMPLETE + "'; END $migrate$;\n"
                    + "\\endif\n";
        }

        /**
         * Runs {@code producer | consumer}.
         *
         * @param completed the psql variable the producer's completion line sets ({@link #completionVariable})
         */
        static Piped run(List<String> producer, String completed, List<String> consumer,
                         Map<String, String> consumerEnvironment, Path work, Duration timeout) throws IOException {
            if (!Files.isExecutable(SHELL)) {
                return pumped(producer, completed, consumer, consumerEnvironment, work, timeout);
            }
            Path producerErr = work.resolve("producer.err");
            Path consumerOut = work.resolve("consumer.out");
            Path consumerErr = work.resolve("consumer.err");
            List<String> marked = new ArrayList<>(List.of(SHELL.toString(), "-c",
                    "\"$@\" && printf '%s' \"$MIGRATE_RESTORE_COMPLETED\"", "sh"));
            marked.addAll(producer);
            ProcessBuilder producing = new ProcessBuilder(marked).redirectError(producerErr.toFile());
            producing.environment().put("MIGRATE_RESTORE_COMPLETED", completionLine(completed));
            ProcessBuilder consuming = new ProcessBuilder(consumer)
                    .redirectOutput(consumerOut.toFile()).redirectError(consumerErr.toFile());
            consuming.environment().putAll(consumerEnvironment);
            List<Process> pipeline = ProcessBuilder.startPipeline(List.of(producing, consuming));
            Process out = pipeline.get(0);
            Process in = pipeline.get(1);
            try (Interruption.Registration stop = stopOnInterrupt(out, in)) {
                out.getOutputStream().close();
                int producerExit = waitFor(out, timeout, producer, in);
                boolean killed = producerExit != 0 && in.isAlive();
                if (killed) {
                    // the completion line is missing, so psql would roll back anyway: do not wait for it
                    in.destroyForcibly();
                }
                int consumerExit = waitFor(in, timeout, consumer, out);
                String consumerError = read(consumerErr).isBlank() ? read(consumerOut) : read(consumerErr);
                // the consumer failed by itself (an SQL error) unless it was killed or missed the completion line;
                // the producer then failed only for want of a reader (SIGPIPE, or EPIPE)
                boolean stoppedEarly = consumerExit != 0 && !killed && !consumerError.contains(INCOMPLETE);
                return new Piped(stoppedEarly ? 0 : producerExit, consumerExit, stoppedEarly, read(producerErr),
                        consumerError);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new IOException("interrupted while waiting for " + producer.get(0) + " and " + consumer.get(0), e);
            } finally {
                if (in.isAlive() || out.isAlive()) {
                    in.destroyForcibly();
                    out.destroyForcibly();
                }
            }
        }

        /**
         * {@code producer | consumer} with this process pumping the pipe (where there is no {@code /bin/sh}), which
         * writes the completion line itself once the producer has exited successfully.
         */
        static Piped pumped(List<String> producer, String completed, List<String> consumer,
                            Map<String, String> consumerEnvironment, Path work, Duration timeout) throws IOException {
            Path producerErr = work.resolve("producer.err");
            Path consumerOut = work.resolve("consumer.out");
            Path consumerErr = work.resolve("consumer.err");
            ProcessBuilder consumerBuilder = new ProcessBuilder(consumer)
                    .redirectOutput(consumerOut.toFile()).redirectError(consumerErr.toFile());
            consumerBuilder.environment().putAll(consumerEnvironment);
            Process in = consumerBuilder.start();
            Process out;
            try {
                out = new ProcessBuilder(producer).redirectError(producerErr.toFile()).start();
            } catch (IOException e) {
                in.destroyForcibly();
                throw e;
            }
            boolean stoppedEarly = false;
            try (Interruption.Registration stop = stopOnInterrupt(out, in);
                 InputStream source = out.getInputStream()) {
                var sink = in.getOutputStream();
                byte[] buffer = new byte[BUFFER];
                for (int n = source.read(buffer); n >= 0; n = source.read(buffer)) {
                    try {
                        sink.write(buffer, 0, n);
                    } catch (IOException consumerGone) {
                        stoppedEarly = true;
                        break;
                    }
                }
                if (stoppedEarly) {
                    out.destroyForcibly();
                }
                int producerExit = waitFor(out, timeout, producer, in);
                if (producerExit != 0 && !stoppedEarly) {
                    // never let the consumer see the end of a failed producer's output
                    in.destroyForcibly();
                    in.waitFor();
                } else {
                    try {
                        if (!stoppedEarly) {
                            sink.write(completionLine(completed).getBytes(StandardCharsets.UTF_8));
                        }
                        sink.close();
                    } catch (IOException consumerGone) {
                        stoppedEarly = true;
                    }
                }
                int consumerExit = waitFor(in, timeout, consumer, out);
                return new Piped(producerExit, consumerExit, stoppedEarly, read(producerErr),
                        read(consumerErr).isBlank() ? read(consumerOut) : read(consumerErr));
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                in.destroyForcibly();
                out.destroyForcibly();
                throw new IOException("interrupted while waiting for " + producer.get(0) + " and " + consumer.get(0), e);
            } finally {
                if (in.isAlive() || out.isAlive()) {
                    in.destroyForcibly();
                    out.destroyForcibly();
                }
            }
        }

        /**
         * An interrupted run (SIGINT, SIGTERM) kills both ends: psql's transaction is rolled back by the server, and
         * the caller deletes its work folder.
         */
        private static Interruption.Registration stopOnInterrupt(Process... processes) {
            return Interruption.onInterrupt(() -> {
                for (Process p : processes) {
                    p.descendants().forEach(ProcessHandle::destroyForcibly);
                    p.destroyForcibly();
                }
            });
        }

        private static int waitFor(Process process, Duration timeout, List<String> command, Process other)
                throws InterruptedException {
            if (!process.waitFor(timeout.toMillis(), java.util.concurrent.TimeUnit.MILLISECONDS)) {
                process.destroyForcibly();
                other.destroyForcibly();
                throw new MigrateException(ErrorCode.ENVIRONMENT, String.join(" ", command) + " did not finish within "
                        + timeout.toSeconds() + " s and was stopped");
            }
            return process.exitValue();
        }

        /** The end of a child's output file (at most 64 KiB), or "" when there is none. */
        private static String read(Path file) throws IOException {
            if (!Files.exists(file)) {
                return "";
            }
            long size = Files.size(file);
            try (var channel = java.nio.channels.FileChannel.open(file)) {
                long from = Math.max(0, size - KEPT_OUTPUT);
                java.nio.ByteBuffer bytes = java.nio.ByteBuffer.allocate((int) (size - from));
                channel.read(bytes, from);
                return new String(bytes.array(), StandardCharsets.UTF_8);
            }
        }
    }

    /** A child's standard error on one line, with the URL and the password masked. */
    private static String stderr(ProcessResult result, Database db) {
        return masked(result.stderr().isBlank() ? result.stdout() : result.stderr(), db);
    }

    private static String describe(Exception e) {
        Throwable cause = e instanceof UncheckedIOException u ? u.getCause() : e;
        String detail = cause.getMessage();
        String kind = cause.getClass().getSimpleName().replaceAll("(?<=[a-z])(?=[A-Z])", " ")
                .toLowerCase(Locale.ROOT).replace(" exception", "");
        return detail == null ? kind : kind + ": " + detail;
    }

    private static String humanSize(long bytes) {
        if (bytes < 1024) {
            return bytes + " B";
        }
        if (bytes < 1024 * 1024) {
            return String.format(Locale.ROOT, "%.1f KB", bytes / 1024.0);
        }
        return String.format(Locale.ROOT, "%.1f MB", bytes / (1024.0 * 1024));
    }

    private static Duration elapsed(long startedNanos) {
        return Duration.ofNanos(System.nanoTime() - startedNanos);
    }

    private static String literal(String text) {
        return "'" + text.replace("'", "''") + "'";
    }

    private static String identifier(String name) {
        return "\"" + name.replace("\"", "\"\"") + "\"";
    }
}
