package dev.dbmigrate.trace;

import java.nio.file.Path;

/**
 * Where what a migration measurably did and what the static rules said about it differ.
 *
 * @param file    the migration's file
 * @param script  its path relative to its location
 * @param line    the statement's line
 * @param ruleId  the rule concerned ({@code table-rewrite}, {@code lock-timeout-missing}, ...)
 * @param kind    which way they differ
 * @param message what was measured and what the rule said, in one line
 */
public record Disagreement(Path file, String script, int line, String ruleId, Kind kind, String message) {
    /** Which way the measurement and the rule differ. */
    public enum Kind {
        /** The trace measured what the rule is about, and the rule did not flag it. */
        MISSED,
        /** The rule flagged what the trace did not measure. */
        FLAGGED_WRONGLY
    }

    /** {@code V3__widen.sql:2: a rule missed a rewrite: ...}. */
    public String text() {
        return script + ":" + line + ": " + message;
    }
}
