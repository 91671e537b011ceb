package io.infersla.core.window;

import java.time.Duration;
import java.time.Instant;
import java.util.Objects;

/**
 * A rolling window is the merge of the slices that start inside [end − length, end). Slices
 * outside are ignored, so a caller can pass everything it holds for a series and metric.
 */
public final class RollingWindow {

    private RollingWindow() {
    }

    /**
     * Merges the slices of the window ending at {@code end} (exclusive) into fresh statistics;
     * the slices themselves are not changed.
     */
    public static WindowStats merge(Instant end, Duration length, Iterable<Slice> slices) {
        Objects.requireNonNull(end, "end");
        if (length.isZero() || length.isNegative()) {
            throw new IllegalArgumentException("window length must be > 0, was " + length);
        }
        Instant start = end.minus(length);
        Slice merged = new Slice(start);
        for (Slice slice : slices) {
            if (!slice.start().isBefore(start) && slice.start().isBefore(end)) {
                merged.mergeFrom(slice);
            }
        }
        return WindowStats.of(start, end, merged);
    }
}
