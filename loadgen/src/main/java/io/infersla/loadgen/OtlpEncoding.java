package io.infersla.loadgen;

import com.google.protobuf.ByteString;
import io.opentelemetry.proto.collector.trace.v1.ExportTraceServiceRequest;
import io.opentelemetry.proto.common.v1.AnyValue;
import io.opentelemetry.proto.common.v1.InstrumentationScope;
import io.opentelemetry.proto.common.v1.KeyValue;
import io.opentelemetry.proto.resource.v1.Resource;
import io.opentelemetry.proto.trace.v1.ResourceSpans;
import io.opentelemetry.proto.trace.v1.ScopeSpans;
import io.opentelemetry.proto.trace.v1.Span;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;

/**
 * Turns generated requests into one OTLP {@code ExportTraceServiceRequest}: one
 * {@code ResourceSpans} per distinct resource, a fresh trace id per request, children linked to
 * their parent by {@code parent_span_id}. The only class of the load generator that knows OTLP.
 */
final class OtlpEncoding {

    static final String SCOPE_NAME = "io.infersla.loadgen";

    private OtlpEncoding() {
    }

    static ExportTraceServiceRequest encode(List<GeneratedSpan> requests, Random random) {
        Map<Map<String, Object>, ScopeSpans.Builder> byResource = new LinkedHashMap<>();
        for (GeneratedSpan root : requests) {
            ScopeSpans.Builder scope = byResource.computeIfAbsent(root.resource(), r -> ScopeSpans.newBuilder()
                    .setScope(InstrumentationScope.newBuilder().setName(SCOPE_NAME).setVersion("0.1.0")));
            addTree(scope, root, randomBytes(random, 16), ByteString.EMPTY, random);
        }
        ExportTraceServiceRequest.Builder request = ExportTraceServiceRequest.newBuilder();
        byResource.forEach((resource, scope) -> request.addResourceSpans(ResourceSpans.newBuilder()
                .setResource(Resource.newBuilder().addAllAttributes(attributes(resource)))
                .addScopeSpans(scope)));
        return request.build();
    }

    private static void addTree(ScopeSpans.Builder scope, GeneratedSpan span, ByteString traceId, ByteString parentId,
            Random random) {
        ByteString spanId = randomBytes(random, 8);
        scope.addSpans(Span.newBuilder()
                .setTraceId(traceId)
                .setSpanId(spanId)
                .setParentSpanId(parentId)
                .setName(span.name())
                .setKind(kind(span.kind()))
                .setStartTimeUnixNano(span.startNanos())
                .setEndTimeUnixNano(span.endNanos())
                .addAllAttributes(attributes(span.attributes())));
        for (GeneratedSpan child : span.children()) {
            addTree(scope, child, traceId, spanId, random);
        }
    }

    static List<KeyValue> attributes(Map<String, Object> attributes) {
        return attributes.entrySet().stream()
                .map(e -> KeyValue.newBuilder().setKey(e.getKey()).setValue(value(e.getValue())).build())
                .toList();
    }

    private static AnyValue value(Object value) {
        AnyValue.Builder v = AnyValue.newBuilder();
        if (value instanceof String s) {
            v.setStringValue(s);
        } else if (value instanceof Long l) {
            v.setIntValue(l);
        } else if (value instanceof Double d) {
            v.setDoubleValue(d);
        } else if (value instanceof Boolean b) {
            v.setBoolValue(b);
        } else {
            throw new IllegalArgumentException("attribute value must be String, Long, Double or Boolean, was " + value);
        }
        return v.build();
    }

    private static Span.SpanKind kind(GeneratedSpan.Kind kind) {
        return switch (kind) {
            case SERVER -> Span.SpanKind.SPAN_KIND_SERVER;
            case CLIENT -> Span.SpanKind.SPAN_KIND_CLIENT;
            case INTERNAL -> Span.SpanKind.SPAN_KIND_INTERNAL;
        };
    }

    private static ByteString randomBytes(Random random, int n) {
        byte[] bytes = new byte[n];
        do {
            random.nextBytes(bytes);
        } while (allZero(bytes)); // an all-zero id is invalid in OTLP
        return ByteString.copyFrom(bytes);
    }

    private static boolean allZero(byte[] bytes) {
        for (byte b : bytes) {
            if (b != 0) {
                return false;
            }
        }
        return true;
    }
}
