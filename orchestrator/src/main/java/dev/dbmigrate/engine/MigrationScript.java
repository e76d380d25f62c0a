package dev.dbmigrate.engine;

import dev.dbmigrate.engine.MigrationFiles.MigrationFile;
import dev.dbmigrate.history.Checksum;
import dev.dbmigrate.sql.SqlScript;
import dev.dbmigrate.sql.SqlStatement;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * A versioned script, read as strict UTF-8, with Flyway's checksum and its statements (or why this project's
 * parser cannot split it). A script larger than {@link #STREAM_ABOVE_BYTES} is read as a stream instead and
 * only what the plan needs of it is kept ({@code streamed}; no text, no statements).
 */
record MigrationScript(String text, int checksum, List<SqlStatement> statements, String parseError, Streamed streamed) {
    /**
     * Scripts larger than this are not held in memory but read as they are sent (8 MiB: a hundred times the
     * largest script of a usual project, a small part of the smallest heap the tool runs in).
     */
    static final long STREAM_ABOVE_BYTES = 8L << 20;

    /** Reads and parses a script; a file that is not UTF-8 fails here, naming its line, before anything runs. */
    static MigrationScript read(Path file) {
        try {
            if (size(file) > STREAM_ABOVE_BYTES) {
                return readStreamed(file);
            }
            String text = MigrationFiles.read(file);
            List<SqlStatement> statements = null;
            String error = null;
            try {
                statements = SqlScript.parse(text);
            } catch (IllegalArgumentException e) {
                error = e.getMessage();
            }
            return new MigrationScript(text, Checksum.ofText(text), statements, error, null);
        } catch (OutOfMemoryError e) {
            throw ScriptMemory.exceeded(file, "reading it", "upgrade", e);
        }
    }

    /** Reads a large script once, statement by statement, keeping what the plan needs. */
    private static MigrationScript readStreamed(Path file) {
        try (ScriptReader reader = ScriptReader.open(file)) {
            int count = 0;
            int outside = 0;
            boolean settings = false;
            String error = null;
            try {
                SqlScript.Statements statements = SqlScript.stream(reader);
                for (SqlStatement s = statements.next(); s != null; s = statements.next()) {
                    count++;
                    outside += s.requiresNoTransaction() ? 1 : 0;
                    settings = settings || ScriptRunner.changesSettings(List.of(s));
                }
            } catch (IllegalArgumentException e) {
                error = e.getMessage();
                reader.drain();
            }
            return new MigrationScript(
                    null,
                    reader.checksum(),
                    null,
                    error,
                    new Streamed(count, outside, settings, reader.mayHoldPlaceholders()));
        }
    }

    static long size(Path file) {
        try {
            return java.nio.file.Files.size(file);
        } catch (java.io.IOException e) {
            return 0; // reading it says what is wrong
        }
    }

    /** Whether the script holds {@code ${}, which Flyway may take for a placeholder. */
    boolean mayHoldPlaceholders() {
        return streamed == null ? text.contains("${") : streamed.placeholders();
    }

    /** How many statements the script has (0 when it cannot be split). */
    int statementCount() {
        return streamed == null ? statements == null ? 0 : statements.size() : streamed.statements();
    }

    /**
     * Reads every file, on all cores (nothing else runs yet: the server waits for the plan). The first file in
     * the given order that cannot be read fails the whole, as a one-by-one read would.
     */
    static Map<Path, MigrationScript> readAll(List<MigrationFile> files) {
        List<Object> read = files.parallelStream()
                .map(f -> {
                    try {
                        return (Object) read(f.path());
                    } catch (RuntimeException e) {
                        return e;
                    }
                })
                .toList();
        Map<Path, MigrationScript> scripts = new HashMap<>();
        for (int i = 0; i < files.size(); i++) {
            if (read.get(i) instanceof RuntimeException e) {
                throw e;
            }
            scripts.put(files.get(i).path(), (MigrationScript) read.get(i));
        }
        return scripts;
    }

    /**
     * What one reading of a script too large to hold found: how many statements, how many of them cannot run in a
     * transaction, whether one may change a session setting, whether it holds {@code ${}.
     */
    record Streamed(int statements, int outsideTransaction, boolean changesSettings, boolean placeholders) {}
}
