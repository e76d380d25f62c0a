package dev.dbmigrate.doctor;

import dev.dbmigrate.backup.PgTools;
import dev.dbmigrate.error.MigrateException;
import java.sql.SQLException;

/**
 * {@code pg_dump}, {@code pg_restore} and {@code psql} are there and {@code pg_dump} is not older than the server, as
 * a backup needs ({@link PgTools#requireUsableFor}, whose message names the fix).
 */
final class PgToolsCheck implements DoctorCheck {
    static final String NAME = "pg_dump/pg_restore";

    @Override
    public String name() {
        return NAME;
    }

    @Override
    public CheckOutcome run(DoctorContext context) throws SQLException {
        PgTools tools = PgTools.locate(context.settings().options().pgBinDir());
        try {
            tools.requireUsableFor(context.readOnly());
        } catch (MigrateException e) {
            return CheckOutcome.failedWith(
                    NAME, e.getMessage(), "install the PostgreSQL client of the server's version");
        }
        int server = context.serverVersionNum() / 10000;
        return CheckOutcome.pass(
                NAME,
                "pg_dump " + tools.version() + " (" + tools.pgDump() + "), pg_restore and psql found; PostgreSQL "
                        + server + " needs " + server + " or newer");
    }
}
