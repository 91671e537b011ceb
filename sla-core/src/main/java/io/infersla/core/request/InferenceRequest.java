package io.infersla.core.request;

import io.infersla.core.measure.Measurement;
import java.time.Instant;
import java.util.List;
import java.util.Objects;
import java.util.Optional;

/**
 * One inference request's measurements, at its completion time (the span's end, UTC): the unit
 * that flows through {@code sla.requests}. A metric may appear more than once (an agent request
 * has one {@code step_ms} per step).
 *
 * @param frameOf the stream this request is a frame of, when the engine is to count it towards
 *     that stream's frames per second (a frame needs no measurement of its own)
 */
public record InferenceRequest(Instant completedAt, List<Measurement> measurements, Optional<FrameStream> frameOf) {

    /** Bounds one request's size in a record; far above any real span's SLA attributes. */
    public static final int MAX_MEASUREMENTS = 1024;

    public InferenceRequest {
        Objects.requireNonNull(completedAt, "completedAt");
        Objects.requireNonNull(frameOf, "frameOf");
        measurements = List.copyOf(measurements);
        if (measurements.isEmpty() && frameOf.isEmpty()) {
            throw new IllegalArgumentException("a request needs at least one measurement or a frame stream");
        }
        if (measurements.size() > MAX_MEASUREMENTS) {
            throw new IllegalArgumentException("a request has at most " + MAX_MEASUREMENTS
                    + " measurements, had " + measurements.size());
        }
    }

    /** A request that is no frame of a stream. */
    public InferenceRequest(Instant completedAt, List<Measurement> measurements) {
        this(completedAt, measurements, Optional.empty());
    }
}
