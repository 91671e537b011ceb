package io.infersla.core.contract;

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
 */
public record ObjectiveTerms(OptionalDouble target, OptionalDouble limit, OptionalInt minSamples, boolean off) {

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
        return Optional.of(new Objective(base.id(), base.metric(), base.statistic(), base.direction(), threshold,
                base.window(), base.step(), minSamples.orElse(base.minSamples()), base.conditions(), base.rationale()));
    }
}
