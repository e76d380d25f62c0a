package dev.dbmigrate.config;

/** Where the database connection came from, in precedence order. */
public enum ConnectionSource {
    /** {@code -Dmigrate.url}, the POM's {@code <url>} or the CLI's {@code --url}. */
    EXPLICIT(MigrateProperty.URL.property()),
    /** The environment profile's {@code url}. */
    PROFILE("profile"),
    /** The {@code DATABASE_URL} environment variable. */
    DATABASE_URL("DATABASE_URL"),
    /** The embedded PostgreSQL under the build folder. */
    EMBEDDED("embedded PostgreSQL");

    private final String label;

    ConnectionSource(String label) {
        this.label = label;
    }

    public String label() {
        return label;
    }
}
