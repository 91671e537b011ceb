package io.infersla.core.report;

import io.infersla.core.breach.BreachEpisode;
import io.infersla.core.breach.Severity;
import io.infersla.core.catalog.Direction;
import io.infersla.core.catalog.Objective;
import io.infersla.core.catalog.Statistic;
import io.infersla.core.catalog.ValueFormat;
import io.infersla.core.compliance.BreachTime;
import io.infersla.core.compliance.ComplianceTerms;
import io.infersla.core.compliance.ComplianceTermsJson;
import io.infersla.core.contract.MaintenanceWindow;
import io.infersla.core.evaluate.Status;
import io.infersla.core.report.ReportInput.Episode;
import io.infersla.core.report.ReportInput.MetricDay;
import io.infersla.core.report.ReportInput.SeriesObjective;
import io.infersla.core.sketch.QuantileSketch;
import io.infersla.core.window.Slice;
import io.infersla.core.window.WindowStats;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalDouble;
import java.util.TreeMap;

/**
 * The figures of one contract's month (the report without its revision block): per series and
 * objective, a roll-up per objective across the series, and the contract summary. A pure
 * function of {@link ReportInput}; docs/reports.md defines every figure.
 */
public final class MonthlyReport {

    /** The schema of the JSON document; bump it when a field changes meaning or goes away. */
    public static final String SCHEMA = "infersla.compliance-report/1";

    private MonthlyReport() {
    }

    public static Map<String, Object> figures(ReportInput in) {
        Instant start = in.month().start();
        Instant end = in.month().end();
        if (!in.month().hasStartedAt(in.now())) {
            throw new IllegalArgumentException("month " + in.month() + " has not started at " + in.now());
        }
        // A provisional month is judged up to the last whole minute; a closed month to its end.
        Instant dataThrough = in.now().isBefore(end) ? in.now().truncatedTo(ChronoUnit.MINUTES) : end;
        long periodMs = Math.max(0, Duration.between(start, dataThrough).toMillis());

        Map<String, Map<String, List<MetricDay>>> daysBySeries = new TreeMap<>();
        for (MetricDay day : in.days()) {
            daysBySeries.computeIfAbsent(day.seriesKey(), k -> new TreeMap<>())
                    .computeIfAbsent(day.metric(), k -> new ArrayList<>()).add(day);
        }
        Map<String, List<Episode>> episodesBySeriesObjective = new TreeMap<>();
        for (Episode episode : in.episodes()) {
            episodesBySeriesObjective.computeIfAbsent(episode.seriesKey() + "\n" + episode.objectiveId(), k -> new ArrayList<>())
                    .add(episode);
        }

        List<SeriesObjective> sorted = new ArrayList<>(in.objectives());
        sorted.sort(Comparator.comparing((SeriesObjective o) -> o.series().category())
                .thenComparing(SeriesObjective::objectiveId)
                .thenComparing(o -> o.series().canonical()));

        List<Object> seriesRows = new ArrayList<>();
        Map<String, RollUp> rollUps = new TreeMap<>();
        for (SeriesObjective so : sorted) {
            Optional<Objective> objective = in.catalog().category(so.series().category())
                    .flatMap(c -> c.objective(so.objectiveId()));
            if (objective.isEmpty()) {
                continue; // an objective the catalog no longer has: nothing to judge it by
            }
            List<Episode> episodes = episodesBySeriesObjective.getOrDefault(
                    so.series().canonical() + "\n" + so.objectiveId(), List.of());
            List<MetricDay> metricDays = daysBySeries.getOrDefault(so.series().canonical(), Map.of())
                    .getOrDefault(objective.get().metric().id(), List.of());
            double contracted = in.terms().attainmentFor(so.series().category(), so.objectiveId());
            Figures figures = new Figures(objective.get(), so.statistic(), so.windowSeconds(), so.target(), so.limit(),
                    contracted, so.time(), episodes, mergeDays(metricDays, start));
            Map<String, Object> row = new LinkedHashMap<>();
            row.put("series_key", so.series().canonical());
            row.put("service", so.series().service());
            row.put("environment", so.series().environment());
            row.put("model", so.series().model());
            row.put("category", so.series().category());
            row.put("hardware", so.series().hardware());
            row.putAll(figures.describe(in.terms(), start, dataThrough, periodMs));
            List<Object> excused = new ArrayList<>();
            so.time().excusedMillis().forEach((reason, ms) -> excused.add(map("reason", reason, "minutes", minutes(ms))));
            row.put("excused", excused);
            List<Object> episodeRows = new ArrayList<>();
            for (Episode e : episodes.stream().sorted(Comparator.comparing(Episode::openedAt)).toList()) {
                Map<String, Object> er = new LinkedHashMap<>();
                er.put("episode_id", e.episodeId());
                er.put("opened_at", e.openedAt().toString());
                er.put("resolved_at", e.resolvedAt().map(Instant::toString).orElse(null));
                er.put("severity", e.severity());
                er.put("peak_value", e.peakValue());
                er.put("peak_at", e.peakAt().toString());
                er.put("dedup_key", e.dedupKey());
                er.put("minutes_in_month", minutes(breachMillis(List.of(e), start, dataThrough)));
                episodeRows.add(er);
            }
            row.put("episodes", episodeRows);
            seriesRows.add(row);
            rollUps.computeIfAbsent(so.series().category() + "\n" + so.objectiveId(), k -> new RollUp(objective.get(), so, contracted))
                    .add(figures, metricDays);
        }

        List<Object> objectiveRows = new ArrayList<>();
        List<Double> credits = new ArrayList<>();
        int met = 0;
        int missed = 0;
        int noData = 0;
        int reportOnly = 0;
        for (RollUp rollUp : rollUps.values()) {
            Figures figures = rollUp.figures(start);
            Map<String, Object> row = new LinkedHashMap<>();
            row.put("category", rollUp.category);
            row.put("series", rollUp.series);
            row.putAll(figures.describe(in.terms(), start, dataThrough, periodMs * rollUp.series));
            row.put("daily", daily(rollUp, figures, in));
            objectiveRows.add(row);
            switch (figures.verdict()) {
                case "met" -> met++;
                case "missed" -> missed++;
                case "no_data" -> noData++;
                default -> reportOnly++;
            }
            credits.add(figures.creditPercent(in.terms()));
        }
        double creditPercent = in.terms().policy().combine(credits);
        Map<String, Object> summary = new LinkedHashMap<>();
        summary.put("objectives_met", met);
        summary.put("objectives_missed", missed);
        summary.put("objectives_without_data", noData);
        summary.put("objectives_report_only", reportOnly);
        summary.put("credit_percent", creditPercent);
        summary.put("credit_amount", in.terms().monthlyFee().isPresent()
                ? in.terms().monthlyFee().getAsDouble() * creditPercent / 100 : null);

        List<Object> maintenanceRows = new ArrayList<>();
        for (MaintenanceWindow w : in.maintenance().stream().sorted(Comparator.comparing(MaintenanceWindow::start)).toList()) {
            if (!w.overlaps(start, end)) {
                continue;
            }
            Map<String, Object> row = new LinkedHashMap<>();
            row.put("id", w.id());
            row.put("starts_at", w.start().toString());
            row.put("ends_at", w.end().toString());
            row.put("service", w.service().orElse(null));
            row.put("category", w.category().orElse(null));
            row.put("model", w.model().orElse(null));
            row.put("reason", w.reason());
            Instant from = w.start().isAfter(start) ? w.start() : start;
            Instant to = w.end().isBefore(end) ? w.end() : end;
            row.put("minutes_in_month", minutes(Duration.between(from, to).toMillis()));
            maintenanceRows.add(row);
        }

        Map<String, Object> doc = new LinkedHashMap<>();
        doc.put("schema", SCHEMA);
        doc.put("contract", map("tenant", in.tenant(), "contract", in.contract(), "name", in.contractName(),
                "time_zone", in.month().zone().getId()));
        Map<String, Object> period = new LinkedHashMap<>();
        period.put("month", in.month().month().toString());
        period.put("start", start.toString());
        period.put("end", end.toString());
        period.put("hours", in.month().hours());
        period.put("data_through", dataThrough.toString());
        doc.put("period", period);
        doc.put("terms", ComplianceTermsJson.describe(in.terms()));
        doc.put("summary", summary);
        doc.put("objectives", objectiveRows);
        doc.put("series", seriesRows);
        doc.put("maintenance", maintenanceRows);
        doc.put("methodology", map("sketch_relative_accuracy", QuantileSketch.RELATIVE_ACCURACY,
                "evaluation_resolution_seconds", StatusTime.RESOLUTION.toSeconds()));
        return doc;
    }

    /** The union of the episodes clipped to [start, dataThrough); none before the month has data. */
    private static long breachMillis(List<Episode> episodes, Instant start, Instant dataThrough) {
        if (episodes.isEmpty() || !dataThrough.isAfter(start)) {
            return 0;
        }
        return BreachTime.within(episodes.stream().map(MonthlyReport::breachEpisode).toList(), start, dataThrough).toMillis();
    }

    private static Instant dataThroughOrStart(Instant start, Instant dataThrough) {
        return dataThrough.isAfter(start) ? dataThrough : start.plusMillis(1);
    }

    private static List<Object> daily(RollUp rollUp, Figures month, ReportInput in) {
        TreeMap<LocalDate, Slice> byDay = new TreeMap<>();
        for (MetricDay day : rollUp.days) {
            byDay.computeIfAbsent(day.date(), d -> new Slice(in.month().start())).mergeFrom(day.slice());
        }
        List<Object> out = new ArrayList<>();
        LocalDate first = in.month().month().atDay(1);
        LocalDate last = in.month().month().atEndOfMonth();
        for (LocalDate date = first; !date.isAfter(last); date = date.plusDays(1)) {
            Slice slice = byDay.get(date);
            Instant dayStart = date.atStartOfDay(in.month().zone()).toInstant();
            Instant dayEnd = date.plusDays(1).atStartOfDay(in.month().zone()).toInstant();
            OptionalDouble value = slice == null ? OptionalDouble.empty()
                    : month.statisticValue(slice.stats(Duration.between(dayStart, dayEnd)));
            out.add(map("date", date.toString(), "count", slice == null ? 0L : slice.count(),
                    "value", value.isPresent() ? value.getAsDouble() : null));
        }
        return out;
    }

    private static Slice mergeDays(List<MetricDay> days, Instant start) {
        Slice merged = new Slice(start);
        for (MetricDay day : days) {
            merged.mergeFrom(day.slice());
        }
        return merged;
    }

    static BreachEpisode breachEpisode(Episode e) {
        Severity severity = "warning".equals(e.severity()) ? Severity.WARNING : Severity.CRITICAL;
        return new BreachEpisode(e.episodeId(), severity, e.openedAt(), e.openedAt(), e.peakValue(), e.peakAt(), e.resolvedAt());
    }

    static double minutes(long millis) {
        return millis / 60_000.0;
    }

    static Map<String, Object> map(Object... keysAndValues) {
        Map<String, Object> out = new LinkedHashMap<>();
        for (int i = 0; i < keysAndValues.length; i += 2) {
            out.put((String) keysAndValues[i], keysAndValues[i + 1]);
        }
        return out;
    }

    /** One objective's series summed: status time, episodes (as a union) and requests. */
    private static final class RollUp {
        final Objective objective;
        final String category;
        final String statistic;
        final long windowSeconds;
        final OptionalDouble target;
        final OptionalDouble limit;
        final double contracted;
        StatusTime time = StatusTime.NONE;
        final List<Episode> episodes = new ArrayList<>();
        final List<MetricDay> days = new ArrayList<>();
        int series;

        RollUp(Objective objective, SeriesObjective first, double contracted) {
            this.objective = objective;
            this.category = first.series().category();
            this.statistic = first.statistic();
            this.windowSeconds = first.windowSeconds();
            this.target = first.target();
            this.limit = first.limit();
            this.contracted = contracted;
        }

        void add(Figures figures, List<MetricDay> metricDays) {
            time = time.plus(figures.time);
            episodes.addAll(figures.episodes);
            days.addAll(metricDays);
            series++;
        }

        Figures figures(Instant start) {
            return new Figures(objective, statistic, windowSeconds, target, limit, contracted, time, episodes,
                    mergeDays(days, start));
        }
    }

    /** The figures of one objective over one or more series. */
    private record Figures(
            Objective objective,
            String statisticId,
            long windowSeconds,
            OptionalDouble target,
            OptionalDouble limit,
            double contracted,
            StatusTime time,
            List<Episode> episodes,
            Slice requests) {

        boolean reportOnly() {
            return limit.isEmpty();
        }

        OptionalDouble attainment() {
            long judged = time.judged();
            return judged == 0 ? OptionalDouble.empty() : OptionalDouble.of((double) time.compliant() / judged);
        }

        String verdict() {
            if (reportOnly()) {
                return "report_only";
            }
            OptionalDouble attainment = attainment();
            if (attainment.isEmpty()) {
                return "no_data";
            }
            return attainment.getAsDouble() >= contracted ? "met" : "missed";
        }

        double creditPercent(ComplianceTerms terms) {
            return verdict().equals("missed") ? terms.credits().creditPercentFor(attainment().getAsDouble()) : 0;
        }

        OptionalDouble statisticValue(WindowStats stats) {
            return Statistic.parse(statisticId).map(s -> s.valueOf(stats)).orElse(OptionalDouble.empty());
        }

        /** The unit of the raw values, as alert texts have it ({@link ValueFormat}): ms, items/s, ratio... */
        String unit() {
            return Statistic.parse(statisticId).map(s -> ValueFormat.of(objective.metric(), s).unit()).orElse("");
        }

        Map<String, Object> describe(ComplianceTerms terms, Instant start, Instant dataThrough, long periodMs) {
            Map<String, Object> out = new LinkedHashMap<>();
            out.put("objective", objective.id());
            out.put("metric", objective.metric().id());
            out.put("unit", unit());
            out.put("statistic", statisticId);
            out.put("window_seconds", windowSeconds);
            out.put("direction", objective.direction().id());
            out.put("target", target.isPresent() ? target.getAsDouble() : null);
            out.put("limit", limit.isPresent() ? limit.getAsDouble() : null);
            out.put("contracted_attainment", reportOnly() ? null : contracted);
            OptionalDouble attainment = attainment();
            out.put("attainment", reportOnly() || attainment.isEmpty() ? null : attainment.getAsDouble());
            out.put("verdict", verdict());
            out.put("credit_percent", creditPercent(terms));
            Map<String, Object> minutes = new LinkedHashMap<>();
            minutes.put("judged", minutes(time.judged()));
            minutes.put("compliant", minutes(time.compliant()));
            minutes.put("breach", minutes(time.of(Status.BREACH)));
            minutes.put("excused", minutes(time.of(Status.EXCUSED)));
            minutes.put("insufficient_data", minutes(time.of(Status.INSUFFICIENT_DATA)));
            minutes.put("reported", minutes(time.of(Status.REPORTED)));
            minutes.put("not_covered", minutes(Math.max(0, periodMs - time.covered())));
            out.put("minutes", minutes);
            out.put("breach_minutes", minutes(breachMillis(episodes, start, dataThrough)));
            WindowStats stats = requests.stats(Duration.between(start, dataThroughOrStart(start, dataThrough)));
            Map<String, Object> req = new LinkedHashMap<>();
            req.put("count", requests.count());
            req.put("mean", value(stats.mean()));
            req.put("p50", value(stats.quantile(0.50)));
            req.put("p95", value(stats.quantile(0.95)));
            req.put("p99", value(stats.quantile(0.99)));
            req.put("value", value(statisticValue(stats)));
            req.put("within_limit_share", withinLimitShare(stats));
            // the unit of one request's value (mean, percentiles): a number of tokens where the objective is tokens/s
            req.put("unit", Statistic.parse("mean").map(mean -> ValueFormat.of(objective.metric(), mean).unit()).orElseThrow());
            out.put("requests", req);
            return out;
        }

        /** For per-request percentile objectives: the share of requests on the good side of the limit. */
        private Double withinLimitShare(WindowStats stats) {
            if (limit.isEmpty() || !(Statistic.parse(statisticId).orElse(null) instanceof Statistic.Quantile)) {
                return null;
            }
            OptionalDouble atMost = stats.shareAtMost(limit.getAsDouble());
            if (atMost.isEmpty()) {
                return null;
            }
            return objective.direction() == Direction.UPPER_BOUND ? atMost.getAsDouble() : 1 - atMost.getAsDouble();
        }

        private static Double value(OptionalDouble v) {
            return v.isPresent() ? v.getAsDouble() : null;
        }
    }
}
