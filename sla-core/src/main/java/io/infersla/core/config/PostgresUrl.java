package io.infersla.core.config;

import java.io.ByteArrayOutputStream;
import java.net.URLDecoder;
import java.net.URLEncoder;
import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * A PostgreSQL address as users have it, turned into what the JDBC driver needs: a JDBC URL without
 * credentials, a user and a password. Three forms are read:
 *
 * <ul>
 *   <li>a JDBC URL, {@code jdbc:postgresql://host:port/db?user=u&password=p&sslmode=require}: passed
 *       on as it is, except that {@code user} and {@code password} are taken out of it;</li>
 *   <li>a libpq URI, {@code postgresql://user:password@host:port/db?sslmode=require} (or
 *       {@code postgres://}): user, password, host, port and database are optional, {@code %XX} is
 *       decoded, a host list {@code host1:5432,host2:5433} and IPv6 hosts in brackets are allowed,
 *       and query parameters are libpq keywords (below);</li>
 *   <li>a libpq key=value string, {@code host=db port=5432 dbname=infersla user=u password='p w'}:
 *       values may be single-quoted, {@code \'} and {@code \\} are escapes.</li>
 * </ul>
 *
 * <p>libpq keywords with a pgjdbc equivalent are translated (e.g. {@code application_name} becomes
 * {@code ApplicationName}, {@code target_session_attrs=read-write} becomes
 * {@code targetServerType=primary}); the ones without an equivalent (e.g. {@code service},
 * {@code passfile}, Unix-domain socket hosts) and unknown keys are refused, so that a typo such as
 * {@code sslmod=require} does not quietly connect without TLS.
 *
 * <p>A user or password in the address wins over {@code defaultUser} and the empty password; a user
 * or password given explicitly elsewhere (a command's flag, a configuration key) wins over the
 * address: {@link #withCredentials}. A missing database means the server's default (the user's
 * name), a missing host {@code localhost}, a missing port 5432.
 *
 * <p>Error messages start with the option or configuration key they concern and name the part
 * that is wrong; they never contain the password. Neither does {@link #toString()} nor
 * {@link #jdbcUrl()}.
 */
public record PostgresUrl(String jdbcUrl, String user, String password) {

    private static final String JDBC = "jdbc:postgresql:";
    private static final Pattern SCHEME = Pattern.compile("^[A-Za-z][A-Za-z0-9+.\\-]*:(//)?.*", Pattern.DOTALL);
    private static final String FORMS = "a jdbc:postgresql:// URL, a postgresql:// URI or key=value pairs"
            + " (host=… port=… dbname=… user=…)";

    /** libpq keywords that make up the address rather than a JDBC parameter. */
    private static final List<String> STRUCTURAL = List.of("host", "hostaddr", "port", "dbname", "user", "password");

    /** libpq keywords that have no pgjdbc equivalent. */
    private static final Set<String> UNSUPPORTED = Set.of("passfile", "service", "requiressl", "sslcompression", "sslcrl",
            "sslcrldir", "sslsni", "sslcertmode", "ssl_min_protocol_version", "ssl_max_protocol_version", "requirepeer",
            "keepalives_idle", "keepalives_interval", "keepalives_count", "tcp_user_timeout", "replication",
            "gssdelegation", "require_auth", "min_protocol_version", "max_protocol_version", "scram_client_key",
            "scram_server_key", "oauth_issuer", "oauth_client_id", "oauth_client_secret", "oauth_scope");

    private static final List<String> KNOWN;

    static {
        List<String> known = new ArrayList<>(STRUCTURAL);
        known.addAll(List.of("sslmode", "sslcert", "sslkey", "sslrootcert", "sslpassword", "sslnegotiation",
                "application_name", "fallback_application_name", "connect_timeout", "options", "keepalives",
                "target_session_attrs", "load_balance_hosts", "gssencmode", "channel_binding", "krbsrvname", "gsslib",
                "client_encoding"));
        known.addAll(UNSUPPORTED);
        KNOWN = List.copyOf(known);
    }

    public PostgresUrl {
        Objects.requireNonNull(jdbcUrl, "jdbcUrl");
        Objects.requireNonNull(user, "user");
        Objects.requireNonNull(password, "password");
    }

    /**
     * @param key the option or configuration key the text came from, e.g. {@code --pg-url}: error
     *        messages begin with it
     * @param text one of the three forms
     * @param defaultUser the user when the text names none
     * @throws IllegalArgumentException naming {@code key} and the part that is wrong, never
     *         containing the password
     */
    public static PostgresUrl parse(String key, String text, String defaultUser) {
        Objects.requireNonNull(key, "key");
        Objects.requireNonNull(defaultUser, "defaultUser");
        if (text == null || text.isBlank()) {
            throw new IllegalArgumentException(key + " must be " + FORMS + ", was empty");
        }
        String trimmed = text.strip();
        if (trimmed.startsWith(JDBC)) {
            return new Parser(key).jdbc(trimmed, defaultUser);
        }
        if (trimmed.startsWith("postgresql://") || trimmed.startsWith("postgres://")) {
            return new Parser(key).uri(trimmed, defaultUser);
        }
        if (SCHEME.matcher(trimmed).matches() || !trimmed.contains("=")) {
            throw new IllegalArgumentException(key + " must be " + FORMS + ", was '" + schemeOf(trimmed) + "'");
        }
        return new Parser(key).keywords(trimmed, defaultUser);
    }

    /** This address with the user and password that were given explicitly, where given. */
    public PostgresUrl withCredentials(Optional<String> explicitUser, Optional<String> explicitPassword) {
        return new PostgresUrl(jdbcUrl, explicitUser.orElse(user), explicitPassword.orElse(password));
    }

    @Override
    public String toString() {
        return jdbcUrl + " as " + user + (password.isEmpty() ? "" : " (with a password)");
    }

    /** What a message may show of text that is none of the forms: up to the scheme, or nothing. */
    private static String schemeOf(String text) {
        int colon = text.indexOf("://");
        if (colon > 0 && colon < 40) {
            return text.substring(0, colon + 3) + "…";
        }
        if (text.startsWith("jdbc:")) {
            int next = text.indexOf(':', 5);
            return next > 0 && next < 40 ? text.substring(0, next + 1) + "…" : "jdbc:…";
        }
        return text.length() <= 40 && !text.contains("@") && !text.contains(":") ? text : "…";
    }

    /** One parse: the key for messages, and what was read. */
    private static final class Parser {
        private final String key;

        Parser(String key) {
            this.key = key;
        }

        private IllegalArgumentException error(String detail) {
            return new IllegalArgumentException(key + ": " + detail);
        }

        // ---------------------------------------------------------------- jdbc:postgresql:

        PostgresUrl jdbc(String text, String defaultUser) {
            String rest = text.substring(JDBC.length());
            int q = rest.indexOf('?');
            String before = q < 0 ? rest : rest.substring(0, q);
            String query = q < 0 ? "" : rest.substring(q + 1);
            if (before.startsWith("//")) {
                String authority = before.substring(2);
                int slash = authority.indexOf('/');
                String hosts = slash < 0 ? authority : authority.substring(0, slash);
                if (hosts.contains("@")) {
                    throw error("a JDBC URL takes the user and password as parameters (?user=…&password=…);"
                            + " user:password@host is the postgresql:// form");
                }
                if (hosts.isEmpty()) {
                    throw error("the JDBC URL names no host (jdbc:postgresql://host:port/db)");
                }
                for (String host : hosts.split(",", -1)) {
                    checkJdbcHost(host);
                }
            } else if (before.startsWith("/") && before.length() > 1) {
                throw error("a JDBC URL is jdbc:postgresql://host:port/db (two slashes)");
            }
            String user = defaultUser;
            String password = "";
            StringBuilder kept = new StringBuilder();
            if (!query.isEmpty()) {
                for (String pair : query.split("&")) {
                    if (pair.isEmpty()) {
                        continue;
                    }
                    int eq = pair.indexOf('=');
                    String name = eq < 0 ? pair : pair.substring(0, eq);
                    String value = eq < 0 ? "" : pair.substring(eq + 1);
                    if (name.equals("user")) {
                        user = jdbcDecode(value, "the user parameter");
                    } else if (name.equals("password")) {
                        password = jdbcDecode(value, "the password parameter");
                    } else {
                        kept.append(kept.length() == 0 ? "?" : "&").append(pair);
                    }
                }
            }
            return new PostgresUrl(JDBC + before + kept, user, password);
        }

        private void checkJdbcHost(String host) {
            String port;
            if (host.startsWith("[")) {
                int close = host.indexOf(']');
                if (close < 0) {
                    throw error("unterminated '[' in the IPv6 host '" + host + "'");
                }
                String after = host.substring(close + 1);
                if (!after.isEmpty() && !after.startsWith(":")) {
                    throw error("expected ':port' after the IPv6 host " + host.substring(0, close + 1));
                }
                port = after.isEmpty() ? "" : after.substring(1);
                host = host.substring(1, close);
            } else {
                int colon = host.lastIndexOf(':');
                port = colon < 0 ? "" : host.substring(colon + 1);
                host = colon < 0 ? host : host.substring(0, colon);
            }
            if (host.isEmpty()) {
                throw error("empty host in the host list");
            }
            checkHostCharacters(host);
            if (!port.isEmpty()) {
                checkPort(port);
            }
        }

        /** As pgjdbc decodes URL parameters (URLDecoder: {@code +} is a space). */
        private String jdbcDecode(String value, String what) {
            try {
                return URLDecoder.decode(value, StandardCharsets.UTF_8);
            } catch (IllegalArgumentException e) {
                throw error("bad percent-encoding in " + what);
            }
        }

        // ---------------------------------------------------------------- postgresql://

        PostgresUrl uri(String text, String defaultUser) {
            String rest = text.substring(text.indexOf("://") + 3);
            int fragment = rest.indexOf('#');
            if (fragment >= 0) {
                rest = rest.substring(0, fragment);
            }
            // The user information ends at the last '@' before the first '/': hosts never contain '@',
            // so a password with an unencoded '@' still parses.
            int firstSlash = rest.indexOf('/');
            int at = rest.lastIndexOf('@', firstSlash < 0 ? rest.length() - 1 : firstSlash - 1);
            Map<String, String> options = new LinkedHashMap<>();
            if (at >= 0) {
                String userInfo = rest.substring(0, at);
                rest = rest.substring(at + 1);
                int colon = userInfo.indexOf(':');
                String user = colon < 0 ? userInfo : userInfo.substring(0, colon);
                if (!user.isEmpty()) {
                    options.put("user", percentDecode(user, "the user", false));
                }
                if (colon >= 0) {
                    options.put("password", percentDecode(userInfo.substring(colon + 1), "the password", true));
                }
            } else {
                // No user information before the first '/' but an '@' after it: most likely a
                // password with an unencoded '/', so what would be read as host, port and database
                // may be parts of it. Nothing of it may be shown.
                int query = rest.indexOf('?');
                int later = rest.indexOf('@');
                if (later >= 0 && (query < 0 || later < query)) {
                    throw error("'@' after the host (percent-encode '/', '@' and ':' in a user or password"
                            + " as %2F, %40 and %3A; '@' in a database name as %40)");
                }
            }
            int end = indexOfAny(rest, "/?");
            String hostList = end < 0 ? rest : rest.substring(0, end);
            rest = end < 0 ? "" : rest.substring(end);
            String path = "";
            String query = "";
            if (rest.startsWith("/")) {
                int q = rest.indexOf('?');
                path = q < 0 ? rest.substring(1) : rest.substring(1, q);
                query = q < 0 ? "" : rest.substring(q + 1);
            } else if (rest.startsWith("?")) {
                query = rest.substring(1);
            }
            if (!hostList.isEmpty()) {
                List<String> hosts = new ArrayList<>();
                List<String> ports = new ArrayList<>();
                for (String entry : hostList.split(",", -1)) {
                    splitHostPort(entry, hosts, ports);
                }
                if (hosts.stream().anyMatch(h -> !h.isEmpty())) {
                    options.put("host", String.join(",", hosts));
                }
                if (ports.stream().anyMatch(p -> !p.isEmpty())) {
                    options.put("port", String.join(",", ports));
                }
            }
            if (!path.isEmpty()) {
                options.put("dbname", percentDecode(path, "the database name", false));
            }
            if (!query.isEmpty()) {
                for (String pair : query.split("&")) {
                    if (pair.isEmpty()) {
                        continue;
                    }
                    int eq = pair.indexOf('=');
                    if (eq < 0) {
                        throw error("query parameter '" + percentDecode(pair, "a query parameter name", false)
                                + "' has no value (key=value)");
                    }
                    String name = percentDecode(pair.substring(0, eq), "a query parameter name", false);
                    boolean secret = name.equals("password") || name.equals("sslpassword");
                    options.put(name, percentDecode(pair.substring(eq + 1), "the value of '" + name + "'", secret));
                }
            }
            return build(options, defaultUser);
        }

        private void splitHostPort(String entry, List<String> hosts, List<String> ports) {
            String host;
            String port;
            if (entry.startsWith("[")) {
                int close = entry.indexOf(']');
                if (close < 0) {
                    throw error("unterminated '[' in the IPv6 host '" + entry + "'");
                }
                String after = entry.substring(close + 1);
                if (!after.isEmpty() && !after.startsWith(":")) {
                    throw error("expected ':port' after the IPv6 host " + entry.substring(0, close + 1));
                }
                host = entry.substring(1, close);
                port = after.isEmpty() ? "" : after.substring(1);
                if (host.isEmpty()) {
                    throw error("empty IPv6 host []");
                }
            } else {
                int colon = entry.indexOf(':');
                host = colon < 0 ? entry : entry.substring(0, colon);
                port = colon < 0 ? "" : entry.substring(colon + 1);
                host = percentDecode(host, "a host", false);
            }
            hosts.add(host);
            ports.add(port);
        }

        // ---------------------------------------------------------------- key=value

        PostgresUrl keywords(String text, String defaultUser) {
            Map<String, String> options = new LinkedHashMap<>();
            int i = 0;
            int n = text.length();
            String previous = null;
            while (true) {
                while (i < n && Character.isWhitespace(text.charAt(i))) {
                    i++;
                }
                if (i >= n) {
                    break;
                }
                boolean afterSecret = isSecret(previous);
                int start = i;
                while (i < n && text.charAt(i) != '=' && !Character.isWhitespace(text.charAt(i))) {
                    i++;
                }
                String name = text.substring(start, i);
                while (i < n && Character.isWhitespace(text.charAt(i))) {
                    i++;
                }
                if (i >= n || text.charAt(i) != '=') {
                    throw error(afterSecret
                            ? "expected key=value after the value of '" + previous + "' (quote a value with spaces: "
                                    + previous + "='a b')"
                            : "missing '=' after '" + name + "' (key=value pairs, e.g. host=db port=5432)");
                }
                if (name.isEmpty()) {
                    throw error(afterSecret ? "missing key before '=' after the value of '" + previous + "'"
                            : "missing key before '='");
                }
                if (afterSecret && !KNOWN.contains(name)) {
                    throw error("unknown key after the value of '" + previous + "' (quote a value with spaces: "
                            + previous + "='a b')");
                }
                checkKnown(name);
                i++;
                while (i < n && Character.isWhitespace(text.charAt(i))) {
                    i++;
                }
                StringBuilder value = new StringBuilder();
                if (i < n && text.charAt(i) == '\'') {
                    i++;
                    boolean closed = false;
                    while (i < n) {
                        char c = text.charAt(i++);
                        if (c == '\\') {
                            if (i < n) {
                                value.append(text.charAt(i++));
                            }
                        } else if (c == '\'') {
                            closed = true;
                            break;
                        } else {
                            value.append(c);
                        }
                    }
                    if (!closed) {
                        throw error("unterminated quote in the value of '" + name + "'");
                    }
                    if (i < n && !Character.isWhitespace(text.charAt(i))) {
                        throw error("expected a space after the quoted value of '" + name + "'");
                    }
                } else {
                    while (i < n && !Character.isWhitespace(text.charAt(i))) {
                        char c = text.charAt(i++);
                        if (c == '\\') {
                            if (i < n) {
                                value.append(text.charAt(i++));
                            }
                        } else {
                            value.append(c);
                        }
                    }
                }
                options.put(name, value.toString());
                previous = name;
            }
            if (options.containsKey("host")) {
                // libpq wants IPv6 addresses bare here; brackets, as in URLs, are taken too.
                List<String> hosts = new ArrayList<>();
                for (String host : options.get("host").split(",", -1)) {
                    hosts.add(host.startsWith("[") && host.endsWith("]") ? host.substring(1, host.length() - 1) : host);
                }
                options.put("host", String.join(",", hosts));
            }
            return build(options, defaultUser);
        }

        private static boolean isSecret(String keyword) {
            return "password".equals(keyword) || "sslpassword".equals(keyword);
        }

        // ---------------------------------------------------------------- libpq keywords → JDBC

        private void checkKnown(String name) {
            if (KNOWN.contains(name)) {
                return;
            }
            String suggestion = KNOWN.stream().filter(k -> distance(k, name) <= 2)
                    .min(java.util.Comparator.comparingInt(k -> distance(k, name)))
                    .map(k -> " (did you mean '" + k + "'?)").orElse("");
            throw error("unknown key '" + name + "'" + suggestion);
        }

        private PostgresUrl build(Map<String, String> options, String defaultUser) {
            for (String name : options.keySet()) {
                checkKnown(name);
                if (UNSUPPORTED.contains(name)) {
                    throw error("'" + name + "' has no JDBC equivalent (leave it out, or write a jdbc:postgresql:// URL)");
                }
            }
            String hostText = options.getOrDefault("host", "");
            if (hostText.isEmpty()) {
                hostText = options.getOrDefault("hostaddr", "");
            }
            List<String> hosts = List.of(hostText.split(",", -1));
            String portText = options.getOrDefault("port", "");
            List<String> ports = List.of(portText.split(",", -1));
            if (ports.size() > 1 && ports.size() != hosts.size()) {
                throw error(ports.size() + " ports for " + hosts.size() + " host(s): give one port, or one per host");
            }
            StringBuilder url = new StringBuilder("jdbc:postgresql://");
            for (int h = 0; h < hosts.size(); h++) {
                String host = hosts.get(h).strip();
                String port = (ports.size() == 1 ? ports.get(0) : ports.get(h)).strip();
                if (host.isEmpty()) {
                    host = "localhost";
                }
                if (host.startsWith("/")) {
                    throw error("host '" + host + "' is a Unix-domain socket directory, which JDBC cannot use:"
                            + " give the server's name or address (e.g. localhost)");
                }
                checkHostCharacters(host);
                if (!port.isEmpty()) {
                    checkPort(port);
                }
                url.append(h == 0 ? "" : ",").append(host.contains(":") ? "[" + host + "]" : host)
                        .append(port.isEmpty() ? "" : ":" + port);
            }
            url.append('/').append(encode(options.getOrDefault("dbname", "")));
            Map<String, String> parameters = new LinkedHashMap<>();
            for (Map.Entry<String, String> option : options.entrySet()) {
                String value = option.getValue();
                switch (option.getKey()) {
                    case "host", "hostaddr", "port", "dbname", "user", "password" -> { }
                    case "sslmode" -> parameters.put("sslmode",
                            oneOf("sslmode", value, "disable", "allow", "prefer", "require", "verify-ca", "verify-full"));
                    case "sslcert", "sslkey", "sslrootcert", "options" -> parameters.put(option.getKey(), value);
                    case "sslpassword" -> parameters.put("sslpassword", value);
                    case "sslnegotiation" -> parameters.put("sslNegotiation", oneOf("sslnegotiation", value, "postgres", "direct"));
                    case "application_name" -> parameters.put("ApplicationName", value);
                    case "fallback_application_name" -> parameters.putIfAbsent("ApplicationName", value);
                    case "connect_timeout" -> {
                        if (!value.matches("[0-9]{1,6}")) {
                            throw error("connect_timeout must be a whole number of seconds, was '" + value + "'");
                        }
                        parameters.put("connectTimeout", value);
                    }
                    case "keepalives" -> parameters.put("tcpKeepAlive",
                            oneOf("keepalives", value, "0", "1").equals("1") ? "true" : "false");
                    case "target_session_attrs" -> parameters.put("targetServerType", switch (oneOf("target_session_attrs",
                            value, "any", "read-write", "read-only", "primary", "standby", "prefer-standby")) {
                        case "read-write", "primary" -> "primary";
                        case "read-only", "standby" -> "secondary";
                        case "prefer-standby" -> "preferSecondary";
                        default -> "any";
                    });
                    case "load_balance_hosts" -> parameters.put("loadBalanceHosts",
                            oneOf("load_balance_hosts", value, "disable", "random").equals("random") ? "true" : "false");
                    case "gssencmode" -> parameters.put("gssEncMode", oneOf("gssencmode", value, "disable", "prefer", "require"));
                    case "channel_binding" -> parameters.put("channelBinding",
                            oneOf("channel_binding", value, "disable", "prefer", "require"));
                    case "krbsrvname" -> parameters.put("kerberosServerName", value);
                    case "gsslib" -> parameters.put("gsslib", oneOf("gsslib", value, "gssapi", "sspi"));
                    case "client_encoding" -> {
                        String encoding = value.toUpperCase(Locale.ROOT).replace("-", "");
                        if (!encoding.equals("UTF8")) {
                            throw error("client_encoding must be UTF8 (the JDBC driver always uses it), was '" + value + "'");
                        }
                    }
                    default -> throw new IllegalStateException("unmapped keyword " + option.getKey());
                }
            }
            char separator = '?';
            for (Map.Entry<String, String> parameter : parameters.entrySet()) {
                url.append(separator).append(parameter.getKey()).append('=').append(encode(parameter.getValue()));
                separator = '&';
            }
            String user = options.getOrDefault("user", "");
            return new PostgresUrl(url.toString(), user.isEmpty() ? defaultUser : user, options.getOrDefault("password", ""));
        }

        private String oneOf(String name, String value, String... allowed) {
            for (String a : allowed) {
                if (a.equals(value)) {
                    return value;
                }
            }
            throw error(name + " must be one of " + String.join(", ", allowed) + ", was '" + value + "'");
        }

        private void checkHostCharacters(String host) {
            if (host.contains("@")) {
                throw error("a host contains '@' (percent-encode '@' in a user or password as %40)");
            }
            for (int c = 0; c < host.length(); c++) {
                char ch = host.charAt(c);
                if (Character.isWhitespace(ch) || ch == '/' || ch == '?' || ch == '#' || ch == '[' || ch == ']'
                        || ch == ',' || Character.isISOControl(ch)) {
                    throw error("host '" + host + "' contains '" + ch + "'");
                }
            }
        }

        private void checkPort(String port) {
            int value;
            try {
                value = port.matches("[0-9]{1,5}") ? Integer.parseInt(port) : -1;
            } catch (NumberFormatException e) {
                value = -1;
            }
            if (value < 1 || value > 65535) {
                throw error("port must be a number 1..65535, was '" + port + "'");
            }
        }

        /** RFC 3986 percent-decoding as libpq does it ({@code +} stays a plus), strict UTF-8. */
        private String percentDecode(String text, String what, boolean secret) {
            if (text.indexOf('%') < 0) {
                return text;
            }
            ByteArrayOutputStream bytes = new ByteArrayOutputStream();
            for (int i = 0; i < text.length(); ) {
                char c = text.charAt(i);
                if (c == '%') {
                    int hi = i + 2 < text.length() ? Character.digit(text.charAt(i + 1), 16) : -1;
                    int lo = i + 2 < text.length() ? Character.digit(text.charAt(i + 2), 16) : -1;
                    if (hi < 0 || lo < 0) {
                        throw error("bad percent-encoding in " + what + (secret ? "" : " '" + text + "'")
                                + " (% must be followed by two hex digits; '%' itself is %25)");
                    }
                    bytes.write(hi * 16 + lo);
                    i += 3;
                } else {
                    byte[] encoded = String.valueOf(c).getBytes(StandardCharsets.UTF_8);
                    if (Character.isHighSurrogate(c) && i + 1 < text.length()) {
                        encoded = text.substring(i, i + 2).getBytes(StandardCharsets.UTF_8);
                        i++;
                    }
                    bytes.writeBytes(encoded);
                    i++;
                }
            }
            try {
                return StandardCharsets.UTF_8.newDecoder().onMalformedInput(CodingErrorAction.REPORT)
                        .onUnmappableCharacter(CodingErrorAction.REPORT).decode(ByteBuffer.wrap(bytes.toByteArray()))
                        .toString();
            } catch (CharacterCodingException e) {
                throw error("percent-encoding in " + what + " is not UTF-8");
            }
        }

        private static String encode(String value) {
            return URLEncoder.encode(value, StandardCharsets.UTF_8);
        }

        private static int indexOfAny(String text, String chars) {
            for (int i = 0; i < text.length(); i++) {
                if (chars.indexOf(text.charAt(i)) >= 0) {
                    return i;
                }
            }
            return -1;
        }

        private static int distance(String a, String b) {
            int[] row = new int[b.length() + 1];
            for (int j = 0; j <= b.length(); j++) {
                row[j] = j;
            }
            for (int i = 1; i <= a.length(); i++) {
                int diagonal = row[0];
                row[0] = i;
                for (int j = 1; j <= b.length(); j++) {
                    int above = row[j];
                    row[j] = Math.min(Math.min(row[j] + 1, row[j - 1] + 1),
                            diagonal + (a.charAt(i - 1) == b.charAt(j - 1) ? 0 : 1));
                    diagonal = above;
                }
            }
            return row[b.length()];
        }
    }
}
