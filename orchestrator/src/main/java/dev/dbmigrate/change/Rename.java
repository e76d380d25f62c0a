package dev.dbmigrate.change;

/**
 * A rename the user confirmed, as {@code -Dmigrate.rename} gives it: {@code table.old:new} renames a column of
 * {@code table} (which may be schema-qualified), {@code old:new} where {@code old} names a table renames the table.
 *
 * @param from the name before the colon, as given
 * @param to   the new name after the colon, as given
 */
public record Rename(String from, String to) {}
