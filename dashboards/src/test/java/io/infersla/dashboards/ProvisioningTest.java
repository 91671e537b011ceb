package io.infersla.dashboards;

import static io.infersla.dashboards.GrafanaLayout.CONTAINER_ROOT;
import static io.infersla.dashboards.GrafanaLayout.DATASOURCE_UID;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class ProvisioningTest {

    @Test
    void datasourceIsTheTimescaleDbThatDashboardsReferTo() {
        List<JsonNode> matching = new ArrayList<>();
        for (Path file : GrafanaLayout.filesEndingWith(GrafanaLayout.root().resolve("provisioning/datasources"), ".yaml")) {
            GrafanaLayout.readYaml(file).path("datasources").forEach(ds -> {
                if (DATASOURCE_UID.equals(ds.path("uid").asText())) {
                    matching.add(ds);
                }
            });
        }
        assertEquals(1, matching.size(), "datasources with uid " + DATASOURCE_UID + ": " + matching);

        JsonNode ds = matching.get(0);
        assertEquals("TimescaleDB", ds.path("name").asText());
        assertEquals("grafana-postgresql-datasource", ds.path("type").asText());
        assertEquals("infersla", ds.path("user").asText());
        assertEquals("infersla", ds.path("jsonData").path("database").asText());
        assertTrue(ds.path("jsonData").path("timescaledb").asBoolean(false), "jsonData.timescaledb must be true");
        assertTrue(ds.path("secureJsonData").path("password").asText("").startsWith("$"),
                "the password must come from the environment, never be packaged: "
                        + ds.path("secureJsonData").path("password").asText());
    }

    @Test
    void everyDashboardProviderPointsAtAPackagedFolderOfDashboards() {
        List<Path> providerFiles =
                GrafanaLayout.filesEndingWith(GrafanaLayout.root().resolve("provisioning/dashboards"), ".yaml");
        assertFalse(providerFiles.isEmpty(), "no dashboard provider under provisioning/dashboards");

        for (Path file : providerFiles) {
            JsonNode providers = GrafanaLayout.readYaml(file).path("providers");
            assertFalse(providers.isEmpty(), file + ": no providers");
            for (JsonNode provider : providers) {
                assertEquals("file", provider.path("type").asText(), file + ": provider type");
                String containerPath = provider.path("options").path("path").asText();
                Path folder = GrafanaLayout.packaged(containerPath);
                assertTrue(Files.isDirectory(folder), file + ": options.path " + containerPath + " is not packaged as " + folder);
                assertFalse(GrafanaLayout.filesEndingWith(folder, ".json").isEmpty(),
                        file + ": options.path " + containerPath + " holds no dashboard JSON");
            }
        }
    }

    @Test
    void composeMountsTheLayoutWhereTheProvisioningFilesExpectIt() {
        // The provider paths above are container paths: they hold only if docker-compose.yml mounts
        // this module's grafana/ folder at CONTAINER_ROOT and points Grafana's provisioning there.
        Path compose = Path.of(System.getProperty("basedir", ".")).resolve("../docker-compose.yml").normalize();
        assertTrue(Files.isRegularFile(compose), "docker-compose.yml not found at " + compose);
        JsonNode grafana = GrafanaLayout.readYaml(compose).path("services").path("grafana");

        List<String> volumes = new ArrayList<>();
        grafana.path("volumes").forEach(v -> volumes.add(v.asText()));
        assertTrue(volumes.contains("./dashboards/src/main/resources/grafana:" + CONTAINER_ROOT + ":ro"),
                "grafana volumes " + volumes + " must mount ./dashboards/src/main/resources/grafana at " + CONTAINER_ROOT);
        assertEquals(CONTAINER_ROOT + "/provisioning", grafana.path("environment").path("GF_PATHS_PROVISIONING").asText());
    }
}
