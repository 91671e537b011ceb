package io.infersla.dashboards;

import com.fasterxml.jackson.databind.JsonNode;
import io.infersla.dashboards.GrafanaSql.Selection;
import io.infersla.dashboards.GrafanaSql.TimeRange;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** A dashboard's variables as Grafana resolves them against a database. */
final class DashboardVariables {

    /** Which values a scenario selects. */
    enum Pick { ALL, FIRST }

    private DashboardVariables() {
    }

    /**
     * Variables in declaration order, as Grafana refreshes them: each query sees the values chosen
     * before it. "All" selects every value of a variable that includes All, else its first value.
     */
    static Map<String, Selection> resolve(Connection connection, JsonNode dashboard, TimeRange range, Duration interval, Pick pick) {
        Map<String, Selection> chosen = new LinkedHashMap<>();
        for (JsonNode variable : dashboard.path("templating").path("list")) {
            String name = variable.path("name").asText();
            boolean multi = variable.path("multi").asBoolean(false);
            boolean includeAll = variable.path("includeAll").asBoolean(false);
            List<String> values = switch (variable.path("type").asText()) {
                case "query" -> {
                    if (!DashboardQueries.isPostgres(variable.path("datasource"))) {
                        yield List.of("placeholder");
                    }
                    String sql = GrafanaSql.expand(DashboardQueries.variableSql(variable), range, interval, chosen, false);
                    yield firstColumn(connection, sql, "variable '" + name + "'");
                }
                case "custom" -> List.of(variable.path("query").asText().split("\\s*,\\s*"));
                case "constant", "textbox" -> List.of(variable.path("query").asText());
                default -> throw new IllegalStateException("variable '" + name + "' has a type this test does not model: "
                        + variable.path("type").asText());
            };
            if (values.isEmpty()) {
                throw new AssertionError(dashboard.path("uid").asText() + " variable '" + name
                        + "' has no value over the seed (" + range + ")");
            }
            List<String> selected = pick == Pick.ALL && includeAll ? values : List.of(values.get(0));
            chosen.put(name, new Selection(selected, multi, includeAll));
        }
        return chosen;
    }

    private static List<String> firstColumn(Connection connection, String sql, String where) {
        List<String> values = new ArrayList<>();
        try (Statement st = connection.createStatement(); ResultSet rs = st.executeQuery(sql)) {
            while (rs.next()) {
                values.add(rs.getString(1));
            }
        } catch (SQLException e) {
            throw new AssertionError(where + " failed: " + e.getMessage() + "\n" + sql, e);
        }
        return values;
    }

}
