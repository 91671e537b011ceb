package io.infersla.ingest.kafka;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.infersla.core.catalog.Catalog;
import io.infersla.ingest.IngestMetrics;
import io.infersla.ingest.IngestPipeline;
import io.infersla.ingest.config.IngestSettings;
import io.infersla.ingest.mapping.MappingRules;
import io.infersla.ingest.mapping.SpanMapper;
import io.infersla.ingest.it.OtlpRequests;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.Supplier;
import java.util.concurrent.ConcurrentLinkedDeque;
import org.apache.kafka.clients.consumer.CommitFailedException;
import org.apache.kafka.clients.consumer.Consumer;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.MockConsumer;
import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.clients.producer.MockProducer;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.errors.TopicAuthorizationException;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * The consumer survives what used to stop it for good: a commit refused after a rebalance
 * ({@link CommitFailedException}) and any other exception. Kafka's own {@link MockConsumer} stands
 * in for the broker's group coordinator, whose refusal cannot be provoked on demand; the pipeline
 * behind it is the real one with a {@link MockProducer}.
 */
class OtlpSpansConsumerRecoveryTest {

    private static final Instant NOW = Instant.parse("2026-12-06T12:00:30Z");
    private static final TopicPartition PARTITION = new TopicPartition("otlp_spans", 0);

    private final MockProducer<byte[], byte[]> producer =
            new MockProducer<>(true, null, new ByteArraySerializer(), new ByteArraySerializer());
    private final SimpleMeterRegistry registry = new SimpleMeterRegistry();
    private final IngestMetrics metrics = new IngestMetrics(registry);
    private final ConcurrentLinkedDeque<MockConsumer<byte[], byte[]>> created = new ConcurrentLinkedDeque<>();
    private OtlpSpansConsumer consumer;

    @AfterEach
    void stop() throws InterruptedException {
        if (consumer != null) {
            consumer.stop();
        }
    }

    @Test
    void aRefusedCommitClosesTheConsumerAndANewOneDeliversTheSameRecordsAgainNothingLost() {
        // An ExportTraceServiceRequest serializes exactly as the Collector's TracesData.
        byte[] traces = OtlpRequests.request(
                List.of(OtlpRequests.string("service.name", "svc-a"), OtlpRequests.string("sla.category", "chatbot")),
                OtlpRequests.span("llm_request", 1, NOW.minusSeconds(5), List.of(OtlpRequests.number("sla.ttft_ms", 42))))
                .toByteArray();
        List<Boolean> refuseCommit = new ArrayList<>(List.of(true, false));
        consumer = consumerOf(() -> {
            boolean refuse = refuseCommit.isEmpty() ? false : refuseCommit.remove(0);
            MockConsumer<byte[], byte[]> mock = new MockConsumer<>("earliest") {
                @Override
                public synchronized void commitSync(Map<TopicPartition, OffsetAndMetadata> offsets) {
                    if (refuse) {
                        throw new CommitFailedException("the group rebalanced");
                    }
                    super.commitSync(offsets);
                }
            };
            mock.updateBeginningOffsets(Map.of(PARTITION, 0L));
            mock.schedulePollTask(() -> {
                mock.rebalance(List.of(PARTITION));
                mock.addRecord(new ConsumerRecord<>("otlp_spans", 0, 0, null, traces));
            });
            return mock;
        });

        consumer.start();

        await().atMost(Duration.ofSeconds(20)).until(() -> created.size() == 2
                && created.peekLast().committed(Set.of(PARTITION)).get(PARTITION) != null);
        assertThat(created.peekFirst().closed()).as("the consumer whose commit was refused is closed").isTrue();
        assertThat(created.peekLast().committed(Set.of(PARTITION)).get(PARTITION).offset()).isEqualTo(1);
        // At least once: the record was published by both consumers, never dropped.
        assertThat(producer.history().stream().filter(r -> r.topic().equals("requests"))).hasSize(2);
        assertThat(registry.get("infersla.ingest.otlp_spans.consumer.failures").counter().count()).isEqualTo(1.0);
        await().atMost(Duration.ofSeconds(5)).untilAsserted(() -> {
            ConsumerState state = consumer.state().orElseThrow();
            assertThat(state.phase()).isEqualTo(ConsumerState.Phase.CONSUMING);
            assertThat(state.failures()).isZero();
        });
    }

    @Test
    void aConsumerThatKeepsFailingIsRetriedWithGrowingPausesAndSaysWhy() {
        consumer = consumerOf(() -> {
            MockConsumer<byte[], byte[]> mock = new MockConsumer<>("earliest");
            mock.schedulePollTask(() -> {
                throw new TopicAuthorizationException("not allowed to read otlp_spans");
            });
            return mock;
        });

        consumer.start();

        await().atMost(Duration.ofSeconds(20)).until(() -> created.size() >= 3);
        ConsumerState state = consumer.state().orElseThrow();
        assertThat(state.phase()).isEqualTo(ConsumerState.Phase.FAILING);
        assertThat(state.failures()).isGreaterThanOrEqualTo(2);
        assertThat(state.lastError()).isEqualTo("TopicAuthorizationException: not allowed to read otlp_spans");
        assertThat(created).allSatisfy(c -> assertThat(c.closed()).isTrue());
        assertThat(registry.get("infersla.ingest.otlp_spans.consumer.failures").counter().count())
                .isGreaterThanOrEqualTo(2.0);
    }

    private OtlpSpansConsumer consumerOf(Supplier<MockConsumer<byte[], byte[]>> mocks) {
        IngestSettings settings = new IngestSettings("localhost:9092", "requests", "rejected", "otlp_spans", Map.of(),
                1 << 20, 10_000, Duration.ofSeconds(5), Duration.ofMillis(50), MappingRules.defaults(Catalog.builtIn()),
                false, 0, true, IngestSettings.OtlpSpansEncoding.OTLP_PROTO, "acme", "infersla-ingest");
        IngestPipeline pipeline = new IngestPipeline(new SpanMapper(settings.mappingRules()),
                new RequestPublisher(producer, "requests", "rejected", Duration.ofSeconds(5)), metrics,
                Clock.fixed(NOW, ZoneOffset.UTC), 10_000);
        return new OtlpSpansConsumer(settings, pipeline, metrics, Clock.fixed(NOW, ZoneOffset.UTC), () -> {
            MockConsumer<byte[], byte[]> mock = mocks.get();
            created.add(mock);
            return (Consumer<byte[], byte[]>) mock;
        });
    }
}
