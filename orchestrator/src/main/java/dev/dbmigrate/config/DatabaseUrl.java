package dev.dbmigrate.config;

import dev.dbmigrate.error.ErrorCode;
import dev.dbmigrate.error.MigrateException;
import dev.dbmigrate.support.Masking;
import dev.dbmigrate.support.Secret;
import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * Where to connect: a PostgreSQL JDBC URL that never carries credentials, and the user and password taken out of it.
 *
 * <p>Built with {@link #parse(String, String)}, which accepts {@code jdbc:postgresql://host[:port]/db[?params]} and the
 * libpq URIs {@code postgresql://[user[:password]@]host[:port]/db[?params]} and {@code postgres://...}, so a
 * {@code DATABASE_URL} written for psql or a PaaS works unchanged. Credentials in the URL (user info or
 * {@code user=}/{@code password=} parameters) move into {@link #user()} and {@link #password()}, which makes
 * {@link #jdbcUrl()} safe to print.
 *
 * @param jdbcUrl  {@code jdbc:postgresql://...} without credentials
 * @param user     the user name, or {@code null} to let the driver decide
 * @param password the password, {@link Secret#NONE} when none was given
 */
public record DatabaseUrl(String jdbcUrl, String user, Secret password) {
    private static final String JDBC_PREFIX = "jdbc:postgresql:";
    private static final int DEFAULT_PORT = 5432;
    private static final String ENCODE_FIX = "percent-encode these characters in the user name and password: @ as"
            + " %40, / as %2F, ? as %3F, # as %23, & as %26, : in a user name as %3A, and % itself as %25";

    public DatabaseUrl {
        if (jdbcUrl == null) {
            throw new IllegalArgumentException("jdbcUrl is required");
        }
        password = password == null ? Secret.NONE : password;
    }

    /**
     * Reads a URL given by the user.
     *
     * @param raw    the value as written
     * @param source where it came from, for messages, such as {@code -Dmigrate.url} or
     *               {@code environments/prod.yml: url}
     * @throws MigrateException ({@link ErrorCode#CONFIGURATION}) naming the source, the masked value and the fix
     */
    public static DatabaseUrl parse(String raw, String source) {
        if (raw == null || raw.isBlank()) {
            throw new MigrateException(
                    ErrorCode.CONFIGURATION,
                    source + " is empty (use "
                            + "jdbc:postgresql://host:5432/database or postgresql://user@host:5432/database)");
        }
        String value = raw.strip();
        String lower = value.toLowerCase(Locale.ROOT);
        Parts parts;
        if (lower.startsWith(JDBC_PREFIX)) {
            parts = Parts.parse(value, value.substring(JDBC_PREFIX.length()), "jdbc:postgresql", true, source);
        } else if (lower.startsWith("postgresql://") || lower.startsWith("postgres://")) {
            String scheme = value.substring(0, value.indexOf(':'));
            parts = Parts.parse(value, value.substring(scheme.length() + 1), scheme, false, source);
        } else {
            throw new MigrateException(
                    ErrorCode.CONFIGURATION,
                    source + " = '" + Masking.url(value)
                            + "' is not a PostgreSQL URL (use jdbc:postgresql://host:5432/database or "
                            + "postgresql://user@host:5432/database)");
        }
        return new DatabaseUrl(parts.jdbcUrl(), parts.user, Secret.of(parts.password));
    }

    /** The URL for logs and reports; after {@link #parse} it holds no credentials. */
    public String display() {
        return jdbcUrl;
    }

    /** The database name, percent-decoded. */
    public String database() {
        return own().database();
    }

    /** The (first) host, without the brackets of an IPv6 address. */
    public String host() {
        return own().hosts.get(0).host;
    }

    /** The (first) host's port, 5432 when the URL names none. */
    public int port() {
        HostPort first = own().hosts.get(0);
        return first.port == null ? DEFAULT_PORT : first.port;
    }

    /**
     * A copy with other credentials, for the layers above the URL ({@code -Dmigrate.user}, settings.xml servers).
     * A {@code null} argument, and {@link Secret#NONE}, keep the current value.
     */
    public DatabaseUrl withCredentials(String user, Secret password) {
        return new DatabaseUrl(
                jdbcUrl,
                user != null ? user : this.user,
                password != null && password.isPresent() ? password : this.password);
    }

    /**
     * Replaces passwords in any text with {@code <masked>}: the {@code scheme://user:password@} form and
     * {@code password=} parameters, by the structure of the URL (see {@link Masking#inText(String)}). Use it on
     * anything that may contain a URL before it reaches a message or a log.
     */
    public static String mask(String anyUrlOrText) {
        return Masking.inText(anyUrlOrText);
    }

    /**
     * Whether {@code raw} holds a password, in its user information or a {@code password=} parameter, also when it is
     * not a URL this class accepts. For warnings about where a password is written; never throws.
     */
    public static boolean holdsPassword(String raw) {
        return raw != null && !raw.equals(Masking.inText(raw));
    }

    /** Shows the URL and user; the password prints as {@code <masked>}. */
    @Override
    public String toString() {
        return "DatabaseUrl[jdbcUrl=" + mask(jdbcUrl) + ", user=" + user + ", password=" + password + "]";
    }

    private Parts own() {
        if (!jdbcUrl.toLowerCase(Locale.ROOT).startsWith(JDBC_PREFIX)) {
            throw new MigrateException(
                    ErrorCode.CONFIGURATION,
                    "jdbcUrl = '" + mask(jdbcUrl)
                            + "' is not a PostgreSQL JDBC URL (use jdbc:postgresql://host:5432/database)");
        }
        return Parts.parse(jdbcUrl, jdbcUrl.substring(JDBC_PREFIX.length()), "jdbc:postgresql", true, "jdbcUrl");
    }

    private record HostPort(String host, Integer port) {
        String written() {
            String shown = host.contains(":") ? "[" + host + "]" : host;
            return port == null ? shown : shown + ":" + port;
        }
    }

    /** The pieces of either URL form; {@code rest} is everything after the scheme's colon. */
    private static final class Parts {
        final List<HostPort> hosts = new ArrayList<>();
        String databaseWritten;
        final List<String> parameters = new ArrayList<>();
        String user;
        String password;
        private final String raw;
        private final String source;
        private final String scheme;

        private Parts(String raw, String source, String scheme) {
            this.raw = raw;
            this.source = source;
            this.scheme = scheme;
        }

        static Parts parse(String raw, String rest, String scheme, boolean jdbc, String source) {
            Parts parts = new Parts(raw, source, scheme);
            String ambiguity = ambiguity(rest);
            if (ambiguity != null) {
                // Where the password ends is unknown, so no part of the URL can be shown safely.
                throw new MigrateException(
                        ErrorCode.CONFIGURATION,
                        source + " cannot be read unambiguously: "
                                + ambiguity + ", so where the user name and password end cannot be told (the URL is not"
                                + " shown, to keep the password out of the log; " + ENCODE_FIX + ")");
            }
            String afterAuthority;
            if (rest.startsWith("//")) {
                String tail = rest.substring(2);
                int at = tail.lastIndexOf('@', Math.max(0, authorityEnd(tail) - 1));
                if (at >= 0) {
                    parts.userInfo(tail.substring(0, at));
                    tail = tail.substring(at + 1);
                }
                int end = Masking.indexOfAny(tail, "/?", 0);
                parts.hosts(end < 0 ? tail : tail.substring(0, end));
                afterAuthority = end < 0 ? "" : tail.substring(end);
            } else if (jdbc && !rest.isEmpty() && rest.charAt(0) != '/') {
                // pgjdbc's short form jdbc:postgresql:database means localhost:5432
                parts.hosts.add(new HostPort("localhost", null));
                afterAuthority = "/" + rest;
            } else {
                throw parts.error("has no host (write it as " + scheme + "://localhost:5432/guitartab)");
            }
            int question = afterAuthority.indexOf('?');
            String path = question < 0 ? afterAuthority : afterAuthority.substring(0, question);
            parts.databaseWritten = path.startsWith("/") ? path.substring(1) : path;
            if (parts.databaseWritten.isEmpty()) {
                throw parts.error(
                        "has no database name (add it after the host, as in " + scheme + "://host:5432/guitartab)");
            }
            if (question >= 0) {
                parts.parameters(afterAuthority.substring(question + 1), jdbc);
            }
            return parts;
        }

        /**
         * Why the URL (after the scheme's colon) cannot be split for sure, or {@code null}: an unescaped {@code @},
         * {@code /}, {@code ?}, {@code #} or {@code &} in a password moves the boundaries the parser relies on.
         */
        static String ambiguity(String rest) {
            // a space or quote would end the URL where it reappears in a log line, leaving its password unmasked
            boolean credentials =
                    rest.indexOf('@') >= 0 || rest.toLowerCase(Locale.ROOT).contains("password=");
            for (int i = 0; i < rest.length() && credentials; i++) {
                if (Masking.endsToken(rest.charAt(i))) {
                    return "it holds a space, a quote, a < or a > (write them as %20, %27, %22, %3C and %3E)";
                }
            }
            if (rest.indexOf('#') >= 0) {
                return "it holds a '#' (a URL ends there; a '#' in a password must be written %23)";
            }
            if (!rest.startsWith("//")) {
                return null;
            }
            String tail = rest.substring(2);
            int authorityEnd = authorityEnd(tail);
            String authority = tail.substring(0, authorityEnd);
            if (authority.indexOf('@') != authority.lastIndexOf('@')) {
                return "it holds more than one '@' before the host";
            }
            String after = tail.substring(authorityEnd);
            int question = after.indexOf('?');
            String path = question < 0 ? after : after.substring(0, question);
            if (path.indexOf('@') >= 0) {
                return "it holds an '@' after a '/' (in what would be the database name)";
            }
            boolean sawPassword = false;
            if (question >= 0) {
                for (String parameter : after.substring(question + 1).split("&", -1)) {
                    int equals = parameter.indexOf('=');
                    int at = parameter.indexOf('@');
                    if (at >= 0 && (equals < 0 || at < equals)) {
                        return "it holds an '@' after a '?' (in what would be a parameter name)";
                    }
                    if (sawPassword && equals < 0 && !parameter.isEmpty()) {
                        return "a password= parameter is followed by text without '=' (a '&' in a password must"
                                + " be written %26)";
                    }
                    sawPassword = equals >= 0 && parameter.substring(0, equals).equalsIgnoreCase("password");
                }
            }
            if (authority.indexOf('@') < 0 && !Masking.portsAreNumbers(authority) && after.indexOf('@') >= 0) {
                return "it holds a '/' or '?' inside what looks like the password";
            }
            return null;
        }

        /** Where the authority of {@code tail} (the text after {@code //}) ends: at the first '/' or '?'. */
        private static int authorityEnd(String tail) {
            int end = Masking.indexOfAny(tail, "/?", 0);
            return end < 0 ? tail.length() : end;
        }

        private void userInfo(String userInfo) {
            int colon = userInfo.indexOf(':');
            String name = colon < 0 ? userInfo : userInfo.substring(0, colon);
            user = name.isEmpty() ? null : decode(name, false, "user name");
            if (colon >= 0) {
                password = decode(userInfo.substring(colon + 1), false, "password");
            }
        }

        private void hosts(String hostList) {
            for (String entry : hostList.split(",", -1)) {
                String host;
                String port = null;
                if (entry.startsWith("[")) {
                    int close = entry.indexOf(']');
                    if (close < 0) {
                        throw error("has an IPv6 address without its closing ] (write it as [::1]:5432)");
                    }
                    host = entry.substring(1, close);
                    String after = entry.substring(close + 1);
                    if (!after.isEmpty()) {
                        if (!after.startsWith(":")) {
                            throw error("has '" + after + "' after the IPv6 address (write it as [::1]:5432)");
                        }
                        port = after.substring(1);
                    }
                } else {
                    int colon = entry.indexOf(':');
                    if (colon >= 0 && entry.indexOf(':', colon + 1) >= 0) {
                        throw error("has an IPv6 address without brackets (write it as [" + entry + "]:5432)");
                    }
                    host = colon < 0 ? entry : entry.substring(0, colon);
                    port = colon < 0 ? null : entry.substring(colon + 1);
                }
                if (host.isEmpty()) {
                    throw error("has no host (write it as " + scheme + "://localhost:5432/guitartab)");
                }
                hosts.add(new HostPort(host, port == null || port.isEmpty() ? null : port(port)));
            }
        }

        private int port(String written) {
            if (written.matches("\\d{1,5}")) {
                int port = Integer.parseInt(written);
                if (port >= 1 && port <= 65535) {
                    return port;
                }
            }
            // Without user info the "port" may be a password cut at an unencoded '?', so it is not echoed then.
            String shown = user == null && password == null && raw.contains("@") ? "" : " '" + written + "'";
            throw error("has port" + shown + ", which is not a number from 1 to 65535 (use 5432, "
                    + "PostgreSQL's default)");
        }

        private void parameters(String query, boolean jdbc) {
            for (String parameter : query.split("&")) {
                if (parameter.isEmpty()) {
                    continue;
                }
                int equals = parameter.indexOf('=');
                String name = (equals < 0 ? parameter : parameter.substring(0, equals)).toLowerCase(Locale.ROOT);
                String value = equals < 0 ? "" : parameter.substring(equals + 1);
                // pgjdbc decodes parameter values with URLDecoder ('+' is a space); libpq only decodes %XX
                if (name.equals("user")) {
                    user = decode(value, jdbc, "user name");
                } else if (name.equals("password")) {
                    password = decode(value, jdbc, "password");
                } else {
                    parameters.add(parameter);
                }
            }
        }

        String database() {
            return decode(databaseWritten, false, "database name");
        }

        String jdbcUrl() {
            StringBuilder url = new StringBuilder("jdbc:postgresql://");
            for (int i = 0; i < hosts.size(); i++) {
                HostPort host = hosts.get(i);
                if (i > 0) {
                    url.append(',');
                }
                url.append(
                        scheme.equals("jdbc:postgresql")
                                ? host.written()
                                : new HostPort(host.host, host.port == null ? DEFAULT_PORT : host.port).written());
            }
            url.append('/').append(databaseWritten);
            if (!parameters.isEmpty()) {
                url.append('?').append(String.join("&", parameters));
            }
            return url.toString();
        }

        private String decode(String text, boolean plusIsSpace, String what) {
            ByteArrayOutputStream bytes = new ByteArrayOutputStream();
            for (int i = 0; i < text.length(); i++) {
                char c = text.charAt(i);
                if (c == '%') {
                    if (i + 2 >= text.length()
                            || Character.digit(text.charAt(i + 1), 16) < 0
                            || Character.digit(text.charAt(i + 2), 16) < 0) {
                        throw error("has a % in the " + what + " that does not start a %XX escape "
                                + "(write a literal % as %25)");
                    }
                    bytes.write(Integer.parseInt(text.substring(i + 1, i + 3), 16));
                    i += 2;
                } else if (c == '+' && plusIsSpace) {
                    bytes.write(' ');
                } else {
                    byte[] encoded = String.valueOf(c).getBytes(StandardCharsets.UTF_8);
                    if (Character.isHighSurrogate(c) && i + 1 < text.length()) {
                        encoded = text.substring(i, i + 2).getBytes(StandardCharsets.UTF_8);
                        i++;
                    }
                    bytes.writeBytes(encoded);
                }
            }
            return bytes.toString(StandardCharsets.UTF_8);
        }

        private MigrateException error(String problem) {
            return new MigrateException(ErrorCode.CONFIGURATION, source + " = '" + Masking.url(raw) + "' " + problem);
        }
    }
}
