package io.infersla.engine.topology;

import io.infersla.core.breach.BreachState;
import io.infersla.core.catalog.Objective;
import io.infersla.core.evaluate.Status;
import io.infersla.core.measure.Metric;
import io.infersla.core.request.SeriesKey;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * The hot state of one series: its applicable objectives, slice rings per metric and slice
 * length, breach state per objective, and the next evaluation boundary per step.
 */
final class SeriesState {

    /** Breach state and the last stored status of one objective. */
    static final class ObjectiveState {
        BreachState breach = BreachState.INITIAL;
        Status lastStored;
    }

    final SeriesKey key;
    final byte[] keyBytes;
    final String canonical;
    final List<Objective> objectives;
    /** Per metric: rings by slice length in millis. */
    final Map<Metric, Map<Long, SliceRing>> rings = new EnumMap<>(Metric.class);
    final Map<String, ObjectiveState> objectiveStates = new HashMap<>();
    /** Per step (millis): the end of the next window to evaluate; absent while dormant. */
    final TreeMap<Long, Long> nextBoundary = new TreeMap<>();
    /**
     * When the series' current stretch of activity began (its first accepted measurement since it
     * was last dropped as quiet): a window never reaches back before it, so a rate over a series
     * that exists for 30 s is per those 30 s, not per the whole 5-minute window.
     */
    long activeSinceMs = Long.MAX_VALUE;
    /** Records already counted, so a re-sent one is not counted twice. */
    final RecentRecords recentRecords = new RecentRecords();
    /** Slices changed since the last commit: only these are written to the state store. */
    final List<SliceRing.Entry> dirtySlices = new ArrayList<>();
    boolean metaDirty;

    private final long persistMs;
    private final long lateBoundMs;
    private final long graceMs;

    SeriesState(SeriesKey key, byte[] keyBytes, List<Objective> objectives, long persistMs, long lateBoundMs, long graceMs) {
        this.key = key;
        this.keyBytes = keyBytes;
        this.canonical = key.canonical();
        this.objectives = objectives;
        this.persistMs = persistMs;
        this.lateBoundMs = lateBoundMs;
        this.graceMs = graceMs;
        for (Objective o : objectives) {
            objectiveStates.put(o.id(), new ObjectiveState());
        }
    }

    /** The rings a metric records into: the persistence grid and one per objective step on it. */
    Map<Long, SliceRing> ringsOf(Metric metric) {
        Map<Long, SliceRing> byLength = rings.get(metric);
        if (byLength != null) {
            return byLength;
        }
        byLength = new HashMap<>(4);
        Map<Long, Long> retention = new HashMap<>();
        retention.merge(persistMs, lateBoundMs + graceMs, Math::max);
        for (Objective o : objectives) {
            if (o.metric() == metric) {
                retention.merge(o.step().toMillis(), o.window().toMillis() + graceMs, Math::max);
            }
        }
        for (Map.Entry<Long, Long> e : retention.entrySet()) {
            long length = e.getKey();
            long keep = length == persistMs ? Math.max(e.getValue(), lateBoundMs + graceMs) : e.getValue();
            byLength.put(length, new SliceRing(metric, length, keep, length == persistMs));
        }
        rings.put(metric, byLength);
        return byLength;
    }

    /** Records one validated value at {@code timeMs} into every ring of its metric. */
    void record(Metric metric, long timeMs, double value, double weight) {
        for (SliceRing ring : ringsOf(metric).values()) {
            SliceRing.Entry entry = ring.sliceAt(timeMs);
            entry.live().record(value, weight);
            markDirty(entry);
            if (entry.emitted) {
                entry.reemit = true;
            }
        }
    }

    void markDirty(SliceRing.Entry entry) {
        if (!entry.dirty) {
            entry.dirty = true;
            dirtySlices.add(entry);
        }
    }

    /** Starts evaluating each step from the end of the slice containing {@code timeMs}, if dormant. */
    void scheduleFrom(long timeMs) {
        if (timeMs < activeSinceMs) {
            activeSinceMs = timeMs;
            metaDirty = true;
        }
        for (Objective o : objectives) {
            long step = o.step().toMillis();
            if (!nextBoundary.containsKey(step)) {
                nextBoundary.put(step, Math.floorDiv(timeMs, step) * step + step);
                metaDirty = true;
            }
        }
    }

    SliceRing ring(Metric metric, long lengthMs) {
        Map<Long, SliceRing> byLength = rings.get(metric);
        return byLength == null ? null : byLength.get(lengthMs);
    }

    boolean hasNoSlices() {
        for (Map<Long, SliceRing> byLength : rings.values()) {
            for (SliceRing ring : byLength.values()) {
                if (!ring.isEmpty()) {
                    return false;
                }
            }
        }
        return true;
    }

    /** Nothing left to evaluate, hold or resolve: the series can be dropped until it records again. */
    boolean isQuiet() {
        return nextBoundary.isEmpty() && hasNoSlices() && !hasOpenEpisode();
    }

    boolean hasOpenEpisode() {
        for (ObjectiveState s : objectiveStates.values()) {
            if (s.breach.open().isPresent() || s.breach.badStreak() > 0) {
                return true;
            }
        }
        return false;
    }
}
