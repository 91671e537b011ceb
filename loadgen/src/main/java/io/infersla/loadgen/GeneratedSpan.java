package io.infersla.loadgen;

import io.infersla.core.measure.Metric;
import java.util.EnumMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * One span of a generated request, before it becomes OTLP: a name, a kind, its times in epoch
 * nanoseconds, its attributes (String, Long, Double or Boolean values, in insertion order) and
 * its child spans. {@code resource} holds the resource attributes of the root (service.name,
 * deployment.environment.name); children share their root's resource. {@code measurements} are the
 * values ingest must derive from this span, where the shape states them (the vLLM shape does: TTFT,
 * TPOT, E2E), so that {@link SentMeasurements} can be an oracle for what the engine stores.
 */
record GeneratedSpan(String name, Kind kind, long startNanos, long endNanos, Map<String, Object> attributes,
        Map<String, Object> resource, List<GeneratedSpan> children, Map<Metric, Double> measurements) {

    enum Kind { SERVER, INTERNAL, CLIENT }

    GeneratedSpan {
        Objects.requireNonNull(name, "name");
        Objects.requireNonNull(kind, "kind");
        if (endNanos < startNanos) {
            throw new IllegalArgumentException(name + ": end " + endNanos + " must be >= start " + startNanos);
        }
        for (Map.Entry<String, Object> e : attributes.entrySet()) {
            Object v = e.getValue();
            if (!(v instanceof String || v instanceof Long || v instanceof Double || v instanceof Boolean)) {
                throw new IllegalArgumentException(name + ": attribute " + e.getKey()
                        + " must be String, Long, Double or Boolean, was " + (v == null ? "null" : v.getClass().getSimpleName()));
            }
        }
        attributes = java.util.Collections.unmodifiableMap(new LinkedHashMap<>(attributes));
        resource = java.util.Collections.unmodifiableMap(new LinkedHashMap<>(resource));
        children = List.copyOf(children);
        measurements = measurements.isEmpty() ? Map.of()
                : java.util.Collections.unmodifiableMap(new EnumMap<>(measurements));
    }

    GeneratedSpan(String name, Kind kind, long startNanos, long endNanos, Map<String, Object> attributes,
            Map<String, Object> resource, List<GeneratedSpan> children) {
        this(name, kind, startNanos, endNanos, attributes, resource, children, Map.of());
    }

    double durationMs() {
        return (endNanos - startNanos) / 1e6;
    }

    /** This span and its descendants, depth first. */
    int spanCount() {
        int n = 1;
        for (GeneratedSpan child : children) {
            n += child.spanCount();
        }
        return n;
    }
}
