package io.infersla.testsupport;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;

/**
 * Every PromQL expression the repository ships: the Prometheus targets of the Grafana dashboards
 * ({@code dashboards/src/main/resources/grafana/dashboards}) and the alerting rules
 * ({@code dashboards/src/main/resources/prometheus/infersla-rules.yml}), each with where it is.
 */
public final class PrometheusQueries {

    /** An expression and where it is, e.g. {@code dashboard infersla-health, panel "Evaluation lag" (B)}. */
    public record Query(String where, String expr) {
    }

    private PrometheusQueries() {
    }

    /** @param repository the repository's root */
    public static List<Query> in(Path repository) {
        Path resources = repository.resolve("dashboards/src/main/resources");
        List<Query> out = new ArrayList<>();
        try (Stream<Path> files = Files.list(resources.resolve("grafana/dashboards"))) {
            ObjectMapper json = new ObjectMapper();
            for (Path file : files.filter(f -> f.toString().endsWith(".json")).sorted().toList()) {
                JsonNode dashboard = json.readTree(file.toFile());
                addPanels(dashboard.path("uid").asText(), dashboard.path("panels"), out);
            }
            JsonNode rules = new ObjectMapper(new YAMLFactory()).readTree(resources.resolve("prometheus/infersla-rules.yml").toFile());
            for (JsonNode group : rules.path("groups")) {
                for (JsonNode rule : group.path("rules")) {
                    String name = rule.has("alert") ? "alert " + rule.path("alert").asText() : "record " + rule.path("record").asText();
                    out.add(new Query("rule " + name + " (infersla-rules.yml)", rule.path("expr").asText()));
                }
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return out;
    }

    private static void addPanels(String uid, JsonNode panels, List<Query> out) {
        for (JsonNode panel : panels) {
            for (JsonNode target : panel.path("targets")) {
                if (target.hasNonNull("expr")) {
                    out.add(new Query("dashboard " + uid + ", panel \"" + panel.path("title").asText() + "\" ("
                            + target.path("refId").asText() + ")", target.path("expr").asText()));
                }
            }
            addPanels(uid, panel.path("panels"), out); // a row's collapsed panels
        }
    }
}
