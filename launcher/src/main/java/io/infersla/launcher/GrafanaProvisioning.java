package io.infersla.launcher;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * A Grafana provisioning folder for the local stack's database, so a Grafana installed on the
 * machine shows the dashboards of {@code dashboards/} over local data:
 * {@code GF_PATHS_PROVISIONING=<folder> grafana server} (docs/local.md). The datasource keeps the
 * uid the dashboards refer to; it says plain PostgreSQL (no TimescaleDB), which is what the local
 * stack runs, so Grafana's {@code $__timeGroup} becomes arithmetic rather than {@code time_bucket}.
 * A password is never written: Grafana reads it from {@code INFERSLA_DB_PASSWORD}.
 */
final class GrafanaProvisioning {

    /** The datasource uid every SQL panel of the dashboards names (dashboards/.../timescaledb.yaml). */
    static final String DATASOURCE_UID = "infersla-timescaledb";

    private GrafanaProvisioning() {
    }

    /** Relative path → content of the provisioning files for this database and dashboards folder. */
    static Map<String, String> files(String jdbcUrl, String user, boolean hasPassword, Path dashboards) {
        if (!jdbcUrl.startsWith("jdbc:postgresql://")) {
            throw new IllegalArgumentException("the database URL must start with jdbc:postgresql://, was " + jdbcUrl);
        }
        URI uri = URI.create(jdbcUrl.substring("jdbc:".length()));
        int port = uri.getPort() < 0 ? 5432 : uri.getPort();
        String database = uri.getPath() == null || uri.getPath().length() <= 1 ? "postgres" : uri.getPath().substring(1);
        Map<String, String> files = new LinkedHashMap<>();
        files.put("datasources/infersla.yaml", """
                # Written by ./infersla local for its database (docs/local.md); rewritten at every start.
                apiVersion: 1

                datasources:
                  - name: InferSLA (local)
                    uid: %s
                    type: grafana-postgresql-datasource
                    access: proxy
                    url: %s:%d
                    user: %s
                    isDefault: true
                    editable: false
                    jsonData:
                      database: %s
                      sslmode: disable
                      postgresVersion: 1500
                      timescaledb: false
                %s""".formatted(DATASOURCE_UID, uri.getHost(), port, quote(user), quote(database),
                hasPassword ? "    secureJsonData:\n      password: ${INFERSLA_DB_PASSWORD}\n" : ""));
        files.put("dashboards/infersla.yaml", """
                # Written by ./infersla local: the dashboards of this checkout, read where they are.
                apiVersion: 1

                providers:
                  - name: infersla
                    orgId: 1
                    type: file
                    folder: InferSLA
                    folderUid: infersla
                    disableDeletion: true
                    allowUiUpdates: false
                    updateIntervalSeconds: 30
                    options:
                      path: %s
                """.formatted(quote(dashboards.toAbsolutePath().normalize().toString())));
        return files;
    }

    /** Writes {@link #files} under {@code folder} and returns it. */
    static Path write(Path folder, String jdbcUrl, String user, boolean hasPassword, Path dashboards) {
        try {
            for (var file : files(jdbcUrl, user, hasPassword, dashboards).entrySet()) {
                Path target = folder.resolve(file.getKey());
                Files.createDirectories(target.getParent());
                Files.writeString(target, file.getValue());
            }
            return folder;
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write the Grafana provisioning folder " + folder + ": " + e.getMessage(), e);
        }
    }

    /** A YAML double-quoted scalar. */
    private static String quote(String value) {
        return '"' + value.replace("\\", "\\\\").replace("\"", "\\\"") + '"';
    }
}
