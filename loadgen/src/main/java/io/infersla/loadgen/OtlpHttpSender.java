package io.infersla.loadgen;

import io.opentelemetry.proto.collector.trace.v1.ExportTraceServiceRequest;
import io.opentelemetry.proto.collector.trace.v1.ExportTraceServiceResponse;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.Objects;

/** POSTs OTLP/HTTP protobuf exports to {@code {base}/v1/traces} with a bearer token. */
final class OtlpHttpSender implements ExportSender {

    private final HttpClient client;
    private final URI endpoint;
    private final String authorization;

    OtlpHttpSender(String baseUrl, String token) {
        Objects.requireNonNull(baseUrl, "baseUrl");
        if (!baseUrl.startsWith("http://") && !baseUrl.startsWith("https://")) {
            throw new IllegalArgumentException("--url must start with http:// or https://, was " + baseUrl);
        }
        if (token == null || token.isBlank()) {
            throw new IllegalArgumentException("a bearer token is needed: --token, INFERSLA_TOKEN, or the launcher's data dir");
        }
        String base = baseUrl.endsWith("/") ? baseUrl.substring(0, baseUrl.length() - 1) : baseUrl;
        this.endpoint = URI.create(base.endsWith("/v1/traces") ? base : base + "/v1/traces");
        this.authorization = "Bearer " + token;
        this.client = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).version(HttpClient.Version.HTTP_1_1).build();
    }

    @Override
    public String endpoint() {
        return endpoint.toString();
    }

    @Override
    public void close() {
        // java.net.http's client holds no resource that outlives its last request on Java 17
    }

    @Override
    public Result send(ExportTraceServiceRequest export) {
        return send(export.toByteArray());
    }

    /** Sends an export already encoded as protobuf (a load test encodes its exports once, up front). */
    Result send(byte[] export) {
        HttpRequest request = HttpRequest.newBuilder(endpoint)
                .timeout(Duration.ofSeconds(30))
                .header("Content-Type", "application/x-protobuf")
                .header("Authorization", authorization)
                .POST(HttpRequest.BodyPublishers.ofByteArray(export))
                .build();
        try {
            HttpResponse<byte[]> response = client.send(request, HttpResponse.BodyHandlers.ofByteArray());
            Duration retryAfter = response.headers().firstValue("Retry-After")
                    .flatMap(OtlpHttpSender::seconds).orElse(Duration.ZERO);
            if (response.statusCode() != 200) {
                return new Result(false, "HTTP " + response.statusCode(), 0, "HTTP " + response.statusCode(), retryAfter);
            }
            ExportTraceServiceResponse body = ExportTraceServiceResponse.parseFrom(response.body());
            return new Result(true, "HTTP 200", body.getPartialSuccess().getRejectedSpans(),
                    body.getPartialSuccess().getErrorMessage(), Duration.ZERO);
        } catch (IOException e) {
            return new Result(false, "no answer", 0, e.toString(), Duration.ZERO);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return new Result(false, "no answer", 0, "interrupted", Duration.ZERO);
        }
    }

    private static java.util.Optional<Duration> seconds(String value) {
        try {
            return java.util.Optional.of(Duration.ofSeconds(Long.parseLong(value.trim())));
        } catch (NumberFormatException e) {
            return java.util.Optional.empty();
        }
    }
}
