package io.infersla.dashboards;

import com.fasterxml.jackson.databind.JsonNode;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/** Every SQL statement a dashboard sends, with where it sits (for failure messages) and what Grafana expects back. */
final class DashboardQueries {

    static final String POSTGRES_TYPE = "grafana-postgresql-datasource";

    /** Where a query comes from and the shape its panel needs. */
    record Query(String dashboard, String where, String sql, Kind kind, List<String> namedColumns) {
    }

    enum Kind {
        /** A time series panel: a {@code time} column and numeric values. */
        TIME_SERIES,
        /** A state timeline: a {@code time} column and a value per row (text allowed). */
        STATE_TIMELINE,
        /** A table, stat or bar gauge: any columns, those its field config names must exist. */
        TABLE,
        /** An annotation: {@code time} and {@code text}. */
        ANNOTATION,
        /** A variable: the first column is the value list. */
        VARIABLE
    }

    private DashboardQueries() {
    }

    static List<Query> of(Path file) {
        JsonNode dashboard = GrafanaLayout.readJson(file);
        String uid = dashboard.path("uid").asText();
        List<Query> out = new ArrayList<>();
        for (JsonNode panel : panels(dashboard)) {
            if (!isPostgres(panel.path("datasource"))) {
                continue;
            }
            String title = panel.path("title").asText();
            Kind kind = switch (panel.path("type").asText()) {
                case "timeseries" -> Kind.TIME_SERIES;
                case "state-timeline", "status-history" -> Kind.STATE_TIMELINE;
                default -> Kind.TABLE;
            };
            List<String> named = new ArrayList<>();
            for (JsonNode override : panel.path("fieldConfig").path("overrides")) {
                if (override.path("matcher").path("id").asText().equals("byName")) {
                    named.add(override.path("matcher").path("options").asText());
                }
            }
            for (JsonNode target : panel.path("targets")) {
                // Named fields are columns only in table frames; in a time_series frame they are series names.
                List<String> columns = target.path("format").asText().equals("table") ? named : List.of();
                out.add(new Query(uid, "panel '" + title + "' target " + target.path("refId").asText(),
                        target.path("rawSql").asText(), kind, columns));
            }
        }
        for (JsonNode annotation : dashboard.path("annotations").path("list")) {
            if (isPostgres(annotation.path("datasource"))) {
                out.add(new Query(uid, "annotation '" + annotation.path("name").asText() + "'",
                        annotation.path("target").path("rawSql").asText(), Kind.ANNOTATION, List.of()));
            }
        }
        for (JsonNode variable : dashboard.path("templating").path("list")) {
            if (variable.path("type").asText().equals("query") && isPostgres(variable.path("datasource"))) {
                out.add(new Query(uid, "variable '" + variable.path("name").asText() + "'",
                        variableSql(variable), Kind.VARIABLE, List.of()));
            }
        }
        return out;
    }

    static String variableSql(JsonNode variable) {
        JsonNode query = variable.path("query");
        return query.isObject() ? query.path("rawSql").asText(query.path("query").asText()) : query.asText();
    }

    static boolean isPostgres(JsonNode datasource) {
        return POSTGRES_TYPE.equals(datasource.path("type").asText());
    }

    /** Top-level panels and the panels of collapsed rows. */
    static List<JsonNode> panels(JsonNode dashboard) {
        List<JsonNode> out = new ArrayList<>();
        for (JsonNode panel : dashboard.path("panels")) {
            out.add(panel);
            panel.path("panels").forEach(out::add);
        }
        return out;
    }
}
