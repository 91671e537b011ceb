package io.infersla.ingest.it;

import static io.infersla.ingest.it.KafkaTestResource.ACME_TOKEN;
import static io.infersla.ingest.it.OtlpRequests.number;
import static io.infersla.ingest.it.OtlpRequests.span;
import static io.infersla.ingest.it.OtlpRequests.string;
import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;

import com.google.protobuf.InvalidProtocolBufferException;
import com.google.protobuf.util.JsonFormat;
import io.grpc.CallOptions;
import io.grpc.ClientInterceptors;
import io.grpc.ManagedChannel;
import io.grpc.Metadata;
import io.grpc.MethodDescriptor;
import io.grpc.Status;
import io.grpc.StatusRuntimeException;
import io.grpc.netty.shaded.io.grpc.netty.NettyChannelBuilder;
import io.grpc.protobuf.ProtoUtils;
import io.grpc.stub.ClientCalls;
import io.grpc.stub.MetadataUtils;
import io.infersla.ingest.config.IngestSettings;
import io.infersla.ingest.fuzz.MutatedExports;
import io.infersla.ingest.fuzz.MutatedExports.Encoding;
import io.infersla.ingest.otlp.OtlpEncoding;
import io.infersla.ingest.otlp.OtlpGrpcServer;
import io.opentelemetry.proto.collector.trace.v1.ExportTraceServiceRequest;
import io.opentelemetry.proto.collector.trace.v1.ExportTraceServiceResponse;
import io.opentelemetry.proto.collector.trace.v1.TraceServiceGrpc;
import io.opentelemetry.proto.resource.v1.Resource;
import io.opentelemetry.proto.trace.v1.ResourceSpans;
import io.opentelemetry.proto.trace.v1.ScopeSpans;
import io.opentelemetry.proto.trace.v1.TracesData;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.common.http.TestHTTPResource;
import io.quarkus.test.junit.QuarkusTest;
import jakarta.inject.Inject;
import java.net.URL;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * The fuzz cases of {@link MutatedExports} sent over the wire to the running application, with
 * the real Kafka broker: OTLP/HTTP (protobuf and JSON, with and without gzip), OTLP/gRPC, and
 * records on {@code otlp_spans}. {@code -Dinfersla.fuzz.wire-cases=N} sets the cases per receiver
 * (default 200, a few seconds each). Never a 5xx (Kafka is up), never a hang (every call has a
 * timeout), every refusal and every rejected span counted on {@code /q/metrics}, and the process
 * keeps accepting good spans afterwards.
 */
@QuarkusTest
@WithTestResource(KafkaTestResource.class)
class OtlpFuzzOverTheWireTest {

    static final int CASES = Integer.getInteger("infersla.fuzz.wire-cases", 200);
    static final Duration CALL_TIMEOUT = Duration.ofSeconds(30);
    /** Under the broker's and the producer's default 1 MiB: larger records never reach the topic. */
    static final int MAX_RECORD_BYTES = 900 * 1024;

    @Inject
    IngestSettings settings;

    @Inject
    OtlpGrpcServer grpc;

    @Inject
    Clock clock;

    @TestHTTPResource("/v1/traces")
    URL traces;

    @AfterEach
    void processStaysHealthyAndKeepsAcceptingSpans() {
        given().get("/q/health").then().statusCode(200);
        String service = "after-fuzz-" + UUID.randomUUID();
        given().header("Authorization", "Bearer " + ACME_TOKEN).contentType("application/x-protobuf")
                .body(OtlpRequests.request(List.of(string("service.name", service), string("sla.category", "chatbot")),
                        span("ok", 1, clock.instant().minusSeconds(1), List.of(number("sla.ttft_ms", 42)))).toByteArray())
                .post("/v1/traces").then().statusCode(200);
        assertThat(KafkaRecords.requestsOf(settings.bootstrapServers(), settings.requestsTopic(), service, 1)).hasSize(1);
    }

    @Test
    void mutatedOtlpHttpBodiesAreAnsweredWithoutA5xxAndEveryRejectionIsCounted() throws Exception {
        HttpClient client = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).connectTimeout(CALL_TIMEOUT).build();
        Map<String, Double> before = OtlpHttpReceiverTest.metrics();
        Map<Integer, Integer> statuses = new TreeMap<>();
        long rejectedSpans = 0;
        for (int i = 0; i < CASES; i++) {
            Encoding encoding = i % 2 == 0 ? Encoding.PROTOBUF : Encoding.JSON;
            MutatedExports.Case fuzzCase = MutatedExports.of(0x5EED_0000L + i, encoding, i % 4 >= 2, clock.instant());
            OtlpEncoding otlp = encoding == Encoding.JSON ? OtlpEncoding.JSON : OtlpEncoding.PROTOBUF;
            HttpRequest.Builder request = HttpRequest.newBuilder(traces.toURI()).timeout(CALL_TIMEOUT)
                    .header("Authorization", "Bearer " + ACME_TOKEN).header("Content-Type", otlp.mediaType())
                    .POST(HttpRequest.BodyPublishers.ofByteArray(fuzzCase.body()));
            if (fuzzCase.gzip()) {
                request.header("Content-Encoding", "gzip");
            }

            HttpResponse<byte[]> response = client.send(request.build(), HttpResponse.BodyHandlers.ofByteArray());

            assertThat(response.statusCode()).as("%s", fuzzCase).isIn(200, 400, 413);
            statuses.merge(response.statusCode(), 1, Integer::sum);
            if (response.statusCode() == 200) {
                rejectedSpans += exportResponse(otlp, response.body()).getPartialSuccess().getRejectedSpans();
            } else {
                assertThat(status(otlp, response.body()).getMessage()).as("%s", fuzzCase).isNotBlank();
            }
        }
        Map<String, Double> after = OtlpHttpReceiverTest.metrics();

        assertThat(statuses.getOrDefault(200, 0)).as("some cases are valid or survive their mutations").isPositive();
        assertThat(statuses.getOrDefault(400, 0)).isPositive();
        for (int status : List.of(400, 413)) {
            assertThat(statuses.getOrDefault(status, 0).doubleValue()).as("refused with %d", status)
                    .isEqualTo(delta(before, after, "infersla_ingest_exports_refused_total{status=\"" + status
                            + "\",transport=\"otlp_http\"}"));
        }
        assertThat(rejectedDelta(before, after)).as("rejected spans counted = partial_success total")
                .isEqualTo((double) rejectedSpans);
        assertBooksBalance(before, after, "otlp_http");
    }

    @Test
    void mutatedOtlpGrpcMessagesAreAnsweredWithoutAServerErrorAndEveryRejectionIsCounted() throws Exception {
        ManagedChannel channel = NettyChannelBuilder.forAddress("localhost", grpc.port()).usePlaintext()
                .maxInboundMessageSize(Integer.MAX_VALUE).build();
        try {
            MethodDescriptor<byte[], ExportTraceServiceResponse> method = TraceServiceGrpc.getExportMethod()
                    .toBuilder(OtlpGrpcServer.RAW_BYTES, ProtoUtils.marshaller(ExportTraceServiceResponse.getDefaultInstance()))
                    .build();
            Metadata headers = new Metadata();
            headers.put(Metadata.Key.of("authorization", Metadata.ASCII_STRING_MARSHALLER), "Bearer " + ACME_TOKEN);
            io.grpc.Channel authenticated = ClientInterceptors.intercept(channel, MetadataUtils.newAttachHeadersInterceptor(headers));
            Map<String, Double> before = OtlpHttpReceiverTest.metrics();
            Map<Status.Code, Integer> codes = new TreeMap<>();
            long rejectedSpans = 0;
            for (int i = 0; i < CASES; i++) {
                MutatedExports.Case fuzzCase = MutatedExports.of(0x6C0DE_0000L + i, Encoding.PROTOBUF, false, clock.instant());
                CallOptions options = CallOptions.DEFAULT.withDeadlineAfter(CALL_TIMEOUT.toMillis(), TimeUnit.MILLISECONDS);
                if (i % 2 == 1) {
                    options = options.withCompression("gzip");
                }
                // Every 25th compressed message is a gzip bomb: over the limit only once inflated.
                byte[] message = i % 50 == 49 ? new byte[(int) settings.maxBodyBytes() + 1] : fuzzCase.body();
                Status.Code code;
                try {
                    rejectedSpans += ClientCalls.blockingUnaryCall(authenticated, method, options, message)
                            .getPartialSuccess().getRejectedSpans();
                    code = Status.Code.OK;
                } catch (StatusRuntimeException e) {
                    code = e.getStatus().getCode();
                    assertThat(e.getStatus().getDescription()).as("%s", fuzzCase).isNotBlank();
                }
                assertThat(code).as("%s", fuzzCase).isIn(Status.Code.OK, Status.Code.INVALID_ARGUMENT,
                        Status.Code.RESOURCE_EXHAUSTED);
                codes.merge(code, 1, Integer::sum);
            }
            Map<String, Double> after = OtlpHttpReceiverTest.metrics();

            assertThat(codes.getOrDefault(Status.Code.OK, 0)).isPositive();
            assertThat(codes.getOrDefault(Status.Code.RESOURCE_EXHAUSTED, 0)).as("the gzip bombs").isGreaterThanOrEqualTo(CASES / 50);
            for (Status.Code refused : List.of(Status.Code.INVALID_ARGUMENT, Status.Code.RESOURCE_EXHAUSTED)) {
                assertThat(codes.getOrDefault(refused, 0).doubleValue()).as("refused with %s", refused).isEqualTo(delta(before,
                        after, "infersla_ingest_exports_refused_total{status=\"" + refused + "\",transport=\"otlp_grpc\"}"));
            }
            assertThat(rejectedDelta(before, after)).isEqualTo((double) rejectedSpans);
            assertBooksBalance(before, after, "otlp_grpc");
        } finally {
            channel.shutdownNow().awaitTermination(5, TimeUnit.SECONDS);
        }
    }

    /**
     * Mutated Collector records, then one good record behind them on the same partition: the good
     * one arriving proves the consumer read past every bad one without stopping.
     */
    @Test
    void mutatedOtlpSpansRecordsAreSkippedOrMappedAndTheConsumerKeepsGoing() throws Exception {
        Map<String, Double> before = OtlpHttpReceiverTest.metrics();
        int undecodable = 0;
        long decodedSpans = 0;
        String sentinel = "after-mutated-records-" + UUID.randomUUID();
        try (KafkaProducer<byte[], byte[]> producer = new KafkaProducer<>(Map.of(
                ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, settings.bootstrapServers()),
                new ByteArraySerializer(), new ByteArraySerializer())) {
            for (int i = 0; i < CASES; i++) {
                MutatedExports.Case fuzzCase = MutatedExports.of(0xC011EC7L + i, Encoding.PROTOBUF, false, clock.instant());
                if (fuzzCase.body().length > MAX_RECORD_BYTES) {
                    continue;
                }
                try {
                    decodedSpans += spanCount(OtlpEncoding.PROTOBUF.decode(fuzzCase.body()));
                } catch (InvalidProtocolBufferException e) {
                    undecodable++;
                }
                producer.send(new ProducerRecord<>(settings.otlpSpansTopic(), 0, null, fuzzCase.body()));
            }
            producer.send(new ProducerRecord<>(settings.otlpSpansTopic(), 0, null, TracesData.newBuilder()
                    .addResourceSpans(ResourceSpans.newBuilder()
                            .setResource(Resource.newBuilder().addAttributes(string("service.name", sentinel))
                                    .addAttributes(string("sla.category", "chatbot")))
                            .addScopeSpans(ScopeSpans.newBuilder().addSpans(span("llm_request", 1,
                                    clock.instant().minusSeconds(1), List.of(number("sla.ttft_ms", 10))))))
                    .build().toByteArray())).get();
        }

        assertThat(KafkaRecords.requestsOf(settings.bootstrapServers(), settings.requestsTopic(), sentinel, 1)).hasSize(1);
        Map<String, Double> after = OtlpHttpReceiverTest.metrics();

        assertThat(undecodable).as("the cases include undecodable records").isPositive();
        assertThat(delta(before, after, "infersla_ingest_exports_refused_total{status=\"undecodable\",transport=\"otlp_spans\"}"))
                .isEqualTo(undecodable);
        assertThat(delta(before, after, "infersla_ingest_spans_received_total{transport=\"otlp_spans\"}"))
                .as("every span of every decodable record, and the good one").isEqualTo(decodedSpans + 1.0);
        assertBooksBalance(before, after, "otlp_spans");
    }

    /** received = accepted + ignored + rejected, over the counters' deltas (rejected has no transport tag). */
    private static void assertBooksBalance(Map<String, Double> before, Map<String, Double> after, String transport) {
        double received = delta(before, after, "infersla_ingest_spans_received_total{transport=\"" + transport + "\"}");
        double accepted = delta(before, after, "infersla_ingest_spans_accepted_total{transport=\"" + transport + "\"}");
        double ignored = delta(before, after, "infersla_ingest_spans_ignored_total{transport=\"" + transport + "\"}");
        assertThat(received).isPositive();
        assertThat(accepted + ignored + rejectedDelta(before, after)).isEqualTo(received);
    }

    private static double rejectedDelta(Map<String, Double> before, Map<String, Double> after) {
        return after.keySet().stream().filter(k -> k.startsWith("infersla_ingest_spans_rejected_total{"))
                .mapToDouble(k -> after.get(k) - before.getOrDefault(k, 0.0)).sum();
    }

    private static double delta(Map<String, Double> before, Map<String, Double> after, String sample) {
        return after.getOrDefault(sample, 0.0) - before.getOrDefault(sample, 0.0);
    }

    private static int spanCount(ExportTraceServiceRequest request) {
        return request.getResourceSpansList().stream().flatMap(r -> r.getScopeSpansList().stream())
                .mapToInt(ScopeSpans::getSpansCount).sum();
    }

    private static ExportTraceServiceResponse exportResponse(OtlpEncoding encoding, byte[] body) throws Exception {
        if (encoding == OtlpEncoding.PROTOBUF) {
            return ExportTraceServiceResponse.parseFrom(body);
        }
        ExportTraceServiceResponse.Builder response = ExportTraceServiceResponse.newBuilder();
        JsonFormat.parser().merge(new String(body, StandardCharsets.UTF_8), response);
        return response.build();
    }

    private static com.google.rpc.Status status(OtlpEncoding encoding, byte[] body) throws Exception {
        if (encoding == OtlpEncoding.PROTOBUF) {
            return com.google.rpc.Status.parseFrom(body);
        }
        com.google.rpc.Status.Builder status = com.google.rpc.Status.newBuilder();
        JsonFormat.parser().merge(new String(body, StandardCharsets.UTF_8), status);
        return status.build();
    }
}
