package io.infersla.engine.topology;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.infersla.core.breach.BreachPolicy;
import io.infersla.core.catalog.Catalog;
import io.infersla.core.measure.Measurement;
import io.infersla.core.measure.Metric;
import io.infersla.core.request.InferenceRequest;
import io.infersla.core.request.RequestBatchCodec;
import io.infersla.core.request.SeriesKey;
import io.infersla.engine.bench.EngineThroughputBenchmark;
import io.infersla.testsupport.KafkaBroker;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.Random;
import java.util.UUID;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.streams.KafkaStreams;
import org.apache.kafka.streams.StreamsConfig;
import org.apache.kafka.streams.TestInputTopic;
import org.apache.kafka.streams.TestOutputTopic;
import org.apache.kafka.streams.TopologyTestDriver;
import org.junit.jupiter.api.Test;

/**
 * An engine restarted with an empty state directory restores its closed slices from the
 * changelog as they were frozen (the stored arrays themselves) and goes on exactly as an engine
 * that never stopped: every evaluation, breach and slice record after the restart is byte for
 * byte what an uninterrupted run (the test driver, same input, same order) produces, including
 * windows over slices frozen before the restart and a late record into one of them.
 */
class FrozenSliceRestoreIT {

    static final KafkaBroker kafka = KafkaBroker.shared();

    private static final Catalog CATALOG = Catalog.builtIn();
    private static final List<SeriesKey> SERIES = List.of(
            new SeriesKey("acme", "default", "chat-a", "prod", "llama-70b", "chatbot", "gpu", "xl"),
            new SeriesKey("acme", "default", "chat-b", "prod", "llama-8b", "chatbot", "gpu", "s"));

    @Test
    void anEngineRestoredFromFrozenSlicesContinuesExactlyAsOneThatNeverStopped() throws Exception {
        String suffix = UUID.randomUUID().toString().substring(0, 8);
        Topics topics = new Topics("restore.requests-" + suffix, "restore.dlq-" + suffix, "restore.window-stats-" + suffix,
                "restore.evaluations-" + suffix, "restore.breaches-" + suffix, "restore.contract-terms-" + suffix);
        // one partition everywhere: one task, one clock, and outputs in processing order, as in the test driver
        for (String topic : List.of(topics.requests(), topics.rejected(), topics.windowStats(), topics.evaluations(), topics.breaches(),
                topics.contractTerms())) {
            kafka.createTopic(topic, 1);
        }
        // the wall clock must not move the task clock: both runs are driven by event time alone
        EngineSettings settings = new EngineSettings(CATALOG, topics, EngineSettings.DEFAULT_GRACE, EngineSettings.DEFAULT_LATE_BOUND,
                EngineSettings.DEFAULT_FUTURE_SKEW, EngineSettings.DEFAULT_PERSIST_EVERY, Duration.ofHours(1), BreachPolicy.DEFAULT);
        Instant t0 = Instant.ofEpochMilli(Math.floorDiv(System.currentTimeMillis(), 60_000L) * 60_000L).minus(Duration.ofMinutes(10));
        Random random = new Random(21);
        List<ProducerRecord<byte[], byte[]>> beforeRestart = traffic(topics, t0, 300, 1.0, random);
        List<ProducerRecord<byte[], byte[]>> afterRestart = new ArrayList<>();
        // 200 s late, into slices frozen long before the restart (10 s slice [100 s, 110 s), minute [60 s, 120 s))
        afterRestart.add(batch(topics, SERIES.get(0), t0.plusSeconds(105), 200, 3.0, random));
        afterRestart.addAll(traffic(topics, t0.plusSeconds(300), 200, 1.0, random));
        afterRestart.addAll(traffic(topics, t0.plusSeconds(500), 60, 4.0, random)); // a breach, judged over restored windows

        Map<String, List<String>> expected = uninterrupted(settings, beforeRestart, afterRestart);

        Path stateRoot = Files.createTempDirectory("frozen-restore-it");
        String applicationId = "frozen-restore-it-" + suffix;
        produce(beforeRestart);
        runUntilProcessed(settings, applicationId, stateRoot.resolve("first"), beforeRestart.size());
        produce(afterRestart);
        runUntilProcessed(settings, applicationId, stateRoot.resolve("second"), afterRestart.size());

        for (String topic : List.of(topics.evaluations(), topics.breaches(), topics.windowStats())) {
            List<String> actual = readCommitted(topic, expected.get(topic).size());
            assertThat(actual).as("records on %s", topic).containsExactlyElementsOf(expected.get(topic));
        }
        assertThat(expected.get(topics.breaches())).as("the traffic makes a breach").isNotEmpty();
    }

    private static List<ProducerRecord<byte[], byte[]>> traffic(Topics topics, Instant from, int seconds, double scale, Random random) {
        List<ProducerRecord<byte[], byte[]>> out = new ArrayList<>();
        for (int s = 0; s < seconds; s++) {
            for (SeriesKey series : SERIES) {
                out.add(batch(topics, series, from.plusSeconds(s), 5, scale, random));
            }
        }
        return out;
    }

    private static ProducerRecord<byte[], byte[]> batch(Topics topics, SeriesKey series, Instant at, int requests, double scale,
            Random random) {
        List<InferenceRequest> batch = new ArrayList<>();
        for (int i = 0; i < requests; i++) {
            batch.add(new InferenceRequest(at.plusMillis(i), List.of(
                    Measurement.of(Metric.TTFT_MS, scale * Math.exp(Math.log(150) + 0.3 * random.nextGaussian())),
                    Measurement.of(Metric.TPOT_MS, Math.exp(Math.log(18) + 0.2 * random.nextGaussian())),
                    Measurement.of(Metric.E2E_MS, Math.exp(Math.log(1800) + 0.3 * random.nextGaussian())))));
        }
        return new ProducerRecord<>(topics.requests(), 0, at.toEpochMilli(), series.toBytes(), RequestBatchCodec.encode(batch));
    }

    /** What an engine that never stopped sends, per output topic, as "key value timestamp" lines. */
    private static Map<String, List<String>> uninterrupted(EngineSettings settings, List<ProducerRecord<byte[], byte[]>> first,
            List<ProducerRecord<byte[], byte[]>> second) {
        Properties props = new Properties();
        props.put(StreamsConfig.APPLICATION_ID_CONFIG, "frozen-restore-reference");
        props.put(StreamsConfig.BOOTSTRAP_SERVERS_CONFIG, "unused:9092");
        Map<String, List<String>> out = new HashMap<>();
        try (TopologyTestDriver driver = new TopologyTestDriver(SlaTopology.build(settings), props, Instant.now())) {
            ByteArraySerializer ser = new ByteArraySerializer();
            TestInputTopic<byte[], byte[]> in = driver.createInputTopic(settings.topics().requests(), ser, ser);
            List<ProducerRecord<byte[], byte[]>> all = new ArrayList<>(first);
            all.addAll(second);
            for (ProducerRecord<byte[], byte[]> r : all) {
                in.pipeInput(r.key(), r.value(), r.timestamp());
            }
            ByteArrayDeserializer de = new ByteArrayDeserializer();
            for (String topic : List.of(settings.topics().evaluations(), settings.topics().breaches(), settings.topics().windowStats())) {
                TestOutputTopic<byte[], byte[]> output = driver.createOutputTopic(topic, de, de);
                out.put(topic, output.readRecordsToList().stream()
                        .map(r -> line(r.key(), r.value(), r.timestamp())).toList());
            }
        }
        return out;
    }

    private static String line(byte[] key, byte[] value, long timestamp) {
        return new String(key, java.nio.charset.StandardCharsets.UTF_8) + " " + java.util.HexFormat.of().formatHex(value) + " " + timestamp;
    }

    private static void produce(List<ProducerRecord<byte[], byte[]>> records) {
        Properties props = new Properties();
        props.put(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, kafka.bootstrapServers());
        props.put(ProducerConfig.ACKS_CONFIG, "all");
        try (KafkaProducer<byte[], byte[]> producer = new KafkaProducer<>(props, new ByteArraySerializer(), new ByteArraySerializer())) {
            records.forEach(producer::send);
            producer.flush();
        }
    }

    /** Runs an engine (exactly-once) with its own, empty state directory until it has processed {@code records} more records, then closes it cleanly. */
    private static void runUntilProcessed(EngineSettings settings, String applicationId, Path stateDir, int records) throws Exception {
        Properties props = StreamsProperties.of(kafka.bootstrapServers(), applicationId, stateDir, StreamsConfig.EXACTLY_ONCE_V2, 0);
        props.put(StreamsConfig.COMMIT_INTERVAL_MS_CONFIG, 100);
        try (KafkaStreams streams = new KafkaStreams(SlaTopology.build(settings), props)) {
            streams.start();
            await().atMost(Duration.ofSeconds(90)).pollInterval(Duration.ofMillis(50)).untilAsserted(() ->
                    assertThat(EngineThroughputBenchmark.processed(streams)).as("records processed by the engine")
                            .isGreaterThanOrEqualTo(records));
            streams.close(Duration.ofSeconds(30));
        }
    }

    private static List<String> readCommitted(String topic, int expected) {
        Properties props = new Properties();
        props.put(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, kafka.bootstrapServers());
        props.put(ConsumerConfig.ISOLATION_LEVEL_CONFIG, "read_committed");
        List<String> out = new ArrayList<>();
        try (KafkaConsumer<byte[], byte[]> consumer = new KafkaConsumer<>(props, new ByteArrayDeserializer(), new ByteArrayDeserializer())) {
            TopicPartition partition = new TopicPartition(topic, 0);
            consumer.assign(List.of(partition));
            consumer.seekToBeginning(List.of(partition));
            long deadline = System.nanoTime() + Duration.ofSeconds(30).toNanos();
            // then one more poll, so records beyond the expected ones (double counting) would show
            boolean extraPoll = false;
            while (System.nanoTime() < deadline && !extraPoll) {
                extraPoll = out.size() >= expected;
                for (ConsumerRecord<byte[], byte[]> r : consumer.poll(Duration.ofMillis(500))) {
                    out.add(line(r.key(), r.value(), r.timestamp()));
                }
            }
        }
        return out;
    }
}
