package io.infersla.reports.cli;

import java.net.URI;
import java.net.URISyntaxException;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;

/**
 * A PostgreSQL address as users have it: a JDBC URL ({@code jdbc:postgresql://host:port/db}) or a
 * libpq URI ({@code postgresql://user:password@host:port/db?sslmode=require}, what psql and most
 * tools print), with the user and password taken from it when present.
 */
record PgUrl(String jdbcUrl, String user, String password) {

    static PgUrl parse(String text, String defaultUser) {
        if (text == null || text.isBlank()) {
            throw new IllegalArgumentException("--pg-url must be a JDBC URL or a postgresql:// URI, was empty");
        }
        if (text.startsWith("jdbc:postgresql:")) {
            return new PgUrl(text, defaultUser, "");
        }
        if (!text.startsWith("postgresql://") && !text.startsWith("postgres://")) {
            throw new IllegalArgumentException("--pg-url must be jdbc:postgresql://host:port/db or postgresql://user@host:port/db, was '"
                    + text + "'");
        }
        try {
            URI uri = new URI(text);
            String user = defaultUser;
            String password = "";
            if (uri.getRawUserInfo() != null) {
                String[] parts = uri.getRawUserInfo().split(":", 2);
                user = URLDecoder.decode(parts[0], StandardCharsets.UTF_8);
                password = parts.length > 1 ? URLDecoder.decode(parts[1], StandardCharsets.UTF_8) : "";
            }
            String host = uri.getHost() == null ? "localhost" : uri.getHost();
            String port = uri.getPort() < 0 ? "" : ":" + uri.getPort();
            String path = uri.getRawPath() == null || uri.getRawPath().isEmpty() ? "/" + user : uri.getRawPath();
            String query = uri.getRawQuery() == null ? "" : "?" + uri.getRawQuery();
            return new PgUrl("jdbc:postgresql://" + host + port + path + query, user, password);
        } catch (URISyntaxException e) {
            throw new IllegalArgumentException("--pg-url is not a valid URI: " + e.getMessage());
        }
    }
}
