package io.infersla.launcher;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class GrafanaProvisioningTest {

    private static final Path DASHBOARDS = Path.of(System.getProperty("basedir", "."))
            .resolve("../dashboards/src/main/resources/grafana/dashboards").normalize();

    @Test
    void theDatasourcePointsAtTheLocalDatabaseAsPlainPostgresUnderTheUidTheDashboardsUse() throws IOException {
        Map<String, String> files = GrafanaProvisioning.files("jdbc:postgresql://127.0.0.1:40123/infersla?sslmode=disable",
                "postgres", false, DASHBOARDS);
        String datasource = files.get("datasources/infersla.yaml");
        assertThat(datasource).contains("uid: infersla-timescaledb", "type: grafana-postgresql-datasource",
                "url: 127.0.0.1:40123", "database: \"infersla\"", "user: \"postgres\"", "timescaledb: false")
                .doesNotContain("password");
        // Every SQL panel of the shipped dashboards names this uid, so they open on the local data.
        try (Stream<Path> json = Files.list(DASHBOARDS)) {
            for (Path dashboard : json.filter(p -> p.toString().endsWith(".json")).toList()) {
                if (Files.readString(dashboard).contains("grafana-postgresql-datasource")) {
                    assertThat(Files.readString(dashboard)).as(dashboard.toString()).contains("\"uid\": \"" + GrafanaProvisioning.DATASOURCE_UID + "\"");
                }
            }
        }
        assertThat(files.get("dashboards/infersla.yaml")).contains("path: \"" + DASHBOARDS.toAbsolutePath() + "\"");
    }

    @Test
    void aPasswordIsReadFromTheEnvironmentNeverWritten() {
        String datasource = GrafanaProvisioning.files("jdbc:postgresql://db.example:5432/sla", "infersla", true, DASHBOARDS)
                .get("datasources/infersla.yaml");
        assertThat(datasource).contains("password: ${INFERSLA_DB_PASSWORD}", "url: db.example:5432");
    }

    @Test
    void writesTheFolderGrafanaIsPointedAt(@TempDir Path dir) throws IOException {
        Path folder = GrafanaProvisioning.write(dir.resolve("grafana"), "jdbc:postgresql://localhost/infersla", "postgres", false, DASHBOARDS);
        assertThat(Files.readString(folder.resolve("datasources/infersla.yaml"))).contains("url: localhost:5432");
        assertThat(folder.resolve("dashboards/infersla.yaml")).exists();
    }

    @Test
    void refusesAnUrlThatIsNotPostgres() {
        assertThatThrownBy(() -> GrafanaProvisioning.files("jdbc:mysql://x/y", "u", false, DASHBOARDS))
                .hasMessageContaining("jdbc:postgresql://").hasMessageContaining("jdbc:mysql://x/y");
    }
}
