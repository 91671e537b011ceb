package io.infersla.engine.topology;

import io.infersla.core.json.Json;
import io.infersla.core.measure.Measurement;
import io.infersla.core.measure.Metric;
import io.infersla.core.measure.RejectReason;
import io.infersla.core.request.InferenceRequest;
import io.infersla.core.request.RequestBatchCodec;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.apache.kafka.streams.processor.PunctuationType;
import org.apache.kafka.streams.processor.api.Processor;
import org.apache.kafka.streams.processor.api.ProcessorContext;
import org.apache.kafka.streams.processor.api.Record;

/**
 * Per task: admits request records (rejecting malformed, duplicate, late and future ones to the
 * dead-letter sink), records their measurements into the series' slices, and sweeps when the
 * task clock passes a boundary. The parts are their own classes, wired here: {@link TaskClock}
 * (event-time clock, admission, sweep schedule), {@link SeriesEvaluator} (objectives, contract
 * terms, breach state machine), {@link SliceCloser} (emit, evict, freeze closed slices) and
 * {@link HotStatePersistence} (the store: restore at start, flush before every commit).
 */
final class SeriesProcessor implements Processor<byte[], byte[], byte[], byte[]> {

    static final String WINDOW_STATS_SINK = "window-stats-sink";
    static final String EVALUATIONS_SINK = "evaluations-sink";
    static final String BREACHES_SINK = "breaches-sink";
    static final String REJECTED_SINK = "rejected-sink";

    private final EngineSettings settings;
    private final String storeName;
    private final long graceMs;
    private final SeriesTable series;
    private final FrameRates frameRates = new FrameRates();
    private final TaskClock clock;

    private ProcessorContext<byte[], byte[]> context;
    private HotStatePersistence persistence;
    private SeriesEvaluator evaluator;
    private SliceCloser slices;

    SeriesProcessor(EngineSettings settings, String storeName) {
        this.settings = settings;
        this.storeName = storeName;
        this.graceMs = settings.grace().toMillis();
        this.series = new SeriesTable(settings);
        this.clock = new TaskClock(settings);
    }

    @Override
    public void init(ProcessorContext<byte[], byte[]> context) {
        this.context = context;
        SliceStateStore store = context.getStateStore(storeName);
        Forwarder out = this::forward;
        persistence = new HotStatePersistence(store);
        evaluator = new SeriesEvaluator(settings,
                new ContractTermsCache(settings.catalog(), context.getStateStore(SlaTopology.CONTRACT_TERMS_STORE)), out);
        slices = new SliceCloser(settings, persistence, out);
        long restoredClock = persistence.restore(series, frameRates);
        if (restoredClock != TaskClock.UNSET) {
            clock.restore(restoredClock);
        }
        store.beforeFlush(() -> persistence.flush(series, frameRates, clock.nowMs()));
        clock.inputAt(context.currentSystemTimeMs());
        context.schedule(Duration.ofSeconds(1), PunctuationType.WALL_CLOCK_TIME, this::onWallClock);
    }

    @Override
    public void process(Record<byte[], byte[]> record) {
        long wallNow = context.currentSystemTimeMs();
        clock.inputAt(wallNow);
        SeriesState state;
        List<InferenceRequest> requests;
        try {
            state = series.get(record.key());
        } catch (IllegalArgumentException e) {
            reject(record.key(), RejectReason.MALFORMED, null, "record key: " + e.getMessage());
            return;
        }
        if (state == null) {
            reject(record.key(), RejectReason.UNKNOWN_CATEGORY, null, "category is not in the catalog");
            return;
        }
        if (record.value() == null) {
            reject(record.key(), RejectReason.MALFORMED, null, "record has no value");
            return;
        }
        long contentHash = RecentRecords.hash(record.key(), record.value());
        if (state.recentRecords.contains(contentHash)) {
            reject(record.key(), RejectReason.DUPLICATE, null,
                    "a byte-identical record of this series was counted already (an export sent twice)");
            return;
        }
        try {
            requests = RequestBatchCodec.decode(record.value());
        } catch (IllegalArgumentException e) {
            reject(record.key(), RejectReason.MALFORMED, null, e.getMessage());
            return;
        }
        state.recentRecords.add(contentHash);
        for (InferenceRequest request : requests) {
            long t = request.completedAt().toEpochMilli();
            switch (clock.admit(t, wallNow)) {
                case FUTURE -> {
                    reject(record.key(), RejectReason.FUTURE, request.completedAt(),
                            "completed " + (t - wallNow) + " ms after the engine's wall clock");
                    continue;
                }
                case LATE -> {
                    reject(record.key(), RejectReason.LATE, request.completedAt(), "completed " + (clock.nowMs() - t)
                            + " ms before the task clock; the bound is " + clock.lateBoundMs() + " ms");
                    continue;
                }
                case ADMITTED -> {
                }
            }
            for (Measurement m : request.measurements()) {
                state.record(m.metric(), t, m.value(), m.weight());
            }
            request.frameOf().ifPresent(stream -> frameRates.count(state.keyBytes, stream.id(), t));
            state.scheduleFrom(t);
        }
        if (clock.sweepDueAfterInput()) {
            sweep();
        }
    }

    private void onWallClock(long wallNow) {
        if (clock.tick(wallNow)) {
            sweep();
        }
    }

    /** Closes, evaluates, emits and evicts everything the clock has passed; drops series gone quiet. */
    private void sweep() {
        long now = clock.nowMs();
        // Frame rates first: a complete second's fps belongs in the window evaluated at this sweep.
        frameRates.complete(now, graceMs, this::recordFps);
        Iterator<SeriesState> it = series.iterator();
        while (it.hasNext()) {
            SeriesState state = it.next();
            evaluator.evaluateDue(state, now);
            slices.close(state, now);
            if (state.isQuiet()) {
                persistence.forget(state);
                it.remove();
            }
        }
        clock.swept();
    }

    private void recordFps(byte[] seriesKey, long secondStartMs, int frames) {
        SeriesState state = series.get(seriesKey);
        if (state != null) { // null only when restored frames belong to a category the catalog no longer has
            state.record(Metric.FPS, secondStartMs, frames, 1.0);
            state.scheduleFrom(secondStartMs);
        }
    }

    private void forward(String sink, byte[] key, byte[] value, long timestamp) {
        context.forward(new Record<>(key, value, timestamp), sink);
    }

    private void reject(byte[] key, RejectReason reason, Instant completedAt, String detail) {
        Map<String, Object> out = new LinkedHashMap<>();
        out.put("reason", reason.id());
        out.put("stage", "sla-engine");
        out.put("completed_at", completedAt == null ? null : completedAt.toString());
        out.put("detail", detail);
        long timestamp = completedAt == null ? context.currentSystemTimeMs() : completedAt.toEpochMilli();
        context.forward(new Record<>(key, Json.writeCompact(out).getBytes(StandardCharsets.UTF_8), timestamp), REJECTED_SINK);
    }
}
