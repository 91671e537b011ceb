package io.infersla.ingest.mapping;

import com.google.protobuf.ByteString;
import io.infersla.core.measure.Measurement;
import io.infersla.core.request.InferenceRequest;
import io.opentelemetry.proto.common.v1.AnyValue;
import io.opentelemetry.proto.common.v1.KeyValue;
import io.opentelemetry.proto.resource.v1.Resource;
import io.opentelemetry.proto.trace.v1.Span;
import java.math.BigDecimal;
import java.math.MathContext;
import java.time.Duration;
import java.time.Instant;
import java.util.Comparator;
import java.util.stream.Collectors;

/** Span and resource builders and a readable rendering of requests, for the mapping tests. */
final class TestSpans {

    /** "Now" of every mapping test: spans end one second before it. */
    static final Instant NOW = Instant.parse("2026-11-28T12:00:00Z");
    static final Instant END = NOW.minusSeconds(1);

    private TestSpans() {
    }

    static KeyValue attribute(String key, Object value) {
        AnyValue.Builder v = AnyValue.newBuilder();
        if (value instanceof String s) {
            v.setStringValue(s);
        } else if (value instanceof Integer i) {
            v.setIntValue(i);
        } else if (value instanceof Long l) {
            v.setIntValue(l);
        } else if (value instanceof Double d) {
            v.setDoubleValue(d);
        } else if (value instanceof Boolean b) {
            v.setBoolValue(b);
        } else {
            throw new IllegalArgumentException("unsupported attribute value " + value);
        }
        return KeyValue.newBuilder().setKey(key).setValue(v).build();
    }

    /**
     * Attributes from text such as {@code "sla.ttft_ms=120 sla.category=chatbot"}: numbers with a
     * dot are doubles, other numbers ints, the rest strings.
     */
    static Iterable<KeyValue> attributes(String text) {
        return java.util.Arrays.stream(text.trim().split("\\s+"))
                .filter(s -> !s.isEmpty())
                .map(pair -> {
                    int eq = pair.indexOf('=');
                    String key = pair.substring(0, eq);
                    String raw = pair.substring(eq + 1);
                    Object value;
                    if (raw.matches("-?\\d+")) {
                        value = Long.parseLong(raw);
                    } else if (raw.matches("-?\\d*\\.\\d+(E-?\\d+)?")) {
                        value = Double.parseDouble(raw);
                    } else {
                        value = raw;
                    }
                    return attribute(key, value);
                })
                .toList();
    }

    static Resource resource(String text) {
        return Resource.newBuilder().addAllAttributes(attributes(text)).build();
    }

    static Span.Builder span(String name, Span.SpanKind kind, Duration duration, String attributes) {
        return Span.newBuilder()
                .setTraceId(ByteString.copyFrom(new byte[] {1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12, 13, 14, 15, 16}))
                .setSpanId(ByteString.copyFrom(new byte[] {(byte) 0xAB, 2, 3, 4, 5, 6, 7, 8}))
                .setName(name)
                .setKind(kind)
                .setStartTimeUnixNano(nanos(END.minus(duration)))
                .setEndTimeUnixNano(nanos(END))
                .addAllAttributes(attributes(attributes));
    }

    static long nanos(Instant instant) {
        return instant.getEpochSecond() * 1_000_000_000L + instant.getNano();
    }

    /**
     * The request's measurements as {@code metric=value} (weight after {@code @} when not 1),
     * sorted by metric code; values to 9 significant digits.
     */
    static String render(InferenceRequest request) {
        return request.measurements().stream()
                .sorted(Comparator.comparingInt((Measurement m) -> m.metric().code()).thenComparingDouble(Measurement::value))
                .map(m -> m.metric().id() + "=" + number(m.value()) + (m.weight() == 1.0 ? "" : "@" + number(m.weight())))
                .collect(Collectors.joining(" "));
    }

    /** The same rendering for an expected text, so that the table may list metrics in any order. */
    static String normalise(String expected) {
        return java.util.Arrays.stream(expected.trim().split("\\s+"))
                .sorted(Comparator.comparingInt((String s) -> io.infersla.core.measure.Metric
                        .fromId(s.substring(0, s.indexOf('='))).orElseThrow(() -> new IllegalArgumentException(s)).code()))
                .collect(Collectors.joining(" "));
    }

    private static String number(double value) {
        return new BigDecimal(value).round(new MathContext(9)).stripTrailingZeros().toPlainString();
    }
}
