package io.infersla.engine.topology;

import io.infersla.core.measure.Metric;
import io.infersla.engine.topic.SliceRecord;
import java.time.Duration;
import java.util.Map;

/**
 * What a sweep does to a series' slices once the task clock has passed their end plus the grace:
 * forwards each closed slice of the persistence grid to {@code sla.window-stats} (again after a
 * late record changed it), evicts slices older than their ring keeps, and freezes closed ones to
 * their stored bytes.
 */
final class SliceCloser {

    private final HotStatePersistence persistence;
    private final Forwarder out;
    private final long graceMs;

    SliceCloser(EngineSettings settings, HotStatePersistence persistence, Forwarder out) {
        this.persistence = persistence;
        this.out = out;
        this.graceMs = settings.grace().toMillis();
    }

    void close(SeriesState state, long clockMs) {
        for (Map.Entry<Metric, Map<Long, SliceRing>> byMetric : state.rings.entrySet()) {
            Metric metric = byMetric.getKey();
            for (SliceRing ring : byMetric.getValue().values()) {
                if (ring.persisted) {
                    emitClosed(state, metric, ring, clockMs);
                }
                ring.evict(clockMs, start -> persistence.deleteSlice(state, metric, ring.lengthMs, start));
                ring.freezeClosed(clockMs, graceMs, entry -> persistence.freeze(state, entry));
            }
        }
    }

    private void emitClosed(SeriesState state, Metric metric, SliceRing ring, long clockMs) {
        for (SliceRing.Entry entry : ring.all()) {
            long end = entry.startMs + ring.lengthMs;
            if (clockMs < end + graceMs) {
                break;
            }
            if (!entry.emitted || entry.reemit) {
                out.forward(SeriesProcessor.WINDOW_STATS_SINK, state.keyBytes,
                        new SliceRecord(metric, Duration.ofMillis(ring.lengthMs), entry.snapshot()).toBytes(), end);
                entry.emitted = true;
                entry.reemit = false;
                state.markDirty(entry); // the emitted flag must survive a restart with the slice
            }
        }
    }
}
