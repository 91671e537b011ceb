package io.infersla.reports.store;

import io.infersla.core.evaluate.Status;
import io.infersla.core.report.StatusTime;
import io.infersla.core.window.Slice;
import java.sql.Array;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;

/**
 * Rolls marked hours ({@code sla.rollup_pending}) up into {@code sla.status_time_hourly} and
 * {@code sla.window_stats_hourly}: one transaction per batch reads the raw rows of the marked
 * series and hours, replaces their rollup rows and removes the marks. Marks are taken with
 * {@code FOR UPDATE SKIP LOCKED}, so engine instances can run this side by side; a writer that
 * marks an hour again while it is being rolled up waits for the batch and leaves a new mark.
 */
public final class HourlyRollup {

    private static final Duration HOUR = Duration.ofHours(1);

    private HourlyRollup() {
    }

    /**
     * Rolls up at most {@code maxMarks} marked hours that ended before {@code closedBefore} (an
     * hour still being written is read raw by reports until then).
     *
     * @return the number of hours rolled up
     */
    public static int run(Connection db, Instant closedBefore, int maxMarks) throws SQLException {
        boolean autoCommit = db.getAutoCommit();
        db.setAutoCommit(false);
        try {
            Map<Instant, Marked> seriesByHour = new TreeMap<>();
            int taken = 0;
            try (PreparedStatement st = db.prepareStatement("""
                    SELECT series_key, hour, tenant, contract FROM sla.rollup_pending WHERE hour + INTERVAL '1 hour' <= ?
                    ORDER BY hour LIMIT ? FOR UPDATE SKIP LOCKED""")) {
                st.setTimestamp(1, Timestamp.from(closedBefore));
                st.setInt(2, maxMarks);
                try (ResultSet rs = st.executeQuery()) {
                    while (rs.next()) {
                        Marked marked = seriesByHour.computeIfAbsent(rs.getTimestamp(2).toInstant(), h -> new Marked());
                        marked.series.add(rs.getString(1));
                        marked.tenants.add(rs.getString(3));
                        marked.contracts.add(rs.getString(4));
                        taken++;
                    }
                }
            }
            for (Map.Entry<Instant, Marked> hour : seriesByHour.entrySet()) {
                Array series = db.createArrayOf("text", hour.getValue().series.toArray());
                // The contracts' time indexes bound the scans to the hour (see ReportSource): the
                // series filter alone would walk every row of those series, whatever the time.
                List<Object> params = List.of(db.createArrayOf("text", hour.getValue().tenants.toArray()),
                        db.createArrayOf("text", hour.getValue().contracts.toArray()), series);
                rollUpStatusTime(db, hour.getKey(), params);
                rollUpWindowStats(db, hour.getKey(), params);
                try (PreparedStatement st = db.prepareStatement(
                        "DELETE FROM sla.rollup_pending WHERE hour = ? AND series_key = ANY (?)")) {
                    st.setTimestamp(1, Timestamp.from(hour.getKey()));
                    st.setArray(2, series);
                    st.executeUpdate();
                }
            }
            db.commit();
            return taken;
        } catch (SQLException | RuntimeException e) {
            db.rollback();
            throw e;
        } finally {
            db.setAutoCommit(autoCommit);
        }
    }

    /** The series marked in one hour, and their tenants and contracts. */
    private static final class Marked {
        final List<String> series = new ArrayList<>();
        final Set<String> tenants = new LinkedHashSet<>();
        final Set<String> contracts = new LinkedHashSet<>();
    }

    private static final String MARKED_SERIES = "tenant = ANY (?) AND contract = ANY (?) AND series_key = ANY (?)";

    private static void rollUpStatusTime(Connection db, Instant hour, List<Object> params) throws SQLException {
        try (PreparedStatement st = db.prepareStatement(
                "DELETE FROM sla.status_time_hourly WHERE hour = ? AND " + MARKED_SERIES)) {
            st.setTimestamp(1, Timestamp.from(hour));
            int i = 2;
            for (Object param : params) {
                st.setObject(i++, param);
            }
            st.executeUpdate();
        }
        Instant end = hour.plus(HOUR);
        Map<String, EvaluationRows.Run> runs = EvaluationRows.read(db, MARKED_SERIES, params,
                hour.minus(StatusTime.RESOLUTION), end.plus(StatusTime.RESOLUTION));
        try (PreparedStatement st = db.prepareStatement("""
                INSERT INTO sla.status_time_hourly (series_key, tenant, contract, objective_id, hour, status, excuse, millis,
                    statistic, window_seconds, target, limit_value, last_evaluated_at)
                VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)""")) {
            for (EvaluationRows.Run run : runs.values()) {
                StatusTime time = StatusTime.of(run.points(), hour, end);
                EvaluationRows.Thresholds last = run.lastBefore(end);
                if (time.covered() == 0 || last == null) {
                    continue;
                }
                Map<String[], Long> rows = new LinkedHashMap<>();
                time.millis().forEach((status, ms) -> {
                    if (status != Status.EXCUSED) {
                        rows.put(new String[] {status.id(), ""}, ms);
                    }
                });
                time.excusedMillis().forEach((excuse, ms) -> rows.put(new String[] {Status.EXCUSED.id(), excuse}, ms));
                for (Map.Entry<String[], Long> row : rows.entrySet()) {
                    int i = 1;
                    st.setString(i++, run.seriesKey());
                    st.setString(i++, run.tenant());
                    st.setString(i++, run.contract());
                    st.setString(i++, run.objectiveId());
                    st.setTimestamp(i++, Timestamp.from(hour));
                    st.setString(i++, row.getKey()[0]);
                    st.setString(i++, row.getKey()[1]);
                    st.setLong(i++, row.getValue());
                    st.setString(i++, last.statistic());
                    st.setInt(i++, last.windowSeconds());
                    Rows.setDouble(st, i++, last.target());
                    Rows.setDouble(st, i++, last.limit());
                    st.setTimestamp(i, Timestamp.from(last.at()));
                    st.addBatch();
                }
            }
            st.executeBatch();
        }
    }

    private static void rollUpWindowStats(Connection db, Instant hour, List<Object> params) throws SQLException {
        try (PreparedStatement st = db.prepareStatement(
                "DELETE FROM sla.window_stats_hourly WHERE hour = ? AND " + MARKED_SERIES)) {
            st.setTimestamp(1, Timestamp.from(hour));
            int i = 2;
            for (Object param : params) {
                st.setObject(i++, param);
            }
            st.executeUpdate();
        }
        Map<String, Slice> merged = new LinkedHashMap<>();
        Map<String, String[]> owners = new LinkedHashMap<>();
        try (PreparedStatement st = db.prepareStatement("""
                SELECT series_key, tenant, contract, metric, slice_start, count, sum, weight_sum, weighted_sum, min, max, sketch
                FROM sla.window_stats
                WHERE %s AND slice_start >= ? AND slice_start < ? AND slice_seconds = 60""".formatted(MARKED_SERIES))) {
            int i = 1;
            for (Object param : params) {
                st.setObject(i++, param);
            }
            st.setTimestamp(i++, Timestamp.from(hour));
            st.setTimestamp(i, Timestamp.from(hour.plus(HOUR)));
            st.setFetchSize(2000);
            try (ResultSet rs = st.executeQuery()) {
                while (rs.next()) {
                    String key = rs.getString(1) + "\n" + rs.getString(4);
                    owners.putIfAbsent(key, new String[] {rs.getString(1), rs.getString(2), rs.getString(3), rs.getString(4)});
                    merged.computeIfAbsent(key, k -> new Slice(hour)).mergeFrom(Rows.slice(rs, 5));
                }
            }
        }
        try (PreparedStatement st = db.prepareStatement("""
                INSERT INTO sla.window_stats_hourly (series_key, tenant, contract, metric, hour, count, sum, weight_sum,
                    weighted_sum, min, max, sketch) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)""")) {
            for (Map.Entry<String, Slice> entry : merged.entrySet()) {
                String[] owner = owners.get(entry.getKey());
                Slice slice = entry.getValue();
                int i = 1;
                st.setString(i++, owner[0]);
                st.setString(i++, owner[1]);
                st.setString(i++, owner[2]);
                st.setString(i++, owner[3]);
                st.setTimestamp(i++, Timestamp.from(hour));
                st.setLong(i++, slice.count());
                st.setDouble(i++, slice.sum());
                st.setDouble(i++, slice.weightSum());
                st.setDouble(i++, slice.weightedSum());
                Rows.setDouble(st, i++, slice.isEmpty() ? java.util.OptionalDouble.empty() : java.util.OptionalDouble.of(slice.min()));
                Rows.setDouble(st, i++, slice.isEmpty() ? java.util.OptionalDouble.empty() : java.util.OptionalDouble.of(slice.max()));
                st.setBytes(i, slice.sketchBytes());
                st.addBatch();
            }
            st.executeBatch();
        }
    }
}
