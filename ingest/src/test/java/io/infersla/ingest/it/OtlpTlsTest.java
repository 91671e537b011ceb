package io.infersla.ingest.it;

import static io.infersla.ingest.it.KafkaTestResource.ACME_TOKEN;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import io.infersla.core.config.TlsFiles;
import io.infersla.ingest.config.IngestSettings;
import io.infersla.ingest.otlp.OtlpGrpcServer;
import io.opentelemetry.api.common.AttributeKey;
import io.opentelemetry.api.common.Attributes;
import io.opentelemetry.api.trace.SpanKind;
import io.opentelemetry.exporter.otlp.http.trace.OtlpHttpSpanExporter;
import io.opentelemetry.exporter.otlp.trace.OtlpGrpcSpanExporter;
import io.opentelemetry.sdk.trace.export.SpanExporter;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.common.http.TestHTTPResource;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.QuarkusTestProfile;
import io.quarkus.test.junit.TestProfile;
import jakarta.inject.Inject;
import java.io.IOException;
import java.net.URI;
import java.net.URISyntaxException;
import java.net.URL;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.Test;

/**
 * Ingest with a certificate: the OpenTelemetry SDK's own exporters deliver over TLS on both
 * receivers (OTLP/HTTP and OTLP/gRPC) when they trust the certificate, fail when they do not, and
 * nothing answers in plaintext.
 */
@QuarkusTest
@WithTestResource(KafkaTestResource.class)
@TestProfile(OtlpTlsTest.WithCertificate.class)
class OtlpTlsTest {

    /** A self-signed certificate for localhost and 127.0.0.1 (test only, valid until 2126). */
    public static class WithCertificate implements QuarkusTestProfile {
        @Override
        public Map<String, String> getConfigOverrides() {
            return Map.of(TlsFiles.CERTIFICATE, resource("localhost-cert.pem").toString(),
                    TlsFiles.KEY, resource("localhost-key.pem").toString(),
                    TlsFiles.PLAINTEXT, "disabled");
        }
    }

    static Path resource(String name) {
        try {
            return Path.of(OtlpTlsTest.class.getResource("/tls/" + name).toURI());
        } catch (URISyntaxException e) {
            throw new IllegalStateException(e);
        }
    }

    @Inject
    IngestSettings settings;

    @Inject
    OtlpGrpcServer grpc;

    @Inject
    Clock clock;

    @TestHTTPResource(value = "/v1/traces", tls = true)
    URL traces;

    private SdkSpans spans(String service) {
        Instant end = clock.instant().minusSeconds(1);
        return new SdkSpans(Attributes.of(AttributeKey.stringKey("service.name"), service,
                AttributeKey.stringKey("sla.category"), "chatbot"))
                .span("chat", SpanKind.SERVER, end.minusMillis(900), end, Attributes.builder()
                        .put("sla.ttft_ms", 120.0).put("sla.output_tokens", 40L).build());
    }

    private static byte[] certificate() throws IOException {
        return Files.readAllBytes(resource("localhost-cert.pem"));
    }

    @Test
    void theSdkHttpExporterDeliversOverTls() throws IOException {
        assertThat(traces.getProtocol()).isEqualTo("https");
        String service = "tls-http-" + UUID.randomUUID();
        try (SpanExporter exporter = OtlpHttpSpanExporter.builder().setEndpoint(traces.toString())
                .addHeader("Authorization", "Bearer " + ACME_TOKEN).setTrustedCertificates(certificate()).build()) {
            assertThat(spans(service).exportWith(exporter).isSuccess()).isTrue();
        }
        assertThat(KafkaRecords.requestsOf(settings.bootstrapServers(), settings.requestsTopic(), service, 1)).hasSize(1);
    }

    @Test
    void theSdkGrpcExporterDeliversOverTls() throws IOException {
        String service = "tls-grpc-" + UUID.randomUUID();
        try (SpanExporter exporter = OtlpGrpcSpanExporter.builder().setEndpoint("https://localhost:" + grpc.port())
                .addHeader("authorization", "Bearer " + ACME_TOKEN).setTrustedCertificates(certificate()).build()) {
            assertThat(spans(service).exportWith(exporter).isSuccess()).isTrue();
        }
        assertThat(KafkaRecords.requestsOf(settings.bootstrapServers(), settings.requestsTopic(), service, 1)).hasSize(1);
    }

    @Test
    void anExporterThatDoesNotTrustTheCertificateDeliversNothing() {
        try (SpanExporter http = OtlpHttpSpanExporter.builder().setEndpoint(traces.toString())
                .addHeader("Authorization", "Bearer " + ACME_TOKEN).setTimeout(Duration.ofSeconds(10)).build();
             SpanExporter grpcExporter = OtlpGrpcSpanExporter.builder().setEndpoint("https://localhost:" + grpc.port())
                .addHeader("authorization", "Bearer " + ACME_TOKEN).setTimeout(Duration.ofSeconds(10)).build()) {
            assertThat(spans("untrusted-" + UUID.randomUUID()).exportWith(http).isSuccess()).as("OTLP/HTTP").isFalse();
            assertThat(spans("untrusted-" + UUID.randomUUID()).exportWith(grpcExporter).isSuccess()).as("OTLP/gRPC").isFalse();
        }
    }

    @Test
    void nothingAnswersInPlaintext() throws Exception {
        URI plain = URI.create("http://localhost:" + traces.getPort() + "/v1/traces");
        IOException refused = catchThrowableOfType(() -> HttpClient.newHttpClient().send(
                HttpRequest.newBuilder(plain).timeout(Duration.ofSeconds(10)).POST(HttpRequest.BodyPublishers.ofString("{}"))
                        .header("Content-Type", "application/json").build(), HttpResponse.BodyHandlers.ofString()),
                IOException.class);
        assertThat(refused).as("a plaintext request to the OTLP/HTTP port").isNotNull();
        try (SpanExporter plaintextGrpc = OtlpGrpcSpanExporter.builder().setEndpoint("http://localhost:" + grpc.port())
                .addHeader("authorization", "Bearer " + ACME_TOKEN).setTimeout(Duration.ofSeconds(10)).build()) {
            assertThat(spans("plain-" + UUID.randomUUID()).exportWith(plaintextGrpc).isSuccess()).as("plaintext OTLP/gRPC").isFalse();
        }
    }
}
