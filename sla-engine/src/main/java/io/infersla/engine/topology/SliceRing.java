package io.infersla.engine.topology;

import io.infersla.core.window.Slice;
import java.util.Collection;
import java.util.Iterator;
import java.util.Map;
import java.util.TreeMap;

/**
 * The slices of one series, metric and slice length, by start time (epoch millis). Holds what
 * the longest window on this grid needs, plus the late-data bound for persisted slices.
 */
final class SliceRing {

    /** One slice and what still has to happen to it. */
    static final class Entry {
        final Slice slice;
        final SliceRing ring;
        /** Changed since it was last written to the state store. */
        boolean dirty;
        /** Already sent to sla.window-stats. */
        boolean emitted;
        /** Changed by a late record after it was emitted: send the corrected slice again. */
        boolean reemit;

        Entry(Slice slice, SliceRing ring) {
            this.slice = slice;
            this.ring = ring;
        }
    }

    final io.infersla.core.measure.Metric metric;
    final long lengthMs;
    final long retentionMs;
    final boolean persisted;
    private final TreeMap<Long, Entry> slices = new TreeMap<>();
    private Entry newest;
    private long newestStart = Long.MIN_VALUE;

    SliceRing(io.infersla.core.measure.Metric metric, long lengthMs, long retentionMs, boolean persisted) {
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
            entry = new Entry(new Slice(java.time.Instant.ofEpochMilli(start)), this);
            put(start, entry);
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

    void restore(Slice slice, boolean emitted) {
        Entry entry = new Entry(slice, this);
        entry.emitted = emitted;
        put(slice.start().toEpochMilli(), entry);
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

    boolean hasSlicesFrom(long fromMs) {
        return slices.ceilingKey(fromMs) != null;
    }

    /** Removes slices that ended before {@code clockMs − retention}; calls {@code removed} with each start. */
    void evict(long clockMs, java.util.function.LongConsumer removed) {
        long cutoff = clockMs - retentionMs - lengthMs;
        Iterator<Map.Entry<Long, Entry>> it = slices.headMap(cutoff, false).entrySet().iterator();
        while (it.hasNext()) {
            Map.Entry<Long, Entry> e = it.next();
            if (persisted && (!e.getValue().emitted || e.getValue().reemit)) {
                continue; // never drop a persisted slice before it was sent
            }
            removed.accept(e.getKey());
            e.getValue().dirty = false; // gone from the store: a pending write must not bring it back
            if (e.getKey() == newestStart) {
                newest = null;
                newestStart = Long.MIN_VALUE;
            }
            it.remove();
        }
    }
}
