package io.infersla.ingest.mapping;

import io.infersla.core.measure.Measurement;
import io.infersla.core.measure.MeasurementCheck;
import io.infersla.core.measure.Metric;
import io.infersla.core.measure.RejectReason;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.Set;

/**
 * The measurements of one span as they are derived, checked one by one with the core's
 * {@link MeasurementCheck}: the first invalid value stops the span and is kept as its rejection,
 * naming the attribute the value came from.
 */
final class MeasurementDraft {

    private final List<Measurement> measurements = new ArrayList<>(8);
    private SpanOutcome.Rejected rejection;

    /** Adds a weight-1 measurement; false (and a rejection) when the value is invalid. */
    boolean add(Metric metric, double value, String source) {
        return add(metric, value, source, 1.0, source);
    }

    boolean add(Metric metric, double value, String valueSource, double weight, String weightSource) {
        Optional<RejectReason> problem = MeasurementCheck.firstProblem(value, weight);
        if (problem.isPresent()) {
            RejectReason reason = problem.get();
            if (reason == RejectReason.INVALID_WEIGHT) {
                reject(reason, weightSource, weight, weightSource + " (weight of " + metric.id()
                        + "): must be finite and > 0, was " + weight);
            } else {
                reject(reason, valueSource, value, valueSource + " (" + metric.id()
                        + "): must be finite and >= 0, was " + value);
            }
            return false;
        }
        measurements.add(new Measurement(metric, value, weight));
        return true;
    }

    /** Checks an input that is not itself a measurement (token counts, audio duration). */
    boolean check(String source, double value) {
        Optional<RejectReason> problem = MeasurementCheck.firstProblem(value, 1.0);
        if (problem.isPresent()) {
            reject(problem.get(), source, value, source + ": must be finite and >= 0, was " + value);
            return false;
        }
        return true;
    }

    void reject(RejectReason reason, String attribute, double value, String detail) {
        rejection = new SpanOutcome.Rejected(reason, attribute, Double.toString(value), detail);
    }

    void rejectMissing(String attribute, String detail) {
        rejection = new SpanOutcome.Rejected(RejectReason.MISSING_ATTRIBUTE, attribute, null, detail);
    }

    SpanOutcome.Rejected rejection() {
        return rejection;
    }

    List<Measurement> measurements() {
        return measurements;
    }

    boolean measures(Metric metric) {
        for (Measurement measurement : measurements) {
            if (measurement.metric() == metric) {
                return true;
            }
        }
        return false;
    }

    boolean measuresAnyOf(Set<Metric> metrics) {
        for (Measurement measurement : measurements) {
            if (metrics.contains(measurement.metric())) {
                return true;
            }
        }
        return false;
    }
}
