package io.infersla.core.catalog;

import java.util.Arrays;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * Restricts an objective to series with (or without) certain attribute values, e.g. embedding
 * latency on CPU versus GPU. A series that lacks the attribute matches a negated condition and
 * no other: the default objective applies unless the series says otherwise.
 */
public record Condition(Dimension dimension, boolean negated, Set<String> values) {

    public Condition {
        if (dimension == null) {
            throw new IllegalArgumentException("dimension must be set");
        }
        values = Set.copyOf(values);
        if (values.isEmpty()) {
            throw new IllegalArgumentException(dimension.id() + ": condition needs at least one value");
        }
        for (String value : values) {
            if (!dimension.allowed().contains(value)) {
                throw new IllegalArgumentException(dimension.id() + ": value must be one of "
                        + String.join(", ", dimension.allowed().stream().sorted().toList()) + ", was '" + value + "'");
            }
        }
    }

    public boolean matches(Map<String, String> seriesAttributes) {
        String value = seriesAttributes.get(dimension.id());
        boolean contained = value != null && values.contains(value);
        return negated != contained;
    }

    /** Series attributes an objective can be conditioned on. */
    public enum Dimension {
        /** Where the model runs ({@code sla.hardware}). */
        HARDWARE("hardware", Set.of("cpu", "gpu", "npu", "edge")),
        /**
         * Model size class ({@code sla.model_size}): small under 3B parameters, medium 3B–20B,
         * large 20B–65B, xl from 65B (the "very large models" of the seed).
         */
        MODEL_SIZE("model_size", Set.of("small", "medium", "large", "xl"));

        private final String id;
        private final Set<String> allowed;

        Dimension(String id, Set<String> allowed) {
            this.id = id;
            this.allowed = allowed;
        }

        public String id() {
            return id;
        }

        public Set<String> allowed() {
            return allowed;
        }

        public static Optional<Dimension> fromId(String id) {
            return Arrays.stream(values()).filter(d -> d.id.equals(id)).findFirst();
        }
    }
}
