package io.infersla.ingest.kafka;

import io.infersla.core.json.Json;
import io.infersla.ingest.mapping.RejectedSpan;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.Map;

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
        Map<String, Object> out = new LinkedHashMap<>();
        out.put("reason", span.rejection().reason().id());
        out.put("tenant", span.tenant());
        out.put("trace_id", span.traceId());
        out.put("span_id", span.spanId());
        out.put("span_name", span.spanName());
        out.put("attribute", span.rejection().attribute());
        out.put("value", span.rejection().value());
        out.put("detail", span.rejection().detail());
        return Json.writeCompact(out).getBytes(StandardCharsets.UTF_8);
    }
}
