package io.infersla.loadgen;

import io.opentelemetry.proto.collector.trace.v1.ExportTraceServiceRequest;
import java.time.Duration;

/**
 * Sends one OTLP trace export to ingest, over OTLP/HTTP ({@link OtlpHttpSender}) or OTLP/gRPC
 * ({@link OtlpGrpcSender}). Failure is a returned {@link Result}, not an exception: the generator
 * counts it and goes on.
 */
interface ExportSender extends AutoCloseable {

    /**
     * What one export came to. {@code status} is the HTTP status or the gRPC status name, or
     * {@code "no answer"} when none came; {@code retryAfter} is how long ingest asked to wait
     * (zero: not asked).
     */
    record Result(boolean ok, String status, long rejectedSpans, String error, Duration retryAfter) {
    }

    Result send(ExportTraceServiceRequest export);

    /** Where the exports go, for the console. */
    String endpoint();

    @Override
    void close();
}
