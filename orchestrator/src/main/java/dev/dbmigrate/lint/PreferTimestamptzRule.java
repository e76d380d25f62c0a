package dev.dbmigrate.lint;

/** A column of type {@code timestamp} ({@code timestamp without time zone}), where {@code timestamptz} is meant. */
final class PreferTimestamptzRule extends ColumnTypeRule {
    @Override
    public String id() {
        return "prefer-timestamptz";
    }

    @Override
    public String description() {
        return "timestamp without time zone stores a wall-clock time without its offset, so instants compare wrongly";
    }

    @Override
    public String alternative() {
        return "declare the column timestamptz (timestamp with time zone)";
    }

    @Override
    boolean matches(String typeName) {
        return typeName.equals("timestamp") || typeName.equals("timestamp without time zone");
    }

    @Override
    String risk() {
        return "which stores a wall-clock time without its offset, so the same value means different instants to"
                + " sessions in different time zones: use timestamptz";
    }
}
