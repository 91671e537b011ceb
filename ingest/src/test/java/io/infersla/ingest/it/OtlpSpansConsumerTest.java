package io.infersla.ingest.it;

import static io.infersla.ingest.it.OtlpRequests.number;
import static io.infersla.ingest.it.OtlpRequests.span;
import static io.infersla.ingest.it.OtlpRequests.string;
import static org.assertj.core.api.Assertions.assertThat;

import io.infersla.ingest.config.IngestSettings;
import io.opentelemetry.proto.common.v1.KeyValue;
import io.opentelemetry.proto.resource.v1.Resource;
import io.opentelemetry.proto.trace.v1.ResourceSpans;
import io.opentelemetry.proto.trace.v1.ScopeSpans;
import io.opentelemetry.proto.trace.v1.TracesData;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import jakarta.inject.Inject;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.junit.jupiter.api.Test;

/**
 * The Collector's kafka exporter path: serialized {@code TracesData} records on {@code otlp_spans}
 * (written here by a plain Kafka producer, as the exporter does) become requests of the
 * configured tenant.
 */
@QuarkusTest
@WithTestResource(KafkaTestResource.class)
class OtlpSpansConsumerTest {

    @Inject
    IngestSettings settings;

    @Inject
    Clock clock;

    static TracesData traces(String service, Instant end, List<KeyValue> spanAttributes) {
        return TracesData.newBuilder().addResourceSpans(ResourceSpans.newBuilder()
                        .setResource(Resource.newBuilder().addAttributes(string("service.name", service))
                                .addAttributes(string("sla.category", "chatbot")))
                        .addScopeSpans(ScopeSpans.newBuilder().addSpans(span("llm_request", 1, end, spanAttributes))))
                .build();
    }

    @Test
    void collectorTracesDataRecordsBecomeRequestsOfTheConfiguredTenantAndCorruptRecordsAreSkipped() throws Exception {
        String service = "collector-" + UUID.randomUUID();
        Instant end = clock.instant().minusSeconds(1);
        try (KafkaProducer<byte[], byte[]> producer = new KafkaProducer<>(Map.of(
                ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, settings.bootstrapServers()),
                new ByteArraySerializer(), new ByteArraySerializer())) {
            String topic = settings.otlpSpansTopic();
            producer.send(new ProducerRecord<>(topic, 0, null,
                    traces(service, end, List.of(number("sla.ttft_ms", 10), string("tenant", "acme"))).toByteArray())).get();
            producer.send(new ProducerRecord<>(topic, 0, null, "not protobuf at all \u0000\u00ff".getBytes(StandardCharsets.ISO_8859_1))).get();
            producer.send(new ProducerRecord<>(topic, 0, null,
                    traces(service, end, List.of(number("sla.ttft_ms", 20))).toByteArray())).get();
        }

        List<KafkaRecords.SeriesRequests> records =
                KafkaRecords.requestsOf(settings.bootstrapServers(), settings.requestsTopic(), service, 2);

        assertThat(records).allSatisfy(r -> assertThat(r.series().tenant()).isEqualTo(KafkaTestResource.COLLECTOR_TENANT));
        assertThat(records.stream().flatMap(r -> r.requests().stream())
                .map(r -> r.measurements().stream().filter(m -> m.metric().id().equals("ttft_ms")).findFirst().orElseThrow().value()))
                .containsExactly(10.0, 20.0);
    }
}
