package dev.dbmigrate.lint;

/** How much a finding weighs: an error is a migration that must not ship as it is, a warning one to look at. */
public enum Severity {
    ERROR,
    WARNING
}
