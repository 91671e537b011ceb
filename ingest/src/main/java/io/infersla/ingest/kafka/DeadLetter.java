package io.infersla.ingest.kafka;

import io.infersla.ingest.mapping.RejectedSpan;
import java.nio.charset.StandardCharsets;

/**
 * The value of a {@code sla.requests.dlq} record: one rejected span as a flat JSON object, so that
 * an operator can read the topic with any console consumer.
 *
 * <pre>{@code
 * {"reason":"negative","tenant":"acme","trace_id":"0102…","span_id":"ab02…","span_name":"llm_request",
 *  "attribute":"sla.ttft_ms","value":"-5.0","detail":"sla.ttft_ms (ttft_ms): must be finite and >= 0, was -5.0"}
 * }</pre>
 *
 * {@code value} is null when the attribute was missing. The record also carries the reason as
 * header {@value #REASON_HEADER}, so that consumers can filter without parsing.
 */
public final class DeadLetter {

    public static final String REASON_HEADER = "infersla.reject-reason";

    private DeadLetter() {
    }

    public static byte[] json(RejectedSpan span) {
        StringBuilder out = new StringBuilder(256);
        out.append('{');
        field(out, "reason", span.rejection().reason().id()).append(',');
        field(out, "tenant", span.tenant()).append(',');
        field(out, "trace_id", span.traceId()).append(',');
        field(out, "span_id", span.spanId()).append(',');
        field(out, "span_name", span.spanName()).append(',');
        field(out, "attribute", span.rejection().attribute()).append(',');
        field(out, "value", span.rejection().value()).append(',');
        field(out, "detail", span.rejection().detail());
        return out.append('}').toString().getBytes(StandardCharsets.UTF_8);
    }

    private static StringBuilder field(StringBuilder out, String name, String value) {
        out.append('"').append(name).append("\":");
        if (value == null) {
            return out.append("null");
        }
        out.append('"');
        for (int i = 0; i < value.length(); i++) {
            char c = value.charAt(i);
            switch (c) {
                case '"' -> out.append("\\\"");
                case '\\' -> out.append("\\\\");
                case '\n' -> out.append("\\n");
                case '\r' -> out.append("\\r");
                case '\t' -> out.append("\\t");
                default -> {
                    if (c < 0x20 || Character.isSurrogate(c) && !validSurrogate(value, i)) {
                        out.append(String.format("\\u%04x", (int) c));
                    } else {
                        out.append(c);
                    }
                }
            }
        }
        return out.append('"');
    }

    /** A lone surrogate (a value clipped mid-pair) would make invalid UTF-8: escape it. */
    private static boolean validSurrogate(String s, int i) {
        char c = s.charAt(i);
        if (Character.isHighSurrogate(c)) {
            return i + 1 < s.length() && Character.isLowSurrogate(s.charAt(i + 1));
        }
        return i > 0 && Character.isHighSurrogate(s.charAt(i - 1));
    }
}
