package io.infersla.core.catalog;

/**
 * The target and the limit of an objective. For an upper bound, above the target is a warning
 * and above the limit a breach (target ≤ limit); for a lower bound, below the target is a
 * warning and below the limit a breach (target ≥ limit). A single seed value is both. Values
 * equal to a threshold are on its good side: "p95 ≤ 300 ms" holds at exactly 300 ms.
 */
public record Threshold(Direction direction, double target, double limit) {

    public Threshold {
        if (direction == null) {
            throw new IllegalArgumentException("direction must be set");
        }
        if (!Double.isFinite(target) || target < 0) {
            throw new IllegalArgumentException("target must be finite and >= 0, was " + target);
        }
        if (!Double.isFinite(limit) || limit < 0) {
            throw new IllegalArgumentException("limit must be finite and >= 0, was " + limit);
        }
        if (direction == Direction.UPPER_BOUND && target > limit) {
            throw new IllegalArgumentException(
                    "for an upper bound the target must be <= the limit, was target " + target + " > limit " + limit);
        }
        if (direction == Direction.LOWER_BOUND && target < limit) {
            throw new IllegalArgumentException(
                    "for a lower bound the target must be >= the limit, was target " + target + " < limit " + limit);
        }
    }

    public Level classify(double value) {
        if (direction == Direction.UPPER_BOUND) {
            return value > limit ? Level.BREACH : value > target ? Level.WARNING : Level.OK;
        }
        return value < limit ? Level.BREACH : value < target ? Level.WARNING : Level.OK;
    }

    /** Whether a single measured value is on the good side of the limit. */
    public boolean withinLimit(double value) {
        return direction == Direction.UPPER_BOUND ? value <= limit : value >= limit;
    }
}
