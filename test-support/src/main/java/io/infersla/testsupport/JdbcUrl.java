package io.infersla.testsupport;

import java.util.Objects;
import java.util.regex.Pattern;

/**
 * A PostgreSQL JDBC URL of the form {@code jdbc:postgresql://hosts[/database][?parameters]},
 * split so that the database can be swapped: each test class gets its own database on the same
 * server, with the same parameters.
 */
record JdbcUrl(String hosts, String database, String parameters) {

    private static final String PREFIX = "jdbc:postgresql://";
    private static final Pattern PASSWORD = Pattern.compile("(?i)(password=)[^&]*");

    JdbcUrl {
        Objects.requireNonNull(hosts, "hosts");
        Objects.requireNonNull(database, "database");
        Objects.requireNonNull(parameters, "parameters");
        if (hosts.isEmpty()) {
            throw new IllegalArgumentException("hosts must not be empty");
        }
    }

    /**
     * @param url for example {@code jdbc:postgresql://127.0.0.1:5432/test?sslmode=disable}
     * @throws IllegalArgumentException if {@code url} is not of that form
     */
    static JdbcUrl parse(String url) {
        Objects.requireNonNull(url, "url");
        if (!url.startsWith(PREFIX)) {
            throw new IllegalArgumentException("JDBC URL must start with " + PREFIX + ", was " + redact(url));
        }
        String rest = url.substring(PREFIX.length());
        int query = rest.indexOf('?');
        String parameters = query < 0 ? "" : rest.substring(query + 1);
        String path = query < 0 ? rest : rest.substring(0, query);
        int slash = path.indexOf('/');
        String hosts = slash < 0 ? path : path.substring(0, slash);
        String database = slash < 0 ? "" : path.substring(slash + 1);
        if (hosts.isEmpty()) {
            throw new IllegalArgumentException("JDBC URL names no host: " + redact(url));
        }
        return new JdbcUrl(hosts, database, parameters);
    }

    JdbcUrl withDatabase(String name) {
        return new JdbcUrl(hosts, name, parameters);
    }

    @Override
    public String toString() {
        return PREFIX + hosts + "/" + database + (parameters.isEmpty() ? "" : "?" + parameters);
    }

    /** {@code url} with any {@code password=} parameter masked, fit for logs and messages. */
    static String redact(String url) {
        return PASSWORD.matcher(url).replaceAll("$1***");
    }
}
