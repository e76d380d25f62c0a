package dev.dbmigrate.generate;

import dev.dbmigrate.change.Change;
import dev.dbmigrate.change.ChangeOptions;
import dev.dbmigrate.change.Plan;
import dev.dbmigrate.change.PlannedMigration;
import dev.dbmigrate.change.Planner;
import dev.dbmigrate.config.MigrateSettings;
import dev.dbmigrate.config.MigrateSettings.LintScope;
import dev.dbmigrate.engine.MigrationFiles;
import dev.dbmigrate.error.ErrorCode;
import dev.dbmigrate.error.MigrateException;
import dev.dbmigrate.events.MigrateListener;
import dev.dbmigrate.lint.LintReport;
import dev.dbmigrate.lint.LintRun;
import dev.dbmigrate.rehearse.Canonical;
import dev.dbmigrate.rehearse.ChangeProof;
import dev.dbmigrate.rehearse.MigrationsBuild;
import dev.dbmigrate.rehearse.ScratchServer;
import dev.dbmigrate.schema.Snapshot;
import dev.dbmigrate.support.Background;
import java.nio.file.Path;
import java.sql.SQLException;
import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.CompletableFuture;

/**
 * {@code create -Dmigrate.autogenerate=true}: the migrations that turn what the project's migration files build into
 * the desired schema (a declarative SQL file or the JPA entities), each with its undo script, proven before anything
 * is written. Both schemas are built in throwaway databases on the scratch server and read as snapshots; the
 * {@link Planner} writes the changes the seed's way; the files go to a folder of their own under
 * {@code target/migrate/autogenerate}, where {@link ChangeProof} applies them through the engine over the sample data,
 * undoes them and applies them again; only when every step gives exactly the expected schema and keeps every row are
 * they written into the first location.
 */
public final class Autogenerate {
    private final MigrateSettings settings;
    private final MigrateListener listener;
    private final Clock clock;
    private final List<Path> classpath;

    private Autogenerate(MigrateSettings settings, MigrateListener listener, Clock clock, List<Path> classpath) {
        this.settings = settings;
        this.listener = listener;
        this.clock = clock;
        this.classpath = classpath;
    }

    /**
     * Generates, proves and writes the migrations of {@code message}.
     *
     * @param classpath the project's class path, where {@code schemaSource=jpa} finds the entities (else unused)
     */
    public static Generated run(
            MigrateSettings settings, String message, MigrateListener listener, Clock clock, List<Path> classpath) {
        return new Autogenerate(settings, listener, clock, classpath).generate(message);
    }

    private Generated generate(String rawMessage) {
        Naming naming = Naming.of(rawMessage);
        ChangeOptions options = Renames.options(settings);
        try (ScratchServer scratch = ScratchServer.start(settings, listener)) {
            Sides sides = build(scratch);
            Source source = sides.source();
            Snapshot raw = sides.desired();
            String current = sides.current();
            Canonical.Pair pair = Canonical.of(scratch, settings, sides.built(), raw);
            Snapshot from = pair.first();
            Snapshot to = pair.second();
            if (!raw.unmodelled().isEmpty()) {
                listener.warn("autogenerate: not generated, write these by hand (the snapshot does not model them): "
                        + String.join(", ", raw.unmodelled()));
            }
            Plan plan = Renames.plan(from, to, options);
            plan.notes().forEach(note -> listener.warn("autogenerate: " + note));
            if (plan.onlyHeld()) {
                List<String> held = plan.held().stream().map(Change::summary).toList();
                listener.warn("Nothing to change but what is held back as destructive: " + String.join("; ", held)
                        + "; nothing was written (rerun with -Dmigrate.allowDestructive=true to write it as"
                        + " statements, once the data is safe)");
                return new Generated(List.of(), held, plan.notes(), 0);
            }
            if (plan.isEmpty()) {
                listener.info("Nothing to change: the migrations in "
                        + DesiredSchema.shown(settings, settings.locations().get(0)) + " already build "
                        + source.description()
                        + "; nothing was written");
                return new Generated(List.of(), List.of(), plan.notes(), 0);
            }
            List<PlannedMigration> planned = plan.migrations();
            List<String> versions = Writer.versions(settings, listener, clock, planned.size());
            Writer writer = new Writer(settings, naming, source.description(), clock);
            List<GeneratedFile> files = writer.files(planned, versions, plan.notes());
            return proveAndWrite(scratch, writer, files, plan, to, from.server(), current);
        } catch (SQLException e) {
            throw new MigrateException(
                    ErrorCode.ENVIRONMENT,
                    "autogenerate could not read a throwaway database on the scratch PostgreSQL (" + e.getMessage()
                            + "); nothing was written; delete target/migrate/scratch and run again",
                    e);
        }
    }

    /**
     * Proves the candidates in a throwaway database (current, + V, + U, + V again, each compared) and, when they pass,
     * writes them into the first location; the lint reads them while the proof runs them.
     */
    private Generated proveAndWrite(
            ScratchServer scratch,
            Writer writer,
            List<GeneratedFile> files,
            Plan plan,
            Snapshot to,
            String server,
            String current) {
        Path candidates = writer.candidates(files);
        MigrateSettings withChange = settings.withLocations(withFolder(candidates));
        // the lint reads the candidates while the proof runs them: the one waits on the scratch server, the other
        // on this machine's other core
        CompletableFuture<LintReport> lint = Background.supply(() -> LintRun.run(withChange, LintScope.ALL, quiet()));
        ChangeProof.Result proof;
        try {
            proof = ChangeProof.prove(
                    scratch, withChange, current, Writer.previous(settings), plan.expected(to), plan.lost(), quiet());
        } finally {
            lint.exceptionally(failure -> null).join(); // the candidates outlive the work on them
        }
        if (!proof.passed()) {
            throw unproven(proof, candidates);
        }
        List<Path> written = writer.write(files, plan, proof, server);
        List<String> findings = lintFindings(Background.join(lint), candidates);
        writer.deleteCandidates(candidates);
        return report(plan, written, proof, findings);
    }

    /**
     * Both schemas, built side by side on the scratch server: what the migrations build (its database kept for the
     * proof) on this thread, the desired schema on another.
     */
    private record Sides(String current, Snapshot built, Source source, Snapshot desired) {}

    private Sides build(ScratchServer scratch) throws SQLException {
        int major = scratch.major();
        CompletableFuture<Sides> desired = Background.supply(() -> {
            Source source = Source.of(settings, classpath, major, listener);
            String name = scratch.newDatabase("desired");
            DesiredSchema.load(scratch, name, settings.schemas(), source.scripts());
            return new Sides(null, null, source, read(scratch, name));
        });
        try {
            String current = ChangeProof.buildCurrent(scratch, settings, quiet());
            Snapshot built = MigrationsBuild.snapshot(scratch, current, settings);
            Sides other = Background.join(desired);
            return new Sides(current, built, other.source(), other.desired());
        } finally {
            desired.exceptionally(failure -> null).join(); // the scratch server outlives the work on it
        }
    }

    private Snapshot read(ScratchServer scratch, String name) {
        try {
            return MigrationsBuild.snapshot(scratch, name, settings);
        } catch (SQLException e) {
            throw new MigrateException(
                    ErrorCode.ENVIRONMENT,
                    "autogenerate could not read the desired schema's throwaway database on the scratch PostgreSQL ("
                            + e.getMessage() + "); nothing was written; delete target/migrate/scratch and run again",
                    e);
        }
    }

    private Generated report(Plan plan, List<Path> written, ChangeProof.Result proof, List<String> findings) {
        List<String> warnings = new ArrayList<>();
        plan.migrations().forEach(migration -> warnings.addAll(migration.warnings()));
        warnings.forEach(warning -> listener.warn("autogenerate: " + warning));
        warnings.addAll(plan.notes());
        for (Path file : written) {
            listener.info("Created " + DesiredSchema.shown(settings, file));
        }
        List<String> held = plan.held().stream().map(Change::summary).toList();
        if (!held.isEmpty()) {
            listener.warn("autogenerate: held back, written commented out (destructive; rerun with"
                    + " -Dmigrate.allowDestructive=true to write them as statements): " + String.join("; ", held));
        }
        findings.forEach(finding -> listener.warn("autogenerate: " + finding));
        if (findings.isEmpty()) {
            listener.info("The lint rules find nothing in the generated migrations");
        }
        warnings.addAll(findings);
        listener.info("Review the generated migrations before you commit them (what they do, their warnings and"
                + " their proof open each file); rehearse them with migrate:test-rollback");
        return new Generated(written, held, warnings, proof.tables());
    }

    /**
     * The lint rules' findings about the generated files (as migrate:lint reports them, under this environment's
     * profile, the project's migrations and the candidates together): the planner writes the seed's safe forms, so a
     * finding names what the reviewer must weigh (a rewrite the desired schema asks for, no lock timeout in the
     * profile). The candidates are the written files but for the header that records the proof.
     */
    private static List<String> lintFindings(LintReport lint, Path candidates) {
        return lint.findings().stream()
                .filter(f -> f.file() != null && f.file().toAbsolutePath().startsWith(candidates.toAbsolutePath()))
                .map(f ->
                        "lint " + f.severity().name().toLowerCase(Locale.ROOT) + " " + f.ruleId() + ": " + f.message())
                .toList();
    }

    private MigrateException unproven(ChangeProof.Result proof, Path candidates) {
        return new MigrateException(
                ErrorCode.CHECK_FAILED,
                "the generated migrations failed their proof in a throwaway database, so nothing was written:\n  "
                        + String.join("\n  ", proof.problems()) + "\n(the candidates are in "
                        + DesiredSchema.shown(settings, candidates)
                        + " to read; change the desired schema, or write this migration by hand with migrate:create,"
                        + " and report the case)");
    }

    /** The locations that hold migrations (a new project's may be empty or missing), then the candidates'. */
    private List<Path> withFolder(Path candidates) {
        List<Path> locations = new ArrayList<>();
        for (Path location : settings.locations()) {
            if (!MigrationFiles.scan(List.of(location), true).versioned().isEmpty()) {
                locations.add(location);
            }
        }
        locations.add(candidates);
        return locations;
    }

    /** The engine's lines about the throwaway databases are detail; its warnings stay warnings. */
    private MigrateListener quiet() {
        return event -> {
            if (event instanceof dev.dbmigrate.events.MigrateEvent.Message m
                    && m.level() == dev.dbmigrate.events.MigrateEvent.Level.WARN) {
                listener.warn("autogenerate: " + m.text());
            } else if (event instanceof dev.dbmigrate.events.MigrateEvent.Message m) {
                listener.debug("autogenerate: " + m.text());
            }
        };
    }
}
