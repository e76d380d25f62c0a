package dev.dbmigrate.lint;

import dev.dbmigrate.engine.MigrationFiles;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Set;

/** Migration files in a folder, linted with every rule: what the statement rules' tests share. */
final class StatementRules {
    /** The ids of the lock, index and constraint rules (issue 16, group F). */
    static final Set<String> GROUP_F = Set.of(
            "create-index-not-concurrent",
            "concurrent-in-transaction",
            "index-beside-changes",
            "constraint-not-valid",
            "unique-without-index",
            "validate-same-transaction",
            "set-not-null",
            "table-rewrite",
            "volatile-default",
            "lock-timeout-missing",
            "enum-value-used");

    private final Path dir;

    StatementRules(Path dir) {
        this.dir = dir;
    }

    /** Writes the migration {@code name} with {@code lines}. */
    StatementRules write(String name, String... lines) throws Exception {
        Files.writeString(dir.resolve(name), String.join("\n", lines) + "\n");
        return this;
    }

    /** Every rule's result, with the profile's {@code lockTimeout} (or null). */
    Lint.Result lint(String lockTimeout) {
        return new Lint(Rules.all())
                .run(new LintContext(MigrationFiles.scan(List.of(dir), false), false, false, lockTimeout));
    }

    /** The findings of group F's rules, with a profile {@code lockTimeout} of 5s. */
    List<Finding> found() {
        return found("5s");
    }

    /** The findings of group F's rules, with the profile's {@code lockTimeout} (or null). */
    List<Finding> found(String lockTimeout) {
        return lint(lockTimeout).findings().stream()
                .filter(f -> GROUP_F.contains(f.ruleId()))
                .toList();
    }

    /** The finding's rule id, line and message, for one assertion: "create-index-not-concurrent 1 V2__x.sql ...". */
    static String shown(Finding f) {
        return f.ruleId() + " " + f.severity() + " " + f.line() + " " + f.message();
    }

    /** Every finding of {@code findings}, {@link #shown}. */
    static List<String> shown(List<Finding> findings) {
        return findings.stream().map(StatementRules::shown).toList();
    }
}
