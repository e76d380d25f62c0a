package dev.dbmigrate.app;

import dev.dbmigrate.config.FixHint;
import dev.dbmigrate.config.MigrateProperty;
import dev.dbmigrate.config.MigrateSettings;
import dev.dbmigrate.config.MigrateSettings.OutputFormat;
import dev.dbmigrate.error.ErrorCode;
import dev.dbmigrate.error.MigrateException;
import dev.dbmigrate.events.MigrateListener;
import dev.dbmigrate.rehearse.Comparison;
import dev.dbmigrate.rehearse.Drift;
import dev.dbmigrate.rehearse.DriftCheck;
import dev.dbmigrate.rehearse.SnapshotReader;
import dev.dbmigrate.rehearse.SnapshotSide;
import dev.dbmigrate.rehearse.SnapshotSides;
import dev.dbmigrate.report.SchemaReport;
import dev.dbmigrate.schema.Snapshot;
import dev.dbmigrate.schema.SnapshotJson;
import dev.dbmigrate.support.Messages;
import dev.dbmigrate.support.ProjectPaths;
import java.nio.file.Path;
import java.util.EnumSet;
import java.util.Map;
import java.util.Set;

/**
 * The schema goals as the front ends run them: {@code snapshot}, {@code diff} and {@code check} (drift). Each Maven
 * goal and CLI verb calls one of these methods.
 */
public final class SchemaCommands {
    /** The formats diff and check write. */
    private static final Set<OutputFormat> SCHEMA_FORMATS =
            EnumSet.of(OutputFormat.TEXT, OutputFormat.JSON, OutputFormat.MARKDOWN);

    private SchemaCommands() {}

    /**
     * Writes the snapshot of the environment {@code settings} describe, or with {@code -Dmigrate.from=migrations} of
     * what its migration files build, to {@code -Dmigrate.output} (default
     * {@code target/migrate/snapshot-<env|migrations>.json}).
     */
    public static Snapshot snapshot(MigrateSettings settings, MigrateListener listener) {
        String from = settings.options().from();
        if (from != null && !from.strip().equals(SnapshotSide.Migrations.WORD)) {
            throw new MigrateException(
                    ErrorCode.CONFIGURATION,
                    MigrateProperty.FROM.property() + " = '" + from.strip() + "' is not something snapshot reads;"
                            + " nothing was changed (use " + FixHint.set(MigrateProperty.FROM, "migrations")
                            + " for what the migration files build, or " + FixHint.set(MigrateProperty.ENV, "<env>")
                            + " for an environment)");
        }
        SnapshotSide side =
                from == null ? new SnapshotSide.Environment(settings) : new SnapshotSide.Migrations(settings);
        Snapshot snapshot;
        try (SnapshotReader reader = new SnapshotReader(settings, listener)) {
            snapshot = reader.read(side);
        }
        Path file = settings.options().output() != null
                ? settings.options().output()
                : settings.buildDir().resolve("migrate/snapshot-" + side.label() + ".json");
        OutputFile.write(file, SnapshotJson.write(snapshot), "the snapshot", "nothing else was changed");
        listener.info("Snapshot of " + side.label() + " written to " + shown(settings, file) + ": "
                + Messages.count(snapshot.size(), "object")
                + (snapshot.server().isEmpty() ? "" : " (" + snapshot.server() + ")"));
        snapshot.unmodelled().forEach(o -> listener.warn("not in the snapshot (a kind snapshots do not model): " + o));
        return snapshot;
    }

    /**
     * Compares {@code -Dmigrate.from} with {@code -Dmigrate.to} (each an environment, {@code migrations} or a snapshot
     * file) and prints or writes each difference; with {@code -Dmigrate.failOnDifference=true} it fails when they
     * differ.
     */
    public static Comparison diff(
            Map<String, String> values,
            Map<String, String> environment,
            Path projectDir,
            Path buildDir,
            MigrateListener listener) {
        SnapshotSides sides = new SnapshotSides(values, environment, projectDir, buildDir);
        SnapshotSide from = sides.parse(values.get(MigrateProperty.FROM.key()), MigrateProperty.FROM);
        SnapshotSide to = sides.parse(values.get(MigrateProperty.TO.key()), MigrateProperty.TO);
        // what the files build is read in the scope (schemas, history table) of the environment it is compared with
        MigrateSettings base = from instanceof SnapshotSide.Environment env
                ? env.settings()
                : to instanceof SnapshotSide.Environment env ? env.settings() : sides.defaults();
        Comparison comparison;
        try (SnapshotReader reader = new SnapshotReader(base, listener)) {
            if (from instanceof SnapshotSide.Migrations || to instanceof SnapshotSide.Migrations) {
                reader.startEarly(); // up by the time the other side is read
            }
            Snapshot a = reader.read(inScope(from, base));
            Snapshot b = reader.read(inScope(to, base));
            comparison = Comparison.of(from.label(), a, to.label(), b);
        }
        MigrateSettings settings = sides.defaults();
        report(
                settings,
                SchemaReport.diff(comparison, settings.options().format("diff", SCHEMA_FORMATS)),
                SchemaReport.headline(comparison),
                listener);
        comparison.notCompared().forEach(listener::warn);
        if (!comparison.equal() && settings.options().failOnDifference()) {
            throw new MigrateException(
                    ErrorCode.CHECK_FAILED,
                    "diff found " + Messages.count(comparison.differences().size(), "difference") + " between "
                            + comparison.from() + " and " + comparison.to() + ": "
                            + String.join("; ", comparison.lines()) + "; nothing was changed (diff only reads; make"
                            + " the two equal, or leave out " + FixHint.set(MigrateProperty.FAIL_ON_DIFFERENCE, "true")
                            + " to only report them)");
        }
        return comparison;
    }

    /**
     * The drift check of the environment {@code settings} describe: fails, listing every difference, when its schema
     * is not what its applied migrations build.
     */
    public static Drift check(MigrateSettings settings, MigrateListener listener) {
        Drift drift = DriftCheck.run(settings, listener);
        report(
                settings,
                SchemaReport.drift(drift, settings.options().format("check", SCHEMA_FORMATS)),
                SchemaReport.headline(drift),
                listener);
        drift.comparison().notCompared().forEach(listener::warn);
        if (drift.drifted()) {
            throw DriftCheck.failure(drift, settings);
        }
        return drift;
    }

    private static SnapshotSide inScope(SnapshotSide side, MigrateSettings base) {
        return side instanceof SnapshotSide.Migrations ? new SnapshotSide.Migrations(base) : side;
    }

    /**
     * The rendered report in the log, or in {@code -Dmigrate.output} with its headline in the log (the doctor's too).
     */
    static void report(MigrateSettings settings, String text, String headline, MigrateListener listener) {
        Path file = settings.options().output();
        if (file == null) {
            text.lines().forEach(listener::info);
            return;
        }
        OutputFile.write(file, text, "the report", "nothing else was changed");
        listener.info(headline + "; written to " + shown(settings, file));
    }

    private static String shown(MigrateSettings settings, Path file) {
        return ProjectPaths.shown(settings.projectDir(), file);
    }
}
