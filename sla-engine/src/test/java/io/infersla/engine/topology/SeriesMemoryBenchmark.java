package io.infersla.engine.topology;

import io.infersla.core.catalog.Catalog;
import io.infersla.core.catalog.Category;
import io.infersla.core.measure.Metric;
import io.infersla.core.request.SeriesKey;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;

/**
 * Heap held by the engine's hot state per active series: N chatbot series, each with a full
 * 5-minute window of traffic (1 request per second, TTFT, TPOT and E2E), in the same data
 * structures the processor uses (10 s evaluation rings and 1-minute storage rings).
 *
 * <pre>
 * mvn -B -ntp -pl sla-engine exec:java -Dexec.classpathScope=test \
 *     -Dexec.mainClass=io.infersla.engine.topology.SeriesMemoryBenchmark -Dexec.args="10000"
 * </pre>
 * Run with MAVEN_OPTS="-Xmx20g" for large N.
 */
public final class SeriesMemoryBenchmark {

    public static void main(String[] args) {
        int n = args.length > 0 ? Integer.parseInt(args[0]) : 10_000;
        Category chatbot = Catalog.builtIn().category("chatbot").orElseThrow();
        EngineSettings settings = EngineSettings.defaults(Catalog.builtIn());
        long persistMs = settings.persistEvery().toMillis();
        long lateMs = settings.lateBound().toMillis();
        long graceMs = settings.grace().toMillis();
        Random random = new Random(5);
        Instant start = Instant.parse("2026-11-02T10:00:00Z");
        long before = usedHeap();
        List<SeriesState> states = new ArrayList<>(n);
        long slices = 0;
        for (int s = 0; s < n; s++) {
            SeriesKey key = new SeriesKey("acme", "default", "svc-" + s, "prod", "llama-70b", "chatbot", "gpu", "xl");
            SeriesState state = new SeriesState(key, key.toBytes(), chatbot.objectivesFor(key.conditionAttributes()),
                    persistMs, lateMs, graceMs);
            for (int second = 0; second < 300; second++) {
                long t = start.toEpochMilli() + second * 1000L + s % 1000;
                state.record(Metric.TTFT_MS, t, Math.exp(Math.log(150) + 0.3 * random.nextGaussian()), 1);
                state.record(Metric.TPOT_MS, t, Math.exp(Math.log(18) + 0.2 * random.nextGaussian()), 1);
                state.record(Metric.E2E_MS, t, Math.exp(Math.log(1800) + 0.3 * random.nextGaussian()), 1);
            }
            state.dirtySlices.clear();
            for (var byLength : state.rings.values()) {
                for (SliceRing ring : byLength.values()) {
                    slices += ring.all().size();
                }
            }
            states.add(state);
        }
        long after = usedHeap();
        double perSeries = (after - before) / (double) n;
        System.out.printf("%,d series, %,d live slices: %,.1f MiB heap, %,.0f B per series, %,.0f B per series and metric,"
                + " %,.0f B per live slice%n", n, slices, (after - before) / 1048576.0, perSeries, perSeries / 3,
                (after - before) / (double) slices);
        if (states.size() != n) {
            throw new AssertionError("keep the states reachable until measured");
        }
    }

    private static long usedHeap() {
        for (int i = 0; i < 3; i++) {
            System.gc();
        }
        Runtime rt = Runtime.getRuntime();
        return rt.totalMemory() - rt.freeMemory();
    }
}
