package io.infersla.loadgen;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * One span of a generated request, before it becomes OTLP: a name, a kind, its times in epoch
 * nanoseconds, its attributes (String, Long, Double or Boolean values, in insertion order) and
 * its child spans. {@code resource} holds the resource attributes of the root (service.name,
 * deployment.environment.name); children share their root's resource.
 */
record GeneratedSpan(String name, Kind kind, long startNanos, long endNanos, Map<String, Object> attributes,
        Map<String, Object> resource, List<GeneratedSpan> children) {

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
