package io.infersla.engine.topology;

import io.infersla.core.breach.BreachStateMachine;
import io.infersla.core.catalog.Category;
import io.infersla.core.catalog.Objective;
import io.infersla.core.contract.ContractTerms;
import io.infersla.core.evaluate.Evaluation;
import io.infersla.core.evaluate.ObjectiveEvaluator;
import io.infersla.core.json.Json;
import io.infersla.core.measure.Measurement;
import io.infersla.core.measure.Metric;
import io.infersla.core.measure.RejectReason;
import io.infersla.core.request.InferenceRequest;
import io.infersla.core.request.RequestBatchCodec;
import io.infersla.core.request.SeriesKey;
import io.infersla.core.window.RollingWindow;
import io.infersla.core.window.WindowStats;
import io.infersla.engine.topic.BreachRecord;
import io.infersla.engine.topic.EvaluationRecord;
import io.infersla.engine.topic.SliceRecord;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.apache.kafka.common.utils.Bytes;
import org.apache.kafka.streams.processor.PunctuationType;
import org.apache.kafka.streams.processor.api.Processor;
import org.apache.kafka.streams.processor.api.ProcessorContext;
import org.apache.kafka.streams.processor.api.Record;

/**
 * Per task: records measurements into in-memory slices, closes slices and evaluates objectives
 * as the task clock passes slice ends plus grace, and runs the breach state machine.
 *
 * <p>Time: the task clock is the latest completion time accepted (event time), so a replayed
 * backlog is evaluated as it happened; it follows the wall clock only while no input arrives
 * (so silent series still close their windows), and records more than the future skew ahead of
 * the wall clock are rejected, so they cannot move it.
 */
final class SeriesProcessor implements Processor<byte[], byte[], byte[], byte[]> {

    static final String WINDOW_STATS_SINK = "window-stats-sink";
    static final String EVALUATIONS_SINK = "evaluations-sink";
    static final String BREACHES_SINK = "breaches-sink";
    static final String REJECTED_SINK = "rejected-sink";

    private final EngineSettings settings;
    private final String storeName;
    private final long graceMs;
    private final long lateBoundMs;
    private final long futureSkewMs;
    private final long persistMs;
    private final long idleAfterMs;
    private final long sweepEveryMs;

    private ProcessorContext<byte[], byte[]> context;
    private SliceStateStore store;
    private ContractTermsCache contractTerms;
    private final Map<Bytes, SeriesState> series = new HashMap<>();
    private final FrameRates frameRates = new FrameRates();
    private long clock = Long.MIN_VALUE;
    private long nextSweep = Long.MIN_VALUE;
    private long lastInputWall;

    SeriesProcessor(EngineSettings settings, String storeName) {
        this.settings = settings;
        this.storeName = storeName;
        this.graceMs = settings.grace().toMillis();
        this.lateBoundMs = settings.lateBound().toMillis();
        this.futureSkewMs = settings.futureSkew().toMillis();
        this.persistMs = settings.persistEvery().toMillis();
        this.idleAfterMs = settings.idleAfter().toMillis();
        this.sweepEveryMs = sweepGranularity(settings);
    }

    /** The greatest common divisor of every step and the persistence resolution: no boundary falls between sweeps. */
    static long sweepGranularity(EngineSettings settings) {
        long gcd = settings.persistEvery().toMillis();
        for (Category category : settings.catalog().categories()) {
            for (Objective o : category.objectives()) {
                gcd = gcd(gcd, o.step().toMillis());
            }
        }
        return gcd;
    }

    private static long gcd(long a, long b) {
        return b == 0 ? a : gcd(b, a % b);
    }

    @Override
    public void init(ProcessorContext<byte[], byte[]> context) {
        this.context = context;
        this.store = context.getStateStore(storeName);
        this.contractTerms = new ContractTermsCache(settings.catalog(), context.getStateStore(SlaTopology.CONTRACT_TERMS_STORE));
        restore();
        store.beforeFlush(this::flushHotState);
        lastInputWall = context.currentSystemTimeMs();
        context.schedule(Duration.ofSeconds(1), PunctuationType.WALL_CLOCK_TIME, this::onWallClock);
    }

    @Override
    public void process(Record<byte[], byte[]> record) {
        long wallNow = context.currentSystemTimeMs();
        lastInputWall = wallNow;
        SeriesState state;
        List<InferenceRequest> requests;
        try {
            state = seriesFor(record.key());
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
            if (t > wallNow + futureSkewMs) {
                reject(record.key(), RejectReason.FUTURE, request.completedAt(),
                        "completed " + (t - wallNow) + " ms after the engine's wall clock");
                continue;
            }
            if (clock != Long.MIN_VALUE && t < clock - lateBoundMs) {
                reject(record.key(), RejectReason.LATE, request.completedAt(),
                        "completed " + (clock - t) + " ms before the task clock; the bound is " + lateBoundMs + " ms");
                continue;
            }
            if (t > clock) {
                clock = t;
            }
            for (Measurement m : request.measurements()) {
                state.record(m.metric(), t, m.value(), m.weight());
            }
            request.frameOf().ifPresent(stream -> frameRates.count(state.keyBytes, stream.id(), t));
            state.scheduleFrom(t);
        }
        if (clock >= nextSweep) {
            sweep();
        }
    }

    private void onWallClock(long wallNow) {
        if (wallNow - lastInputWall >= idleAfterMs && wallNow > clock) {
            clock = wallNow;
        }
        if (clock != Long.MIN_VALUE && clock >= nextSweep) {
            sweep();
        }
    }

    private SeriesState seriesFor(byte[] keyBytes) {
        Bytes key = Bytes.wrap(keyBytes);
        SeriesState state = series.get(key);
        if (state != null) {
            return state;
        }
        SeriesKey seriesKey = SeriesKey.fromBytes(keyBytes);
        Optional<Category> category = settings.catalog().category(seriesKey.category());
        if (category.isEmpty()) {
            return null;
        }
        state = new SeriesState(seriesKey, keyBytes.clone(), category.get().objectivesFor(seriesKey.conditionAttributes()),
                persistMs, lateBoundMs, graceMs);
        series.put(Bytes.wrap(state.keyBytes), state);
        return state;
    }

    /** Closes, evaluates, emits and evicts everything the clock has passed. */
    private void sweep() {
        // Frame rates first: a complete second's fps belongs in the window evaluated at this sweep.
        frameRates.complete(clock, graceMs, this::recordFps);
        Iterator<SeriesState> it = series.values().iterator();
        while (it.hasNext()) {
            SeriesState state = it.next();
            evaluateDue(state);
            emitAndEvict(state);
            if (state.nextBoundary.isEmpty() && state.hasNoSlices() && !state.hasOpenEpisode()) {
                store.delete(StateKeys.series(state.keyBytes));
                for (int slot = 0; slot < state.recentRecords.slotsInUse(); slot++) {
                    store.delete(StateKeys.recentRecord(state.keyBytes, slot));
                }
                it.remove();
            }
        }
        nextSweep = Math.floorDiv(clock - graceMs, sweepEveryMs) * sweepEveryMs + sweepEveryMs + graceMs;
    }

    private void recordFps(byte[] seriesKey, long secondStartMs, int frames) {
        SeriesState state = seriesFor(seriesKey);
        if (state != null) { // null only when restored frames belong to a category the catalog no longer has
            state.record(Metric.FPS, secondStartMs, frames, 1.0);
            state.scheduleFrom(secondStartMs);
        }
    }

    private void evaluateDue(SeriesState state) {
        Iterator<Map.Entry<Long, Long>> steps = state.nextBoundary.entrySet().iterator();
        while (steps.hasNext()) {
            Map.Entry<Long, Long> step = steps.next();
            long stepMs = step.getKey();
            long boundary = step.getValue();
            boolean dormant = false;
            while (clock >= boundary + graceMs) {
                dormant = evaluate(state, stepMs, boundary);
                boundary += stepMs;
                state.metaDirty = true;
                if (dormant) {
                    break;
                }
            }
            if (dormant) {
                steps.remove();
            } else {
                step.setValue(boundary);
            }
        }
    }

    /**
     * Evaluates every objective with this step at window end {@code boundary}.
     *
     * @return whether the series has gone quiet on this step: every window empty and no episode
     *     open or pending, so evaluating further would only repeat "insufficient data"
     */
    private boolean evaluate(SeriesState state, long stepMs, long boundary) {
        Instant end = Instant.ofEpochMilli(boundary);
        Map<String, WindowStats> windows = new HashMap<>();
        boolean anyData = false;
        ContractTerms terms = contractTerms.termsOf(state.key);
        for (Objective catalogObjective : state.objectives) {
            if (catalogObjective.step().toMillis() != stepMs) {
                continue;
            }
            SeriesState.ObjectiveState objectiveState = state.objectiveStates.get(catalogObjective.id());
            Optional<Objective> contracted = terms.apply(state.key.category(), catalogObjective);
            Optional<String> excuse = Optional.empty();
            if (contracted.isEmpty()) {
                if (objectiveState.breach.open().isEmpty() && objectiveState.breach.badStreak() == 0) {
                    continue; // turned off by the contract: nothing to judge, nothing to store
                }
                // Turned off while an episode was open or pending: excused evaluations let it resolve.
                excuse = Optional.of("objective turned off by contract " + state.key.contract());
            }
            Objective objective = contracted.orElse(catalogObjective);
            // A window never reaches back before the series became active (see SeriesState.activeSinceMs).
            long activeFrom = Math.floorDiv(state.activeSinceMs, stepMs) * stepMs;
            long windowMs = Math.min(objective.window().toMillis(), Math.max(stepMs, boundary - activeFrom));
            String windowKey = objective.metric().id() + "/" + windowMs;
            WindowStats stats = windows.computeIfAbsent(windowKey, k -> {
                SliceRing ring = state.ring(objective.metric(), stepMs);
                RollingWindow.Merge merge = RollingWindow.begin(end, Duration.ofMillis(windowMs));
                if (ring != null) {
                    for (SliceRing.Entry entry : ring.between(boundary - windowMs, boundary)) {
                        entry.mergeInto(merge);
                    }
                }
                return merge.stats();
            });
            anyData |= !stats.isEmpty();
            if (excuse.isEmpty()) {
                excuse = terms.excuse(state.key, end.minusMillis(windowMs), end);
            }
            Evaluation evaluation = ObjectiveEvaluator.evaluate(objective, stats, excuse);
            BreachStateMachine.Transition transition = BreachStateMachine.next(objectiveState.breach, evaluation,
                    settings.breachPolicy(), state.canonical + "|" + objective.id());
            objectiveState.breach = transition.state();
            if (boundary % persistMs == 0 || evaluation.status() != objectiveState.lastStored) {
                objectiveState.lastStored = evaluation.status();
                forward(EVALUATIONS_SINK, state.keyBytes, EvaluationRecord.of(evaluation).toBytes(), boundary);
            }
            transition.event().ifPresent(event ->
                    forward(BREACHES_SINK, state.keyBytes, BreachRecord.of(event, evaluation).toBytes(), boundary));
        }
        return !anyData && !state.hasOpenEpisode();
    }

    private void emitAndEvict(SeriesState state) {
        for (Map.Entry<Metric, Map<Long, SliceRing>> byMetric : state.rings.entrySet()) {
            Metric metric = byMetric.getKey();
            for (SliceRing ring : byMetric.getValue().values()) {
                if (ring.persisted) {
                    for (SliceRing.Entry entry : ring.all()) {
                        long end = entry.startMs + ring.lengthMs;
                        if (clock < end + graceMs) {
                            break;
                        }
                        if (!entry.emitted || entry.reemit) {
                            forward(WINDOW_STATS_SINK, state.keyBytes,
                                    new SliceRecord(metric, Duration.ofMillis(ring.lengthMs), entry.snapshot()).toBytes(), end);
                            entry.emitted = true;
                            entry.reemit = false;
                            state.markDirty(entry); // the emitted flag must survive a restart with the slice
                        }
                    }
                }
                ring.evict(clock, start -> store.delete(StateKeys.slice(state.keyBytes, metric, ring.lengthMs, start)));
                ring.freezeClosed(clock, graceMs, entry -> freeze(state, entry));
            }
        }
    }

    /**
     * Stores a closed slice and keeps only the stored array in the ring. Unchanged since the last
     * commit, the store already holds its bytes: the ring adopts that array (no second copy, no
     * changelog write); otherwise it is written now instead of at the next commit.
     */
    private void freeze(SeriesState state, SliceRing.Entry entry) {
        Bytes key = sliceKey(state, entry);
        byte[] stored = entry.dirty ? null : store.get(key);
        if (stored == null) {
            stored = entry.toStored();
            store.put(key, stored);
        }
        entry.freeze(stored);
    }

    private static Bytes sliceKey(SeriesState state, SliceRing.Entry entry) {
        return StateKeys.slice(state.keyBytes, entry.ring.metric, entry.ring.lengthMs, entry.startMs);
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

    /** Writes what changed since the last commit; Kafka Streams calls this right before committing. */
    private void flushHotState() {
        for (SeriesState state : series.values()) {
            for (SliceRing.Entry entry : state.dirtySlices) {
                if (entry.dirty) {
                    store.put(sliceKey(state, entry), entry.toStored());
                    entry.dirty = false;
                }
            }
            state.dirtySlices.clear();
            state.recentRecords.writeChanged((slot, seq, hash) -> store.put(StateKeys.recentRecord(state.keyBytes, slot),
                    java.nio.ByteBuffer.allocate(16).putLong(seq).putLong(hash).array()));
            if (state.metaDirty) {
                store.put(StateKeys.series(state.keyBytes), SeriesMetaCodec.encode(state));
                state.metaDirty = false;
            }
        }
        frameRates.flush(store::put, store::delete);
        if (clock != Long.MIN_VALUE) {
            store.put(StateKeys.CLOCK_KEY, java.nio.ByteBuffer.allocate(8).putLong(clock).array());
        }
    }

    /** Rebuilds the hot state from the store when the task starts (after a restart or a rebalance). */
    private void restore() {
        Map<Bytes, byte[]> metas = new HashMap<>();
        Map<Bytes, List<byte[]>> recent = new HashMap<>();
        store.forEach((key, value) -> {
            byte kind = key.get()[0];
            if (frameRates.restore(key, value)) {
                return;
            } else if (kind == StateKeys.CLOCK) {
                clock = java.nio.ByteBuffer.wrap(value).getLong();
            } else if (kind == StateKeys.SERIES) {
                metas.put(key, value);
            } else if (kind == StateKeys.RECENT_RECORD) {
                recent.computeIfAbsent(Bytes.wrap(StateKeys.seriesKeyOf(key)), k -> new ArrayList<>()).add(value);
            } else if (kind == StateKeys.SLICE) {
                StateKeys.SliceKey sliceKey = StateKeys.parseSlice(key);
                SeriesState state = seriesFor(sliceKey.seriesKey());
                SliceRing ring = state == null ? null : state.ringsOf(sliceKey.metric()).get(sliceKey.lengthMs());
                if (ring != null) {
                    ring.restore(sliceKey.start().toEpochMilli(), value);
                }
            }
        });
        recent.forEach((seriesKey, slots) -> {
            SeriesState state = seriesFor(seriesKey.get());
            if (state != null) {
                for (byte[] slot : slots) {
                    java.nio.ByteBuffer in = java.nio.ByteBuffer.wrap(slot);
                    state.recentRecords.restore(in.getLong(), in.getLong());
                }
            }
        });
        metas.forEach((key, value) -> {
            SeriesState state = seriesFor(StateKeys.seriesKeyOf(key));
            if (state != null) {
                SeriesMetaCodec.decodeInto(value, state);
            }
        });
        if (clock != Long.MIN_VALUE) {
            nextSweep = Math.floorDiv(clock - graceMs, sweepEveryMs) * sweepEveryMs + sweepEveryMs + graceMs;
        }
    }
}
