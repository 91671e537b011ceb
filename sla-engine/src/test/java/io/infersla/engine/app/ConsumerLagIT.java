package io.infersla.engine.app;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.infersla.testsupport.KafkaBroker;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.junit.jupiter.api.Test;

/** The lag gauge against a real broker: records produced, offsets committed, the gauge follows. */
class ConsumerLagIT {

    static final KafkaBroker kafka = KafkaBroker.shared();

    @Test
    void theGaugeIsTheRecordsBetweenTheCommittedOffsetsAndTheEndPerGroupAndTopic() throws Exception {
        String suffix = UUID.randomUUID().toString().substring(0, 8);
        String a = "lag-a-" + suffix;
        String b = "lag-b-" + suffix;
        kafka.createTopic(a, 2);
        kafka.createTopic(b, 1);
        try (KafkaProducer<byte[], byte[]> producer = new KafkaProducer<>(Map.of(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG,
                kafka.bootstrapServers()), new ByteArraySerializer(), new ByteArraySerializer())) {
            long base = System.currentTimeMillis() - 600_000;
            for (int i = 0; i < 10; i++) {
                // event time: record i completed 600 - i seconds ago
                producer.send(new ProducerRecord<>(a, i % 2, base + i * 1000L, null, new byte[] {1}));
            }
            for (int i = 0; i < 7; i++) {
                producer.send(new ProducerRecord<>(b, 0, null, new byte[] {1}));
            }
            producer.flush();
        }
        String group = "lag-group-" + suffix;
        try (Admin admin = Admin.create(Map.of(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, kafka.bootstrapServers()))) {
            // partition 0 of a read up to 3 of its 5, partition 1 never committed, b read up to 7 of 7
            admin.alterConsumerGroupOffsets(group, Map.of(new TopicPartition(a, 0), new OffsetAndMetadata(3),
                    new TopicPartition(b, 0), new OffsetAndMetadata(7))).all().get();
        }
        SimpleMeterRegistry registry = new SimpleMeterRegistry();
        try (ConsumerLag lag = ConsumerLag.start(kafka.bootstrapServers(), List.of(new ConsumerLag.Group(group, List.of(a, b))),
                Duration.ofMillis(200), registry)) {
            await().atMost(Duration.ofSeconds(30)).untilAsserted(() -> {
                assertThat(registry.get("infersla.engine.consumer.lag.records").tag("group", group).tag("topic", a).gauge().value()).isEqualTo(7.0);
                assertThat(registry.get("infersla.engine.consumer.lag.records").tag("group", group).tag("topic", b).gauge().value()).isEqualTo(0.0);
                // the oldest record not consumed: partition 1's first (record 1, 599 s old), not partition 0's offset 3 (record 6)
                assertThat(registry.get("infersla.engine.consumer.lag.seconds").tag("group", group).tag("topic", a).gauge().value())
                        .isBetween(599.0, 599.0 + 60);
                assertThat(registry.get("infersla.engine.consumer.lag.seconds").tag("group", group).tag("topic", b).gauge().value())
                        .isEqualTo(0.0);
            });
        }
        try (ConsumerLag lag = ConsumerLag.start("127.0.0.1:1", List.of(new ConsumerLag.Group(group, List.of(a))),
                Duration.ofSeconds(60), new SimpleMeterRegistry())) {
            assertThat(lag.recordsBehind(group, a)).as("no reading from an unreachable cluster").isNaN();
            assertThat(lag.secondsBehind(group, a)).isNaN();
        }
    }
}
