package io.infersla.core.evaluate;

import io.infersla.core.catalog.Direction;
import io.infersla.core.catalog.Objective;
import io.infersla.core.catalog.Statistic;
import io.infersla.core.catalog.Threshold;
import io.infersla.core.sketch.QuantileSketch;
import io.infersla.core.window.WindowStats;
import java.util.Optional;
import java.util.OptionalDouble;

/**
 * Evaluates an objective over a window. Pure: the window carries the time, the caller decides
 * whether the window is excused (maintenance, out of envelope), and nothing here reads a clock
 * or logs.
 */
public final class ObjectiveEvaluator {

    private ObjectiveEvaluator() {
    }

    /**
     * A low percentile (p5 of FPS or of per-request throughput) comes from the sketch, within 1%
     * of the exact value either way; a window whose true p5 sits at the limit can read up to 1%
     * below it. So a lower-bound percentile within the sketch's relative accuracy below its limit
     * is judged at the limit: compliant (a warning, or ok when target = limit), never a breach,
     * with the estimate kept as the evaluation's value. Further below, it is a breach as usual.
     */
    static double judgedAs(Objective objective, Threshold threshold, double value) {
        if (threshold.direction() == Direction.LOWER_BOUND && objective.statistic() instanceof Statistic.Quantile
                && value < threshold.limit() && value >= threshold.limit() * (1 - QuantileSketch.RELATIVE_ACCURACY)) {
            return threshold.limit();
        }
        return value;
    }

    public static Evaluation evaluate(Objective objective, WindowStats window) {
        return evaluate(objective, window, Optional.empty());
    }

    /**
     * @param excuse why this window is not judged (a maintenance window, a contractual
     *     exclusion), or empty
     */
    public static Evaluation evaluate(Objective objective, WindowStats window, Optional<String> excuse) {
        long samples = window.count();
        if (excuse.isPresent()) {
            OptionalDouble value = samples == 0 ? OptionalDouble.empty() : objective.statistic().valueOf(window);
            return new Evaluation.Excused(objective, window.end(), value, samples, excuse.get());
        }
        if (samples < objective.minSamples()) {
            return new Evaluation.InsufficientData(objective, window.end(), samples);
        }
        OptionalDouble value = objective.statistic().valueOf(window);
        if (value.isEmpty()) {
            return new Evaluation.InsufficientData(objective, window.end(), samples);
        }
        return objective.threshold()
                .map(t -> Evaluation.judged(objective, t, window.end(), value.getAsDouble(),
                        judgedAs(objective, t, value.getAsDouble()), samples))
                .orElseGet(() -> new Evaluation.Reported(objective, window.end(), value.getAsDouble(), samples));
    }
}
