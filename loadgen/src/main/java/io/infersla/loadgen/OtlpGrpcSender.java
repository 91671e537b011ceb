package io.infersla.loadgen;

import io.grpc.ChannelCredentials;
import io.grpc.Grpc;
import io.grpc.InsecureChannelCredentials;
import io.grpc.ManagedChannel;
import io.grpc.Metadata;
import io.grpc.StatusRuntimeException;
import io.grpc.TlsChannelCredentials;
import io.grpc.stub.MetadataUtils;
import io.opentelemetry.proto.collector.trace.v1.ExportTraceServiceRequest;
import io.opentelemetry.proto.collector.trace.v1.ExportTraceServiceResponse;
import io.opentelemetry.proto.collector.trace.v1.TraceServiceGrpc;
import java.net.URI;
import java.time.Duration;
import java.util.Objects;
import java.util.concurrent.TimeUnit;

/**
 * Calls OTLP/gRPC {@code opentelemetry.proto.collector.trace.v1.TraceService/Export} with a
 * bearer token in the {@code authorization} metadata, as vLLM's and the Collector's OTLP/gRPC
 * exporters do. The URL is written as OpenTelemetry's {@code OTEL_EXPORTER_OTLP_ENDPOINT} is for
 * gRPC: {@code http://host:port} for plaintext, {@code https://host:port} for TLS. One channel
 * (one HTTP/2 connection) carries the concurrent exports.
 */
final class OtlpGrpcSender implements ExportSender {

    private static final Metadata.Key<String> AUTHORIZATION = Metadata.Key.of("authorization", Metadata.ASCII_STRING_MARSHALLER);
    static final Duration DEADLINE = Duration.ofSeconds(30);

    private final ManagedChannel channel;
    private final TraceServiceGrpc.TraceServiceBlockingStub stub;
    private final String endpoint;

    OtlpGrpcSender(String url, String token) {
        Objects.requireNonNull(url, "url");
        if (!url.startsWith("http://") && !url.startsWith("https://")) {
            throw new IllegalArgumentException("--url must start with http:// (plaintext) or https:// (TLS), was " + url);
        }
        if (token == null || token.isBlank()) {
            throw new IllegalArgumentException("a bearer token is needed: --token, INFERSLA_TOKEN, or the launcher's data dir");
        }
        URI uri = URI.create(url);
        if (uri.getHost() == null || uri.getPort() < 0) {
            throw new IllegalArgumentException("--url for gRPC must name a host and a port, e.g. http://127.0.0.1:4317, was " + url);
        }
        ChannelCredentials credentials = url.startsWith("https://") ? TlsChannelCredentials.create()
                : InsecureChannelCredentials.create();
        Metadata headers = new Metadata();
        headers.put(AUTHORIZATION, "Bearer " + token);
        this.channel = Grpc.newChannelBuilderForAddress(uri.getHost(), uri.getPort(), credentials).build();
        this.stub = TraceServiceGrpc.newBlockingStub(channel).withInterceptors(MetadataUtils.newAttachHeadersInterceptor(headers));
        this.endpoint = uri.getHost() + ":" + uri.getPort() + " (OTLP/gRPC" + (url.startsWith("https://") ? ", TLS)" : ")");
    }

    @Override
    public String endpoint() {
        return endpoint;
    }

    @Override
    public Result send(ExportTraceServiceRequest export) {
        try {
            ExportTraceServiceResponse response = stub.withDeadlineAfter(DEADLINE.toMillis(), TimeUnit.MILLISECONDS).export(export);
            return new Result(true, "OK", response.getPartialSuccess().getRejectedSpans(),
                    response.getPartialSuccess().getErrorMessage(), Duration.ZERO);
        } catch (StatusRuntimeException e) {
            String description = e.getStatus().getDescription();
            return new Result(false, e.getStatus().getCode().name(), 0,
                    e.getStatus().getCode() + (description == null ? "" : ": " + description), Duration.ZERO);
        }
    }

    @Override
    public void close() {
        channel.shutdown();
        try {
            if (!channel.awaitTermination(5, TimeUnit.SECONDS)) {
                channel.shutdownNow();
            }
        } catch (InterruptedException e) {
            channel.shutdownNow();
            Thread.currentThread().interrupt();
        }
    }
}
