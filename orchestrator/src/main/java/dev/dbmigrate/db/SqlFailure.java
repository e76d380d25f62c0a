package dev.dbmigrate.db;

import java.sql.SQLException;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * What kind of failure a PostgreSQL error is, by its SQLSTATE: the one place that reads SQLSTATEs, so that a permission
 * error is never reported as a connection failure, nor a lost connection as a wrong query.
 *
 * <p>See PostgreSQL's "Appendix A. PostgreSQL Error Codes". A state the driver did not set (a {@code null}) counts as
 * {@link #OTHER}; pgjdbc sets class 08 itself for connections that could not be made or were lost.
 */
public enum SqlFailure {
    /** Class 08: the server could not be reached, or the connection broke. */
    CONNECTION("the database could not be reached or the connection broke"),
    /** Class 28: the login was refused (wrong user or password, or pg_hba.conf). */
    AUTHENTICATION("the login was refused"),
    /** 3D000: the database named in the URL does not exist. */
    DATABASE_MISSING("the database does not exist"),
    /** 42501: the role lacks a privilege (a table, a schema, or CONNECT on the database). */
    INSUFFICIENT_PRIVILEGE("permission denied"),
    /** 57014: the statement was cancelled (statement_timeout, or a cancel request). */
    CANCELLED("the statement was cancelled"),
    /** 57P01 to 57P05: the server shut down or ended the session. */
    SERVER_SHUTDOWN("the server ended the session"),
    /** 55P03: lock_timeout ran out, or NOWAIT found the lock taken. */
    LOCK_TIMEOUT("a lock could not be taken in time"),
    /** 40001: a serializable transaction conflicted with another. */
    SERIALIZATION("the transaction conflicted with another (serialization failure)"),
    /** 40P01: a deadlock; PostgreSQL cancelled this side. */
    DEADLOCK("a deadlock was detected"),
    /** 42P01, 42703, 42883, 42704, 3F000: a table, column, function, object or schema that does not exist. */
    UNDEFINED_OBJECT("an object the statement names does not exist"),
    /** 25006: a write inside a read-only transaction. */
    READ_ONLY("a write was attempted in a read-only transaction"),
    /** Anything else: a wrong statement, a constraint, ... */
    OTHER("the statement failed");

    private final String description;

    SqlFailure(String description) {
        this.description = description;
    }

    /** The kind of {@code e}, by its SQLSTATE; for a batch, the state of the statement that failed when known. */
    public static SqlFailure of(SQLException e) {
        if (e == null) {
            return OTHER;
        }
        SqlFailure kind = of(e.getSQLState());
        if (kind == OTHER && e.getNextException() != null && e.getNextException() != e) {
            return of(e.getNextException().getSQLState());
        }
        return kind;
    }

    /** The kind of a SQLSTATE; {@code null} or unknown is {@link #OTHER}. */
    public static SqlFailure of(String sqlState) {
        String state = sqlState == null ? "" : sqlState;
        if (state.startsWith("08")) {
            return CONNECTION;
        }
        if (state.startsWith("28")) {
            return AUTHENTICATION;
        }
        if (state.startsWith("57P")) {
            return SERVER_SHUTDOWN;
        }
        return switch (state) {
            case "3D000" -> DATABASE_MISSING;
            case "42501" -> INSUFFICIENT_PRIVILEGE;
            case "57014" -> CANCELLED;
            case "55P03" -> LOCK_TIMEOUT;
            case "40001" -> SERIALIZATION;
            case "40P01" -> DEADLOCK;
            case "42P01", "42703", "42883", "42704", "3F000" -> UNDEFINED_OBJECT;
            case "25006" -> READ_ONLY;
            default -> OTHER;
        };
    }

    /** What happened, in a few words, such as {@code permission denied}. */
    public String description() {
        return description;
    }

    /** Whether no session could be opened: the server, the login or the database is the problem, not a statement. */
    public boolean preventsConnecting() {
        return this == CONNECTION || this == AUTHENTICATION || this == DATABASE_MISSING;
    }

    /** Whether an open session is gone: the work in it was not committed and the session cannot go on. */
    public boolean losesConnection() {
        return this == CONNECTION || this == SERVER_SHUTDOWN;
    }

    /**
     * For a permission error: the GRANT that fixes it, read from PostgreSQL's message ("permission denied for table
     * orders" gives {@code GRANT <privilege> ON orders TO <role>}), or the general fix when the message names no object.
     *
     * @param e              the error
     * @param role           the role the statement ran as, or {@code null}
     * @param tablePrivilege the privilege a table needs for what was done, such as {@code SELECT}
     */
    public static String privilegeFix(SQLException e, String role, String tablePrivilege) {
        Matcher m = DENIED.matcher(e == null || e.getMessage() == null ? "" : e.getMessage());
        if (!m.find() || role == null || role.isBlank()) {
            return INSUFFICIENT_PRIVILEGE.fix(role);
        }
        String grantee = role.matches("[a-z_][a-z0-9_$]*") ? role : "\"" + role.replace("\"", "\"\"") + "\"";
        String name = m.group(2);
        String grant = switch (m.group(1)) {
            // creating in a schema needs CREATE as well: say so where the statement writes (a migration)
            case "schema" ->
                "GRANT USAGE" + (tablePrivilege.contains("INSERT") ? ", CREATE" : "") + " ON SCHEMA " + name;
            case "database" -> "GRANT CONNECT ON DATABASE " + name;
            case "function", "procedure" -> "GRANT EXECUTE ON FUNCTION " + name;
            case "sequence" -> "GRANT USAGE, SELECT ON SEQUENCE " + name;
            default -> "GRANT " + tablePrivilege + " ON " + name;
        };
        return "role " + role + " lacks the privilege: " + grant + " TO " + grantee + ", or connect as a role that"
                + " has it";
    }

    private static final Pattern DENIED = Pattern.compile(
            "permission denied for (table|relation|view|materialized view|sequence|schema|database|function"
                    + "|procedure) \"?([^\\s\"]+)\"?");

    /**
     * The fix for a failure of this kind, or {@code ""} when it depends on the statement; {@code role} is the user the
     * statement ran as, for the GRANT it needs ({@code null} when unknown).
     */
    public String fix(String role) {
        String who = role == null || role.isBlank() ? "the role you connect as" : "role " + role;
        return switch (this) {
            case INSUFFICIENT_PRIVILEGE ->
                "grant " + who + " the privilege it needs (for a table: GRANT SELECT ON"
                        + " <table> TO " + (role == null || role.isBlank() ? "<role>" : role)
                        + "), or connect as a role"
                        + " that has it";
            case AUTHENTICATION ->
                "check the user and password: -Dmigrate.user/-Dmigrate.password,"
                        + " -Dmigrate.serverId, the profile's user/password, or the credentials in the URL";
            case DATABASE_MISSING -> "create the database or correct its name in the URL";
            case CONNECTION, SERVER_SHUTDOWN ->
                "check that the server is running and the host and port in the URL"
                        + " are right (-Dmigrate.url, the profile's url, or DATABASE_URL)";
            case LOCK_TIMEOUT ->
                "another session holds a lock it needs: find it in pg_stat_activity, wait for it or"
                        + " end it, then run again";
            case SERIALIZATION, DEADLOCK -> "another session worked on the same rows at the same time: run again";
            default -> "";
        };
    }
}
