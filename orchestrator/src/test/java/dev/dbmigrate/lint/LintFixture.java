package dev.dbmigrate.lint;

import dev.dbmigrate.engine.MigrationFiles;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

/** Migration files in a folder, linted by every rule: what the rule tests write and what they ask of the findings. */
final class LintFixture {
    private final Path dir;

    LintFixture(Path dir) {
        this.dir = dir;
    }

    /** Writes the migration {@code name} with these lines. */
    LintFixture write(String name, String... lines) throws Exception {
        Files.writeString(dir.resolve(name), String.join("\n", lines) + "\n");
        return this;
    }

    /**
     * Runs every rule (undo scripts not required, so that missing-undo stays a warning these tests ignore; under a
     * profile lockTimeout, so that lock-timeout-missing, tested on its own, stays out of these findings).
     */
    Lint.Result lint() {
        return new Lint(Rules.all()).run(new LintContext(MigrationFiles.scan(List.of(dir), false), false, false, "5s"));
    }

    /** The findings of the rule {@code id}, unsilenced. */
    List<Finding> findings(String id) {
        return lint().findings().stream().filter(f -> f.ruleId().equals(id)).toList();
    }

    /** The messages of the findings of the rule {@code id}. */
    List<String> messages(String id) {
        return findings(id).stream().map(Finding::message).toList();
    }

    /** The path of the migration {@code name}. */
    Path path(String name) {
        return dir.resolve(name);
    }
}
