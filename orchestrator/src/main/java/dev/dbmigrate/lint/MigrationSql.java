package dev.dbmigrate.lint;

import dev.dbmigrate.engine.MigrationFiles.MigrationFile;
import dev.dbmigrate.error.ErrorCode;
import dev.dbmigrate.error.MigrateException;
import dev.dbmigrate.sql.SqlScript;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;

/**
 * One migration's statements, read once for every rule.
 *
 * @param file          the migration
 * @param statements    its statements, in order; empty when it cannot be split ({@code problem})
 * @param createdTables the tables it creates ({@code CREATE [UNLOGGED | TEMP] TABLE name}) and the materialized views
 *                      ({@code CREATE MATERIALIZED VIEW name}, which hold rows and indexes as tables do); any other
 *                      table it names existed before it
 * @param problem       why its text cannot be split into statements (a string that never ends, a psql
 *                      meta-command), or null
 */
public record MigrationSql(
        MigrationFile file, List<LintStatement> statements, Set<ObjectName> createdTables, String problem) {
    /**
     * Reads and splits {@code file}; bytes that are not UTF-8 are read as replacement characters (the rule
     * {@code not-utf8} reports them).
     */
    static MigrationSql read(MigrationFile file) {
        List<LintStatement> statements;
        try {
            statements = SqlScript.parse(text(file.path())).stream()
                    .map(LintStatement::of)
                    .toList();
        } catch (IllegalArgumentException e) {
            return new MigrationSql(file, List.of(), Set.of(), e.getMessage());
        }
        Set<ObjectName> created = new LinkedHashSet<>();
        for (LintStatement s : statements) {
            s.createdTable().ifPresent(created::add);
            if (s.startsWith("CREATE", "MATERIALIZED", "VIEW")) {
                s.nameAt(3).ifPresent(created::add);
            }
        }
        return new MigrationSql(file, statements, Set.copyOf(created), null);
    }

    private static String text(Path path) {
        try {
            return new String(Files.readAllBytes(path), StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new MigrateException(
                    ErrorCode.CONFIGURATION,
                    "could not read " + path + ": " + e.getMessage()
                            + "; nothing was changed (check that the file exists and is readable)",
                    e);
        }
    }

    /** Whether {@code table} existed before this migration: it is not one that this migration creates. */
    public boolean existedBefore(ObjectName table) {
        return createdTables.stream().noneMatch(table::sameAs);
    }

    /**
     * Whether {@code table} existed when {@code statement} (one of {@link #statements}) runs: no statement of this
     * migration before it creates it. A drop before a {@code CREATE TABLE} of the same name (a table dropped and made
     * again) is a drop of the existing table.
     */
    public boolean existedBefore(ObjectName table, LintStatement statement) {
        if (existedBefore(table)) {
            return true; // the migration never creates it
        }
        for (LintStatement s : statements) {
            if (s == statement) {
                return true;
            }
            if (s.createdTable().filter(table::sameAs).isPresent()) {
                return false;
            }
        }
        return true;
    }

    /** Whether the script manages its own transaction ({@code BEGIN}, {@code START TRANSACTION}, {@code COMMIT}). */
    public boolean managesTransaction() {
        return statements.stream()
                .anyMatch(s -> s.startsWith("BEGIN") || s.startsWith("START", "TRANSACTION") || s.startsWith("COMMIT"));
    }

    /** Whether upgrade runs it outside a transaction: one of its statements cannot run inside one. */
    public boolean runsWithoutTransaction() {
        return statements.stream().anyMatch(LintStatement::outsideTransaction);
    }
}
