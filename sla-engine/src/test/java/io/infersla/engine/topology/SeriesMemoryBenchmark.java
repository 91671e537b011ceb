package io.infersla.engine.topology;

import io.infersla.core.catalog.Catalog;
import io.infersla.core.catalog.Category;
import io.infersla.core.measure.Metric;
import io.infersla.core.request.SeriesKey;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.NavigableMap;
import java.util.Random;
import java.util.TreeMap;
import org.apache.kafka.common.utils.Bytes;

/**
 * Heap held by the engine's hot state per active series: N chatbot series at 1 request per
 * second (TTFT, TPOT and E2E) for 11 minutes of event time, so every ring holds what it holds in
 * steady state (31 slices of 10 s for the 5-minute windows, 11 of 1 minute for the late-data
 * bound), in the processor's own structures, plus the state store: a {@code TreeMap<Bytes, byte[]>}
 * as in Kafka Streams' in-memory store, with a key per slice.
 *
 * <p>Every 10 s of event time it does what the processor's commit and sweep do to slices
 * ({@code HotStatePersistence.flush}, {@code SliceCloser.close}, {@code HotStatePersistence.freeze}): dirty slices are
 * written to the store; closed ones are marked sent, evicted past their retention and frozen. (The
 * engine commits every 100 ms; committing every 10 s here holds the same: one stored copy per
 * open slice, and it keeps a run of 100k series to minutes.) With
 * {@code live} as the second argument closed slices are not frozen (the engine before frozen
 * slices: every slice a live sketch, and the store its own serialized copy).
 *
 * <pre>
 * MAVEN_OPTS="-Xmx16g" mvn -B -ntp -pl sla-engine exec:java -Dexec.classpathScope=test \
 *     -Dexec.mainClass=io.infersla.engine.topology.SeriesMemoryBenchmark -Dexec.args="100000 [live]"
 * </pre>
 */
public final class SeriesMemoryBenchmark {

    private static final int SECONDS = 660;
    private static final Metric[] METRICS = {Metric.TTFT_MS, Metric.TPOT_MS, Metric.E2E_MS};

    public static void main(String[] args) {
        int n = args.length > 0 ? Integer.parseInt(args[0]) : 10_000;
        boolean freeze = args.length < 2 || !args[1].equals("live");
        Category chatbot = Catalog.builtIn().category("chatbot").orElseThrow();
        EngineSettings settings = EngineSettings.defaults(Catalog.builtIn());
        long persistMs = settings.persistEvery().toMillis();
        long lateMs = settings.lateBound().toMillis();
        long graceMs = settings.grace().toMillis();
        Random random = new Random(5);
        long start = Instant.parse("2026-11-02T10:00:00Z").toEpochMilli();
        long before = usedHeap();
        NavigableMap<Bytes, byte[]> store = new TreeMap<>();
        List<SeriesState> states = new ArrayList<>(n);
        for (int s = 0; s < n; s++) {
            SeriesKey key = new SeriesKey("acme", "default", "svc-" + s, "prod", "llama-70b", "chatbot", "gpu", "xl");
            states.add(new SeriesState(key, key.toBytes(), chatbot.objectivesFor(key.conditionAttributes()),
                    persistMs, lateMs, graceMs));
        }
        for (int second = 0; second < SECONDS; second++) {
            for (int s = 0; s < n; s++) {
                SeriesState state = states.get(s);
                long t = start + second * 1000L + s % 1000;
                state.record(Metric.TTFT_MS, t, Math.exp(Math.log(150) + 0.3 * random.nextGaussian()), 1);
                state.record(Metric.TPOT_MS, t, Math.exp(Math.log(18) + 0.2 * random.nextGaussian()), 1);
                state.record(Metric.E2E_MS, t, Math.exp(Math.log(1800) + 0.3 * random.nextGaussian()), 1);
            }
            if (second % 10 == 9) {
                long clock = start + second * 1000L + 999;
                for (SeriesState state : states) {
                    commit(state, store);
                    sweep(state, store, clock, graceMs, freeze);
                }
            }
        }
        for (SeriesState state : states) {
            commit(state, store);
        }
        long after = usedHeap();

        long slices = 0;
        long frozen = 0;
        long shared = 0;
        long frozenBytes = 0;
        for (SeriesState state : states) {
            for (Map<Long, SliceRing> byLength : state.rings.values()) {
                for (SliceRing ring : byLength.values()) {
                    for (SliceRing.Entry entry : ring.all()) {
                        slices++;
                        if (entry.isFrozen()) {
                            frozen++;
                            byte[] held = entry.toStored();
                            frozenBytes += held.length;
                            if (store.get(key(state, entry)) == held) {
                                shared++;
                            }
                        }
                    }
                }
            }
        }
        if (store.size() != slices || shared != frozen) {
            throw new AssertionError("the store must hold every slice, and a frozen slice's array must be the store's: "
                    + store.size() + " store entries, " + slices + " slices, " + shared + " of " + frozen + " frozen shared");
        }
        double heap = after - before;
        System.out.printf("%s: %,d series, %,d slices (%,d frozen, mean %,.0f B stored form), %,d store entries%n",
                freeze ? "frozen" : "live", n, slices, frozen, frozen == 0 ? 0.0 : frozenBytes / (double) frozen, store.size());
        System.out.printf("heap %,.1f MiB: %,.0f B per series, %,.0f B per series and metric, %,.0f B per slice held%n",
                heap / 1048576.0, heap / n, heap / n / METRICS.length, heap / slices);
    }

    /** What {@code HotStatePersistence.flush} does to slices before a commit. */
    private static void commit(SeriesState state, NavigableMap<Bytes, byte[]> store) {
        for (SliceRing.Entry entry : state.dirtySlices) {
            if (entry.dirty) {
                store.put(key(state, entry), entry.toStored());
                entry.dirty = false;
            }
        }
        state.dirtySlices.clear();
    }

    /** What {@code SliceCloser.close} and {@code HotStatePersistence.freeze} do to slices (evaluation only reads them). */
    private static void sweep(SeriesState state, NavigableMap<Bytes, byte[]> store, long clock, long graceMs, boolean freeze) {
        for (Map.Entry<Metric, Map<Long, SliceRing>> byMetric : state.rings.entrySet()) {
            for (SliceRing ring : byMetric.getValue().values()) {
                if (ring.persisted) {
                    for (SliceRing.Entry entry : ring.all()) {
                        if (clock < entry.startMs + ring.lengthMs + graceMs) {
                            break;
                        }
                        if (!entry.emitted) {
                            entry.emitted = true;
                            state.markDirty(entry);
                        }
                    }
                }
                ring.evict(clock, startMs -> store.remove(StateKeys.slice(state.keyBytes, ring.metric, ring.lengthMs, startMs)));
                if (freeze) {
                    ring.freezeClosed(clock, graceMs, entry -> {
                        Bytes key = key(state, entry);
                        byte[] stored = entry.dirty ? null : store.get(key);
                        if (stored == null) {
                            stored = entry.toStored();
                            store.put(key, stored);
                        }
                        entry.freeze(stored);
                    });
                }
            }
        }
    }

    private static Bytes key(SeriesState state, SliceRing.Entry entry) {
        return StateKeys.slice(state.keyBytes, entry.ring.metric, entry.ring.lengthMs, entry.startMs);
    }

    private static long usedHeap() {
        for (int i = 0; i < 3; i++) {
            System.gc();
        }
        Runtime rt = Runtime.getRuntime();
        return rt.totalMemory() - rt.freeMemory();
    }
}
