package io.infersla.loadgen;

import io.infersla.core.measure.Metric;
import java.time.Duration;
import java.util.List;

/** The injected breaches of one run; {@link #factor} is 1 wherever none is active. */
public record BreachPlan(List<BreachInjection> injections) {

    public static final BreachPlan NONE = new BreachPlan(List.of());

    public BreachPlan {
        injections = List.copyOf(injections);
    }

    /** The product of the factors of every injection active for this category and metric at {@code elapsed}. */
    public double factor(String category, Metric metric, Duration elapsed) {
        double factor = 1;
        for (BreachInjection injection : injections) {
            if (injection.metric() == metric && injection.category().equals(category) && injection.activeAt(elapsed)) {
                factor *= injection.factor();
            }
        }
        return factor;
    }

    public List<BreachInjection> activeAt(Duration elapsed) {
        return injections.stream().filter(i -> i.activeAt(elapsed)).toList();
    }
}
