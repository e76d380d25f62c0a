package dev.dbmigrate.support;

import java.sql.Connection;
import java.sql.Driver;
import java.sql.SQLException;
import java.util.Properties;

/**
 * Opens JDBC connections with PostgreSQL's driver itself, not through {@code DriverManager}: DriverManager looks for
 * drivers once per JVM, with the context class loader of the thread that asks first, and in the Maven plugin on JDK 25
 * that is a thread of the common pool (the connection opened while the migration files are read), which cannot see the
 * plugin's driver: every goal failed with "No suitable driver found".
 */
public final class PostgresDriver {
    private static final Driver DRIVER = new org.postgresql.Driver();

    private PostgresDriver() {}

    /** Opens a connection to {@code jdbcUrl}, as {@code DriverManager.getConnection} would, with the same failures. */
    public static Connection connect(String jdbcUrl, Properties properties) throws SQLException {
        Connection connection = DRIVER.connect(jdbcUrl, properties);
        if (connection == null) {
            throw new SQLException("No suitable driver found for " + jdbcUrl, "08001");
        }
        return connection;
    }
}
