package io.infersla.core.catalog;

import io.infersla.core.measure.Metric;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.OptionalDouble;

/**
 * One service-level objective of a category: which statistic of which metric, over which rolling
 * window, evaluated how often, must stay on which side of which thresholds, for which series.
 * An objective without a threshold is reported only (the seed's "contract-dependent" and
 * "budget-dependent" rows): its value is computed and stored, never judged, until a contract
 * sets one.
 */
public record Objective(
        String id,
        Metric metric,
        Statistic statistic,
        Direction direction,
        Optional<Threshold> threshold,
        Duration window,
        Duration step,
        int minSamples,
        List<Condition> conditions,
        String rationale) {

    /** Long enough for a monthly report's merged sketch, short enough to stay a rolling window. */
    public static final Duration MAX_WINDOW = Duration.ofDays(31);

    public Objective {
        Objects.requireNonNull(id, "id");
        if (!id.matches("[a-z][a-z0-9_]*")) {
            throw new IllegalArgumentException("id must match [a-z][a-z0-9_]*, was '" + id + "'");
        }
        Objects.requireNonNull(metric, "metric");
        Objects.requireNonNull(statistic, "statistic");
        Objects.requireNonNull(direction, "direction");
        threshold = Objects.requireNonNullElse(threshold, Optional.empty());
        threshold.ifPresent(t -> {
            if (t.direction() != direction) {
                throw new IllegalArgumentException("threshold direction " + t.direction().id()
                        + " must equal the objective direction " + direction.id());
            }
        });
        if (step == null || step.toMillis() < 1000 || step.toMillis() % 1000 != 0) {
            throw new IllegalArgumentException("step must be a whole number of seconds >= 1 s, was " + step);
        }
        if (window == null || window.compareTo(step) < 0 || window.toMillis() % step.toMillis() != 0) {
            throw new IllegalArgumentException("window must be a positive multiple of step " + step + ", was " + window);
        }
        if (window.compareTo(MAX_WINDOW) > 0) {
            throw new IllegalArgumentException("window must be at most " + MAX_WINDOW + ", was " + window);
        }
        if (minSamples < 1) {
            throw new IllegalArgumentException("min_samples must be >= 1, was " + minSamples);
        }
        conditions = List.copyOf(conditions);
        rationale = rationale == null ? "" : rationale;
    }

    public boolean isReportOnly() {
        return threshold.isEmpty();
    }

    /** Whether this objective applies to a series with these attributes (all conditions hold). */
    public boolean appliesTo(Map<String, String> seriesAttributes) {
        for (Condition condition : conditions) {
            if (!condition.matches(seriesAttributes)) {
                return false;
            }
        }
        return true;
    }

    /**
     * The share of requests allowed past the limit, when the statistic is a percentile: 5% for a
     * p95 upper bound, 5% for a p5 lower bound. This is the error budget that burn rates are
     * measured against; other statistics have none.
     */
    public OptionalDouble allowedShareBeyondLimit() {
        if (statistic instanceof Statistic.Quantile quantile) {
            return OptionalDouble.of(direction == Direction.UPPER_BOUND ? 1 - quantile.q() : quantile.q());
        }
        return OptionalDouble.empty();
    }
}
