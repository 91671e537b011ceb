package io.infersla.dashboards;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import io.infersla.dashboards.GrafanaSql.Selection;
import io.infersla.dashboards.GrafanaSql.TimeRange;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** The expansion DashboardSqlIT relies on behaves as Grafana's PostgreSQL datasource does. */
class GrafanaSqlTest {

    private static final TimeRange RANGE = new TimeRange(Instant.parse("2026-11-02T10:00:00Z"), Instant.parse("2026-11-02T16:00:00Z"));

    private static String expand(String sql, Map<String, Selection> variables, boolean timescaledb) {
        return GrafanaSql.expand(sql, RANGE, Duration.ofMinutes(1), variables, timescaledb);
    }

    @Test
    void aSingleValueVariableIsInsertedRawSoInWithoutQuotesNamesAColumn() {
        // The bug of the first overview dashboard: metric IN ($metric) became metric IN (e2e_ms).
        Map<String, Selection> vars = Map.of("metric", new Selection(List.of("e2e_ms"), false, false));
        assertEquals("metric IN (e2e_ms)", expand("metric IN ($metric)", vars, false));
        assertEquals("metric = 'e2e_ms'", expand("metric = ${metric:sqlstring}", vars, false));
    }

    @Test
    void multiValueAndAllVariablesAreQuotedAndCommaJoined() {
        assertEquals("tenant IN ('acme','o''brien')", expand("tenant IN ($tenant)",
                Map.of("tenant", new Selection(List.of("acme", "o'brien"), true, true)), false));
        assertEquals("tenant IN ('acme')", expand("tenant IN (${tenant})",
                Map.of("tenant", new Selection(List.of("acme"), true, false)), false));
    }

    @Test
    void timeMacrosExpandAsTheBackendDoesPerFlavour() {
        assertEquals("t BETWEEN '2026-11-02T10:00:00Z' AND '2026-11-02T16:00:00Z'", expand("$__timeFilter(t)", Map.of(), false));
        assertEquals("floor(extract(epoch from t)/60)*60 AS \"time\"", expand("$__timeGroupAlias(t, $__interval)", Map.of(), false));
        assertEquals("time_bucket('3600s',t) AS \"time\"", expand("$__timeGroupAlias(t, '1h')", Map.of(), true));
        assertEquals("'2026-11-02T10:00:00Z'::timestamptz", expand("$__timeFrom()::timestamptz", Map.of(), false));
        assertEquals("u >= 1793613600 AND u <= 1793635200", expand("$__unixEpochFilter(u)", Map.of(), false));
    }

    @Test
    void macroArgumentsEndAtTheFirstParenthesisAsInGrafana() {
        // Grafana's macro pattern stops at the first ')': nested calls in arguments do not work there either.
        String sql = expand("$__timeFilter(coalesce(a, b))", Map.of(), false);
        assertEquals("coalesce(a BETWEEN '2026-11-02T10:00:00Z' AND '2026-11-02T16:00:00Z')", sql);
        assertThrows(IllegalArgumentException.class, () -> expand("$__timeBucket(t)", Map.of(), false));
    }
}
