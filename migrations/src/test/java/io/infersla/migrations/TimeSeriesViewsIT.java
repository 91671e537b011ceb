package io.infersla.migrations;

import static org.assertj.core.api.Assertions.assertThat;

import io.infersla.testsupport.PgliteServer;
import io.infersla.testsupport.PostgresDatabase;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.AutoClose;
import org.junit.jupiter.api.Test;

/**
 * The time-series layer (V3) on both kinds of database: plain PostgreSQL gets views, TimescaleDB
 * gets hypertables, compression and retention policies, and continuous aggregates with the same
 * names and columns. TimescaleDB here is PGlite (PostgreSQL 17.5 in WASM) with timescaledb
 * 2.23.0-dev, served on the wire protocol by {@code src/test/pglite/server.mjs}; {@code ./infersla test}
 * installs it with npm. Without it this test fails, it never skips.
 */
class TimeSeriesViewsIT {

    @AutoClose
    static final PostgresDatabase plain = PostgresDatabase.create();

    private static final List<String> ROLLUPS = List.of("evaluation_counts_hourly", "evaluation_counts_daily", "window_stats_daily");

    @Test
    void plainPostgresGetsTheRollupsAsViewsThatCountByStatus() throws SQLException {
        Migrations.apply(plain.dataSource());
        try (Connection c = plain.connection(); Statement st = c.createStatement()) {
            for (String rollup : ROLLUPS) {
                assertThat(exists(st, "SELECT 1 FROM pg_views WHERE schemaname = 'sla' AND viewname = '" + rollup + "'"))
                        .as(rollup).isTrue();
            }
            insertEvaluations(st);
            try (ResultSet rs = st.executeQuery("SELECT ok, warning, breach, insufficient_data FROM sla.evaluation_counts_hourly "
                    + "WHERE objective_id = 'ttft_p95' ORDER BY bucket")) {
                assertThat(rs.next()).isTrue();
                assertThat(List.of(rs.getLong(1), rs.getLong(2), rs.getLong(3), rs.getLong(4))).containsExactly(2L, 1L, 1L, 0L);
                assertThat(rs.next()).isTrue();
                assertThat(List.of(rs.getLong(1), rs.getLong(2), rs.getLong(3), rs.getLong(4))).containsExactly(0L, 0L, 0L, 1L);
                assertThat(rs.next()).isFalse();
            }
        }
    }

    @Test
    void timescaleGetsHypertablesPoliciesAndContinuousAggregatesWithTheSameColumns() throws Exception {
        try (PgliteServer timescale = PgliteServer.start(Path.of("src/test/pglite"))) {
            Connection connection = timescale.connection();
            Migrations.apply(timescale.dataSource());
            try (Statement st = connection.createStatement()) {
                assertThat(strings(st, "SELECT hypertable_name FROM timescaledb_information.hypertables "
                        + "WHERE hypertable_schema = 'sla' ORDER BY 1")).containsExactly("evaluations", "window_stats");
                assertThat(strings(st, "SELECT view_name FROM timescaledb_information.continuous_aggregates "
                        + "WHERE view_schema = 'sla' ORDER BY 1")).containsExactlyInAnyOrderElementsOf(ROLLUPS);
                assertThat(strings(st, "SELECT proc_name FROM timescaledb_information.jobs WHERE hypertable_schema = 'sla' "
                        + "OR hypertable_name IS NOT NULL ORDER BY 1"))
                        .contains("policy_compression", "policy_retention", "policy_refresh_continuous_aggregate");
                insertEvaluations(st);
                st.execute("CALL refresh_continuous_aggregate('sla.evaluation_counts_hourly', NULL, NULL)");
                try (ResultSet rs = st.executeQuery("SELECT ok, warning, breach, insufficient_data "
                        + "FROM sla.evaluation_counts_hourly WHERE objective_id = 'ttft_p95' ORDER BY bucket")) {
                    assertThat(rs.next()).isTrue();
                    assertThat(List.of(rs.getLong(1), rs.getLong(2), rs.getLong(3), rs.getLong(4))).containsExactly(2L, 1L, 1L, 0L);
                    assertThat(rs.next()).isTrue();
                    assertThat(List.of(rs.getLong(1), rs.getLong(2), rs.getLong(3), rs.getLong(4))).containsExactly(0L, 0L, 0L, 1L);
                }
            }
        }
    }

    private static void insertEvaluations(Statement st) throws SQLException {
        st.execute("""
                INSERT INTO sla.evaluations (series_key, tenant, contract, objective_id, evaluated_at, window_seconds, statistic,
                                             value, target, limit_value, samples, status)
                VALUES ('s', 'acme', 'default', 'ttft_p95', '2026-11-02T10:00:10Z', 300, 'p95', 150, 200, 300, 40, 'ok'),
                       ('s', 'acme', 'default', 'ttft_p95', '2026-11-02T10:00:20Z', 300, 'p95', 160, 200, 300, 40, 'ok'),
                       ('s', 'acme', 'default', 'ttft_p95', '2026-11-02T10:30:00Z', 300, 'p95', 250, 200, 300, 40, 'warning'),
                       ('s', 'acme', 'default', 'ttft_p95', '2026-11-02T10:59:50Z', 300, 'p95', 400, 200, 300, 40, 'breach'),
                       ('s', 'acme', 'default', 'ttft_p95', '2026-11-02T11:00:00Z', 300, 'p95', NULL, 200, 300, 3, 'insufficient_data')
                """);
    }

    private static boolean exists(Statement st, String sql) throws SQLException {
        try (ResultSet rs = st.executeQuery(sql)) {
            return rs.next();
        }
    }

    private static List<String> strings(Statement st, String sql) throws SQLException {
        List<String> out = new ArrayList<>();
        try (ResultSet rs = st.executeQuery(sql)) {
            while (rs.next()) {
                out.add(rs.getString(1));
            }
        }
        return out;
    }
}
