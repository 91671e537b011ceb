package io.infersla.core.breach;

import io.infersla.core.catalog.Direction;
import io.infersla.core.catalog.Objective;
import io.infersla.core.catalog.Threshold;
import io.infersla.core.window.WindowStats;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.OptionalDouble;
import java.util.function.Function;

/**
 * Burn-rate alerting on the "share of requests beyond the limit" indicator. A p95 ≤ 300 ms
 * objective allows 5% of requests over 300 ms: that 5% is the error budget, and a burn rate of 1
 * spends it exactly. The rule factors are the SRE workbook's, applied to this budget. This is an
 * additional alert rule beside the window evaluation: slower to fire, but it sees slow leaks.
 */
public final class BurnRate {

    private BurnRate() {
    }

    /**
     * The share of the window's requests on the wrong side of the limit (from the sketch: values
     * within 1% of the limit may be counted on either side). Empty for an empty window.
     */
    public static OptionalDouble shareBeyondLimit(WindowStats window, Threshold threshold) {
        OptionalDouble atMost = window.shareAtMost(threshold.limit());
        if (atMost.isEmpty()) {
            return atMost;
        }
        double share = threshold.direction() == Direction.UPPER_BOUND ? 1 - atMost.getAsDouble() : atMost.getAsDouble();
        return OptionalDouble.of(Math.max(0, share));
    }

    /** How many times faster than allowed the budget burns: share beyond the limit / allowed share. */
    public static double burnRate(double shareBeyondLimit, double allowedShare) {
        if (!(allowedShare > 0 && allowedShare < 1)) {
            throw new IllegalArgumentException("allowed share must be in (0, 1), was " + allowedShare);
        }
        return shareBeyondLimit / allowedShare;
    }

    /**
     * The most severe rule that fires (rules are checked in order; the first firing one wins),
     * or empty. An objective without a percentile statistic or without a threshold has no budget
     * and never fires.
     *
     * @param windowOver the statistics of the window of a given length ending now
     */
    public static Optional<BurnRateRule> firing(
            Objective objective, List<BurnRateRule> rules, Function<Duration, WindowStats> windowOver) {
        OptionalDouble allowed = objective.allowedShareBeyondLimit();
        if (allowed.isEmpty() || objective.threshold().isEmpty()) {
            return Optional.empty();
        }
        Threshold threshold = objective.threshold().get();
        for (BurnRateRule rule : rules) {
            if (burns(windowOver.apply(rule.longWindow()), threshold, allowed.getAsDouble(), rule.factor())
                    && burns(windowOver.apply(rule.shortWindow()), threshold, allowed.getAsDouble(), rule.factor())) {
                return Optional.of(rule);
            }
        }
        return Optional.empty();
    }

    private static boolean burns(WindowStats window, Threshold threshold, double allowed, double factor) {
        OptionalDouble share = shareBeyondLimit(window, threshold);
        return share.isPresent() && burnRate(share.getAsDouble(), allowed) >= factor;
    }
}
