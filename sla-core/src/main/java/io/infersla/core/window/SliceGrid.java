package io.infersla.core.window;

import java.time.Duration;
import java.time.Instant;
import java.util.Objects;

/**
 * Epoch-aligned slices of one fixed length: a 10 s slice covers [t, t + 10 s) with t a multiple
 * of 10 s since 1970-01-01T00:00Z. Alignment to the epoch (not to the first record) makes slices
 * of every series, instance and replay line up, so stored rows are idempotent.
 */
public record SliceGrid(Duration sliceLength) {

    public SliceGrid {
        Objects.requireNonNull(sliceLength, "sliceLength");
        if (sliceLength.toMillis() < 1 || sliceLength.toMillis() % 1000 != 0) {
            throw new IllegalArgumentException(
                    "sliceLength must be a whole number of seconds >= 1 s, was " + sliceLength);
        }
    }

    public static SliceGrid ofSeconds(long seconds) {
        return new SliceGrid(Duration.ofSeconds(seconds));
    }

    /** The start of the slice that contains {@code time}. */
    public Instant sliceStart(Instant time) {
        long length = sliceLength.toMillis();
        return Instant.ofEpochMilli(Math.floorDiv(time.toEpochMilli(), length) * length);
    }

    public Instant sliceEnd(Instant time) {
        return sliceStart(time).plus(sliceLength);
    }

    /** How many slices a window of this length spans; the window must be a whole number of slices. */
    public int slicesIn(Duration window) {
        long length = sliceLength.toMillis();
        if (window.toMillis() < length || window.toMillis() % length != 0) {
            throw new IllegalArgumentException("window must be a positive multiple of the slice length "
                    + sliceLength + ", was " + window);
        }
        return Math.toIntExact(window.toMillis() / length);
    }
}
