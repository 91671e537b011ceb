package io.infersla.core.contract;

import io.infersla.core.catalog.Statistic;
import io.infersla.core.measure.Metric;

import io.infersla.core.catalog.Objective;
import io.infersla.core.catalog.Threshold;
import java.util.Optional;
import java.util.OptionalDouble;
import java.util.OptionalInt;

/**
 * A contract's changes to one catalog objective. Absent fields keep the catalog's value. A
 * limit alone on a report-only objective is both target and limit, as a single seed value is.
 *
 * @param off the contract does not evaluate this objective at all
 * @param delivered judge a throughput objective on the delivered rate over the window (items or
 *     tokens per second of wall time) instead of each request's own speed: for saturated batch
 *     pipelines, where demand never limits throughput ({@code "basis": "delivered"})
 */
public record ObjectiveTerms(OptionalDouble target, OptionalDouble limit, OptionalInt minSamples, boolean off,
        boolean delivered) {

    /** The per-request throughput metrics and the delivered amount each one's rate is judged on instead. */
    public static final java.util.Map<Metric, Metric> DELIVERED = java.util.Map.of(
            Metric.ITEMS_PER_S, Metric.ITEMS, Metric.TOKENS_PER_S, Metric.TOKENS);

    public ObjectiveTerms(OptionalDouble target, OptionalDouble limit, OptionalInt minSamples, boolean off) {
        this(target, limit, minSamples, off, false);
    }

    public ObjectiveTerms {
        target = target == null ? OptionalDouble.empty() : target;
        limit = limit == null ? OptionalDouble.empty() : limit;
        minSamples = minSamples == null ? OptionalInt.empty() : minSamples;
    }

    /**
     * The objective as the contract has it, or empty when the contract turns it off.
     *
     * @throws IllegalArgumentException when the result is not a valid objective (a target past
     *     the limit, a target without a limit on a report-only objective)
     */
    public Optional<Objective> applyTo(Objective base) {
        if (off) {
            return Optional.empty();
        }
        Optional<Threshold> threshold = base.threshold();
        if (target.isPresent() || limit.isPresent()) {
            double newLimit;
            double newTarget;
            if (threshold.isPresent()) {
                newLimit = limit.orElse(threshold.get().limit());
                newTarget = target.orElse(threshold.get().target());
            } else if (limit.isPresent()) {
                newLimit = limit.getAsDouble();
                newTarget = target.orElse(newLimit);
            } else {
                throw new IllegalArgumentException("objective " + base.id()
                        + " has no threshold in the catalog: a contract must set its limit (a target alone is not enough)");
            }
            threshold = Optional.of(new Threshold(base.direction(), newTarget, newLimit));
        }
        Metric metric = base.metric();
        Statistic statistic = base.statistic();
        if (delivered) {
            metric = DELIVERED.get(base.metric());
            if (metric == null) {
                throw new IllegalArgumentException("basis delivered applies to throughput objectives (metrics "
                        + DELIVERED.keySet().stream().map(Metric::id).sorted().toList() + "); " + base.id() + " judges "
                        + base.metric().id());
            }
            statistic = Statistic.parse("rate").orElseThrow();
        }
        return Optional.of(new Objective(base.id(), metric, statistic, base.direction(), threshold,
                base.window(), base.step(), minSamples.orElse(base.minSamples()), base.conditions(), base.rationale()));
    }
}
