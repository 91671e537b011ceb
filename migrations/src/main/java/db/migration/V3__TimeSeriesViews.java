package db.migration;

import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.List;
import java.util.Map;
import org.flywaydb.core.api.migration.BaseJavaMigration;
import org.flywaydb.core.api.migration.Context;

/**
 * The time-series layer over {@code sla.window_stats} and {@code sla.evaluations}, for both kinds
 * of database InferSLA supports:
 *
 * <ul>
 *   <li>with the timescaledb extension: both tables become hypertables (their primary keys
 *       already contain the time column), chunks older than 7 days are compressed (segmented by
 *       series and metric or objective), rows older than the retention are dropped, and the
 *       rollups are continuous aggregates refreshed by policy;
 *   <li>without it (plain PostgreSQL 15+): the same rollups as plain views with the same names
 *       and columns, so dashboards and reports query one schema.
 * </ul>
 *
 * A Java migration because the choice depends on the database, and because continuous
 * aggregates cannot be created inside a transaction. The retention comes from the Flyway
 * placeholder {@code retention} (default {@value #DEFAULT_RETENTION}).
 */
public class V3__TimeSeriesViews extends BaseJavaMigration {

    static final String DEFAULT_RETENTION = "400 days";

    /** Evaluations per status; the hourly and the daily rollup differ only in their bucket. */
    private static final String EVALUATION_COUNTS = """
            SELECT series_key, tenant, contract, objective_id, %s AS bucket,
                   count(*) FILTER (WHERE status = 'ok') AS ok,
                   count(*) FILTER (WHERE status = 'warning') AS warning,
                   count(*) FILTER (WHERE status = 'breach') AS breach,
                   count(*) FILTER (WHERE status = 'insufficient_data') AS insufficient_data,
                   count(*) FILTER (WHERE status = 'excused') AS excused,
                   count(*) FILTER (WHERE status = 'reported') AS reported
            FROM sla.evaluations
            GROUP BY series_key, tenant, contract, objective_id, bucket""";

    /** Rollup name → the SELECT behind it (with %s for the bucket), written once for both kinds of database. */
    private static final Map<String, String> ROLLUPS = Map.of(
            "evaluation_counts_hourly", EVALUATION_COUNTS,
            "evaluation_counts_daily", EVALUATION_COUNTS,
            "window_stats_daily", """
                SELECT series_key, tenant, contract, service, category, metric, %s AS bucket,
                       sum(count) AS count, sum(sum) AS sum,
                       sum(sum) / NULLIF(sum(count), 0) AS mean,
                       sum(weighted_sum) / NULLIF(sum(weight_sum), 0) AS weighted_mean,
                       min(min) AS min, max(max) AS max
                FROM sla.window_stats
                GROUP BY series_key, tenant, contract, service, category, metric, bucket""");

    private static final Map<String, String> BUCKETS = Map.of(
            "evaluation_counts_hourly", "evaluated_at|1 hour",
            "evaluation_counts_daily", "evaluated_at|1 day",
            "window_stats_daily", "slice_start|1 day");

    @Override
    public boolean canExecuteInTransaction() {
        return false;
    }

    @Override
    public void migrate(Context context) throws SQLException {
        Connection db = context.getConnection();
        String retention = context.getConfiguration().getPlaceholders().getOrDefault("retention", DEFAULT_RETENTION);
        try (Statement st = db.createStatement()) {
            if (hasTimescale(st)) {
                timescale(st, retention);
            } else {
                for (String name : List.of("evaluation_counts_hourly", "evaluation_counts_daily", "window_stats_daily")) {
                    String[] bucket = BUCKETS.get(name).split("\\|");
                    String unit = bucket[1].equals("1 hour") ? "hour" : "day";
                    st.execute("CREATE VIEW sla." + name + " AS " + ROLLUPS.get(name).formatted(
                            "date_trunc('" + unit + "', " + bucket[0] + ")"));
                }
            }
        }
    }

    static boolean hasTimescale(Statement st) throws SQLException {
        try (ResultSet rs = st.executeQuery("SELECT 1 FROM pg_extension WHERE extname = 'timescaledb'")) {
            return rs.next();
        }
    }

    private static void timescale(Statement st, String retention) throws SQLException {
        st.execute("SELECT create_hypertable('sla.window_stats', by_range('slice_start', INTERVAL '1 day'), migrate_data => true)");
        st.execute("SELECT create_hypertable('sla.evaluations', by_range('evaluated_at', INTERVAL '1 day'), migrate_data => true)");
        st.execute("ALTER TABLE sla.window_stats SET (timescaledb.compress, "
                + "timescaledb.compress_segmentby = 'series_key, metric', timescaledb.compress_orderby = 'slice_start')");
        st.execute("ALTER TABLE sla.evaluations SET (timescaledb.compress, "
                + "timescaledb.compress_segmentby = 'series_key, objective_id', timescaledb.compress_orderby = 'evaluated_at')");
        st.execute("SELECT add_compression_policy('sla.window_stats', INTERVAL '7 days')");
        st.execute("SELECT add_compression_policy('sla.evaluations', INTERVAL '7 days')");
        st.execute("SELECT add_retention_policy('sla.window_stats', INTERVAL '" + interval(retention) + "')");
        st.execute("SELECT add_retention_policy('sla.evaluations', INTERVAL '" + interval(retention) + "')");
        for (String name : List.of("evaluation_counts_hourly", "evaluation_counts_daily", "window_stats_daily")) {
            String[] bucket = BUCKETS.get(name).split("\\|");
            st.execute("CREATE MATERIALIZED VIEW sla." + name + " WITH (timescaledb.continuous) AS "
                    + ROLLUPS.get(name).formatted("time_bucket(INTERVAL '" + bucket[1] + "', " + bucket[0] + ")")
                    + " WITH NO DATA");
            String every = bucket[1].equals("1 hour") ? "15 minutes" : "1 hour";
            st.execute("SELECT add_continuous_aggregate_policy('sla." + name + "', start_offset => INTERVAL '"
                    + interval(retention) + "', end_offset => INTERVAL '" + bucket[1] + "', schedule_interval => INTERVAL '"
                    + every + "')");
        }
    }

    /** Accepts only plain intervals ("400 days", "90 days", "1 year"): the value ends up inside SQL. */
    static String interval(String text) {
        if (!text.matches("[1-9][0-9]{0,4} (day|days|month|months|year|years)")) {
            throw new IllegalArgumentException("flyway placeholder retention must look like '400 days', was '" + text + "'");
        }
        return text;
    }
}
