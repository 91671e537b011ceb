package io.infersla.dashboards;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URISyntaxException;
import java.net.URL;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;

/**
 * Where the packaged Grafana files are, both on the test classpath (the jar's {@code grafana/}
 * folder) and inside the Grafana container, which sees that folder at {@link #CONTAINER_ROOT}.
 */
final class GrafanaLayout {

    /** Where docker-compose.yml mounts {@code src/main/resources/grafana} in the Grafana container. */
    static final String CONTAINER_ROOT = "/etc/infersla/grafana";

    /** The uid every dashboard's datasource references must name. */
    static final String DATASOURCE_UID = "infersla-timescaledb";

    static final ObjectMapper JSON = new ObjectMapper();
    static final ObjectMapper YAML = new ObjectMapper(new YAMLFactory());

    private GrafanaLayout() {
    }

    /** The packaged {@code grafana/} folder as the build put it on the classpath. */
    static Path root() {
        URL url = GrafanaLayout.class.getResource("/grafana");
        if (url == null) {
            throw new IllegalStateException("grafana/ is not on the test classpath: was src/main/resources copied?");
        }
        try {
            return Path.of(url.toURI());
        } catch (URISyntaxException e) {
            throw new IllegalStateException("Unusable classpath location for grafana/: " + url, e);
        }
    }

    /** Maps a path as Grafana sees it in the container to the packaged file or folder. */
    static Path packaged(String containerPath) {
        if (!containerPath.startsWith(CONTAINER_ROOT + "/")) {
            throw new IllegalArgumentException(
                    "containerPath must lie under " + CONTAINER_ROOT + "/, was " + containerPath);
        }
        return root().resolve(containerPath.substring(CONTAINER_ROOT.length() + 1));
    }

    static List<Path> dashboardFiles() {
        return filesEndingWith(root().resolve("dashboards"), ".json");
    }

    static List<Path> filesEndingWith(Path folder, String suffix) {
        try (Stream<Path> files = Files.list(folder)) {
            return files.filter(p -> p.getFileName().toString().endsWith(suffix)).sorted().toList();
        } catch (IOException e) {
            throw new UncheckedIOException("Cannot list " + folder, e);
        }
    }

    static JsonNode readJson(Path file) {
        try {
            return JSON.readTree(file.toFile());
        } catch (IOException e) {
            throw new UncheckedIOException("Cannot parse " + file + " as JSON", e);
        }
    }

    static JsonNode readYaml(Path file) {
        try {
            return YAML.readTree(file.toFile());
        } catch (IOException e) {
            throw new UncheckedIOException("Cannot parse " + file + " as YAML", e);
        }
    }
}
