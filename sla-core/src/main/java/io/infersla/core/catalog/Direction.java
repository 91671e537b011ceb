package io.infersla.core.catalog;

import java.util.Optional;

/** Which side of its thresholds a value must stay on. */
public enum Direction {
    /** Latency-like: the value must stay at or below the limit ({@code X < target–limit} in the seed). */
    UPPER_BOUND("upper"),
    /** Throughput-like: the value must stay at or above the limit ({@code X ≥ limit–target} in the seed). */
    LOWER_BOUND("lower");

    private final String id;

    Direction(String id) {
        this.id = id;
    }

    public String id() {
        return id;
    }

    public static Optional<Direction> fromId(String id) {
        for (Direction d : values()) {
            if (d.id.equals(id)) {
                return Optional.of(d);
            }
        }
        return Optional.empty();
    }
}
