package io.infersla.dashboards;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.function.Consumer;
import java.util.function.Function;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

class DashboardJsonTest {

    /** Grafana's own limit for a dashboard uid. */
    private static final Pattern UID = Pattern.compile("[A-Za-z0-9_-]{1,40}");

    /** {@code $name}, {@code ${name}} and {@code ${name:format}}; {@code $__macros} are Grafana's own. */
    private static final Pattern VARIABLE_USE = Pattern.compile("\\$\\{?(?!__)([A-Za-z_][A-Za-z0-9_]*)");

    static List<Path> dashboards() {
        return GrafanaLayout.dashboardFiles();
    }

    @Test
    void theModulePackagesAtLeastOneDashboard() {
        assertFalse(dashboards().isEmpty(), "no *.json under " + GrafanaLayout.root().resolve("dashboards"));
    }

    @ParameterizedTest
    @MethodSource("dashboards")
    void dashboardHasUidTitleSchemaVersionAndPanels(Path file) {
        JsonNode dashboard = GrafanaLayout.readJson(file);

        String uid = dashboard.path("uid").asText("");
        assertTrue(UID.matcher(uid).matches(), file + ": uid must match " + UID + ", was '" + uid + "'");
        assertFalse(dashboard.path("title").asText("").isBlank(), file + ": title must not be blank");
        assertEquals(39, dashboard.path("schemaVersion").asInt(-1), file + ": schemaVersion");
        assertTrue(dashboard.path("panels").isArray() && !dashboard.path("panels").isEmpty(),
                file + ": panels must be a non-empty array");
    }

    @ParameterizedTest
    @MethodSource("dashboards")
    void everyPanelHasAQueryForItsDatasource(Path file) {
        // Where each reference points is DashboardStructureTest's; here: SQL panels carry SQL, Prometheus panels PromQL.
        for (JsonNode panel : DashboardQueries.panels(GrafanaLayout.readJson(file))) {
            String where = file.getFileName() + " panel '" + panel.path("title").asText() + "'";
            assertFalse(panel.path("targets").isEmpty(), where + ": has no targets");
            String field = DashboardQueries.isPostgres(panel.path("datasource")) ? "rawSql" : "expr";
            for (JsonNode target : panel.path("targets")) {
                assertFalse(target.path(field).asText("").isBlank(),
                        where + " target " + target.path("refId").asText() + ": " + field + " must not be blank");
                assertEquals(panel.path("datasource"), target.path("datasource"), where + " target " + target.path("refId").asText()
                        + ": the target's datasource differs from the panel's");
            }
        }
    }

    @ParameterizedTest
    @MethodSource("dashboards")
    void queriesUseOnlyDeclaredTemplateVariables(Path file) {
        JsonNode dashboard = GrafanaLayout.readJson(file);
        Set<String> declared = new HashSet<>();
        dashboard.path("templating").path("list").forEach(v -> declared.add(v.path("name").asText()));
        // Grafana's global variables that SQL panels may use without declaring them.
        declared.addAll(Set.of("interval", "interval_ms", "timeFilter", "dashboard", "user", "org"));

        Set<String> undeclared = new TreeSet<>();
        List<String> texts = new ArrayList<>();
        collectSql(dashboard, texts::add);
        DashboardQueries.panels(dashboard).forEach(p -> texts.add(p.path("title").asText() + " " + p.path("description").asText()));
        texts.forEach(sql -> {
            Matcher m = VARIABLE_USE.matcher(sql);
            while (m.find()) {
                if (!declared.contains(m.group(1))) {
                    undeclared.add(m.group(1));
                }
            }
        });
        assertTrue(undeclared.isEmpty(), file.getFileName() + ": SQL uses undeclared variables " + undeclared);
    }

    @ParameterizedTest
    @MethodSource("dashboards")
    void panelIdsAreUniqueWithinTheDashboard(Path file) {
        List<Integer> ids = new ArrayList<>();
        GrafanaLayout.readJson(file).path("panels").forEach(p -> ids.add(p.path("id").asInt(-1)));
        assertEquals(ids.size(), new HashSet<>(ids).size(), file.getFileName() + ": panel ids " + ids);
        assertFalse(ids.contains(-1), file.getFileName() + ": every panel needs a numeric id, ids " + ids);
    }

    @Test
    void dashboardUidsAreUniqueAcrossFiles() {
        Map<String, List<Path>> byUid = dashboards().stream().collect(Collectors.groupingBy(
                f -> GrafanaLayout.readJson(f).path("uid").asText(), Collectors.mapping(Function.identity(), Collectors.toList())));
        byUid.forEach((uid, files) -> assertEquals(1, files.size(), "uid " + uid + " is used by " + files));
    }

    private static void collectSql(JsonNode node, Consumer<String> sink) {
        if (node.isObject()) {
            node.properties().forEach(field -> {
                if (field.getValue().isTextual()
                        && (field.getKey().equals("rawSql") || field.getKey().equals("query"))) {
                    sink.accept(field.getValue().asText());
                }
                collectSql(field.getValue(), sink);
            });
        } else if (node.isArray()) {
            node.forEach(child -> collectSql(child, sink));
        }
    }
}
