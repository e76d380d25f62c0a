package dev.dbmigrate.lint;

import dev.dbmigrate.engine.MigrationFiles;
import dev.dbmigrate.engine.MigrationFiles.MigrationFile;
import dev.dbmigrate.error.ErrorCode;
import dev.dbmigrate.error.MigrateException;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * A migration, undo script or repeatable migration that is not valid UTF-8 (the encoding Flyway reads it in), read as
 * upgrade reads it ({@link MigrationFiles#requireUtf8}); the finding has the line of the first byte that is not.
 */
final class NotUtf8Rule implements Rule {
    /** The line in the message {@link MigrationFiles#read} writes: "byte 9 (line 1) cannot be read". */
    private static final Pattern LINE = Pattern.compile("\\(line ([0-9]+)\\) cannot be read");

    @Override
    public String id() {
        return "not-utf8";
    }

    @Override
    public Severity severity() {
        return Severity.ERROR;
    }

    @Override
    public String description() {
        return "a migration file is valid UTF-8, the encoding Flyway reads it in";
    }

    @Override
    public String alternative() {
        return "save the file as UTF-8";
    }

    @Override
    public boolean silenceable() {
        return false;
    }

    @Override
    public List<Finding> check(LintContext context) {
        List<Finding> findings = new ArrayList<>();
        for (MigrationFile f : context.migrations()) {
            try {
                MigrationFiles.requireUtf8(f.path());
            } catch (MigrateException e) {
                if (e.code() != ErrorCode.VALIDATION) {
                    throw e; // the file cannot be read at all: lint cannot judge it
                }
                Matcher line = LINE.matcher(e.getMessage());
                findings.add(finding(f.path(), line.find() ? Integer.valueOf(line.group(1)) : null, e.getMessage()));
            }
        }
        return findings;
    }
}
