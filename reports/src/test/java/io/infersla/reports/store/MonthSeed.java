package io.infersla.reports.store;

import io.infersla.core.request.SeriesKey;
import io.infersla.core.window.Slice;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.time.Instant;

/** Writes evaluations, one-minute window stats and episodes the way the engine's writer does. */
final class MonthSeed {

    private final Connection db;
    private final PreparedStatement evaluation;
    private final PreparedStatement slice;
    private final RollupMarks marks = new RollupMarks();
    private int pending;

    MonthSeed(Connection db) throws SQLException {
        this.db = db;
        this.evaluation = db.prepareStatement("""
                INSERT INTO sla.evaluations (series_key, tenant, contract, objective_id, evaluated_at, window_seconds,
                    statistic, value, target, limit_value, samples, status, excuse)
                VALUES (?, ?, ?, ?, ?, 300, 'p95', 1, 400, 800, 100, ?, ?)
                ON CONFLICT (series_key, objective_id, evaluated_at) DO UPDATE SET status = EXCLUDED.status,
                    excuse = EXCLUDED.excuse""");
        this.slice = db.prepareStatement("""
                INSERT INTO sla.window_stats (series_key, tenant, contract, service, environment, model, category, hardware,
                    metric, slice_start, slice_seconds, count, sum, weight_sum, weighted_sum, min, max, sketch)
                VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, 60, ?, ?, ?, ?, ?, ?, ?)""");
    }

    void evaluation(SeriesKey series, String objective, Instant at, String status, String excuse) throws SQLException {
        int i = 1;
        evaluation.setString(i++, series.canonical());
        evaluation.setString(i++, series.tenant());
        evaluation.setString(i++, series.contract());
        evaluation.setString(i++, objective);
        evaluation.setTimestamp(i++, Timestamp.from(at));
        evaluation.setString(i++, status);
        evaluation.setString(i, excuse);
        evaluation.addBatch();
        marks.evaluation(series, at);
        flushIfFull();
    }

    void slice(SeriesKey series, String metric, Slice s) throws SQLException {
        int i = 1;
        slice.setString(i++, series.canonical());
        slice.setString(i++, series.tenant());
        slice.setString(i++, series.contract());
        slice.setString(i++, series.service());
        slice.setString(i++, series.environment());
        slice.setString(i++, series.model());
        slice.setString(i++, series.category());
        slice.setString(i++, series.hardware());
        slice.setString(i++, metric);
        slice.setTimestamp(i++, Timestamp.from(s.start()));
        slice.setLong(i++, s.count());
        slice.setDouble(i++, s.sum());
        slice.setDouble(i++, s.weightSum());
        slice.setDouble(i++, s.weightedSum());
        slice.setDouble(i++, s.min());
        slice.setDouble(i++, s.max());
        slice.setBytes(i, s.sketchBytes());
        slice.addBatch();
        marks.windowStats(series, s.start());
        flushIfFull();
    }

    private void flushIfFull() throws SQLException {
        if (++pending >= 2000) {
            flush();
        }
    }

    void flush() throws SQLException {
        evaluation.executeBatch();
        slice.executeBatch();
        marks.write(db);
        pending = 0;
    }
}
