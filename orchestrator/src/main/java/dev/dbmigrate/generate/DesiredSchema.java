package dev.dbmigrate.generate;

import dev.dbmigrate.config.MigrateProperty;
import dev.dbmigrate.config.MigrateSettings;
import dev.dbmigrate.error.ErrorCode;
import dev.dbmigrate.error.MigrateException;
import dev.dbmigrate.rehearse.ScratchServer;
import dev.dbmigrate.sql.SqlScript;
import dev.dbmigrate.sql.SqlStatement;
import dev.dbmigrate.support.ProjectPaths;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.stream.Stream;

/**
 * The desired schema of {@code create -Dmigrate.autogenerate=true}, loaded into a throwaway database: the SQL of
 * {@code -Dmigrate.schemaFile} (a file, or a folder whose {@code .sql} files are read in name order), or the script
 * Hibernate writes for the JPA entities. Every script runs in one transaction, with the managed schemas as search
 * path, so an unqualified name lands in the first of them that exists (the script creates the others it uses).
 */
final class DesiredSchema {
    /** Where the declarative schema is read from when {@code schemaFile} is not given. */
    static final String DEFAULT_FILE = "src/main/resources/db/schema.sql";

    /** One script of the desired schema: where it came from (a file's path, or a description) and its SQL. */
    record Script(String origin, String sql) {}

    private DesiredSchema() {}

    /** The scripts of the declarative schema of {@code settings}, in the order they run. */
    static List<Script> sqlFiles(MigrateSettings settings) {
        Path given = settings.options().schemaFile();
        Path path = given != null ? given : settings.projectDir().resolve(DEFAULT_FILE);
        String shown = shown(settings, path);
        if (!Files.exists(path)) {
            throw new MigrateException(
                    ErrorCode.CONFIGURATION,
                    "the desired schema " + shown + " does not exist; nothing was written (write the schema as CREATE"
                            + " statements there, point " + MigrateProperty.SCHEMA_FILE.property() + " at your file"
                            + " or folder, or use " + MigrateProperty.SCHEMA_SOURCE.property() + "=jpa)");
        }
        List<Path> files = Files.isDirectory(path) ? sqlFilesIn(path, shown) : List.of(path);
        List<Script> scripts = new ArrayList<>();
        for (Path file : files) {
            try {
                scripts.add(new Script(shown(settings, file), Files.readString(file)));
            } catch (IOException e) {
                throw new MigrateException(
                        ErrorCode.CONFIGURATION,
                        "could not read the desired schema " + shown(settings, file) + ": " + e.getMessage()
                                + "; nothing was written (make it readable)",
                        e);
            }
        }
        return scripts;
    }

    private static List<Path> sqlFilesIn(Path folder, String shown) {
        List<Path> files;
        try (Stream<Path> walk = Files.walk(folder)) {
            files = walk.filter(f ->
                            Files.isRegularFile(f) && f.getFileName().toString().endsWith(".sql"))
                    .sorted()
                    .toList();
        } catch (IOException e) {
            throw new MigrateException(
                    ErrorCode.CONFIGURATION,
                    "could not read the desired schema folder " + shown + ": " + e.getMessage()
                            + "; nothing was written (make it readable)",
                    e);
        }
        if (files.isEmpty()) {
            throw new MigrateException(
                    ErrorCode.CONFIGURATION,
                    "the desired schema folder " + shown + " holds no .sql file; nothing was written (put the"
                            + " schema's CREATE statements into .sql files there, read in name order)");
        }
        return files;
    }

    /**
     * Runs {@code scripts} in database {@code name} on the scratch server, in one transaction.
     *
     * @throws MigrateException naming the script, the line and PostgreSQL's error when one fails
     */
    static void load(ScratchServer scratch, String name, List<String> schemas, List<Script> scripts) {
        try (Connection c = scratch.connect(name)) {
            c.setAutoCommit(false);
            try (Statement s = c.createStatement()) {
                prepare(s, schemas);
                for (Script script : scripts) {
                    s.execute(script.sql());
                }
                c.commit();
            } catch (SQLException e) {
                c.rollback();
                // the whole script ran as one: run it again statement by statement to name the line that fails
                throw new MigrateException(
                        ErrorCode.CONFIGURATION,
                        failure(c, schemas, scripts).orElse(e.getMessage().strip()),
                        e);
            }
        } catch (SQLException e) {
            throw new MigrateException(
                    ErrorCode.ENVIRONMENT,
                    "could not load the desired schema into a throwaway database on the scratch PostgreSQL ("
                            + e.getMessage() + "); nothing was written; delete target/migrate/scratch and run again",
                    e);
        }
    }

    private static void prepare(Statement s, List<String> schemas) throws SQLException {
        s.execute("SELECT set_config('search_path', '"
                + String.join(", ", schemas.stream().map(DesiredSchema::quoted).toList())
                        .replace("'", "''")
                + "', true)");
    }

    /** The failure of the first statement that fails, with its script and line; rolled back. */
    private static Optional<String> failure(Connection c, List<String> schemas, List<Script> scripts)
            throws SQLException {
        try (Statement s = c.createStatement()) {
            prepare(s, schemas);
            for (Script script : scripts) {
                List<SqlStatement> statements;
                try {
                    statements = SqlScript.parse(script.sql());
                } catch (IllegalArgumentException e) {
                    return Optional.of(failed(script.origin(), "", e.getMessage()));
                }
                for (SqlStatement statement : statements) {
                    try {
                        s.execute(statement.sql());
                    } catch (SQLException e) {
                        return Optional.of(failed(script.origin(), " at line " + statement.line(), e.getMessage()));
                    }
                }
            }
            return Optional.empty();
        } finally {
            c.rollback();
        }
    }

    private static String failed(String origin, String where, String error) {
        return "the desired schema " + origin + " failed" + where + ": " + error.strip()
                + "; nothing was written (fix the schema: it must build an empty database from nothing, as CREATE"
                + " statements)";
    }

    private static String quoted(String schema) {
        return "\"" + schema.replace("\"", "\"\"") + "\"";
    }

    /** {@code path} relative to the project when it lies inside it, else absolute: as messages and files name it. */
    static String shown(MigrateSettings settings, Path path) {
        return ProjectPaths.shown(settings.projectDir(), path);
    }
}
