package dev.dbmigrate.generate;

import dev.dbmigrate.change.Plan;
import dev.dbmigrate.change.PlannedMigration;
import dev.dbmigrate.config.MigrateSettings;
import dev.dbmigrate.engine.MigrationCreator;
import dev.dbmigrate.engine.MigrationFiles;
import dev.dbmigrate.engine.MigrationFiles.MigrationFile;
import dev.dbmigrate.error.ErrorCode;
import dev.dbmigrate.error.MigrateException;
import dev.dbmigrate.events.MigrateListener;
import dev.dbmigrate.history.Versions;
import dev.dbmigrate.rehearse.ChangeProof;
import dev.dbmigrate.support.Messages;
import java.io.IOException;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.Clock;
import java.time.ZoneOffset;
import java.time.ZonedDateTime;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.UUID;
import java.util.stream.Stream;

/**
 * Writes the generated files: first as candidates into a folder of their own under
 * {@code target/migrate/autogenerate} for the proof, then, proven, into the first location with the proof in their
 * opening comment. Nothing is written over an existing file, and a set is never left half written.
 */
final class Writer {
    private static final String PROOF_PENDING = "Proof: not yet run (a candidate for the proof).";

    private final MigrateSettings settings;
    private final Naming naming;
    private final String source;
    private final String created;

    Writer(MigrateSettings settings, Naming naming, String source, Clock clock) {
        this.settings = settings;
        this.naming = naming;
        this.source = source;
        this.created = ZonedDateTime.now(clock)
                        .truncatedTo(java.time.temporal.ChronoUnit.SECONDS)
                        .withZoneSameInstant(ZoneOffset.UTC)
                        .format(DateTimeFormatter.ISO_LOCAL_DATE_TIME)
                + "Z";
    }

    /** The versions of {@code count} new migrations, as {@code create} numbers them. */
    static List<String> versions(MigrateSettings settings, MigrateListener listener, Clock clock, int count) {
        return new MigrationCreator(settings, listener, clock).nextVersions(count);
    }

    /** The last version the project's files have, {@code 0} when they have none: what the undo scripts go back to. */
    static String previous(MigrateSettings settings) {
        return MigrationFiles.scan(settings.locations(), true).versioned().stream()
                .max(Comparator.comparing(MigrationFile::version, Versions.ORDER))
                .map(MigrationFile::versionText)
                .orElse("0");
    }

    /** The files of the planned migrations, one version each. */
    List<GeneratedFile> files(List<PlannedMigration> planned, List<String> versions, List<String> notes) {
        List<GeneratedFile> files = new ArrayList<>();
        for (int i = 0; i < planned.size(); i++) {
            PlannedMigration migration = planned.get(i);
            String slug = migration.phase() == dev.dbmigrate.change.Phase.MAIN
                    ? naming.slug()
                    : GeneratedFile.slug(migration, naming.message());
            files.add(new GeneratedFile(versions.get(i), slug, migration, i == 0 ? notes : List.of()));
        }
        return files;
    }

    /** Writes the candidates into a new folder under {@code target/migrate/autogenerate} and returns it. */
    Path candidates(List<GeneratedFile> files) {
        Path folder = settings.buildDir()
                .resolve("migrate/autogenerate")
                .resolve(UUID.randomUUID().toString().substring(0, 8))
                .toAbsolutePath();
        try {
            Files.createDirectories(folder);
            for (int i = 0; i < files.size(); i++) {
                GeneratedFile file = files.get(i);
                Files.writeString(
                        folder.resolve(file.fileName()), file.text(header(file, i, files.size()), PROOF_PENDING));
                Files.writeString(folder.resolve(file.undoFileName()), file.undoText(header(file, i, files.size())));
            }
        } catch (IOException e) {
            throw new MigrateException(
                    ErrorCode.ENVIRONMENT,
                    "could not write the generated migrations into " + folder + " for their proof: " + e.getMessage()
                            + "; nothing was written into the migrations (make the build folder writable)",
                    e);
        }
        return folder;
    }

    /** Writes the proven files into the first location; returns them, each migration before its undo script. */
    List<Path> write(List<GeneratedFile> files, Plan plan, ChangeProof.Result proof, String server) {
        Path folder = settings.locations().get(0);
        String proofText = proofText(files.size(), plan, proof, server);
        List<Path> written = new ArrayList<>();
        try {
            Files.createDirectories(folder);
            for (int i = 0; i < files.size(); i++) {
                GeneratedFile file = files.get(i);
                String header = header(file, i, files.size());
                written.add(create(folder.resolve(file.fileName()), file.text(header, proofText), written));
                written.add(create(folder.resolve(file.undoFileName()), file.undoText(header), written));
            }
        } catch (IOException e) {
            written.forEach(Writer::deleteQuietly);
            throw new MigrateException(
                    ErrorCode.CONFIGURATION,
                    "could not write the generated migrations into " + folder + ": " + e.getMessage()
                            + "; nothing was written (make the folder writable)",
                    e);
        }
        return written;
    }

    private static Path create(Path file, String text, List<Path> written) throws IOException {
        try {
            Files.writeString(file, text, StandardOpenOption.CREATE_NEW);
            return file;
        } catch (FileAlreadyExistsException e) {
            written.forEach(Writer::deleteQuietly);
            throw new MigrateException(
                    ErrorCode.CONFIGURATION,
                    file + " exists already; nothing was written (run again for new versions)");
        }
    }

    private String header(GeneratedFile file, int index, int count) {
        String part = count == 1 ? "" : " (part " + (index + 1) + " of " + count + " of this change)";
        return GeneratedFile.comment(naming.message())
                + GeneratedFile.comment("Version " + file.version() + part + ", generated " + created
                        + " by migrate:create -Dmigrate.autogenerate=true from " + source + ".")
                + GeneratedFile.comment("Review it before you commit it: \"always review auto-generated migrations\""
                        + " (the seed's rule).");
    }

    private static String proofText(int count, Plan plan, ChangeProof.Result proof, String server) {
        String migrations = count == 1 ? "this migration" : "the " + count + " migrations of this change";
        String schema = plan.held().isEmpty()
                ? "exactly the desired schema"
                : "exactly the desired schema but for what is held back";
        String rows = proof.tables() == 0
                ? "no table held rows (add sample data files D<version>__<name>.sql to prove rows survive)"
                : "the " + Messages.count((int) Math.min(Integer.MAX_VALUE, proof.rows()), "row") + " of "
                        + Messages.count(proof.tables(), "table") + " with rows survived both ways";
        return "Proof: in a throwaway database (" + server + ") built by the migrations before it, " + migrations
                + " gave " + schema + "; the undo scripts gave back exactly the schema before; applied again, "
                + schema + " again; " + rows + ".";
    }

    /** Deletes the candidates' folder once the files are written. */
    void deleteCandidates(Path folder) {
        try (Stream<Path> files = Files.list(folder)) {
            files.forEach(Writer::deleteQuietly);
        } catch (IOException e) {
            return; // a leftover folder under target/ costs disk only
        }
        deleteQuietly(folder);
    }

    private static void deleteQuietly(Path file) {
        try {
            Files.deleteIfExists(file);
        } catch (IOException ignored) {
            // named in no message: the caller's message says what was written
        }
    }
}
