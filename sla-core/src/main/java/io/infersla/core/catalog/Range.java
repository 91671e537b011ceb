package io.infersla.core.catalog;

/** A closed interval [min, max] of non-negative numbers, e.g. 256–512 input tokens. */
public record Range(double min, double max) {

    public Range {
        if (!Double.isFinite(min) || !Double.isFinite(max) || min < 0 || min > max) {
            throw new IllegalArgumentException("range must satisfy 0 <= min <= max, was [" + min + ", " + max + "]");
        }
    }

    public boolean contains(double value) {
        return value >= min && value <= max;
    }
}
