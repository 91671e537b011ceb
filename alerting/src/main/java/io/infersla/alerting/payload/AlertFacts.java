package io.infersla.alerting.payload;

import io.infersla.core.catalog.ValueFormat;
import io.infersla.core.evaluate.Evaluation;
import io.infersla.core.request.SeriesKey;
import java.time.Duration;
import java.time.Instant;
import java.util.Objects;
import java.util.OptionalDouble;

/**
 * What a notification says about the breach: the series, the objective and the evaluation that
 * caused the event. Everything here is safe to store and send (no secrets).
 *
 * @param metric metric id, e.g. {@code ttft_ms}
 * @param statistic statistic id, e.g. {@code p95}
 * @param direction {@code upper} or {@code lower}
 * @param value the statistic over the window at {@code evaluatedAt}; empty without samples
 * @param samples how many requests the window held
 */
public record AlertFacts(
        SeriesKey series,
        String objectiveId,
        String metric,
        String statistic,
        String direction,
        OptionalDouble value,
        OptionalDouble target,
        OptionalDouble limit,
        Duration window,
        long samples,
        Instant evaluatedAt) {

    public AlertFacts {
        Objects.requireNonNull(series, "series");
        Objects.requireNonNull(objectiveId, "objectiveId");
        Objects.requireNonNull(metric, "metric");
        Objects.requireNonNull(statistic, "statistic");
        Objects.requireNonNull(direction, "direction");
        value = finiteOrEmpty(value);
        target = finiteOrEmpty(target);
        limit = finiteOrEmpty(limit);
        Objects.requireNonNull(window, "window");
        if (samples < 0) {
            throw new IllegalArgumentException("samples must be >= 0, was " + samples);
        }
        Objects.requireNonNull(evaluatedAt, "evaluatedAt");
    }

    /** The facts of the evaluation that caused a breach event, for that series. */
    public static AlertFacts of(SeriesKey series, Evaluation evaluation) {
        var objective = evaluation.objective();
        return new AlertFacts(series, objective.id(), objective.metric().id(), objective.statistic().id(),
                objective.direction().id(), evaluation.value(), evaluation.target(), evaluation.limit(), objective.window(), evaluation.samples(), evaluation.evaluatedAt());
    }

    /**
     * How the value, target, limit and peak are written: by the statistic of the metric
     * ({@code ms} for a p95 of {@code ttft_ms}, a bare number for a tail ratio, {@code items/s}
     * for a rate of items, {@code %} for WER).
     */
    public ValueFormat format() {
        return ValueFormat.of(metric, statistic);
    }

    /** The unit of value, target and limit as numbers, e.g. {@code ms}, {@code items/s}, {@code ratio}. */
    public String unit() {
        return format().unit();
    }

    private static OptionalDouble finiteOrEmpty(OptionalDouble d) {
        if (d == null || d.isEmpty() || !Double.isFinite(d.getAsDouble())) {
            return OptionalDouble.empty();
        }
        return d;
    }
}
