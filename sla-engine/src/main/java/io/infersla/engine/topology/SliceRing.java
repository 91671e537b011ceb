package io.infersla.engine.topology;

import io.infersla.core.measure.Metric;
import io.infersla.core.window.RollingWindow;
import io.infersla.core.window.Slice;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.function.Consumer;
import java.util.function.LongConsumer;

/**
 * The slices of one series, metric and slice length, by start time (epoch millis). Holds what
 * the longest window on this grid needs, plus the late-data bound for persisted slices.
 *
 * <p>Only open slices are live {@link Slice}s. Once the task clock has passed a slice's end plus
 * grace, it is frozen: the ring keeps just its stored form, the very array the state store holds,
 * and windows merge it from those bytes. A live slice with its sketch takes about 1 KB of heap, a
 * frozen one the 100–300 bytes of its binary form, and nearly all of a window's slices are closed.
 * A late record thaws a frozen slice (decodes it) until the next sweep freezes it again.
 */
final class SliceRing {

    /** One slice and what still has to happen to it. */
    static final class Entry {
        final SliceRing ring;
        final long startMs;
        /** The slice while it is open or thawed; null while frozen. */
        private Slice slice;
        /** While frozen: the slice in its stored form ({@link StoredSlice}), shared with the state store. */
        private byte[] frozen;
        /** Changed since it was last written to the state store. */
        boolean dirty;
        /** Already sent to sla.window-stats. */
        boolean emitted;
        /** Changed by a late record after it was emitted: send the corrected slice again. */
        boolean reemit;

        private Entry(SliceRing ring, long startMs, Slice slice, byte[] frozen) {
            this.ring = ring;
            this.startMs = startMs;
            this.slice = slice;
            this.frozen = frozen;
        }

        /** The slice to record into: a frozen slice is thawed first. */
        Slice live() {
            if (slice == null) {
                slice = StoredSlice.slice(frozen);
                frozen = null;
                if (startMs <= ring.frozenThrough) {
                    ring.reopened(this);
                }
            }
            return slice;
        }

        boolean isFrozen() {
            return slice == null;
        }

        /** The slice's content for sending; a frozen slice is decoded into a copy. */
        Slice snapshot() {
            return slice != null ? slice : StoredSlice.slice(frozen);
        }

        /** Adds this slice to a window being merged; a frozen slice straight from its bytes. */
        void mergeInto(RollingWindow.Merge merge) {
            if (slice != null) {
                merge.add(slice);
            } else {
                merge.addBytes(frozen, StoredSlice.SLICE_OFFSET, frozen.length - StoredSlice.SLICE_OFFSET);
            }
        }

        /**
         * What the state store must hold for this slice. For a frozen slice that is its own array
         * (a new one if the emitted flag changed since), so the store and the ring share it.
         */
        byte[] toStored() {
            if (slice != null) {
                return StoredSlice.encode(slice, emitted);
            }
            if (StoredSlice.emitted(frozen) != emitted) {
                frozen = StoredSlice.withEmitted(frozen, emitted);
            }
            return frozen;
        }

        /** Drops the live slice and keeps {@code stored}, which must be what the store now holds for it. */
        void freeze(byte[] stored) {
            frozen = stored;
            slice = null;
            dirty = false;
        }
    }

    final Metric metric;
    final long lengthMs;
    final long retentionMs;
    final boolean persisted;
    /**
     * The slices by ascending start, in {@code [0, size)}. A sorted array rather than a tree map: a
     * ring holds a few dozen slices, new ones almost always go at the end and old ones leave from
     * the front, and a tree map's node and boxed key would cost about 56 bytes per slice, half as
     * much again as a frozen slice's own bytes.
     */
    private Entry[] slices = new Entry[4];
    private int size;
    /** Every slice starting at or before this was frozen when it closed (or restored frozen). */
    private long frozenThrough = Long.MIN_VALUE;
    /** Closed slices live again through a late record, until the next sweep; usually null. */
    private List<Entry> reopened;

    SliceRing(Metric metric, long lengthMs, long retentionMs, boolean persisted) {
        this.metric = metric;
        this.lengthMs = lengthMs;
        this.retentionMs = retentionMs;
        this.persisted = persisted;
    }

    /** The slice containing {@code timeMs}, created when absent. The newest slice is a fast path. */
    Entry sliceAt(long timeMs) {
        long start = Math.floorDiv(timeMs, lengthMs) * lengthMs;
        if (size > 0 && slices[size - 1].startMs == start) {
            return slices[size - 1];
        }
        int at = indexOf(start);
        if (at >= 0) {
            return slices[at];
        }
        Entry entry = new Entry(this, start, new Slice(Instant.ofEpochMilli(start)), null);
        insert(-at - 1, entry);
        if (start <= frozenThrough) {
            reopened(entry); // a late record into a closed slice that had been evicted or never existed
        }
        return entry;
    }

    /** Like {@link java.util.Arrays#binarySearch}: the index of {@code start}, or −(insertion point) − 1. */
    private int indexOf(long start) {
        int low = 0;
        int high = size - 1;
        while (low <= high) {
            int mid = (low + high) >>> 1;
            long midStart = slices[mid].startMs;
            if (midStart < start) {
                low = mid + 1;
            } else if (midStart > start) {
                high = mid - 1;
            } else {
                return mid;
            }
        }
        return -(low + 1);
    }

    /** The index of the first slice starting at or after {@code start}. */
    private int firstFrom(long start) {
        int at = indexOf(start);
        return at >= 0 ? at : -at - 1;
    }

    private void insert(int at, Entry entry) {
        if (size == slices.length) {
            slices = Arrays.copyOf(slices, size + (size >> 1) + 1);
        }
        System.arraycopy(slices, at, slices, at + 1, size - at);
        slices[at] = entry;
        size++;
    }

    private void reopened(Entry entry) {
        if (reopened == null) {
            reopened = new ArrayList<>(2);
        }
        reopened.add(entry);
    }

    /** Restores a slice from the state store, frozen: {@code stored} is the store's own array. */
    void restore(long startMs, byte[] stored) {
        Entry entry = new Entry(this, startMs, null, stored);
        entry.emitted = StoredSlice.emitted(stored);
        int at = indexOf(startMs);
        if (at >= 0) {
            slices[at] = entry;
        } else {
            insert(-at - 1, entry);
        }
    }

    /** Slices starting in [fromMs, toMs), oldest first. */
    List<Entry> between(long fromMs, long toMs) {
        int from = firstFrom(fromMs);
        return Arrays.asList(slices).subList(from, Math.max(from, firstFrom(toMs)));
    }

    /** Every slice, oldest first. */
    List<Entry> all() {
        return Arrays.asList(slices).subList(0, size);
    }

    boolean isEmpty() {
        return size == 0;
    }

    /**
     * Passes every live slice that has closed ({@code clockMs} at or past its end plus grace) to
     * {@code freezer}, which must store it and call {@link Entry#freeze}. Visits only slices that
     * closed since the last call and the ones late records reopened, not the whole ring.
     */
    void freezeClosed(long clockMs, long graceMs, Consumer<Entry> freezer) {
        long lastClosedStart = Math.floorDiv(clockMs - graceMs - lengthMs, lengthMs) * lengthMs;
        if (lastClosedStart > frozenThrough) {
            int end = firstFrom(lastClosedStart + 1);
            for (int i = frozenThrough == Long.MIN_VALUE ? 0 : firstFrom(frozenThrough + 1); i < end; i++) {
                if (!slices[i].isFrozen()) {
                    freezer.accept(slices[i]);
                }
            }
            frozenThrough = lastClosedStart;
        }
        if (reopened != null) {
            for (Entry entry : reopened) {
                if (!entry.isFrozen()) {
                    freezer.accept(entry);
                }
            }
            reopened = null;
        }
    }

    /** Removes slices that ended before {@code clockMs − retention}; calls {@code removed} with each start. */
    void evict(long clockMs, LongConsumer removed) {
        long cutoff = clockMs - retentionMs - lengthMs;
        int end = firstFrom(cutoff);
        if (end == 0) {
            return;
        }
        int kept = 0;
        for (int i = 0; i < end; i++) {
            Entry entry = slices[i];
            if (persisted && (!entry.emitted || entry.reemit)) {
                slices[kept++] = entry; // never drop a persisted slice before it was sent
                continue;
            }
            removed.accept(entry.startMs);
            entry.dirty = false; // gone from the store: a pending write must not bring it back
            if (reopened != null) {
                reopened.remove(entry); // nor a freeze
            }
        }
        System.arraycopy(slices, end, slices, kept, size - end);
        Arrays.fill(slices, kept + size - end, size, null);
        size = kept + size - end;
    }
}
