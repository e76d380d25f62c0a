package dev.dbmigrate.flyway;

import java.nio.file.Path;
import java.util.List;

/**
 * What Flyway needs to know about one database and one project.
 *
 * @param jdbcUrl         the database (no credentials in it)
 * @param user            the user, or null
 * @param password        the password, or null
 * @param schemas         managed schemas; the first holds the history table
 * @param locations       migration folders
 * @param table           the history table
 * @param target          the target version, or null for the latest
 * @param baselineVersion the baseline version, or null
 * @param outOfOrder      apply older pending migrations too
 * @param initSql         SQL run on every new connection (session timeouts), or null
 */
public record FlywaySetup(
        String jdbcUrl,
        String user,
        String password,
        List<String> schemas,
        List<Path> locations,
        String table,
        String target,
        String baselineVersion,
        boolean outOfOrder,
        String initSql) {
    @Override
    public String toString() {
        return "FlywaySetup[" + jdbcUrl + ", user=" + user + ", password=<masked>, schemas=" + schemas + "]";
    }
}
