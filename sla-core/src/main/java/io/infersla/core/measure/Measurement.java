package io.infersla.core.measure;

import java.util.Objects;

/**
 * One value of one metric for one inference request.
 *
 * @param weight how much this value counts in weighted statistics; its meaning is the metric's
 *     {@link Metric#weightMeaning()} (1 for metrics without one)
 */
public record Measurement(Metric metric, double value, double weight) {

    public Measurement {
        Objects.requireNonNull(metric, "metric");
        MeasurementCheck.firstProblem(value, weight).ifPresent(reason -> {
            throw new InvalidMeasurementException(metric, value, weight, reason);
        });
    }

    public static Measurement of(Metric metric, double value) {
        return new Measurement(metric, value, 1.0);
    }
}
