package io.infersla.engine.topology;

import io.infersla.core.measure.Metric;
import io.infersla.core.window.RollingWindow;
import io.infersla.core.window.Slice;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
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
    private final TreeMap<Long, Entry> slices = new TreeMap<>();
    private Entry newest;
    private long newestStart = Long.MIN_VALUE;
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
        if (start == newestStart) {
            return newest;
        }
        Entry entry = slices.get(start);
        if (entry == null) {
            entry = new Entry(this, start, new Slice(Instant.ofEpochMilli(start)), null);
            put(start, entry);
            if (start <= frozenThrough) {
                reopened(entry); // a late record into a closed slice that had been evicted or never existed
            }
        }
        return entry;
    }

    private void put(long start, Entry entry) {
        slices.put(start, entry);
        if (start > newestStart) {
            newestStart = start;
            newest = entry;
        }
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
        put(startMs, entry);
    }

    /** Slices starting in [fromMs, toMs). */
    Collection<Entry> between(long fromMs, long toMs) {
        return slices.subMap(fromMs, true, toMs, false).values();
    }

    Collection<Entry> all() {
        return slices.values();
    }

    boolean isEmpty() {
        return slices.isEmpty();
    }

    /**
     * Passes every live slice that has closed ({@code clockMs} at or past its end plus grace) to
     * {@code freezer}, which must store it and call {@link Entry#freeze}. Visits only slices that
     * closed since the last call and the ones late records reopened, not the whole ring.
     */
    void freezeClosed(long clockMs, long graceMs, Consumer<Entry> freezer) {
        long lastClosedStart = Math.floorDiv(clockMs - graceMs - lengthMs, lengthMs) * lengthMs;
        if (lastClosedStart > frozenThrough) {
            for (Entry entry : slices.subMap(frozenThrough, false, lastClosedStart, true).values()) {
                if (!entry.isFrozen()) {
                    freezer.accept(entry);
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
        Iterator<Map.Entry<Long, Entry>> it = slices.headMap(cutoff, false).entrySet().iterator();
        while (it.hasNext()) {
            Map.Entry<Long, Entry> e = it.next();
            if (persisted && (!e.getValue().emitted || e.getValue().reemit)) {
                continue; // never drop a persisted slice before it was sent
            }
            removed.accept(e.getKey());
            e.getValue().dirty = false; // gone from the store: a pending write must not bring it back
            if (reopened != null) {
                reopened.remove(e.getValue()); // nor a freeze
            }
            if (e.getKey() == newestStart) {
                newest = null;
                newestStart = Long.MIN_VALUE;
            }
            it.remove();
        }
    }
}
