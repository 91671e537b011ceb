package io.infersla.reports.store;

import io.infersla.core.catalog.Catalog;
import io.infersla.core.compliance.ComplianceTerms;
import io.infersla.core.compliance.ComplianceTermsJson;
import io.infersla.core.contract.MaintenanceWindow;
import io.infersla.core.evaluate.Status;
import io.infersla.core.json.Json;
import io.infersla.core.report.ReportInput;
import io.infersla.core.report.ReportInput.Episode;
import io.infersla.core.report.ReportInput.MetricDay;
import io.infersla.core.report.ReportInput.SeriesObjective;
import io.infersla.core.report.ReportMonth;
import io.infersla.core.report.StatusTime;
import io.infersla.core.request.SeriesKey;
import io.infersla.core.sketch.BinTally;
import io.infersla.core.sketch.QuantileSketch;
import io.infersla.core.window.Slice;
import java.sql.Array;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.time.Instant;
import java.time.LocalDate;
import java.time.YearMonth;
import java.time.ZoneId;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeMap;

/**
 * Reads what one contract's month is computed from ({@link ReportInput}): hourly rollups for the
 * hours that are rolled up and wholly inside the month, raw rows for the rest (hours marked in
 * {@code sla.rollup_pending}, and the partial hours at the month's edges in zones with a
 * half-hour offset). Either way the figures are the same; the rollups only make them fast.
 */
public final class ReportSource {

    private static final String SERIES_OF_CONTRACT = "tenant = ? AND contract = ? AND series_key = ANY (?)";

    private ReportSource() {
    }

    /** The contract as a report needs it. */
    public record Contract(String tenant, String contract, String name, ZoneId zone, ComplianceTerms terms) {
    }

    /** What was read, for the benchmark: rows per source. */
    public record Counts(long rollupStatusRows, long rollupSliceRows, long rawEvaluations, long rawSlices) {
    }

    /**
     * @return the contract, or empty when this tenant has no such contract
     * @throws IllegalStateException when its stored definition is no longer valid (named problems)
     */
    public static Optional<Contract> contract(Connection db, Catalog catalog, String tenant, String contract) throws SQLException {
        try (PreparedStatement st = db.prepareStatement(
                "SELECT display_name, time_zone, definition::text FROM sla.contracts WHERE tenant = ? AND contract = ?")) {
            st.setString(1, tenant);
            st.setString(2, contract);
            try (ResultSet rs = st.executeQuery()) {
                if (!rs.next()) {
                    return Optional.empty();
                }
                String where = "contracts[" + tenant + "/" + contract + "].definition";
                ComplianceTerms terms = ComplianceTermsJson.read(catalog, where, Json.parse(where, rs.getString(3)));
                return Optional.of(new Contract(tenant, contract, rs.getString(1), ZoneId.of(rs.getString(2)), terms));
            }
        }
    }

    public static ReportInput read(Connection db, Catalog catalog, Contract contract, YearMonth yearMonth, Instant now)
            throws SQLException {
        return read(db, catalog, contract, yearMonth, now, new long[4]);
    }

    /** Like {@link #read(Connection, Catalog, Contract, YearMonth, Instant)}, counting rows into {@code counts}. */
    public static ReportInput read(Connection db, Catalog catalog, Contract contract, YearMonth yearMonth, Instant now,
            long[] counts) throws SQLException {
        ReportMonth month = new ReportMonth(yearMonth, contract.zone());
        Instant start = month.start();
        Instant end = month.end();
        Instant firstFull = ceilHour(start);
        Instant fullEnd = end.truncatedTo(ChronoUnit.HOURS);
        Reader reader = new Reader(db, contract, month, counts);

        Set<String> pending = new HashSet<>();
        Map<Instant, List<String>> pendingByHour = new TreeMap<>();
        try (PreparedStatement st = db.prepareStatement("""
                SELECT series_key, hour FROM sla.rollup_pending
                WHERE tenant = ? AND contract = ? AND hour >= ? AND hour + INTERVAL '1 hour' <= ?""")) {
            st.setString(1, contract.tenant());
            st.setString(2, contract.contract());
            st.setTimestamp(3, Timestamp.from(firstFull));
            st.setTimestamp(4, Timestamp.from(fullEnd));
            try (ResultSet rs = st.executeQuery()) {
                while (rs.next()) {
                    Instant hour = rs.getTimestamp(2).toInstant();
                    pending.add(rs.getString(1) + "\n" + hour.toEpochMilli());
                    pendingByHour.computeIfAbsent(hour, h -> new ArrayList<>()).add(rs.getString(1));
                }
            }
        }

        // A month always has full hours between its partial first and last ones (672 h at least).
        reader.statusRollups(firstFull, fullEnd, pending);
        reader.sliceRollups(firstFull, fullEnd, pending);
        for (Map.Entry<Instant, List<String>> hour : pendingByHour.entrySet()) {
            Array series = db.createArrayOf("text", hour.getValue().toArray());
            // The contract's time index bounds the scan to the hour: the primary keys start with the
            // series but have the objective (metric) before the time, so "series_key = ANY" alone
            // would walk every row of those series in the table for each hour.
            reader.raw(SERIES_OF_CONTRACT, List.of(contract.tenant(), contract.contract(), series), hour.getKey(),
                    hour.getKey().plus(1, ChronoUnit.HOURS));
        }
        List<Object> wholeContract = List.of(contract.tenant(), contract.contract());
        if (start.isBefore(firstFull)) {
            reader.raw("tenant = ? AND contract = ?", wholeContract, start, firstFull);
        }
        if (fullEnd.isBefore(end)) {
            reader.raw("tenant = ? AND contract = ?", wholeContract, fullEnd, end);
        }

        List<SeriesObjective> objectives = new ArrayList<>();
        new TreeMap<>(reader.status).forEach((key, acc) -> {
            String[] parts = key.split("\n", 2);
            objectives.add(new SeriesObjective(SeriesKey.parse(parts[0]), parts[1], acc.time(), acc.last.statistic(),
                    acc.last.windowSeconds(), acc.last.target(), acc.last.limit()));
        });
        List<MetricDay> days = new ArrayList<>();
        new TreeMap<>(reader.days).forEach((key, day) -> {
            String[] parts = key.split("\n", 3);
            days.add(new MetricDay(parts[0], parts[1], LocalDate.parse(parts[2]), day.slice(start)));
        });
        return new ReportInput(contract.tenant(), contract.contract(), contract.name(), month, now, catalog,
                contract.terms(), objectives, days, episodes(db, contract, start, end), maintenance(db, contract, start, end));
    }

    private static Instant ceilHour(Instant t) {
        Instant floor = t.truncatedTo(ChronoUnit.HOURS);
        return floor.equals(t) ? t : floor.plus(1, ChronoUnit.HOURS);
    }

    private static List<Episode> episodes(Connection db, Contract contract, Instant start, Instant end) throws SQLException {
        List<Episode> out = new ArrayList<>();
        try (PreparedStatement st = db.prepareStatement("""
                SELECT episode_id, series_key, objective_id, severity, opened_at, resolved_at, peak_value, peak_at, dedup_key
                FROM sla.breaches WHERE tenant = ? AND contract = ? AND opened_at < ? AND (resolved_at IS NULL OR resolved_at > ?)
                ORDER BY opened_at, episode_id""")) {
            st.setString(1, contract.tenant());
            st.setString(2, contract.contract());
            st.setTimestamp(3, Timestamp.from(end));
            st.setTimestamp(4, Timestamp.from(start));
            try (ResultSet rs = st.executeQuery()) {
                while (rs.next()) {
                    Timestamp resolved = rs.getTimestamp(6);
                    out.add(new Episode(rs.getString(1), rs.getString(2), rs.getString(3), rs.getString(4),
                            rs.getTimestamp(5).toInstant(), Optional.ofNullable(resolved).map(Timestamp::toInstant),
                            rs.getDouble(7), rs.getTimestamp(8).toInstant(), rs.getString(9)));
                }
            }
        }
        return out;
    }

    private static List<MaintenanceWindow> maintenance(Connection db, Contract contract, Instant start, Instant end)
            throws SQLException {
        List<MaintenanceWindow> out = new ArrayList<>();
        try (PreparedStatement st = db.prepareStatement("""
                SELECT id, starts_at, ends_at, service, category, model, reason FROM sla.maintenance_windows
                WHERE tenant = ? AND contract = ? AND starts_at < ? AND ends_at > ? ORDER BY starts_at, id""")) {
            st.setString(1, contract.tenant());
            st.setString(2, contract.contract());
            st.setTimestamp(3, Timestamp.from(end));
            st.setTimestamp(4, Timestamp.from(start));
            try (ResultSet rs = st.executeQuery()) {
                while (rs.next()) {
                    out.add(new MaintenanceWindow(rs.getLong(1), rs.getTimestamp(2).toInstant(), rs.getTimestamp(3).toInstant(),
                            Optional.ofNullable(rs.getString(4)), Optional.ofNullable(rs.getString(5)),
                            Optional.ofNullable(rs.getString(6)), rs.getString(7)));
                }
            }
        }
        return out;
    }

    /** Accumulates status time and daily slices per series from rollups and raw rows. */
    private static final class Reader {
        final Connection db;
        final Contract contract;
        final ReportMonth month;
        final long[] counts;
        /** Per series and objective; sorted by key when read (the order the report is built in). */
        final Map<String, StatusAccumulator> status = new HashMap<>();
        /** Per series, metric and local day; sorted by key when read (the order the report merges them in). */
        final Map<String, DayAccumulator> days = new HashMap<>();
        /** The local date of a slice's or an hour's start (epoch millis): a month has at most 44,640 minutes. */
        final Map<Long, LocalDate> dateOf = new HashMap<>();

        Reader(Connection db, Contract contract, ReportMonth month, long[] counts) {
            this.db = db;
            this.contract = contract;
            this.month = month;
            this.counts = counts;
        }

        void statusRollups(Instant from, Instant to, Set<String> pending) throws SQLException {
            try (PreparedStatement st = Rows.binary(db.prepareStatement("""
                    SELECT series_key, objective_id, hour, status, excuse, millis, statistic, window_seconds, target,
                           limit_value, last_evaluated_at
                    FROM sla.status_time_hourly WHERE tenant = ? AND contract = ? AND hour >= ? AND hour < ?"""))) {
                st.setString(1, contract.tenant());
                st.setString(2, contract.contract());
                st.setTimestamp(3, Timestamp.from(from));
                st.setTimestamp(4, Timestamp.from(to));
                st.setFetchSize(10_000);
                try (ResultSet rs = st.executeQuery()) {
                    while (rs.next()) {
                        String series = rs.getString(1);
                        if (!pending.isEmpty() && pending.contains(series + "\n" + rs.getTimestamp(3).getTime())) {
                            continue;
                        }
                        counts[0]++;
                        StatusAccumulator acc = status.computeIfAbsent(series + "\n" + rs.getString(2), k -> new StatusAccumulator());
                        Status s = Status.fromId(rs.getString(4)).orElseThrow();
                        acc.add(s, rs.getString(5), rs.getLong(6));
                        acc.offer(new EvaluationRows.Thresholds(rs.getTimestamp(11).toInstant(), rs.getString(7), rs.getInt(8),
                                Rows.getDouble(rs, 9), Rows.getDouble(rs, 10)));
                    }
                }
            }
        }

        void sliceRollups(Instant from, Instant to, Set<String> pending) throws SQLException {
            try (PreparedStatement st = Rows.binary(db.prepareStatement("""
                    SELECT series_key, metric, hour, count, sum, weight_sum, weighted_sum, min, max, sketch
                    FROM sla.window_stats_hourly WHERE tenant = ? AND contract = ? AND hour >= ? AND hour < ?"""))) {
                st.setString(1, contract.tenant());
                st.setString(2, contract.contract());
                st.setTimestamp(3, Timestamp.from(from));
                st.setTimestamp(4, Timestamp.from(to));
                st.setFetchSize(20_000);
                try (ResultSet rs = st.executeQuery()) {
                    while (rs.next()) {
                        String series = rs.getString(1);
                        long hour = rs.getTimestamp(3).getTime();
                        if (!pending.isEmpty() && pending.contains(series + "\n" + hour)) {
                            continue;
                        }
                        counts[1]++;
                        day(series, rs.getString(2), hour).add(rs, 4);
                    }
                }
            }
        }

        /** The raw rows of [from, to) matching {@code where}: evaluations (with the minute either side) and slices. */
        void raw(String where, List<Object> params, Instant from, Instant to) throws SQLException {
            rawStatus(EvaluationRows.read(db, where, params, from.minus(StatusTime.RESOLUTION), to.plus(StatusTime.RESOLUTION)),
                    from, to);
            rawSlices(where, params, from, to);
        }

        private void rawStatus(Map<String, EvaluationRows.Run> runs, Instant from, Instant to) {
            for (EvaluationRows.Run run : runs.values()) {
                StatusTime time = StatusTime.of(run.points(), from, to);
                EvaluationRows.Thresholds last = run.lastBefore(to);
                if (time.covered() == 0 || last == null) {
                    continue;
                }
                counts[2] += run.points().size();
                StatusAccumulator acc = status.computeIfAbsent(run.seriesKey() + "\n" + run.objectiveId(), k -> new StatusAccumulator());
                time.millis().forEach((s, ms) -> {
                    if (s != Status.EXCUSED) {
                        acc.add(s, "", ms);
                    }
                });
                time.excusedMillis().forEach((excuse, ms) -> acc.add(Status.EXCUSED, excuse, ms));
                acc.offer(last);
            }
        }

        private void rawSlices(String where, List<Object> params, Instant from, Instant to) throws SQLException {
            try (PreparedStatement st = Rows.binary(db.prepareStatement("""
                    SELECT series_key, metric, slice_start, count, sum, weight_sum, weighted_sum, min, max, sketch
                    FROM sla.window_stats WHERE %s AND slice_start >= ? AND slice_start < ? AND slice_seconds = 60"""
                    .formatted(where)))) {
                int i = 1;
                for (Object param : params) {
                    st.setObject(i++, param);
                }
                st.setTimestamp(i++, Timestamp.from(from));
                st.setTimestamp(i, Timestamp.from(to));
                st.setFetchSize(20_000);
                try (ResultSet rs = st.executeQuery()) {
                    while (rs.next()) {
                        counts[3]++;
                        day(rs.getString(1), rs.getString(2), rs.getTimestamp(3).getTime()).add(rs, 4);
                    }
                }
            }
        }

        /**
         * The day a slice starting at {@code startMs} adds to. Rollups are UTC hours, so raw rows
         * count by their UTC hour too: in a zone with a half-hour offset a day's chart point then
         * runs from 00:30 to 00:30 local, the same whichever path read the hour (the month's own
         * figures are exact either way). The month's partial first and last hours count on its
         * first and last day.
         */
        private DayAccumulator day(String series, String metric, long startMs) {
            long hourMs = Math.floorDiv(startMs, 3_600_000L) * 3_600_000L;
            LocalDate date = dateOf.computeIfAbsent(hourMs, ms -> {
                LocalDate local = Instant.ofEpochMilli(ms).atZone(month.zone()).toLocalDate();
                LocalDate first = month.month().atDay(1);
                LocalDate last = month.month().atEndOfMonth();
                return local.isBefore(first) ? first : local.isAfter(last) ? last : local;
            });
            return days.computeIfAbsent(series + "\n" + metric + "\n" + date, k -> new DayAccumulator());
        }
    }

    /**
     * One series, metric and day's slices added up as they are read, the same as merging
     * {@link Slice}s in the same order ({@link Slice#mergeFrom}: aggregates added in row order, a
     * slice of count 0 skipped), but the sketches' bytes go straight into one {@link BinTally}
     * instead of being decoded into a sketch each and merged: a month from rollups is ~200,000
     * stored sketches.
     */
    private static final class DayAccumulator {
        final BinTally bins = new BinTally();
        long count;
        double sum;
        double weightSum;
        double weightedSum;
        double min = Double.POSITIVE_INFINITY;
        double max = Double.NEGATIVE_INFINITY;

        /** Adds the columns count, sum, weight_sum, weighted_sum, min, max, sketch starting at {@code first}. */
        void add(ResultSet rs, int first) throws SQLException {
            long n = rs.getLong(first);
            if (n < 0) {
                throw new IllegalArgumentException("count must be >= 0, was " + n);
            }
            if (n == 0) {
                return;
            }
            byte[] sketch = rs.getBytes(first + 6);
            if (sketch != null && sketch.length > 0) {
                bins.add(sketch, 0, sketch.length);
            }
            count += n;
            sum += rs.getDouble(first + 1);
            weightSum += rs.getDouble(first + 2);
            weightedSum += rs.getDouble(first + 3);
            min = Math.min(min, rs.getDouble(first + 4));
            max = Math.max(max, rs.getDouble(first + 5));
        }

        Slice slice(Instant start) {
            QuantileSketch sketch = QuantileSketch.empty();
            bins.addTo(sketch);
            return Slice.ofStored(start, count, sum, weightSum, weightedSum, min, max, sketch.toBytes());
        }
    }

    private static final class StatusAccumulator {
        final EnumMap<Status, Long> millis = new EnumMap<>(Status.class);
        final Map<String, Long> excused = new LinkedHashMap<>();
        EvaluationRows.Thresholds last;

        void add(Status status, String excuse, long ms) {
            millis.merge(status, ms, Long::sum);
            if (status == Status.EXCUSED) {
                excused.merge(excuse, ms, Long::sum);
            }
        }

        void offer(EvaluationRows.Thresholds thresholds) {
            if (last == null || thresholds.at().isAfter(last.at())) {
                last = thresholds;
            }
        }

        StatusTime time() {
            return new StatusTime(millis, excused);
        }
    }
}
