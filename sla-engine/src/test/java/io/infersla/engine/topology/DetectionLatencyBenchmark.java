package io.infersla.engine.topology;

import io.infersla.core.catalog.Catalog;
import io.infersla.core.measure.Measurement;
import io.infersla.core.measure.Metric;
import io.infersla.core.request.InferenceRequest;
import io.infersla.core.request.RequestBatchCodec;
import io.infersla.core.request.SeriesKey;
import io.infersla.engine.topic.BreachRecord;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Properties;
import java.util.Random;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.streams.StreamsConfig;
import org.apache.kafka.streams.TestInputTopic;
import org.apache.kafka.streams.TestOutputTopic;
import org.apache.kafka.streams.TopologyTestDriver;

/**
 * Breach detection latency at default settings, in event time: a chatbot series at 20 requests/s
 * with a healthy TTFT (lognormal, median 150 ms, p95 about 192 ms) for 5 minutes, then every request at 3× the
 * limit (900 ms), with the step change at a random phase of the 10 s evaluation grid. Latency =
 * the time the engine can emit the critical breach (that evaluation's window end + grace) − the first
 * bad request. Processing and commit delays (about 100 ms with exactly_once_v2) come on top.
 *
 * <pre>
 * mvn -B -ntp -pl sla-engine exec:java -Dexec.classpathScope=test \
 *     -Dexec.mainClass=io.infersla.engine.topology.DetectionLatencyBenchmark -Dexec.args="200"
 * </pre>
 */
public final class DetectionLatencyBenchmark {

    public static void main(String[] args) {
        int runs = args.length > 0 ? Integer.parseInt(args[0]) : 200;
        EngineSettings defaults = EngineSettings.defaults(Catalog.builtIn());
        EngineSettings confirmAlways = new EngineSettings(defaults.catalog(), defaults.topics(), defaults.grace(),
                defaults.lateBound(), defaults.futureSkew(), defaults.persistEvery(), defaults.idleAfter(),
                new io.infersla.core.breach.BreachPolicy(2, 3, 0));
        report("default policy (severe factor 2)", defaults, runs);
        report("severe fast path off", confirmAlways, runs);
    }

    private static void report(String label, EngineSettings settings, int runs) {
        Random random = new Random(17);
        double[] latencies = new double[runs];
        for (int run = 0; run < runs; run++) {
            latencies[run] = oneRun(settings, random);
        }
        Arrays.sort(latencies);
        System.out.printf("%s: %d runs, step change to 3x the TTFT limit at 20 requests/s: min %.1f s, p50 %.1f s,"
                + " p90 %.1f s, p99 %.1f s, max %.1f s%n", label, runs, latencies[0], quantile(latencies, 0.5),
                quantile(latencies, 0.9), quantile(latencies, 0.99), latencies[runs - 1]);
    }

    private static double quantile(double[] sorted, double q) {
        return sorted[(int) Math.floor(q * (sorted.length - 1))];
    }

    private static double oneRun(EngineSettings settings, Random random) {
        Instant t0 = Instant.parse("2026-11-02T10:00:00Z");
        Instant change = t0.plusSeconds(300).plusMillis(random.nextInt(10_000));
        Properties props = new Properties();
        props.put(StreamsConfig.APPLICATION_ID_CONFIG, "detection-latency");
        props.put(StreamsConfig.BOOTSTRAP_SERVERS_CONFIG, "unused:9092");
        SeriesKey series = new SeriesKey("acme", "default", "chat", "prod", "llama", "chatbot", "gpu", "");
        try (TopologyTestDriver driver = new TopologyTestDriver(SlaTopology.build(settings), props, t0)) {
            ByteArraySerializer ser = new ByteArraySerializer();
            TestInputTopic<byte[], byte[]> in = driver.createInputTopic(settings.topics().requests(), ser, ser);
            TestOutputTopic<byte[], byte[]> breaches = driver.createOutputTopic(settings.topics().breaches(),
                    new ByteArrayDeserializer(), new ByteArrayDeserializer());
            Instant wall = t0;
            for (Instant second = t0; second.isBefore(change.plusSeconds(90)); second = second.plusSeconds(1)) {
                List<InferenceRequest> batch = new ArrayList<>(20);
                for (int i = 0; i < 20; i++) {
                    Instant at = second.plusMillis(i * 50L);
                    double ttft = at.isBefore(change) ? Math.exp(Math.log(150) + 0.15 * random.nextGaussian()) : 900;
                    batch.add(new InferenceRequest(at, List.of(Measurement.of(Metric.TTFT_MS, ttft))));
                }
                in.pipeInput(series.toBytes(), RequestBatchCodec.encode(batch), second);
                driver.advanceWallClockTime(Duration.ofSeconds(1));
                wall = wall.plusSeconds(1);
                while (!breaches.isEmpty()) {
                    BreachRecord record = BreachRecord.fromBytes(breaches.readValue());
                    if (record.objectiveId().equals("ttft_p95") && record.severity().equals("critical")) {
                        Instant emitted = record.evaluatedAt().plus(settings.grace());
                        Instant firstBad = Instant.ofEpochMilli((change.toEpochMilli() + 49) / 50 * 50);
                        return Duration.between(firstBad, emitted).toMillis() / 1000.0;
                    }
                }
            }
        }
        throw new AssertionError("no breach opened within 90 s of the step change");
    }
}
