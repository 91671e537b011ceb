package io.infersla.engine.storage;

import io.infersla.core.request.SeriesKey;
import io.infersla.core.window.WindowStats;
import io.infersla.engine.topic.EvaluationRecord;
import io.infersla.engine.topic.SliceRecord;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.sql.Types;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.OptionalDouble;

/**
 * The SQL of the storage writer: idempotent upserts keyed by series and time, so a
 * replayed record overwrites its row and never double counts. Statements are batched; with
 * {@code reWriteBatchedInserts=true} on the JDBC URL the driver sends multi-row inserts.
 */
final class ResultRows {

    private static final String UPSERT_WINDOW_STATS = """
            INSERT INTO sla.window_stats (series_key, tenant, contract, service, environment, model, category, hardware,
                metric, slice_start, slice_seconds, count, sum, weight_sum, weighted_sum, mean, min, max, p50, p95, p99, sketch)
            VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)
            ON CONFLICT (series_key, metric, slice_start, slice_seconds) DO UPDATE SET
                count = EXCLUDED.count, sum = EXCLUDED.sum, weight_sum = EXCLUDED.weight_sum,
                weighted_sum = EXCLUDED.weighted_sum, mean = EXCLUDED.mean, min = EXCLUDED.min, max = EXCLUDED.max,
                p50 = EXCLUDED.p50, p95 = EXCLUDED.p95, p99 = EXCLUDED.p99, sketch = EXCLUDED.sketch, written_at = now()
            """;

    private static final String UPSERT_EVALUATION = """
            INSERT INTO sla.evaluations (series_key, tenant, contract, objective_id, evaluated_at, window_seconds,
                statistic, value, target, limit_value, samples, status, excuse)
            VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)
            ON CONFLICT (series_key, objective_id, evaluated_at) DO UPDATE SET
                window_seconds = EXCLUDED.window_seconds, statistic = EXCLUDED.statistic, value = EXCLUDED.value,
                target = EXCLUDED.target, limit_value = EXCLUDED.limit_value, samples = EXCLUDED.samples,
                status = EXCLUDED.status, excuse = EXCLUDED.excuse, written_at = now()
            """;

    /**
     * The series catalog the dashboards filter by (V8): a row per series, widened to the hours of
     * new evaluations. The WHERE leaves the row alone while its hours already cover them, so a
     * series' row changes about once an hour, not on every write.
     */
    private static final String UPSERT_SERIES = """
            INSERT INTO sla.series (series_key, tenant, contract, first_hour, last_hour) VALUES (?, ?, ?, ?, ?)
            ON CONFLICT (series_key) DO UPDATE SET
                first_hour = least(sla.series.first_hour, EXCLUDED.first_hour),
                last_hour = greatest(sla.series.last_hour, EXCLUDED.last_hour)
            WHERE EXCLUDED.first_hour < sla.series.first_hour OR EXCLUDED.last_hour > sla.series.last_hour
            """;

    private ResultRows() {
    }

    static void writeWindowStats(Connection db, List<Keyed<SliceRecord>> records) throws SQLException {
        try (PreparedStatement st = db.prepareStatement(UPSERT_WINDOW_STATS)) {
            for (Keyed<SliceRecord> r : records) {
                SeriesKey s = r.series();
                SliceRecord slice = r.value();
                WindowStats stats = slice.slice().stats(slice.length());
                int i = 1;
                st.setString(i++, s.canonical());
                st.setString(i++, s.tenant());
                st.setString(i++, s.contract());
                st.setString(i++, s.service());
                st.setString(i++, emptyToNull(s.environment()));
                st.setString(i++, emptyToNull(s.model()));
                st.setString(i++, s.category());
                st.setString(i++, emptyToNull(s.hardware()));
                st.setString(i++, slice.metric().id());
                st.setTimestamp(i++, Timestamp.from(slice.slice().start()));
                st.setInt(i++, Math.toIntExact(slice.length().toSeconds()));
                st.setLong(i++, stats.count());
                st.setDouble(i++, stats.sum());
                st.setDouble(i++, slice.slice().weightSum());
                st.setDouble(i++, slice.slice().weightedSum());
                setDouble(st, i++, stats.mean());
                setDouble(st, i++, stats.min());
                setDouble(st, i++, stats.max());
                setDouble(st, i++, stats.quantile(0.50));
                setDouble(st, i++, stats.quantile(0.95));
                setDouble(st, i++, stats.quantile(0.99));
                st.setBytes(i, slice.slice().sketchBytes());
                st.addBatch();
            }
            st.executeBatch();
        }
    }

    static void writeEvaluations(Connection db, List<Keyed<EvaluationRecord>> records) throws SQLException {
        try (PreparedStatement st = db.prepareStatement(UPSERT_EVALUATION)) {
            for (Keyed<EvaluationRecord> r : records) {
                EvaluationRecord e = r.value();
                int i = 1;
                st.setString(i++, r.series().canonical());
                st.setString(i++, r.series().tenant());
                st.setString(i++, r.series().contract());
                st.setString(i++, e.objectiveId());
                st.setTimestamp(i++, Timestamp.from(e.evaluatedAt()));
                st.setInt(i++, Math.toIntExact(e.windowSeconds()));
                st.setString(i++, e.statistic());
                setDouble(st, i++, e.value());
                setDouble(st, i++, e.target());
                setDouble(st, i++, e.limit());
                st.setLong(i++, e.samples());
                st.setString(i++, e.status().id());
                st.setString(i, e.excuse().orElse(null));
                st.addBatch();
            }
            st.executeBatch();
        }
    }

    static void writeSeries(Connection db, List<Keyed<EvaluationRecord>> records) throws SQLException {
        // Sorted by key: concurrent writers lock catalog rows in one order and cannot deadlock.
        Map<SeriesKey, Instant[]> hours = new TreeMap<>(Comparator.comparing(SeriesKey::canonical));
        for (Keyed<EvaluationRecord> r : records) {
            Instant hour = r.value().evaluatedAt().truncatedTo(ChronoUnit.HOURS);
            hours.merge(r.series(), new Instant[] {hour, hour}, (a, b) -> new Instant[] {
                a[0].isBefore(b[0]) ? a[0] : b[0], a[1].isAfter(b[1]) ? a[1] : b[1]});
        }
        try (PreparedStatement st = db.prepareStatement(UPSERT_SERIES)) {
            for (Map.Entry<SeriesKey, Instant[]> e : hours.entrySet()) {
                st.setString(1, e.getKey().canonical());
                st.setString(2, e.getKey().tenant());
                st.setString(3, e.getKey().contract());
                st.setTimestamp(4, Timestamp.from(e.getValue()[0]));
                st.setTimestamp(5, Timestamp.from(e.getValue()[1]));
                st.addBatch();
            }
            st.executeBatch();
        }
    }

    private static void setDouble(PreparedStatement st, int index, OptionalDouble value) throws SQLException {
        if (value.isPresent()) {
            st.setDouble(index, value.getAsDouble());
        } else {
            st.setNull(index, Types.DOUBLE);
        }
    }

    private static String emptyToNull(String value) {
        return value.isEmpty() ? null : value;
    }

    /** A decoded record and the series of its key. */
    record Keyed<T>(SeriesKey series, T value) {
    }
}
