package io.infersla.core.catalog;

import java.util.Arrays;
import java.util.Optional;

/** The seed's concurrency column, as a class the load generator and reports understand. */
public enum LoadClass {
    VERY_LOW("very_low"),
    LOW("low"),
    MEDIUM("medium"),
    HIGH("high"),
    VERY_HIGH("very_high"),
    /** A constant stream (video frames): latency must be deterministic, not just low on average. */
    STEADY("steady"),
    /** Not serving traffic (training jobs). */
    NONE("none");

    private final String id;

    LoadClass(String id) {
        this.id = id;
    }

    public String id() {
        return id;
    }

    public static Optional<LoadClass> fromId(String id) {
        return Arrays.stream(values()).filter(c -> c.id.equals(id)).findFirst();
    }
}
