package dev.dbmigrate.backup;

import dev.dbmigrate.config.DatabaseUrl;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * How a libpq program ({@code pg_dump}, {@code pg_restore}, {@code psql}) reaches the database of a
 * {@link DatabaseUrl}: command-line arguments for host, port, user and database, and environment variables for
 * everything else. The password travels only in {@code PGPASSWORD}, never on the command line, where {@code ps} and
 * process listings would show it.
 *
 * @param arguments   {@code --host}, {@code --port}, {@code --username} (when the URL has a user) and {@code --dbname}
 * @param environment {@code PGPASSWORD} (when the URL has a password), {@code PGSSLMODE}, {@code PGSSLROOTCERT},
 *                    {@code PGSSLCERT}, {@code PGSSLKEY} (from the JDBC URL's {@code sslmode}, {@code sslrootcert},
 *                    {@code sslcert}, {@code sslkey}), {@code PGCONNECT_TIMEOUT=10} and {@code PGAPPNAME=migrate}
 */
public record LibpqConnection(List<String> arguments, Map<String, String> environment) {
    private static final Map<String, String> SSL_PARAMETERS = Map.of(
            "sslmode", "PGSSLMODE",
            "sslrootcert", "PGSSLROOTCERT",
            "sslcert", "PGSSLCERT",
            "sslkey", "PGSSLKEY");

    public LibpqConnection {
        arguments = List.copyOf(arguments);
        environment = Map.copyOf(environment);
    }

    /** The arguments and environment for {@code url}. */
    public static LibpqConnection of(DatabaseUrl url) {
        List<String> arguments = new ArrayList<>();
        arguments.add("--host=" + url.host());
        arguments.add("--port=" + url.port());
        if (url.user() != null) {
            arguments.add("--username=" + url.user());
        }
        arguments.add("--dbname=" + dbname(url.database()));

        Map<String, String> environment = new LinkedHashMap<>();
        if (url.password().isPresent()) {
            environment.put("PGPASSWORD", url.password().value());
        }
        Map<String, String> parameters = parameters(url.jdbcUrl());
        SSL_PARAMETERS.forEach((parameter, variable) -> {
            String value = parameters.get(parameter);
            if (value != null && !value.isEmpty()) {
                environment.put(variable, value);
            }
        });
        // pgjdbc's ssl=true without sslmode means verify-full; libpq's default would be the weaker prefer.
        if (!environment.containsKey("PGSSLMODE") && "true".equalsIgnoreCase(parameters.get("ssl"))) {
            environment.put("PGSSLMODE", "verify-full");
        }
        environment.put("PGCONNECT_TIMEOUT", "10");
        environment.put("PGAPPNAME", "migrate");
        return new LibpqConnection(arguments, environment);
    }

    /**
     * libpq reads a {@code --dbname} holding {@code =} or starting with a URI scheme as a connection string, so such a
     * name is passed as {@code dbname='...'}.
     */
    private static String dbname(String database) {
        String lower = database.toLowerCase(Locale.ROOT);
        if (database.contains("=") || lower.startsWith("postgresql://") || lower.startsWith("postgres://")) {
            return "dbname='" + database.replace("\\", "\\\\").replace("'", "\\'") + "'";
        }
        return database;
    }

    private static Map<String, String> parameters(String jdbcUrl) {
        Map<String, String> parameters = new LinkedHashMap<>();
        int question = jdbcUrl.indexOf('?');
        if (question < 0) {
            return parameters;
        }
        for (String parameter : jdbcUrl.substring(question + 1).split("&")) {
            int equals = parameter.indexOf('=');
            if (equals > 0) {
                // pgjdbc decodes parameter values the same way
                parameters.put(
                        parameter.substring(0, equals).toLowerCase(Locale.ROOT),
                        URLDecoder.decode(parameter.substring(equals + 1), StandardCharsets.UTF_8));
            }
        }
        return parameters;
    }
}
