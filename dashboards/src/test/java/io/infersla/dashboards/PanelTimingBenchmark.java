package io.infersla.dashboards;

import com.fasterxml.jackson.databind.JsonNode;
import io.infersla.dashboards.DashboardQueries.Query;
import io.infersla.dashboards.DashboardVariables.Pick;
import io.infersla.dashboards.GrafanaSql.Selection;
import io.infersla.dashboards.GrafanaSql.TimeRange;
import io.infersla.migrations.Migrations;
import io.infersla.testsupport.PostgresDatabase;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;

/**
 * How long every dashboard query takes on plain PostgreSQL over a realistic month: 100 series x 3
 * objectives, one evaluation and one one-minute slice per series, objective (metric) and minute
 * for 30 days, the hourly rollups of those days as the reports module writes them. Each query is
 * run as Grafana sends it (variables on All) over the last 30 days, and the overview's also over
 * the last 24 hours; the median of 5 runs after one warm-up, and the rows its plan's scans read.
 *
 * <pre>
 * java ... io.infersla.dashboards.PanelTimingBenchmark [--reuse DB_NAME] [--days N] [--series N] [--seed-only] [--no-jit]
 * </pre>
 */
public final class PanelTimingBenchmark {

    private static final int REPEATS = 5;

    public static void main(String[] args) throws Exception {
        List<String> a = Arrays.asList(args);
        int days = intArg(a, "--days", 30);
        int series = intArg(a, "--series", 100);
        String reuse = a.contains("--reuse") ? a.get(a.indexOf("--reuse") + 1) : null;
        try (PostgresDatabase db = PostgresDatabase.create()) {
            String url = reuse == null ? db.jdbcUrl() : db.jdbcUrl().replace(db.name(), reuse);
            try (Connection c = java.sql.DriverManager.getConnection(url, db.user(), db.password())) {
                // Always: a no-op on a current schema, and a reused database gets new migrations.
                Migrations.apply(url, db.user(), db.password());
                if (!seeded(c)) {
                    long t0 = System.nanoTime();
                    seed(c, days, series);
                    System.out.printf("seeded %d days x %d series x 3 objectives in %.0f s%n", days, series, (System.nanoTime() - t0) / 1e9);
                }
                if (!rolledUp(c)) {
                    long t0 = System.nanoTime();
                    seedRollups(c);
                    System.out.printf("rolled up in %.0f s%n", (System.nanoTime() - t0) / 1e9);
                }
                if (a.contains("--seed-only")) {
                    return;
                }
                if (a.contains("--no-jit")) {
                    // What a Grafana role with "ALTER ROLE ... SET jit = off" gets (docs/dashboards.md).
                    try (Statement st = c.createStatement()) {
                        st.execute("SET jit = off");
                    }
                }
                report(c, counts(c));
                Instant now = Instant.now().truncatedTo(ChronoUnit.SECONDS);
                run(c, "30 d", new TimeRange(now.minus(Duration.ofDays(30)), now), null);
                run(c, "24 h", new TimeRange(now.minus(Duration.ofHours(24)), now), "infersla-sla-overview");
            }
        }
    }

    private static void run(Connection c, String rangeName, TimeRange range, String onlyDashboard) throws SQLException {
        Duration interval = GrafanaSql.autoInterval(range, 1000);
        System.out.printf("%n%-30s %-70s %10s %12s %8s%n", "dashboard (" + rangeName + ")", "query", "median ms", "rows read", "rows out");
        for (Path file : GrafanaLayout.dashboardFiles()) {
            JsonNode dashboard = GrafanaLayout.readJson(file);
            if (onlyDashboard != null && !dashboard.path("uid").asText().equals(onlyDashboard)) {
                continue;
            }
            Map<String, Selection> variables = DashboardVariables.resolve(c, dashboard, range, interval, Pick.ALL);
            for (Query q : DashboardQueries.of(file)) {
                String sql = GrafanaSql.expand(q.sql(), range, interval, variables, false);
                long[] ms = new long[REPEATS];
                int rowsOut = 0;
                for (int i = -1; i < REPEATS; i++) {
                    long t0 = System.nanoTime();
                    int n = 0;
                    try (Statement st = c.createStatement(); ResultSet rs = st.executeQuery(sql)) {
                        while (rs.next()) {
                            n++;
                        }
                    }
                    if (i >= 0) {
                        ms[i] = (System.nanoTime() - t0) / 1_000_000;
                    }
                    rowsOut = n;
                }
                Arrays.sort(ms);
                System.out.printf("%-30s %-70s %10d %12d %8d%n", q.dashboard(), trim(q.where()), ms[REPEATS / 2], rowsRead(c, sql), rowsOut);
            }
        }
    }

    /** Rows the plan's scans returned plus those their filters removed, over all loops. */
    private static long rowsRead(Connection c, String sql) throws SQLException {
        try (Statement st = c.createStatement(); ResultSet rs = st.executeQuery("EXPLAIN (ANALYZE, FORMAT JSON) " + sql)) {
            rs.next();
            JsonNode plan = GrafanaLayout.JSON.readTree(rs.getString(1)).path(0).path("Plan");
            return scanned(plan);
        } catch (java.io.IOException e) {
            throw new IllegalStateException(e);
        }
    }

    private static long scanned(JsonNode node) {
        long rows = 0;
        if (node.path("Node Type").asText().contains("Scan")) {
            long loops = Math.max(1, node.path("Actual Loops").asLong());
            rows += (node.path("Actual Rows").asLong() + node.path("Rows Removed by Filter").asLong()) * loops;
        }
        for (JsonNode child : node.path("Plans")) {
            rows += scanned(child);
        }
        return rows;
    }

    private static String trim(String s) {
        return s.length() > 70 ? s.substring(0, 67) + "..." : s;
    }

    private static boolean seeded(Connection c) throws SQLException {
        try (Statement st = c.createStatement()) {
            try (ResultSet rs = st.executeQuery("SELECT to_regclass('sla.evaluations') IS NOT NULL")) {
                if (!rs.next() || !rs.getBoolean(1)) {
                    return false;
                }
            }
            try (ResultSet rs = st.executeQuery("SELECT EXISTS (SELECT 1 FROM sla.evaluations)")) {
                return rs.next() && rs.getBoolean(1);
            }
        }
    }

    private static String counts(Connection c) throws SQLException {
        StringBuilder out = new StringBuilder();
        try (Statement st = c.createStatement()) {
            for (String table : List.of("evaluations", "window_stats", "status_time_hourly", "window_stats_hourly", "series", "breaches")) {
                try (ResultSet rs = st.executeQuery("SELECT count(*) FROM sla." + table)) {
                    rs.next();
                    out.append(table).append('=').append(rs.getLong(1)).append(' ');
                }
            }
        }
        return out.toString();
    }

    private static void report(Connection c, String counts) {
        System.out.println("rows: " + counts);
    }

    /**
     * Server-side seeding, one day per statement. Series i: tenant acme, contract c(i % 5), service
     * svc-i, chatbot; objectives ttft_p95, tpot_p95, e2e_p95. Mostly ok, a warning minute in 600,
     * and 25 breach minutes a day (hour 3) on every fifth series, with its episode.
     */
    private static void seed(Connection c, int days, int series) throws SQLException {
        try (Statement st = c.createStatement()) {
            st.execute("SET synchronous_commit = off");
            st.execute("SET maintenance_work_mem = '256MB'");
            // 26 M rows into two tables whose B-trees take them in random key order was most of the
            // ~21 min: drop their keys and indexes for the load and build them once, sorted, after.
            List<String> rebuild = dropKeysAndIndexes(st, List.of("sla.evaluations", "sla.window_stats"));
            st.execute("""
                    INSERT INTO sla.contracts (tenant, contract, definition)
                    SELECT 'acme', 'c' || i, '{"compliance": {"attainment": 0.995, "credits": [{"below": 0.995, "credit_percent": 10}]}}'
                    FROM generate_series(0, 4) i""");
            st.execute("CREATE TEMP TABLE bench_series AS SELECT i, 'acme|c' || (i % 5) || '|svc-' || i || '|prod|llama|chatbot||' AS k, "
                    + "'c' || (i % 5) AS contract FROM generate_series(0, " + (series - 1) + ") i");
            st.execute("CREATE TEMP TABLE bench_objectives (objective_id text, metric text, target double precision, limit_value double precision)");
            st.execute("INSERT INTO bench_objectives VALUES ('ttft_p95', 'ttft_ms', 200, 300), ('tpot_p95', 'tpot_ms', 20, 50), ('e2e_p95', 'e2e_ms', 2000, 3000)");
            Instant end = Instant.now().truncatedTo(ChronoUnit.HOURS);
            for (int d = days; d >= 1; d--) {
                Instant from = end.minus(Duration.ofDays(d));
                Instant to = from.plus(Duration.ofDays(1));
                String minutes = "generate_series('" + from + "'::timestamptz, '" + to + "'::timestamptz - interval '1 minute', interval '1 minute') t";
                st.execute("""
                        INSERT INTO sla.evaluations (series_key, tenant, contract, objective_id, evaluated_at, window_seconds, statistic,
                                                     value, target, limit_value, samples, status, written_at)
                        SELECT s.k, 'acme', s.contract, o.objective_id, t, 300, 'p95', o.target * 0.8, o.target, o.limit_value, 600,
                               CASE WHEN s.i %% 5 = 0 AND extract(hour FROM t) = 3 AND extract(minute FROM t) < 25 THEN 'breach'
                                    WHEN (extract(epoch FROM t)::bigint / 60 + s.i) %% 600 = 0 THEN 'warning' ELSE 'ok' END,
                               t + interval '12 seconds'
                        FROM bench_series s, bench_objectives o, %s""".formatted(minutes));
                st.execute("""
                        INSERT INTO sla.window_stats (series_key, tenant, contract, service, environment, model, category, hardware, metric,
                                                      slice_start, slice_seconds, count, sum, mean, min, max, p50, p95, p99, sketch)
                        SELECT s.k, 'acme', s.contract, 'svc-' || s.i, 'prod', 'llama', 'chatbot', '', o.metric, t, 60, 120,
                               120 * o.target * 0.6, o.target * 0.6, o.target * 0.2, o.limit_value, o.target * 0.5, o.target * 0.8,
                               o.target * 0.95, '\\x00'::bytea
                        FROM bench_series s, bench_objectives o, %s""".formatted(minutes));
                st.execute("""
                        INSERT INTO sla.breaches (episode_id, tenant, contract, series_key, objective_id, severity, opened_at, resolved_at,
                                                  peak_value, peak_at, dedup_key)
                        SELECT s.k || '|' || o.objective_id || '@' || d, 'acme', s.contract, s.k, o.objective_id, 'critical', d, d + interval '25 minutes',
                               o.limit_value * 1.2, d, s.k || '|' || o.objective_id || '@' || d
                        FROM bench_series s, bench_objectives o,
                             (SELECT date_trunc('day', '%s'::timestamptz + interval '20 hours') + interval '3 hours' AS d) dd
                        WHERE s.i %% 5 = 0""".formatted(from));
            }
            for (String ddl : rebuild) {
                st.execute(ddl);
            }
            st.execute("VACUUM ANALYZE");
        }
    }

    private static boolean rolledUp(Connection c) throws SQLException {
        try (Statement st = c.createStatement(); ResultSet rs = st.executeQuery("SELECT EXISTS (SELECT 1 FROM sla.status_time_hourly)")) {
            return rs.next() && rs.getBoolean(1);
        }
    }

    /** The DDL that puts back the primary/unique keys and the other indexes of the tables, after dropping them. */
    private static List<String> dropKeysAndIndexes(Statement st, List<String> tables) throws SQLException {
        List<String> rebuild = new ArrayList<>();
        List<String> drops = new ArrayList<>();
        for (String table : tables) {
            try (ResultSet rs = st.executeQuery("SELECT conname, pg_get_constraintdef(oid) FROM pg_constraint WHERE conrelid = '"
                    + table + "'::regclass AND contype IN ('p', 'u')")) {
                while (rs.next()) {
                    drops.add("ALTER TABLE " + table + " DROP CONSTRAINT " + rs.getString(1));
                    rebuild.add("ALTER TABLE " + table + " ADD CONSTRAINT " + rs.getString(1) + " " + rs.getString(2));
                }
            }
            try (ResultSet rs = st.executeQuery("SELECT i.indexrelid::regclass, pg_get_indexdef(i.indexrelid) FROM pg_index i WHERE i.indrelid = '"
                    + table + "'::regclass AND NOT EXISTS (SELECT 1 FROM pg_constraint k WHERE k.conindid = i.indexrelid)")) {
                while (rs.next()) {
                    drops.add("DROP INDEX " + rs.getString(1));
                    rebuild.add(rs.getString(2));
                }
            }
        }
        for (String drop : drops) {
            st.execute(drop);
        }
        return rebuild;
    }

    /** The hourly rollups HourlyRollup would have written over the seeded raw rows. */
    private static void seedRollups(Connection c) throws SQLException {
        try (Statement st = c.createStatement()) {
            st.execute("SET synchronous_commit = off");
            st.execute("""
                    INSERT INTO sla.status_time_hourly (series_key, tenant, contract, objective_id, hour, status, excuse, millis,
                                                        statistic, window_seconds, target, limit_value, last_evaluated_at)
                    SELECT series_key, tenant, contract, objective_id, date_trunc('hour', evaluated_at), status, '', count(*) * 60000,
                           'p95', 300, max(target), max(limit_value), max(evaluated_at)
                    FROM sla.evaluations GROUP BY series_key, tenant, contract, objective_id, date_trunc('hour', evaluated_at), status""");
            st.execute("""
                    INSERT INTO sla.window_stats_hourly (series_key, tenant, contract, metric, hour, count, sum, weight_sum, weighted_sum, min, max, sketch)
                    SELECT series_key, tenant, contract, metric, date_trunc('hour', slice_start), sum(count), sum(sum), 0, 0, min(min), max(max), '\\x00'::bytea
                    FROM sla.window_stats GROUP BY series_key, tenant, contract, metric, date_trunc('hour', slice_start)""");
            // The series catalog as the storage writer keeps it (a database migrated to V8 after its
            // seeding has it from V8's backfill already).
            st.execute("""
                    INSERT INTO sla.series (series_key, tenant, contract, first_hour, last_hour)
                    SELECT series_key, tenant, contract, min(hour), max(hour) FROM sla.status_time_hourly GROUP BY series_key, tenant, contract
                    ON CONFLICT DO NOTHING""");
            st.execute("VACUUM ANALYZE");
        }
    }

    private static int intArg(List<String> args, String name, int fallback) {
        int i = args.indexOf(name);
        return i < 0 ? fallback : Integer.parseInt(args.get(i + 1));
    }
}
