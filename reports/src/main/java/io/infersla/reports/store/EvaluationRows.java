package io.infersla.reports.store;

import io.infersla.core.evaluate.Status;
import io.infersla.core.report.StatusTime.Point;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.OptionalDouble;

/** Raw {@code sla.evaluations} rows of a time range, as one run of points per series and objective. */
final class EvaluationRows {

    private EvaluationRows() {
    }

    /** What an evaluation was judged against. */
    record Thresholds(Instant at, String statistic, int windowSeconds, OptionalDouble target, OptionalDouble limit) {
    }

    /** One series and objective's evaluations, sorted by time. */
    record Run(String seriesKey, String tenant, String contract, String objectiveId, List<Point> points,
            List<Thresholds> thresholds) {

        /** The thresholds of the last evaluation before {@code end}, or null when there is none. */
        Thresholds lastBefore(Instant end) {
            for (int i = thresholds.size() - 1; i >= 0; i--) {
                if (thresholds.get(i).at().isBefore(end)) {
                    return thresholds.get(i);
                }
            }
            return null;
        }
    }

    /**
     * Reads the evaluations in [from, to) that match {@code where} (SQL over sla.evaluations with
     * one parameter per element of {@code params}).
     *
     * @return series key + objective → run
     */
    static Map<String, Run> read(Connection db, String where, Object param, Instant from, Instant to) throws SQLException {
        return read(db, where, List.of(param), from, to);
    }

    static Map<String, Run> read(Connection db, String where, List<Object> params, Instant from, Instant to) throws SQLException {
        Map<String, Run> runs = new LinkedHashMap<>();
        try (PreparedStatement st = Rows.binary(db.prepareStatement("""
                SELECT series_key, tenant, contract, objective_id, evaluated_at, status, excuse, statistic, window_seconds,
                       target, limit_value
                FROM sla.evaluations WHERE %s AND evaluated_at >= ? AND evaluated_at < ?
                ORDER BY series_key, objective_id, evaluated_at""".formatted(where)))) {
            int i = 1;
            for (Object param : params) {
                st.setObject(i++, param);
            }
            st.setTimestamp(i++, Timestamp.from(from));
            st.setTimestamp(i, Timestamp.from(to));
            st.setFetchSize(5000);
            try (ResultSet rs = st.executeQuery()) {
                while (rs.next()) {
                    String seriesKey = rs.getString(1);
                    String objective = rs.getString(4);
                    Run run = runs.computeIfAbsent(seriesKey + "\n" + objective, k -> {
                        try {
                            return new Run(seriesKey, rs.getString(2), rs.getString(3), objective, new ArrayList<>(), new ArrayList<>());
                        } catch (SQLException e) {
                            throw new IllegalStateException(e);
                        }
                    });
                    Instant at = rs.getTimestamp(5).toInstant();
                    String statusId = rs.getString(6);
                    Status status = Status.fromId(statusId).orElseThrow(() ->
                            new IllegalStateException("sla.evaluations has an unknown status '" + statusId + "'"));
                    run.points().add(new Point(at, status, rs.getString(7)));
                    run.thresholds().add(new Thresholds(at, rs.getString(8), rs.getInt(9), Rows.getDouble(rs, 10),
                            Rows.getDouble(rs, 11)));
                }
            }
        }
        return runs;
    }
}
