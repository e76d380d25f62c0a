package dev.dbmigrate.backup;

import dev.dbmigrate.config.BackupFormat;
import dev.dbmigrate.config.EnvironmentProfile;
import dev.dbmigrate.config.FixHint;
import dev.dbmigrate.config.MigrateProperty;
import dev.dbmigrate.config.MigrateSettings;
import dev.dbmigrate.config.SettingsResolver;
import dev.dbmigrate.db.Database;
import dev.dbmigrate.error.ErrorCode;
import dev.dbmigrate.error.MigrateException;
import dev.dbmigrate.events.MigrateListener;
import dev.dbmigrate.history.HistoryTable;
import java.nio.file.Path;
import java.time.Clock;
import java.util.List;

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
 *
 * <p>This class is the entry point; the work is done by {@link BackupWriter} (taking one), {@link BackupCatalogue}
 * (listing, finding, rotating), {@link BackupRestorer} with {@link RestoreScript} (restoring) and
 * {@link BackupChecksum}; what differs between archive formats lives in {@link BackupFormat}.
 */
public final class Backups {
    private final Path projectDir;
    private final String env;
    private final BackupFolder folder;
    private final BackupWriter.DumpOptions options;
    private final int keep;
    private final PgTools tools;
    private final Clock clock;
    private final HistoryTable history;
    /** The command a failed backup says to run again ({@link #takenFor}). */
    private String rerun = FixHint.goal("backup");
    /** The command that backs this environment's database up ({@link FixHint#command}). */
    private String backupCommand;
    /** The settings these backups were made for, when {@link #of} made them: hints name their database. */
    private MigrateSettings settings;

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
        this(
                projectDir,
                projectDir.resolve("target"),
                env,
                settings,
                tools,
                clock,
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
    public Backups(
            Path projectDir,
            Path buildDir,
            String env,
            EnvironmentProfile.Backup settings,
            PgTools tools,
            Clock clock,
            HistoryTable history,
            List<Path> locations) {
        EnvironmentProfile.Backup effective = settings != null ? settings : EnvironmentProfile.Backup.defaults(env);
        this.projectDir = projectDir;
        this.env = env;
        this.backupCommand = FixHint.goal("backup") + " " + FixHint.set(MigrateProperty.ENV, env);
        this.folder = new BackupFolder(
                projectDir
                        .resolve(effective.directory() == null ? "backups/" + env : effective.directory())
                        .toAbsolutePath()
                        .normalize(),
                env);
        BackupFormat format = BackupFormat.named(
                effective.format() == null ? EnvironmentProfile.Backup.DEFAULT_FORMAT : effective.format());
        this.options = new BackupWriter.DumpOptions(format, Math.max(1, effective.jobs()), effective.compression());
        this.keep = effective.keep() < 1 ? EnvironmentProfile.Backup.DEFAULT_KEEP : effective.keep();
        this.tools = tools;
        this.clock = clock;
        this.history = history;
        if (options.compression() < 0 || options.compression() > EnvironmentProfile.Backup.MAX_COMPRESSION) {
            throw new MigrateException(
                    ErrorCode.CONFIGURATION,
                    "backup.compression = " + options.compression()
                            + " is not a gzip level (use 0, no compression, to 9, smallest)");
        }
        folder.requireAllowed(effective.directory(), projectDir, buildDir, locations);
    }

    /** The backups of the environment {@code settings} describe, in its profile's folder and format. */
    public static Backups of(MigrateSettings settings, PgTools tools) {
        Backups backups = new Backups(
                        settings.projectDir(),
                        settings.buildDir(),
                        settings.env(),
                        settings.profile().backup(),
                        tools,
                        Clock.systemUTC(),
                        new HistoryTable(settings.defaultSchema(), settings.table()),
                        settings.locations())
                .takenFor(FixHint.command(settings, "backup"));
        backups.backupCommand = FixHint.command(settings, "backup");
        backups.settings = settings;
        return backups;
    }

    /** The folder this environment's backups are written to. */
    public Path directory() {
        return folder.directory();
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
        return new BackupWriter(catalogue(), options, tools, clock, history, rerun).create(db, listener, spare);
    }

    /**
     * Fails, naming the folder and the fix, when backups cannot be written there (the preflight asks before anything
     * runs). Creates the folder when missing, with a {@code .gitignore} holding {@code *} in the topmost folder it
     * creates, so no backup ever shows up in {@code git status}.
     */
    public void requireWritableDirectory() {
        folder.requireWritable();
    }

    /** This environment's backups in the backup directory, oldest first; empty when there are none. */
    public List<BackupFile> list() {
        return catalogue().list();
    }

    /** The newest backup of this environment. */
    public BackupFile latest() {
        return catalogue().latest();
    }

    /**
     * A backup by its name (with or without its format's suffix, such as {@code .dump}) in this environment's
     * directory, or by its path (absolute, or relative to the project).
     */
    public BackupFile find(String nameOrPath) {
        return catalogue().find(nameOrPath);
    }

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
        List<String> managed = schemas == null || schemas.isEmpty() ? List.of("public") : List.copyOf(schemas);
        new BackupRestorer(folder, tools, this::restoreCommand).restore(db, backup, managed, listener);
    }

    private BackupCatalogue catalogue() {
        return new BackupCatalogue(folder, projectDir, keep, backupCommand);
    }

    /** The command that restores {@code backup} into {@code db} by hand, for this environment's database. */
    private String restoreCommand(BackupFile backup, Database db) {
        String name = FixHint.set(MigrateProperty.BACKUP, backup.name());
        if (settings == null) {
            return FixHint.goal("restore") + " " + FixHint.set(MigrateProperty.ENV, env) + " " + name;
        }
        return settings.profile().protectedEnv()
                ? FixHint.command(settings, "restore", name, FixHint.set(MigrateProperty.CONFIRM, db.name()))
                : FixHint.command(settings, "restore", name);
    }
}
