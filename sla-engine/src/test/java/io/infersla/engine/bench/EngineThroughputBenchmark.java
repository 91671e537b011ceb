package io.infersla.engine.bench;

import io.infersla.core.catalog.Catalog;
import io.infersla.core.measure.Measurement;
import io.infersla.core.measure.Metric;
import io.infersla.core.request.InferenceRequest;
import io.infersla.core.request.RequestBatchCodec;
import io.infersla.core.request.SeriesKey;
import io.infersla.engine.topology.EngineSettings;
import io.infersla.engine.topology.SlaTopology;
import io.infersla.engine.topology.StreamsProperties;
import io.infersla.engine.topology.Topics;
import io.infersla.testsupport.KafkaBroker;
import java.nio.file.Files;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.Random;
import java.util.UUID;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.ListOffsetsResult;
import org.apache.kafka.clients.admin.OffsetSpec;
import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.streams.KafkaStreams;
import org.apache.kafka.streams.StreamsConfig;

/**
 * Measurements per second through the engine's topology against a real (in-process) Kafka
 * broker, exactly_once_v2 and at_least_once side by side on the same pre-produced input.
 *
 * <pre>
 * mvn -B -ntp -pl sla-engine -am install -DskipTests
 * mvn -B -ntp -pl sla-engine exec:java -Dexec.classpathScope=test \
 *     -Dexec.mainClass=io.infersla.engine.bench.EngineThroughputBenchmark [-Dexec.args="SERIES RECORDS PAIRS"]
 * </pre>
 *
 * The input: SERIES chatbot series (default 1,000), RECORDS records (default 40,000) of 50
 * requests × 3 measurements (TTFT, TPOT, E2E) each, spread over the last 5 minutes of event time.
 * The engine runs one stream thread; the broker shares the machine, as it does on a developer box.
 *
 * <p>One warm-up pair (at_least_once, exactly_once_v2; JIT and broker warm-up), then PAIRS
 * (default 4) measured pairs, run back to back with the order alternating (exactly_once_v2 first,
 * then at_least_once first, ...), so a drift in the machine's load hits both guarantees alike.
 * Each pair's ratio and the median ratio are printed: on a shared machine the spread between
 * pairs is the honest error bar.
 */
public final class EngineThroughputBenchmark {

    private static final int REQUESTS_PER_RECORD = 50;
    private static final int MEASUREMENTS_PER_REQUEST = 3;

    public static void main(String[] args) throws Exception {
        int seriesCount = args.length > 0 ? Integer.parseInt(args[0]) : 1000;
        int records = args.length > 1 ? Integer.parseInt(args[1]) : 40_000;
        int pairs = args.length > 2 ? Integer.parseInt(args[2]) : 4;
        KafkaBroker kafka = KafkaBroker.start();
        try {
            String input = "bench.requests-" + UUID.randomUUID().toString().substring(0, 8);
            kafka.createTopic(input, 3);
            long measurements = produce(kafka, input, seriesCount, records);
            System.out.printf("input: %d series, %d records, %,d measurements%n", seriesCount, records, measurements);
            for (String guarantee : List.of(StreamsConfig.AT_LEAST_ONCE, StreamsConfig.EXACTLY_ONCE_V2)) {
                report("warm-up", guarantee, run(kafka, input, guarantee), measurements, records);
            }
            double[] ratios = new double[pairs];
            double[] eosRates = new double[pairs];
            double[] alosRates = new double[pairs];
            for (int p = 0; p < pairs; p++) {
                List<String> order = p % 2 == 0 ? List.of(StreamsConfig.EXACTLY_ONCE_V2, StreamsConfig.AT_LEAST_ONCE)
                        : List.of(StreamsConfig.AT_LEAST_ONCE, StreamsConfig.EXACTLY_ONCE_V2);
                for (String guarantee : order) {
                    double rate = measurements / run(kafka, input, guarantee);
                    report("pair " + (p + 1), guarantee, measurements / rate, measurements, records);
                    if (guarantee.equals(StreamsConfig.EXACTLY_ONCE_V2)) {
                        eosRates[p] = rate;
                    } else {
                        alosRates[p] = rate;
                    }
                }
                ratios[p] = eosRates[p] / alosRates[p];
                System.out.printf("pair %d: exactly_once_v2 / at_least_once = %.3f (%+.1f%%)%n", p + 1, ratios[p],
                        (ratios[p] - 1) * 100);
            }
            System.out.printf("median: exactly_once_v2 %,.0f, at_least_once %,.0f measurements/s; median ratio %.3f (%+.1f%%),"
                    + " pairs from %.3f to %.3f%n", median(eosRates), median(alosRates), median(ratios),
                    (median(ratios) - 1) * 100, Arrays.stream(ratios).min().orElse(0), Arrays.stream(ratios).max().orElse(0));
        } finally {
            kafka.close();
        }
    }

    private static void report(String run, String guarantee, double seconds, long measurements, int records) {
        System.out.printf("%-8s %-16s %6.2f s  %,10.0f measurements/s  %,9.0f records/s%n", run, guarantee, seconds,
                measurements / seconds, records / seconds);
    }

    private static double median(double[] values) {
        double[] sorted = values.clone();
        Arrays.sort(sorted);
        int n = sorted.length;
        return n % 2 == 1 ? sorted[n / 2] : (sorted[n / 2 - 1] + sorted[n / 2]) / 2;
    }

    private static long produce(KafkaBroker kafka, String topic, int seriesCount, int records) {
        Properties props = new Properties();
        props.put(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, kafka.bootstrapServers());
        props.put(ProducerConfig.ACKS_CONFIG, "all");
        props.put(ProducerConfig.LINGER_MS_CONFIG, 20);
        props.put(ProducerConfig.BATCH_SIZE_CONFIG, 256 * 1024);
        Random random = new Random(3);
        List<byte[]> keys = new ArrayList<>();
        for (int s = 0; s < seriesCount; s++) {
            keys.add(new SeriesKey("bench", "default", "svc-" + s, "prod", "llama-70b", "chatbot", "gpu", "xl").toBytes());
        }
        Instant start = Instant.now().minus(Duration.ofMinutes(5));
        long spanMs = Duration.ofMinutes(4).toMillis();
        try (KafkaProducer<byte[], byte[]> producer = new KafkaProducer<>(props, new ByteArraySerializer(), new ByteArraySerializer())) {
            for (int r = 0; r < records; r++) {
                Instant at = start.plusMillis(spanMs * r / records);
                List<InferenceRequest> batch = new ArrayList<>(REQUESTS_PER_RECORD);
                for (int i = 0; i < REQUESTS_PER_RECORD; i++) {
                    batch.add(new InferenceRequest(at.plusMillis(i), List.of(
                            Measurement.of(Metric.TTFT_MS, Math.exp(Math.log(150) + 0.3 * random.nextGaussian())),
                            Measurement.of(Metric.TPOT_MS, Math.exp(Math.log(18) + 0.2 * random.nextGaussian())),
                            Measurement.of(Metric.E2E_MS, Math.exp(Math.log(1800) + 0.3 * random.nextGaussian())))));
                }
                producer.send(new ProducerRecord<>(topic, keys.get(r % seriesCount), RequestBatchCodec.encode(batch)));
            }
            producer.flush();
        }
        return (long) records * REQUESTS_PER_RECORD * MEASUREMENTS_PER_REQUEST;
    }

    /** Seconds from start until the engine has processed every input record. */
    private static double run(KafkaBroker kafka, String input, String guarantee) throws Exception {
        String suffix = UUID.randomUUID().toString().substring(0, 8);
        Topics topics = new Topics(input, "bench.dlq-" + suffix, "bench.window-stats-" + suffix,
                "bench.evaluations-" + suffix, "bench.breaches-" + suffix, "bench.contract-terms-" + suffix);
        for (String t : List.of(topics.rejected(), topics.windowStats(), topics.evaluations(), topics.breaches(), topics.contractTerms())) {
            kafka.createTopic(t, 3);
        }
        String applicationId = "bench-" + suffix;
        EngineSettings settings = new EngineSettings(Catalog.builtIn(), topics, EngineSettings.DEFAULT_GRACE,
                EngineSettings.DEFAULT_LATE_BOUND, EngineSettings.DEFAULT_FUTURE_SKEW, EngineSettings.DEFAULT_PERSIST_EVERY,
                EngineSettings.DEFAULT_IDLE_AFTER, io.infersla.core.breach.BreachPolicy.DEFAULT);
        Properties props = StreamsProperties.of(kafka.bootstrapServers(), applicationId,
                Files.createTempDirectory("engine-bench"), guarantee, 0);
        // The same commit interval for both guarantees (exactly_once_v2's default): at_least_once's 30 s default
        // would only delay the committed offsets this benchmark watches, not the processing it measures.
        props.put(StreamsConfig.COMMIT_INTERVAL_MS_CONFIG, 100);
        try (Admin admin = Admin.create(Map.of(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, kafka.bootstrapServers()))) {
            Map<TopicPartition, OffsetSpec> latest = new HashMap<>();
            for (int p = 0; p < 3; p++) {
                latest.put(new TopicPartition(input, p), OffsetSpec.latest());
            }
            Map<TopicPartition, ListOffsetsResult.ListOffsetsResultInfo> ends = admin.listOffsets(latest).all().get();
            long startNanos = System.nanoTime();
            try (KafkaStreams streams = new KafkaStreams(SlaTopology.build(settings), props)) {
                streams.start();
                long total = ends.values().stream().mapToLong(ListOffsetsResult.ListOffsetsResultInfo::offset).sum();
                while (processed(streams) < total) {
                    Thread.sleep(20);
                }
                double seconds = (System.nanoTime() - startNanos) / 1e9;
                streams.close(Duration.ofSeconds(30));
                return seconds;
            }
        }
    }

    /** Records processed by the stream threads (the thread-level process-total metric), independent of commits. */
    public static double processed(KafkaStreams streams) {
        double sum = 0;
        for (var metric : streams.metrics().entrySet()) {
            if (metric.getKey().name().equals("process-total") && metric.getKey().group().equals("stream-thread-metrics")) {
                sum += ((Number) metric.getValue().metricValue()).doubleValue();
            }
        }
        return sum;
    }
}
