package io.infersla.core.window;

import io.infersla.core.sketch.BinTally;
import java.time.Duration;
import java.time.Instant;
import java.util.Objects;

/**
 * A rolling window is the merge of the slices that start inside [end − length, end). Slices
 * outside are ignored, so a caller can pass everything it holds for a series and metric.
 *
 * <p>Slices can be merged live or in their binary form ({@link Slice#toBytes()}), in any mix: a
 * stream task keeps closed slices serialized, and a window merged from those bytes equals the
 * window merged from the live slices, as long as the slices come in the same order.
 */
public final class RollingWindow {

    private RollingWindow() {
    }

    /**
     * Merges the slices of the window ending at {@code end} (exclusive) into fresh statistics;
     * the slices themselves are not changed.
     */
    public static WindowStats merge(Instant end, Duration length, Iterable<Slice> slices) {
        Merge merge = begin(end, length);
        for (Slice slice : slices) {
            merge.add(slice);
        }
        return merge.stats();
    }

    /** Starts merging the window ending at {@code end} (exclusive); add its slices, then take {@link Merge#stats()}. */
    public static Merge begin(Instant end, Duration length) {
        Objects.requireNonNull(end, "end");
        if (length.isZero() || length.isNegative()) {
            throw new IllegalArgumentException("window length must be > 0, was " + length);
        }
        return new Merge(end.minus(length), end);
    }

    /** One window being merged. Single use: after {@link #stats()} nothing more can be added. */
    public static final class Merge {
        private final Instant start;
        private final Instant end;
        private final long startMs;
        private final long endMs;
        private Slice merged;
        /** The bins of the serialized slices, added to the merged sketch in one pass at the end. */
        private BinTally serializedBins;

        private Merge(Instant start, Instant end) {
            this.start = start;
            this.end = end;
            this.startMs = start.toEpochMilli();
            this.endMs = end.toEpochMilli();
            this.merged = new Slice(start);
        }

        /** Adds a live slice if it starts inside the window. */
        public Merge add(Slice slice) {
            if (inside(slice.start().toEpochMilli())) {
                open().mergeFrom(slice);
            }
            return this;
        }

        /** Adds a slice in its binary form, {@code length} bytes at {@code offset}, if it starts inside the window. */
        public Merge addBytes(byte[] bytes, int offset, int length) {
            if (inside(Slice.serializedStartMs(bytes, offset, length))) {
                if (serializedBins == null) {
                    serializedBins = new BinTally();
                }
                open().mergeFromBytes(bytes, offset, length, serializedBins);
            }
            return this;
        }

        /** The window's statistics; they own the merged state, so this ends the merge. */
        public WindowStats stats() {
            Slice slice = open();
            if (serializedBins != null) {
                serializedBins.addTo(slice.sketch());
            }
            WindowStats stats = WindowStats.of(start, end, slice);
            merged = null;
            return stats;
        }

        private boolean inside(long sliceStartMs) {
            return sliceStartMs >= startMs && sliceStartMs < endMs;
        }

        private Slice open() {
            if (merged == null) {
                throw new IllegalStateException("the window [" + start + ", " + end + ") was already taken as stats");
            }
            return merged;
        }
    }
}
