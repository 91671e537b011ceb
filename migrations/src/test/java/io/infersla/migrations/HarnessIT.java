package io.infersla.migrations;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.tuple;
import static org.assertj.core.api.Assertions.within;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Duration;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.TimeUnit;

import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.clients.producer.RecordMetadata;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.assertj.core.groups.Tuple;
import org.junit.jupiter.api.AutoClose;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import io.infersla.testsupport.KafkaBroker;
import io.infersla.testsupport.PostgresDatabase;

/**
 * The shared harness against the real things: records survive a round trip through the
 * in-process broker (plain and transactional, as Kafka Streams exactly_once_v2 uses it), and
 * the Flyway migrations give a real PostgreSQL a {@code sla.window_stats} that upserts.
 */
class HarnessIT {

    private static final Duration CONSUME_TIMEOUT = Duration.ofSeconds(30);
    private static final Instant SLICE_START = Instant.parse("2026-03-01T12:00:00Z");

    static final KafkaBroker kafka = KafkaBroker.shared();

    @AutoClose
    static final PostgresDatabase db = PostgresDatabase.create();

    @BeforeAll
    static void migrate() {
        assertThat(Migrations.apply(db.dataSource())).as("migrations executed on a fresh database").isPositive();
    }

    @Test
    void brokerReturnsExactlyTheRecordsProducedWithAcksAllAndIdempotence() throws Exception {
        String topic = uniqueName("harness-roundtrip");
        kafka.createTopic(topic, 3);
        List<ProducerRecord<String, String>> sent = List.of(
                new ProducerRecord<>(topic, "chatbot", "ttft_ms=180"),
                new ProducerRecord<>(topic, "embeddings", "e2e_ms=12"),
                new ProducerRecord<>(topic, "chatbot", "ttft_ms=240"),
                new ProducerRecord<>(topic, "agentic", "step_ms=900"),
                new ProducerRecord<>(topic, "chatbot", "ttft_ms=3100"));

        List<RecordMetadata> acknowledged = new ArrayList<>();
        try (KafkaProducer<String, String> producer = new KafkaProducer<>(Map.of(
                ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, kafka.bootstrapServers(),
                ProducerConfig.ACKS_CONFIG, "all",
                ProducerConfig.ENABLE_IDEMPOTENCE_CONFIG, true),
                new StringSerializer(), new StringSerializer())) {
            for (ProducerRecord<String, String> record : sent) {
                acknowledged.add(producer.send(record).get(30, TimeUnit.SECONDS));
            }
        }

        List<ConsumerRecord<String, String>> received = consumeAll(topic, sent.size(), "read_uncommitted");

        assertThat(acknowledged).allSatisfy(metadata -> assertThat(metadata.hasOffset()).isTrue());
        assertThat(received)
                .extracting(ConsumerRecord::key, ConsumerRecord::value)
                .containsExactlyInAnyOrder(sent.stream().map(r -> tuple(r.key(), r.value())).toArray(Tuple[]::new));
        assertThat(received.stream().filter(r -> r.key().equals("chatbot")).map(ConsumerRecord::value))
                .as("one key, one partition: order kept")
                .containsExactly("ttft_ms=180", "ttft_ms=240", "ttft_ms=3100");
    }

    @Test
    void readCommittedConsumerSeesCommittedTransactionsAndNotAbortedOnes() throws Exception {
        String topic = uniqueName("harness-transactions");
        kafka.createTopic(topic, 1);
        try (KafkaProducer<String, String> producer = new KafkaProducer<>(Map.of(
                ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, kafka.bootstrapServers(),
                ProducerConfig.TRANSACTIONAL_ID_CONFIG, uniqueName("harness-tx"),
                ProducerConfig.MAX_BLOCK_MS_CONFIG, 30_000),
                new StringSerializer(), new StringSerializer())) {
            producer.initTransactions();

            producer.beginTransaction();
            producer.send(new ProducerRecord<>(topic, "series-1", "aborted"));
            producer.flush();
            producer.abortTransaction();

            producer.beginTransaction();
            producer.send(new ProducerRecord<>(topic, "series-1", "committed-1"));
            producer.send(new ProducerRecord<>(topic, "series-1", "committed-2"));
            producer.commitTransaction();
        }

        List<ConsumerRecord<String, String>> received = consumeAll(topic, 2, "read_committed");

        assertThat(received).extracting(ConsumerRecord::value).containsExactly("committed-1", "committed-2");
    }

    @Test
    void windowStatsUpsertKeepsOneRowPerSeriesMetricAndSlice() throws SQLException {
        try (Connection connection = db.connection()) {
            assertThat(upsertSlice(connection, 10, 1_500.0, 120.0, 180.0, 240.0)).isEqualTo(1);
            // A late record re-emits the same slice with more data: the row is replaced, not added.
            assertThat(upsertSlice(connection, 12, 1_900.0, 125.0, 190.0, 260.0)).isEqualTo(1);

            try (PreparedStatement select = connection.prepareStatement("""
                    SELECT count(*) OVER () AS rows, count, sum, mean, p95, sketch, slice_start
                    FROM sla.window_stats
                    WHERE series_key = ? AND metric = ?
                    """)) {
                select.setString(1, "acme|default|chat-api|prod|llama-3-70b|chatbot|gpu");
                select.setString(2, "ttft_ms");
                try (ResultSet rows = select.executeQuery()) {
                    assertThat(rows.next()).isTrue();
                    assertThat(rows.getLong("rows")).isEqualTo(1);
                    assertThat(rows.getLong("count")).isEqualTo(12);
                    assertThat(rows.getDouble("sum")).isEqualTo(1_900.0);
                    assertThat(rows.getDouble("mean")).isCloseTo(1_900.0 / 12, within(1e-9));
                    assertThat(rows.getDouble("p95")).isEqualTo(190.0);
                    assertThat(rows.getBytes("sketch")).containsExactly(12, 1, 2);
                    assertThat(rows.getObject("slice_start", OffsetDateTime.class).toInstant()).isEqualTo(SLICE_START);
                }
            }
        }
    }

    private static int upsertSlice(Connection connection, long count, double sum, double p50, double p95, double p99)
            throws SQLException {
        try (PreparedStatement upsert = connection.prepareStatement("""
                INSERT INTO sla.window_stats (series_key, tenant, contract, service, environment, model, category,
                    hardware, metric, slice_start, slice_seconds, count, sum, weight_sum, weighted_sum,
                    mean, min, max, p50, p95, p99, sketch)
                VALUES (?, 'acme', 'default', 'chat-api', 'prod', 'llama-3-70b', 'chatbot', 'gpu',
                    ?, ?, 60, ?, ?, 0, 0, ?, 90, 400, ?, ?, ?, ?)
                ON CONFLICT (series_key, metric, slice_start, slice_seconds) DO UPDATE SET
                    count = EXCLUDED.count, sum = EXCLUDED.sum, mean = EXCLUDED.mean,
                    min = EXCLUDED.min, max = EXCLUDED.max,
                    p50 = EXCLUDED.p50, p95 = EXCLUDED.p95, p99 = EXCLUDED.p99,
                    sketch = EXCLUDED.sketch, written_at = now()
                """)) {
            upsert.setString(1, "acme|default|chat-api|prod|llama-3-70b|chatbot|gpu");
            upsert.setString(2, "ttft_ms");
            upsert.setObject(3, SLICE_START.atOffset(ZoneOffset.UTC));
            upsert.setLong(4, count);
            upsert.setDouble(5, sum);
            upsert.setDouble(6, sum / count);
            upsert.setDouble(7, p50);
            upsert.setDouble(8, p95);
            upsert.setDouble(9, p99);
            upsert.setBytes(10, new byte[] {(byte) count, 1, 2});
            return upsert.executeUpdate();
        }
    }

    /**
     * Polls until {@code expected} records arrived (or the bounded timeout passed), then once more
     * briefly so that duplicates would show up in the result.
     */
    private static List<ConsumerRecord<String, String>> consumeAll(String topic, int expected, String isolation) {
        List<ConsumerRecord<String, String>> received = new ArrayList<>();
        try (KafkaConsumer<String, String> consumer = new KafkaConsumer<>(Map.of(
                ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, kafka.bootstrapServers(),
                ConsumerConfig.GROUP_ID_CONFIG, uniqueName("harness-group"),
                ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "earliest",
                ConsumerConfig.ISOLATION_LEVEL_CONFIG, isolation),
                new StringDeserializer(), new StringDeserializer())) {
            consumer.subscribe(List.of(topic));
            long deadline = System.nanoTime() + CONSUME_TIMEOUT.toNanos();
            while (received.size() < expected && System.nanoTime() < deadline) {
                consumer.poll(Duration.ofMillis(250)).forEach(received::add);
            }
            consumer.poll(Duration.ofMillis(250)).forEach(received::add);
        }
        return received;
    }

    private static String uniqueName(String prefix) {
        return prefix + "-" + UUID.randomUUID();
    }
}
