package io.infersla.ingest.otlp;

import static org.assertj.core.api.Assertions.assertThat;

import com.google.protobuf.InvalidProtocolBufferException;
import io.infersla.core.catalog.Catalog;
import io.infersla.core.measure.RejectReason;
import io.infersla.core.request.RequestBatchCodec;
import io.infersla.ingest.IngestMetrics;
import io.infersla.ingest.IngestPipeline;
import io.infersla.ingest.Transport;
import io.infersla.ingest.fuzz.MutatedExports;
import io.infersla.ingest.fuzz.MutatedExports.Encoding;
import io.infersla.ingest.kafka.DeadLetter;
import io.infersla.ingest.kafka.RequestPublisher;
import io.infersla.ingest.mapping.MappedExport;
import io.infersla.ingest.mapping.MappingRules;
import io.infersla.ingest.mapping.SpanMapper;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import io.opentelemetry.proto.collector.trace.v1.ExportTraceServiceRequest;
import io.opentelemetry.proto.collector.trace.v1.ExportTraceServiceResponse;
import io.opentelemetry.proto.trace.v1.ResourceSpans;
import io.opentelemetry.proto.trace.v1.ScopeSpans;
import java.io.IOException;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.statistics.Statistics;
import net.jqwik.api.constraints.IntRange;
import org.apache.kafka.clients.producer.MockProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.ByteArraySerializer;

/**
 * Fuzzing of what every receiver does with a body, in process: gunzip (bounded), decode (protobuf
 * as OTLP/HTTP and OTLP/gRPC read it, OTLP JSON), then the shared pipeline (map, publish to a
 * {@link MockProducer}, count) and the answer. The inputs are realistic exports mutated
 * ({@link MutatedExports}); the number of cases per property is {@code jqwik.tries.default}
 * (the ingest pom's {@code infersla.fuzz.tries}: 2000 in CI, {@code -Dinfersla.fuzz.tries=100000} for the long run).
 *
 * <p>What must hold for every case: the only failures are the documented refusals (invalid gzip,
 * too large, undecodable, too many spans); every span of a decoded request is accepted, rejected
 * with a reason or ignored, and the books balance: the counters, the {@code sla.requests}
 * records, the dead letters and {@code partial_success} all say the same numbers.
 */
class OtlpInputFuzzProperties {

    private static final Instant NOW = Instant.parse("2026-11-28T12:00:00Z");
    private static final int MAX_SPANS = 5_000;
    private static final SpanMapper MAPPER = new SpanMapper(MappingRules.defaults(Catalog.builtIn()));

    @Property
    void protobufBodies(@ForAll long seed) throws Exception {
        receive(MutatedExports.of(seed, Encoding.PROTOBUF, false, NOW));
    }

    @Property
    void gzipProtobufBodies(@ForAll long seed) throws Exception {
        receive(MutatedExports.of(seed, Encoding.PROTOBUF, true, NOW));
    }

    @Property
    void jsonBodies(@ForAll long seed) throws Exception {
        receive(MutatedExports.of(seed, Encoding.JSON, false, NOW));
    }

    @Property
    void gzipJsonBodies(@ForAll long seed) throws Exception {
        receive(MutatedExports.of(seed, Encoding.JSON, true, NOW));
    }

    /**
     * The otlp_spans consumer's poll: several records decoded one by one (an undecodable one is
     * skipped), the rest mapped together.
     */
    @Property
    void collectorRecordPolls(@ForAll long seed, @ForAll @IntRange(min = 1, max = 5) int records, @ForAll boolean json)
            throws Exception {
        Encoding encoding = json ? Encoding.JSON : Encoding.PROTOBUF;
        ExportTraceServiceRequest.Builder poll = ExportTraceServiceRequest.newBuilder();
        for (int i = 0; i < records; i++) {
            MutatedExports.Case record = MutatedExports.of(seed + i, encoding, false, NOW);
            try {
                poll.addAllResourceSpans(decode(encoding, record.body()).getResourceSpansList());
            } catch (InvalidProtocolBufferException skipped) {
                // Counted as exports_refused{status="undecodable"} and skipped by the consumer.
            }
        }
        publishAndBalance(Transport.KAFKA, poll.build(), encoding);
    }

    private static void receive(MutatedExports.Case fuzzCase) throws Exception {
        Encoding encoding = fuzzCase.encoding();
        byte[] raw = fuzzCase.body();
        if (fuzzCase.gzip()) {
            try {
                raw = BoundedGunzip.gunzip(raw, MutatedExports.BODY_LIMIT);
            } catch (IOException refused) {
                Statistics.collect("400 invalid gzip");
                return;
            } catch (BoundedGunzip.TooLargeException refused) {
                Statistics.collect("413 too large");
                return;
            }
        }
        if (raw.length > MutatedExports.BODY_LIMIT) {
            Statistics.collect("413 too large");
            return;
        }
        ExportTraceServiceRequest request;
        try {
            request = decode(encoding, raw);
        } catch (InvalidProtocolBufferException refused) {
            assertThat(refused.getMessage()).isNotBlank();
            Statistics.collect("400 undecodable");
            return;
        }
        if (fuzzCase.mutations() == 0 && !fuzzCase.gzip()) {
            // OTLP JSON does not keep every bit (-0.0 comes back as 0.0), but it keeps every span.
            if (encoding == Encoding.PROTOBUF) {
                assertThat(request).as("an unmutated export decodes to itself").isEqualTo(fuzzCase.original());
            }
            assertThat(spanCount(request)).isEqualTo(spanCount(fuzzCase.original()));
        }
        publishAndBalance(Transport.HTTP, request, encoding);
    }

    private static ExportTraceServiceRequest decode(Encoding encoding, byte[] body) throws InvalidProtocolBufferException {
        return (encoding == Encoding.JSON ? OtlpEncoding.JSON : OtlpEncoding.PROTOBUF).decode(body);
    }

    private static void publishAndBalance(Transport transport, ExportTraceServiceRequest request, Encoding encoding)
            throws Exception {
        MockProducer<byte[], byte[]> producer = new MockProducer<>(true, null, new ByteArraySerializer(),
                new ByteArraySerializer());
        SimpleMeterRegistry registry = new SimpleMeterRegistry();
        IngestPipeline pipeline = new IngestPipeline(MAPPER,
                new RequestPublisher(producer, "requests", "rejected", Duration.ofSeconds(5)), new IngestMetrics(registry),
                Clock.fixed(NOW, ZoneOffset.UTC), MAX_SPANS);
        int spans = spanCount(request);

        MappedExport export;
        try {
            export = pipeline.export(transport, "acme", request);
        } catch (IngestPipeline.TooManySpansException refused) {
            assertThat(spans).isGreaterThan(MAX_SPANS);
            assertThat(producer.history()).isEmpty();
            Statistics.collect("413 too many spans");
            return;
        }

        assertThat(spans).isLessThanOrEqualTo(MAX_SPANS);
        assertThat(export.received()).isEqualTo(spans);
        assertThat(export.accepted() + export.rejected().size() + export.ignored()).isEqualTo(spans);
        assertThat(export.requestsBySeries().values().stream().mapToInt(List::size).sum()).isEqualTo(export.accepted());

        int published = 0;
        Map<RejectReason, Integer> deadLetters = new EnumMap<>(RejectReason.class);
        List<ProducerRecord<byte[], byte[]>> history = new ArrayList<>(producer.history());
        for (ProducerRecord<byte[], byte[]> record : history) {
            if (record.topic().equals("requests")) {
                published += RequestBatchCodec.decode(record.value()).size();
            } else {
                String reason = new String(record.headers().lastHeader(DeadLetter.REASON_HEADER).value());
                deadLetters.merge(reasonOf(reason), 1, Integer::sum);
            }
        }
        assertThat(published).as("requests on sla.requests").isEqualTo(export.accepted());
        assertThat(deadLetters).as("dead letters by reason").isEqualTo(export.rejectedByReason());

        String transportTag = transport.id();
        assertThat(registry.get("infersla.ingest.spans.received").tag("transport", transportTag).counter().count())
                .isEqualTo((double) spans);
        assertThat(registry.get("infersla.ingest.spans.accepted").tag("transport", transportTag).counter().count())
                .isEqualTo((double) export.accepted());
        for (RejectReason reason : RejectReason.values()) {
            assertThat(registry.get("infersla.ingest.spans.rejected").tag("reason", reason.id()).counter().count())
                    .as("rejected counter %s", reason.id()).isEqualTo((double) export.rejectedByReason().getOrDefault(reason, 0));
        }

        OtlpEncoding answer = encoding == Encoding.JSON ? OtlpEncoding.JSON : OtlpEncoding.PROTOBUF;
        byte[] body = answer.encode(ExportResponse.of(export));
        ExportTraceServiceResponse response = answer == OtlpEncoding.JSON
                ? parseJsonResponse(body) : ExportTraceServiceResponse.parseFrom(body);
        assertThat(response.getPartialSuccess().getRejectedSpans()).isEqualTo(export.rejected().size());
        Statistics.collect(export.accepted() > 0 ? "200 with accepted spans" : export.rejected().isEmpty()
                ? "200 nothing accepted or rejected" : "200 only rejected spans");
    }

    private static ExportTraceServiceResponse parseJsonResponse(byte[] body) throws InvalidProtocolBufferException {
        ExportTraceServiceResponse.Builder response = ExportTraceServiceResponse.newBuilder();
        com.google.protobuf.util.JsonFormat.parser().merge(new String(body, java.nio.charset.StandardCharsets.UTF_8), response);
        return response.build();
    }

    private static RejectReason reasonOf(String id) {
        for (RejectReason reason : RejectReason.values()) {
            if (reason.id().equals(id)) {
                return reason;
            }
        }
        throw new AssertionError("a dead letter with an unknown reason header: " + id);
    }

    private static int spanCount(ExportTraceServiceRequest request) {
        int count = 0;
        for (ResourceSpans resource : request.getResourceSpansList()) {
            for (ScopeSpans scope : resource.getScopeSpansList()) {
                count += scope.getSpansCount();
            }
        }
        return count;
    }
}
