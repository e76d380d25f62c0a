package dev.dbmigrate.config;

import static dev.dbmigrate.config.MigrateProperty.ALLOW_DESTRUCTIVE;
import static dev.dbmigrate.config.MigrateProperty.ALLOW_EMPTY;
import static dev.dbmigrate.config.MigrateProperty.AUTOGENERATE;
import static dev.dbmigrate.config.MigrateProperty.BACKUP;
import static dev.dbmigrate.config.MigrateProperty.BACKUP_BEFORE_DROP;
import static dev.dbmigrate.config.MigrateProperty.BASELINE_VERSION;
import static dev.dbmigrate.config.MigrateProperty.CONFIRM;
import static dev.dbmigrate.config.MigrateProperty.EMBEDDED_VERSION;
import static dev.dbmigrate.config.MigrateProperty.ENTITY_PACKAGES;
import static dev.dbmigrate.config.MigrateProperty.FAIL_IF_PENDING;
import static dev.dbmigrate.config.MigrateProperty.FAIL_ON_DIFFERENCE;
import static dev.dbmigrate.config.MigrateProperty.FORMAT;
import static dev.dbmigrate.config.MigrateProperty.FROM;
import static dev.dbmigrate.config.MigrateProperty.IGNORE_MISNAMED;
import static dev.dbmigrate.config.MigrateProperty.LINT_FAIL_ON;
import static dev.dbmigrate.config.MigrateProperty.LINT_SCOPE;
import static dev.dbmigrate.config.MigrateProperty.LINT_TRACE;
import static dev.dbmigrate.config.MigrateProperty.LOCK_WAIT;
import static dev.dbmigrate.config.MigrateProperty.MESSAGE;
import static dev.dbmigrate.config.MigrateProperty.OUTPUT;
import static dev.dbmigrate.config.MigrateProperty.OUT_OF_ORDER;
import static dev.dbmigrate.config.MigrateProperty.PG_BIN_DIR;
import static dev.dbmigrate.config.MigrateProperty.RENAME;
import static dev.dbmigrate.config.MigrateProperty.REQUIRE_UNDO;
import static dev.dbmigrate.config.MigrateProperty.SAMPLE_DATA;
import static dev.dbmigrate.config.MigrateProperty.SCHEMA_FILE;
import static dev.dbmigrate.config.MigrateProperty.SCHEMA_SOURCE;
import static dev.dbmigrate.config.MigrateProperty.STEPS;
import static dev.dbmigrate.config.MigrateProperty.TARGET;
import static dev.dbmigrate.config.MigrateProperty.TO;
import static dev.dbmigrate.config.MigrateProperty.VERSION_SCHEME;

import dev.dbmigrate.config.MigrateSettings.LintFailOn;
import dev.dbmigrate.config.MigrateSettings.LintScope;
import dev.dbmigrate.config.MigrateSettings.OutputFormat;
import dev.dbmigrate.config.MigrateSettings.VersionScheme;
import dev.dbmigrate.error.ErrorCode;
import dev.dbmigrate.error.MigrateException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Collections;
import java.util.EnumMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.function.BiFunction;

/**
 * The options beyond the connection, the schemas, the table and the locations, each read by its
 * {@link MigrateProperty}. An option is declared once, in the table {@code READS}: its property, how its text is
 * read and checked, and its value when unset; its accessor below only names its type.
 */
public final class CommandOptions {
    /**
     * How each option is read, in the order their problems are reported. An unset option reads as {@code null},
     * {@code false} or the default its reader names.
     */
    private static final List<Read> READS = List.of(
            new Read(TARGET, (v, p) -> v.version(p, true, "use a version such as 3 or 20261124101500, or latest")),
            new Read(BASELINE_VERSION, (v, p) -> v.version(p, false, "use a version such as 1 or 2.1")),
            new Read(STEPS, PropertyValues::positiveInt),
            new Read(FORMAT, (v, p) -> v.choice(p, OutputFormat.class, OutputFormat.TEXT)),
            new Read(VERSION_SCHEME, (v, p) -> v.choice(p, VersionScheme.class, VersionScheme.TIMESTAMP)),
            new Read(FAIL_IF_PENDING, (v, p) -> v.flag(p, false)),
            new Read(FAIL_ON_DIFFERENCE, (v, p) -> v.flag(p, false)),
            new Read(REQUIRE_UNDO, (v, p) -> v.flag(p, true)),
            new Read(LOCK_WAIT, (v, p) -> v.duration(p, SettingsResolver.DEFAULT_LOCK_WAIT)),
            new Read(BACKUP_BEFORE_DROP, (v, p) -> v.flag(p, true)),
            new Read(ALLOW_EMPTY, (v, p) -> v.flag(p, false)),
            new Read(IGNORE_MISNAMED, (v, p) -> v.flag(p, false)),
            new Read(OUT_OF_ORDER, (v, p) -> v.flag(p, false)),
            new Read(MESSAGE, PropertyValues::text),
            new Read(CONFIRM, PropertyValues::text),
            new Read(OUTPUT, PropertyValues::path),
            new Read(BACKUP, PropertyValues::text),
            new Read(PG_BIN_DIR, PropertyValues::path),
            new Read(EMBEDDED_VERSION, (v, p) -> v.text(p) == null ? null : EmbeddedVersion.parse(v.text(p))),
            new Read(SAMPLE_DATA, PropertyValues::path),
            new Read(AUTOGENERATE, (v, p) -> v.flag(p, false)),
            new Read(SCHEMA_FILE, PropertyValues::path),
            new Read(SCHEMA_SOURCE, (v, p) -> v.choice(p, SchemaSource.class, SchemaSource.SQL)),
            new Read(ENTITY_PACKAGES, PropertyValues::text),
            new Read(ALLOW_DESTRUCTIVE, (v, p) -> v.flag(p, false)),
            new Read(RENAME, PropertyValues::text),
            new Read(FROM, PropertyValues::text),
            new Read(TO, PropertyValues::text),
            new Read(LINT_SCOPE, (v, p) -> v.choice(p, LintScope.class, LintScope.ALL)),
            new Read(LINT_FAIL_ON, (v, p) -> v.choice(p, LintFailOn.class, LintFailOn.ERROR)),
            new Read(LINT_TRACE, (v, p) -> v.flag(p, false)));

    /** One option: its property, and how its value is read from the properties. */
    private record Read(MigrateProperty property, BiFunction<PropertyValues, MigrateProperty, Object> reader) {
        Object value(PropertyValues properties) {
            return reader.apply(properties, property);
        }
    }

    private final Map<MigrateProperty, Object> values;

    private CommandOptions(Map<MigrateProperty, Object> values) {
        this.values = Collections.unmodifiableMap(values);
    }

    /** Reads every option, each problem collected in {@code problems} (then its value is {@code null}). */
    static CommandOptions read(PropertyValues properties, SettingsProblems problems) {
        Map<MigrateProperty, Object> values = new EnumMap<>(MigrateProperty.class);
        for (Read read : READS) {
            values.put(read.property(), problems.check(() -> read.value(properties), null));
        }
        return new CommandOptions(values);
    }

    /** A copy with another target version and no step count. */
    public CommandOptions withTarget(String newTarget) {
        Map<MigrateProperty, Object> copy = new EnumMap<>(values);
        copy.put(TARGET, newTarget);
        copy.put(STEPS, null);
        return new CommandOptions(copy);
    }

    /** The description for {@code create}. */
    public String message() {
        return (String) values.get(MESSAGE);
    }

    /** Target version for upgrade/downgrade, or null. */
    public String target() {
        return (String) values.get(TARGET);
    }

    /** How many migrations downgrade undoes, or null. */
    public Integer steps() {
        return (Integer) values.get(STEPS);
    }

    /** The database name confirming drop (or restore) on a protected environment. */
    public String confirm() {
        return (String) values.get(CONFIRM);
    }

    /** Baseline for init on an existing schema, or null. */
    public String baselineVersion() {
        return (String) values.get(BASELINE_VERSION);
    }

    /** The output format asked for (default text), whichever goal reads it; see {@link #format(String, Set)}. */
    public OutputFormat format() {
        return (OutputFormat) values.get(FORMAT);
    }

    /**
     * The output format asked for, refused when {@code goal} cannot write it ({@code junit} for history).
     *
     * @throws MigrateException (configuration) naming the value and the formats {@code goal} writes
     */
    public OutputFormat format(String goal, Set<OutputFormat> supported) {
        OutputFormat format = format();
        if (!supported.contains(format)) {
            throw new MigrateException(
                    ErrorCode.CONFIGURATION,
                    goal + " cannot write -Dmigrate.format=" + format.name().toLowerCase(Locale.ROOT)
                            + "; nothing was done (use one of "
                            + String.join(
                                    ", ",
                                    supported.stream()
                                            .map(f -> f.name().toLowerCase(Locale.ROOT))
                                            .toList())
                            + ")");
        }
        return format;
    }

    /** Whether create writes the migration from the desired schema. */
    public boolean autogenerate() {
        return (Boolean) values.get(AUTOGENERATE);
    }

    /** The desired schema's file or folder for autogenerate, or null for the default. */
    public Path schemaFile() {
        return (Path) values.get(SCHEMA_FILE);
    }

    /** Where autogenerate reads the desired schema (default sql). */
    public SchemaSource schemaSource() {
        return (SchemaSource) values.get(SCHEMA_SOURCE);
    }

    /** The packages of the JPA entities, comma-separated, or null. */
    public String entityPackages() {
        return (String) values.get(ENTITY_PACKAGES);
    }

    /** Whether autogenerate writes destructive changes as statements. */
    public boolean allowDestructive() {
        return (Boolean) values.get(ALLOW_DESTRUCTIVE);
    }

    /** The confirmed renames, comma-separated {@code table.old:new} or {@code old:new}, or null. */
    public String rename() {
        return (String) values.get(RENAME);
    }

    /** The folder of sample data files for a rehearsal, or null for the default. */
    public Path sampleData() {
        return (Path) values.get(SAMPLE_DATA);
    }

    /**
     * File to write the report (history, test-rollback), the snapshot, diff or drift check to, or null for the log
     * (snapshot: its default).
     */
    public Path output() {
        return (Path) values.get(OUTPUT);
    }

    /** current fails when migrations are pending. */
    public boolean failIfPending() {
        return (Boolean) values.get(FAIL_IF_PENDING);
    }

    /** diff fails when its two sides differ. */
    public boolean failOnDifference() {
        return (Boolean) values.get(FAIL_ON_DIFFERENCE);
    }

    /** validate fails when a migration has no undo script. */
    public boolean requireUndo() {
        return (Boolean) values.get(REQUIRE_UNDO);
    }

    /** The backup restore uses (a name or path), or null for the latest. */
    public String backup() {
        return (String) values.get(BACKUP);
    }

    /** The folder holding pg_dump, pg_restore and psql, or null to search PATH. */
    public Path pgBinDir() {
        return (Path) values.get(PG_BIN_DIR);
    }

    /** The PostgreSQL version the embedded database runs, or null for the build's default bundle. */
    public EmbeddedVersion embeddedVersion() {
        return (EmbeddedVersion) values.get(EMBEDDED_VERSION);
    }

    /** The environment a promotion starts from. */
    public String from() {
        return (String) values.get(FROM);
    }

    /** The environment a promotion goes to. */
    public String to() {
        return (String) values.get(TO);
    }

    /** Which migrations lint reports on (default all). */
    public LintScope lintScope() {
        return (LintScope) values.get(LINT_SCOPE);
    }

    /** The lowest severity of a finding that fails lint (default error). */
    public LintFailOn lintFailOn() {
        return (LintFailOn) values.get(LINT_FAIL_ON);
    }

    /** Whether lint also traces the migrations in a throwaway database ({@code migrate.lint.trace}). */
    public boolean lintTrace() {
        return (Boolean) values.get(LINT_TRACE);
    }

    /** How long to wait for another run's migration lock. */
    public Duration lockWait() {
        return (Duration) values.get(LOCK_WAIT);
    }

    /** drop backs up a non-embedded database first when pg_dump is available (default true). */
    public boolean backupBeforeDrop() {
        return (Boolean) values.get(BACKUP_BEFORE_DROP);
    }

    boolean allowEmpty() {
        return (Boolean) values.get(ALLOW_EMPTY);
    }

    boolean ignoreMisnamed() {
        return (Boolean) values.get(IGNORE_MISNAMED);
    }

    boolean outOfOrder() {
        return (Boolean) values.get(OUT_OF_ORDER);
    }

    VersionScheme versionScheme() {
        return (VersionScheme) values.get(VERSION_SCHEME);
    }
}
