package io.infersla.core.request;

import io.infersla.core.measure.Measurement;
import java.time.Instant;
import java.util.List;
import java.util.Objects;

/**
 * One inference request's measurements, at its completion time (the span's end, UTC): the unit
 * that flows through {@code sla.requests}. A metric may appear more than once (an agent request
 * has one {@code step_ms} per step).
 */
public record InferenceRequest(Instant completedAt, List<Measurement> measurements) {

    /** Bounds one request's size in a record; far above any real span's SLA attributes. */
    public static final int MAX_MEASUREMENTS = 1024;

    public InferenceRequest {
        Objects.requireNonNull(completedAt, "completedAt");
        measurements = List.copyOf(measurements);
        if (measurements.isEmpty()) {
            throw new IllegalArgumentException("a request needs at least one measurement");
        }
        if (measurements.size() > MAX_MEASUREMENTS) {
            throw new IllegalArgumentException("a request has at most " + MAX_MEASUREMENTS
                    + " measurements, had " + measurements.size());
        }
    }
}
