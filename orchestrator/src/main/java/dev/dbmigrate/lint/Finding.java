package dev.dbmigrate.lint;

import java.nio.file.Path;

/**
 * One thing a rule found in the migration files.
 *
 * @param ruleId   the id of the rule that found it ({@link Rule#id()}), or {@link Suppression#INVALID} and
 *                 {@link Suppression#UNUSED} for a {@code -- migrate:allow} comment that is itself wrong
 * @param severity how much it weighs here (a rule's own severity, or less where the settings say so)
 * @param file     the file it is about, the one whose {@code -- migrate:allow} comment can silence it
 * @param line     the line in that file, or null when it is about the file as a whole
 * @param message  what is wrong and the fix, the same text the goals that refuse the file print
 */
public record Finding(String ruleId, Severity severity, Path file, Integer line, String message) {}
