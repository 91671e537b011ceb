package io.infersla.dashboards;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/** How the dashboards fit together: datasources, links between them, and the grid. */
class DashboardStructureTest {

    private static final Pattern DASHBOARD_URL = Pattern.compile("/d/([A-Za-z0-9_-]+)");
    private static final Pattern CARRIED = Pattern.compile("var-(\\w+)=|\\$\\{(\\w+):queryparam}");

    /**
     * The variables a dashboard cannot open without: a link into it must set them. The others
     * have a sensible default (All, or the first value of a list that depends on these).
     */
    private static final Map<String, Set<String>> REQUIRED = Map.of(
            "infersla-objective-detail", Set.of("series", "objective"),
            "infersla-contract-compliance", Set.of("tenant", "contract"));

    static List<Path> dashboards() {
        return GrafanaLayout.dashboardFiles();
    }

    /** uid → type of every provisioned datasource. */
    static Map<String, String> provisionedDatasources() {
        Map<String, String> out = new HashMap<>();
        for (Path file : GrafanaLayout.filesEndingWith(GrafanaLayout.root().resolve("provisioning/datasources"), ".yaml")) {
            GrafanaLayout.readYaml(file).path("datasources").forEach(ds -> out.put(ds.path("uid").asText(), ds.path("type").asText()));
        }
        return out;
    }

    @ParameterizedTest
    @MethodSource("dashboards")
    void everyDatasourceReferenceResolvesToAProvisionedDatasourceOfItsType(Path file) {
        Map<String, String> provisioned = provisionedDatasources();
        List<String> wrong = new ArrayList<>();
        visit(GrafanaLayout.readJson(file), "$", (path, key, node) -> {
            if (key.equals("datasource") && node.isObject()) {
                String uid = node.path("uid").asText();
                if (!node.path("type").asText().equals(provisioned.get(uid))) {
                    wrong.add(path + " = " + node);
                }
            }
        });
        assertTrue(wrong.isEmpty(), file.getFileName() + ": datasource references to no provisioned datasource "
                + provisioned + ": " + wrong);
    }

    @Test
    void everyLinkPointsAtAnExistingDashboardAndCarriesTheVariablesItNeeds() {
        Map<String, JsonNode> byUid = new HashMap<>();
        dashboards().forEach(f -> byUid.put(GrafanaLayout.readJson(f).path("uid").asText(), GrafanaLayout.readJson(f)));
        List<String> problems = new ArrayList<>();
        int links = 0;
        for (JsonNode dashboard : byUid.values()) {
            String from = dashboard.path("uid").asText();
            Set<String> fromVariables = variables(dashboard);
            List<String[]> urls = new ArrayList<>();
            visit(dashboard, "$", (path, key, node) -> {
                if (key.equals("url") && node.isTextual()) {
                    urls.add(new String[] {path, node.asText()});
                }
            });
            for (String[] link : urls) {
                Matcher m = DASHBOARD_URL.matcher(link[1]);
                if (!m.find()) {
                    continue;
                }
                links++;
                String where = from + " " + link[0] + " (" + link[1] + ")";
                JsonNode target = byUid.get(m.group(1));
                if (target == null) {
                    problems.add(where + ": no dashboard has uid " + m.group(1));
                    continue;
                }
                Set<String> targetVariables = variables(target);
                Set<String> carried = new LinkedHashSet<>();
                Matcher c = CARRIED.matcher(link[1]);
                while (c.find()) {
                    carried.add(c.group(1) != null ? c.group(1) : c.group(2));
                }
                for (String name : carried) {
                    if (!targetVariables.contains(name)) {
                        problems.add(where + ": carries " + name + ", which " + m.group(1) + " does not define");
                    }
                }
                Set<String> needed = new LinkedHashSet<>(REQUIRED.getOrDefault(m.group(1), Set.of()));
                // Filters both dashboards have: dropping them would widen the view the user came from.
                for (String name : fromVariables) {
                    if (targetVariables.contains(name)) {
                        needed.add(name);
                    }
                }
                needed.removeAll(carried);
                needed.removeIf(name -> isConstant(target, name));
                if (!needed.isEmpty()) {
                    problems.add(where + ": does not carry " + needed);
                }
            }
        }
        assertTrue(links > 0, "no dashboard links at all");
        assertTrue(problems.isEmpty(), String.join("\n", problems));
    }

    @ParameterizedTest
    @MethodSource("dashboards")
    void panelsDoNotOverlapAndFitTheGrid(Path file) {
        List<JsonNode> panels = new ArrayList<>();
        GrafanaLayout.readJson(file).path("panels").forEach(panels::add);
        for (int i = 0; i < panels.size(); i++) {
            JsonNode a = panels.get(i).path("gridPos");
            assertTrue(a.path("x").asInt() + a.path("w").asInt() <= 24 && a.path("w").asInt() > 0 && a.path("h").asInt() > 0,
                    file.getFileName() + " panel '" + panels.get(i).path("title").asText() + "' leaves the 24-column grid: " + a);
            for (int j = i + 1; j < panels.size(); j++) {
                JsonNode b = panels.get(j).path("gridPos");
                boolean overlap = a.path("x").asInt() < b.path("x").asInt() + b.path("w").asInt()
                        && b.path("x").asInt() < a.path("x").asInt() + a.path("w").asInt()
                        && a.path("y").asInt() < b.path("y").asInt() + b.path("h").asInt()
                        && b.path("y").asInt() < a.path("y").asInt() + a.path("h").asInt();
                assertTrue(!overlap, file.getFileName() + ": panels '" + panels.get(i).path("title").asText() + "' " + a
                        + " and '" + panels.get(j).path("title").asText() + "' " + b + " overlap");
            }
        }
    }

    @Test
    void theFourDashboardsAreProvisioned() {
        Set<String> uids = new LinkedHashSet<>();
        dashboards().forEach(f -> uids.add(GrafanaLayout.readJson(f).path("uid").asText()));
        assertEquals(Set.of("infersla-sla-overview", "infersla-objective-detail", "infersla-contract-compliance", "infersla-health"),
                uids);
    }

    private static Set<String> variables(JsonNode dashboard) {
        Set<String> out = new LinkedHashSet<>();
        dashboard.path("templating").path("list").forEach(v -> out.add(v.path("name").asText()));
        return out;
    }

    private static boolean isConstant(JsonNode dashboard, String name) {
        for (JsonNode v : dashboard.path("templating").path("list")) {
            if (v.path("name").asText().equals(name)) {
                return v.path("type").asText().equals("constant");
            }
        }
        return false;
    }

    private interface Visitor {
        void visit(String path, String key, JsonNode node);
    }

    private static void visit(JsonNode node, String path, Visitor visitor) {
        if (node.isObject()) {
            node.properties().forEach(field -> {
                String childPath = path + "." + field.getKey();
                visitor.visit(childPath, field.getKey(), field.getValue());
                visit(field.getValue(), childPath, visitor);
            });
        } else if (node.isArray()) {
            for (int i = 0; i < node.size(); i++) {
                visit(node.get(i), path + "[" + i + "]", visitor);
            }
        }
    }
}
