package io.infersla.core.evaluate;

import io.infersla.core.catalog.Objective;
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
                .map(t -> Evaluation.judged(objective, t, window.end(), value.getAsDouble(), samples))
                .orElseGet(() -> new Evaluation.Reported(objective, window.end(), value.getAsDouble(), samples));
    }
}
