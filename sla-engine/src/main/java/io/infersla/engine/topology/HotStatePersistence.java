package io.infersla.engine.topology;

import io.infersla.core.measure.Metric;
import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.apache.kafka.common.utils.Bytes;

/**
 * The hot state's side of the changelogged store ({@link SliceStateStore}, keys from
 * {@link StateKeys}): what changed is written once per commit ({@link #flush}), not per record,
 * and a starting task rebuilds its series, frame counts and clock from it ({@link #restore}).
 * Between commits it writes only what must not wait: a slice that freezes, and the deletion of
 * evicted slices and of dropped series.
 */
final class HotStatePersistence {

    private final SliceStateStore store;

    HotStatePersistence(SliceStateStore store) {
        this.store = store;
    }

    /**
     * Rebuilds series, recent records, series metadata and frame counts from the store (after a
     * restart or a rebalance). Entries of a category the catalog no longer has are skipped.
     *
     * @return the clock the last commit stored, or {@link TaskClock#UNSET}
     */
    long restore(SeriesTable series, FrameRates frameRates) {
        long[] clock = {TaskClock.UNSET};
        Map<Bytes, byte[]> metas = new HashMap<>();
        Map<Bytes, List<byte[]>> recent = new HashMap<>();
        store.forEach((key, value) -> {
            byte kind = key.get()[0];
            if (frameRates.restore(key, value)) {
                return;
            } else if (kind == StateKeys.CLOCK) {
                clock[0] = ByteBuffer.wrap(value).getLong();
            } else if (kind == StateKeys.SERIES) {
                metas.put(key, value);
            } else if (kind == StateKeys.RECENT_RECORD) {
                recent.computeIfAbsent(Bytes.wrap(StateKeys.seriesKeyOf(key)), k -> new ArrayList<>()).add(value);
            } else if (kind == StateKeys.SLICE) {
                StateKeys.SliceKey sliceKey = StateKeys.parseSlice(key);
                SeriesState state = series.get(sliceKey.seriesKey());
                SliceRing ring = state == null ? null : state.ringsOf(sliceKey.metric()).get(sliceKey.lengthMs());
                if (ring != null) {
                    ring.restore(sliceKey.start().toEpochMilli(), value);
                }
            }
        });
        recent.forEach((seriesKey, slots) -> {
            SeriesState state = series.get(seriesKey.get());
            if (state != null) {
                for (byte[] slot : slots) {
                    ByteBuffer in = ByteBuffer.wrap(slot);
                    state.recentRecords.restore(in.getLong(), in.getLong());
                }
            }
        });
        metas.forEach((key, value) -> {
            SeriesState state = series.get(StateKeys.seriesKeyOf(key));
            if (state != null) {
                SeriesMetaCodec.decodeInto(value, state);
            }
        });
        return clock[0];
    }

    /** Writes what changed since the last commit; runs right before Kafka Streams commits. */
    void flush(SeriesTable series, FrameRates frameRates, long clockMs) {
        for (SeriesState state : series) {
            for (SliceRing.Entry entry : state.dirtySlices) {
                if (entry.dirty) {
                    store.put(sliceKey(state, entry), entry.toStored());
                    entry.dirty = false;
                }
            }
            state.dirtySlices.clear();
            state.recentRecords.writeChanged((slot, seq, hash) -> store.put(StateKeys.recentRecord(state.keyBytes, slot),
                    ByteBuffer.allocate(16).putLong(seq).putLong(hash).array()));
            if (state.metaDirty) {
                store.put(StateKeys.series(state.keyBytes), SeriesMetaCodec.encode(state));
                state.metaDirty = false;
            }
        }
        frameRates.flush(store::put, store::delete);
        if (clockMs != TaskClock.UNSET) {
            store.put(StateKeys.CLOCK_KEY, ByteBuffer.allocate(8).putLong(clockMs).array());
        }
    }

    /**
     * Stores a closed slice and keeps only the stored array in the ring. Unchanged since the last
     * commit, the store already holds its bytes: the ring adopts that array (no second copy, no
     * changelog write); otherwise it is written now instead of at the next commit.
     */
    void freeze(SeriesState state, SliceRing.Entry entry) {
        Bytes key = sliceKey(state, entry);
        byte[] stored = entry.dirty ? null : store.get(key);
        if (stored == null) {
            stored = entry.toStored();
            store.put(key, stored);
        }
        entry.freeze(stored);
    }

    /** Removes a slice its ring has evicted. */
    void deleteSlice(SeriesState state, Metric metric, long lengthMs, long startMs) {
        store.delete(StateKeys.slice(state.keyBytes, metric, lengthMs, startMs));
    }

    /** Removes what is left of a series dropped from memory (its slices are evicted already). */
    void forget(SeriesState state) {
        store.delete(StateKeys.series(state.keyBytes));
        for (int slot = 0; slot < state.recentRecords.slotsInUse(); slot++) {
            store.delete(StateKeys.recentRecord(state.keyBytes, slot));
        }
    }

    private static Bytes sliceKey(SeriesState state, SliceRing.Entry entry) {
        return StateKeys.slice(state.keyBytes, entry.ring.metric, entry.ring.lengthMs, entry.startMs);
    }
}
