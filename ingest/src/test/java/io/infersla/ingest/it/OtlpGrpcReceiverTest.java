package io.infersla.ingest.it;

import static io.infersla.ingest.it.KafkaTestResource.ACME_TOKEN;
import static io.infersla.ingest.it.OtlpRequests.number;
import static io.infersla.ingest.it.OtlpRequests.request;
import static io.infersla.ingest.it.OtlpRequests.span;
import static io.infersla.ingest.it.OtlpRequests.string;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import io.grpc.CallOptions;
import io.grpc.ManagedChannel;
import io.grpc.Metadata;
import io.grpc.MethodDescriptor;
import io.grpc.Status;
import io.grpc.StatusRuntimeException;
import io.grpc.netty.shaded.io.grpc.netty.NettyChannelBuilder;
import io.grpc.stub.ClientCalls;
import io.grpc.stub.MetadataUtils;
import io.infersla.ingest.config.IngestSettings;
import io.infersla.ingest.otlp.OtlpGrpcServer;
import io.opentelemetry.api.common.AttributeKey;
import io.opentelemetry.api.common.Attributes;
import io.opentelemetry.api.trace.SpanKind;
import io.opentelemetry.exporter.otlp.trace.OtlpGrpcSpanExporter;
import io.opentelemetry.proto.collector.trace.v1.ExportTraceServiceRequest;
import io.opentelemetry.proto.collector.trace.v1.ExportTraceServiceResponse;
import io.opentelemetry.proto.collector.trace.v1.TraceServiceGrpc;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import jakarta.inject.Inject;
import java.time.Clock;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

@QuarkusTest
@WithTestResource(KafkaTestResource.class)
class OtlpGrpcReceiverTest {

    @Inject
    IngestSettings settings;

    @Inject
    OtlpGrpcServer server;

    @Inject
    Clock clock;

    ManagedChannel channel;

    @BeforeEach
    void connect() {
        channel = NettyChannelBuilder.forAddress("localhost", server.port()).usePlaintext().build();
    }

    @AfterEach
    void disconnect() throws InterruptedException {
        channel.shutdownNow().awaitTermination(5, TimeUnit.SECONDS);
    }

    TraceServiceGrpc.TraceServiceBlockingStub stub(String token) {
        Metadata headers = new Metadata();
        headers.put(Metadata.Key.of("authorization", Metadata.ASCII_STRING_MARSHALLER), "Bearer " + token);
        return TraceServiceGrpc.newBlockingStub(channel).withInterceptors(MetadataUtils.newAttachHeadersInterceptor(headers))
                .withDeadlineAfter(20, TimeUnit.SECONDS);
    }

    @Test
    void sdkGrpcExporterSpansBecomeRequestsOnKafka() {
        String service = "grpc-" + UUID.randomUUID();
        Instant end = clock.instant().minusSeconds(1);
        SdkSpans spans = new SdkSpans(Attributes.of(AttributeKey.stringKey("service.name"), service,
                AttributeKey.stringKey("sla.category"), "speech-to-text"))
                .span("transcribe", SpanKind.SERVER, end.minusMillis(500), end, Attributes.builder()
                        .put("sla.audio_duration_ms", 10_000.0)
                        .put("sla.word_errors", 2L)
                        .put("sla.reference_words", 40L)
                        .build());

        try (OtlpGrpcSpanExporter exporter = OtlpGrpcSpanExporter.builder()
                .setEndpoint("http://localhost:" + server.port())
                .addHeader("authorization", "Bearer " + ACME_TOKEN)
                .setCompression("gzip")
                .build()) {
            assertThat(spans.exportWith(exporter).isSuccess()).isTrue();
        }

        assertThat(KafkaRecords.requestsOf(settings.bootstrapServers(), settings.requestsTopic(), service, 1))
                .singleElement().satisfies(r -> {
                    assertThat(r.series().tenant()).isEqualTo("acme");
                    assertThat(r.requests().get(0).measurements()).extracting(m -> m.metric().id())
                            .containsExactlyInAnyOrder("e2e_ms", "wer", "rtf");
                });
    }

    @Test
    void responseReportsRejectedSpansAsPartialSuccess() {
        Instant end = clock.instant().minusSeconds(1);
        ExportTraceServiceRequest request = request(List.of(string("service.name", "g-" + UUID.randomUUID()),
                        string("sla.category", "chatbot")),
                span("ok", 1, end, List.of(number("sla.ttft_ms", 80))),
                span("late", 2, end.minus(settings.mappingRules().lateBound()).minusSeconds(1),
                        List.of(number("sla.ttft_ms", 80))));

        ExportTraceServiceResponse response = stub(ACME_TOKEN).export(request);

        assertThat(response.getPartialSuccess().getRejectedSpans()).isEqualTo(1);
        assertThat(response.getPartialSuccess().getErrorMessage()).contains("late: 1");
    }

    @Test
    void missingOrUnknownTokenIsUnauthenticated() {
        StatusRuntimeException wrong = catchThrowableOfType(StatusRuntimeException.class,
                () -> stub("wrong-token").export(ExportTraceServiceRequest.getDefaultInstance()));
        StatusRuntimeException none = catchThrowableOfType(StatusRuntimeException.class,
                () -> TraceServiceGrpc.newBlockingStub(channel).export(ExportTraceServiceRequest.getDefaultInstance()));

        assertThat(wrong.getStatus().getCode()).isEqualTo(Status.Code.UNAUTHENTICATED);
        assertThat(none.getStatus().getCode()).isEqualTo(Status.Code.UNAUTHENTICATED);
    }

    @Test
    void undecodableMessageIsInvalidArgument() {
        byte[] noise = new byte[512];
        new Random(11).nextBytes(noise);

        StatusRuntimeException e = catchThrowableOfType(StatusRuntimeException.class, () -> sendRaw(noise));

        assertThat(e.getStatus().getCode()).isEqualTo(Status.Code.INVALID_ARGUMENT);
    }

    @Test
    void messageOverTheLimitIsResourceExhausted() {
        StatusRuntimeException e = catchThrowableOfType(StatusRuntimeException.class,
                () -> sendRaw(new byte[(int) settings.maxBodyBytes() + 1]));

        assertThat(e.getStatus().getCode()).isEqualTo(Status.Code.RESOURCE_EXHAUSTED);
    }

    /**
     * Regression (found by OtlpFuzzOverTheWireTest): grpc-java enforces the message limit while it
     * inflates, inside ingest's request marshaller, and the exception thrown from there was
     * answered UNKNOWN, a server error, for a client's gzip bomb.
     */
    @Test
    void gzipBombIsResourceExhaustedAndCounted() {
        Map<String, Double> before = OtlpHttpReceiverTest.metrics();

        StatusRuntimeException e = catchThrowableOfType(StatusRuntimeException.class,
                () -> sendRaw(channel, new byte[(int) settings.maxBodyBytes() + 1], "gzip"));

        assertThat(e.getStatus().getCode()).isEqualTo(Status.Code.RESOURCE_EXHAUSTED);
        assertThat(e.getStatus().getDescription()).contains("exceeds maximum size");
        assertThat(OtlpHttpReceiverTest.metrics().get(
                "infersla_ingest_exports_refused_total{status=\"RESOURCE_EXHAUSTED\",transport=\"otlp_grpc\"}"))
                .isEqualTo(before.getOrDefault(
                        "infersla_ingest_exports_refused_total{status=\"RESOURCE_EXHAUSTED\",transport=\"otlp_grpc\"}", 0.0) + 1);
    }

    /** Regression, as above: gzip that breaks off in the middle was UNKNOWN too. */
    @Test
    void truncatedGzipMessageIsInvalidArgument() throws InterruptedException {
        ManagedChannel truncating = NettyChannelBuilder.forAddress("localhost", server.port()).usePlaintext()
                .compressorRegistry(truncatingGzip()).build();
        try {
            byte[] good = request(List.of(string("service.name", "g-" + UUID.randomUUID()), string("sla.category", "chatbot")),
                    span("ok", 1, clock.instant().minusSeconds(1), List.of(number("sla.ttft_ms", 80)))).toByteArray();

            StatusRuntimeException e = catchThrowableOfType(StatusRuntimeException.class,
                    () -> sendRaw(truncating, good, "gzip"));

            assertThat(e.getStatus().getCode()).isEqualTo(Status.Code.INVALID_ARGUMENT);
            assertThat(e.getStatus().getDescription()).contains("cannot be decompressed");
        } finally {
            truncating.shutdownNow().awaitTermination(5, TimeUnit.SECONDS);
        }
    }

    /** A "gzip" compressor that leaves out the second half of its output (and so the trailer). */
    private static io.grpc.CompressorRegistry truncatingGzip() {
        io.grpc.CompressorRegistry registry = io.grpc.CompressorRegistry.newEmptyInstance();
        registry.register(new io.grpc.Compressor() {
            @Override
            public String getMessageEncoding() {
                return "gzip";
            }

            @Override
            public java.io.OutputStream compress(java.io.OutputStream out) {
                return new java.io.ByteArrayOutputStream() {
                    @Override
                    public void close() throws java.io.IOException {
                        byte[] gzip = OtlpRequests.gzip(toByteArray());
                        out.write(gzip, 0, gzip.length / 2);
                        out.close();
                    }
                };
            }
        });
        return registry;
    }

    /** Calls Export with raw bytes as the request message, bypassing the client's own encoding. */
    private void sendRaw(byte[] body) {
        sendRaw(channel, body, null);
    }

    private static void sendRaw(ManagedChannel channel, byte[] body, String compression) {
        MethodDescriptor<byte[], ExportTraceServiceResponse> method = TraceServiceGrpc.getExportMethod()
                .toBuilder(io.infersla.ingest.otlp.OtlpGrpcServer.RAW_BYTES, io.grpc.protobuf.ProtoUtils.marshaller(ExportTraceServiceResponse.getDefaultInstance()))
                .build();
        Metadata headers = new Metadata();
        headers.put(Metadata.Key.of("authorization", Metadata.ASCII_STRING_MARSHALLER), "Bearer " + ACME_TOKEN);
        CallOptions options = CallOptions.DEFAULT.withDeadlineAfter(20, TimeUnit.SECONDS)
                .withMaxOutboundMessageSize(Integer.MAX_VALUE);
        ClientCalls.blockingUnaryCall(io.grpc.ClientInterceptors.intercept(channel,
                        MetadataUtils.newAttachHeadersInterceptor(headers)), method,
                compression == null ? options : options.withCompression(compression), body);
    }
}
