package io.infersla.ingest.mapping;

import java.util.HexFormat;
import java.util.Objects;

/**
 * A refused span as the dead-letter topic and {@code partial_success} report it.
 *
 * @param traceId the span's trace id, lower-case hex (empty when the span had none)
 * @param spanId the span's id, lower-case hex (empty when the span had none)
 * @param spanName the span's name, clipped to 256 characters
 */
public record RejectedSpan(String tenant, String traceId, String spanId, String spanName, SpanOutcome.Rejected rejection) {

    public RejectedSpan {
        Objects.requireNonNull(tenant, "tenant");
        Objects.requireNonNull(traceId, "traceId");
        Objects.requireNonNull(spanId, "spanId");
        Objects.requireNonNull(spanName, "spanName");
        Objects.requireNonNull(rejection, "rejection");
    }

    static RejectedSpan of(String tenant, io.opentelemetry.proto.trace.v1.Span span, SpanOutcome.Rejected rejection) {
        HexFormat hex = HexFormat.of();
        return new RejectedSpan(tenant, hex.formatHex(span.getTraceId().toByteArray()),
                hex.formatHex(span.getSpanId().toByteArray()), SpanMapper.clip(span.getName()), rejection);
    }
}
