package io.infersla.ingest.it;

import static io.infersla.ingest.it.KafkaTestResource.ACME_TOKEN;
import static io.infersla.ingest.it.OtlpRequests.number;
import static io.infersla.ingest.it.OtlpRequests.request;
import static io.infersla.ingest.it.OtlpRequests.span;
import static io.infersla.ingest.it.OtlpRequests.string;
import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import com.google.rpc.Code;
import com.google.rpc.Status;
import io.grpc.ManagedChannel;
import io.grpc.Metadata;
import io.grpc.StatusRuntimeException;
import io.grpc.netty.shaded.io.grpc.netty.NettyChannelBuilder;
import io.grpc.stub.MetadataUtils;
import io.infersla.core.auth.TokenDigest;
import io.infersla.ingest.otlp.OtlpGrpcServer;
import io.opentelemetry.proto.collector.trace.v1.ExportTraceServiceRequest;
import io.opentelemetry.proto.collector.trace.v1.TraceServiceGrpc;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.QuarkusTestProfile;
import io.quarkus.test.junit.TestProfile;
import io.restassured.response.Response;
import jakarta.inject.Inject;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.ServerSocket;
import java.time.Clock;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/**
 * Backpressure: when Kafka cannot acknowledge within {@code infersla.ingest.kafka-ack-timeout},
 * an export is answered 503 + Retry-After (gRPC: UNAVAILABLE), never 200, and the process stays
 * healthy. The broker address here is a port nothing listens on.
 */
@QuarkusTest
@TestProfile(KafkaUnavailableTest.BrokerDown.class)
class KafkaUnavailableTest {

    public static class BrokerDown implements QuarkusTestProfile {
        @Override
        public Map<String, String> getConfigOverrides() {
            return Map.of(
                    "infersla.kafka.bootstrap-servers", "127.0.0.1:" + closedPort(),
                    "infersla.ingest.kafka-ack-timeout", "1s",
                    "infersla.ingest.retry-after", "7s",
                    "infersla.ingest.tokens.acme", TokenDigest.of(ACME_TOKEN),
                    "infersla.ingest.grpc.port", "0");
        }

        private static int closedPort() {
            try (ServerSocket socket = new ServerSocket(0)) {
                return socket.getLocalPort();
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        }
    }

    @Inject
    Clock clock;

    @Inject
    OtlpGrpcServer grpc;

    ExportTraceServiceRequest oneSpan() {
        return request(List.of(string("service.name", "svc"), string("sla.category", "chatbot")),
                span("s", 1, clock.instant().minusSeconds(1), List.of(number("sla.ttft_ms", 10))));
    }

    @Test
    void httpExportIs503WithRetryAfterWhileKafkaCannotAcknowledge() throws Exception {
        Response response = given().header("Authorization", "Bearer " + ACME_TOKEN)
                .contentType("application/x-protobuf").body(oneSpan().toByteArray()).post("/v1/traces");

        assertThat(response.statusCode()).isEqualTo(503);
        assertThat(response.header("Retry-After")).isEqualTo("7");
        assertThat(Status.parseFrom(response.asByteArray()).getCode()).isEqualTo(Code.UNAVAILABLE_VALUE);
        given().get("/q/health").then().statusCode(200);
    }

    @Test
    void grpcExportIsUnavailableWhileKafkaCannotAcknowledge() throws InterruptedException {
        ManagedChannel channel = NettyChannelBuilder.forAddress("localhost", grpc.port()).usePlaintext().build();
        try {
            Metadata headers = new Metadata();
            headers.put(Metadata.Key.of("authorization", Metadata.ASCII_STRING_MARSHALLER), "Bearer " + ACME_TOKEN);
            StatusRuntimeException e = catchThrowableOfType(StatusRuntimeException.class, () ->
                    TraceServiceGrpc.newBlockingStub(channel)
                            .withInterceptors(MetadataUtils.newAttachHeadersInterceptor(headers))
                            .withDeadlineAfter(20, TimeUnit.SECONDS)
                            .export(oneSpan()));

            assertThat(e.getStatus().getCode()).isEqualTo(io.grpc.Status.Code.UNAVAILABLE);
        } finally {
            channel.shutdownNow().awaitTermination(5, TimeUnit.SECONDS);
        }
    }

    @Test
    void exportWithNothingToPublishDoesNotNeedKafka() {
        ExportTraceServiceRequest onlyChildSpans = request(List.of(string("service.name", "svc")),
                span("internal", 1, clock.instant(), List.of()).setKind(io.opentelemetry.proto.trace.v1.Span.SpanKind.SPAN_KIND_INTERNAL));

        Response response = given().header("Authorization", "Bearer " + ACME_TOKEN)
                .contentType("application/x-protobuf").body(onlyChildSpans.toByteArray()).post("/v1/traces");

        assertThat(response.statusCode()).isEqualTo(200);
    }
}
