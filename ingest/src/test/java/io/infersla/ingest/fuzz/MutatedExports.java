package io.infersla.ingest.fuzz;

import com.google.protobuf.ByteString;
import io.infersla.core.catalog.Catalog;
import io.infersla.core.catalog.Category;
import io.opentelemetry.proto.collector.trace.v1.ExportTraceServiceRequest;
import io.opentelemetry.proto.common.v1.AnyValue;
import io.opentelemetry.proto.common.v1.ArrayValue;
import io.opentelemetry.proto.common.v1.KeyValue;
import io.opentelemetry.proto.common.v1.KeyValueList;
import io.opentelemetry.proto.resource.v1.Resource;
import io.opentelemetry.proto.trace.v1.ResourceSpans;
import io.opentelemetry.proto.trace.v1.ScopeSpans;
import io.opentelemetry.proto.trace.v1.Span;
import com.google.protobuf.util.JsonFormat;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.Arrays;
import java.util.HexFormat;
import java.util.List;
import java.util.Random;
import java.util.zip.GZIPOutputStream;

/**
 * Fuzz inputs for ingest's receivers: a realistic OTLP export (vLLM, GenAI semconv and explicit
 * {@code sla.*} spans of catalog categories, with the occasional bad value, unknown category or
 * odd timing), encoded as protobuf or OTLP JSON, then mutated the ways hostile or broken clients
 * do: flipped and inserted bytes, truncation, duplicated slices (repeated fields repeated),
 * invalid UTF-8, huge strings, deep nesting, JSON values of the wrong type, gzip bombs.
 *
 * <p>Every case is a pure function of its seed, so that a failure reported by jqwik (or by the
 * over-the-wire tests, which use the same cases) is reproduced from the seed alone.
 */
public final class MutatedExports {

    /** The receivers' body limit in these cases; the gzip bomb inflates past it. */
    public static final int BODY_LIMIT = 1024 * 1024;

    private static final List<String> CATEGORIES = Catalog.builtIn().categories().stream().map(Category::id).toList();
    private static final byte[] BOMB = gzip(new byte[2 * BODY_LIMIT]);
    private static final byte[][] INVALID_UTF8 = {
        {(byte) 0xFF}, {(byte) 0xC0, (byte) 0x80}, {(byte) 0xED, (byte) 0xA0, (byte) 0x80}, {(byte) 0xE2, (byte) 0x82},
        {(byte) 0xF8, (byte) 0x88, (byte) 0x80, (byte) 0x80, (byte) 0x80}};
    private static final String[] WRONG_JSON_VALUES = {
        "{}", "[]", "null", "true", "-1", "1e400", "\"\"", "\"zz\"", "18446744073709551616", "-9223372036854775809",
        "{\"a\":[1,{\"b\":null}]}", "\"\\ud800\"", "0.5", "[[[[[]]]]]", "\"NaN\"", "\"-Infinity\""};
    private static final String[] JSON_KEYS = {
        "resourceSpans", "scopeSpans", "spans", "attributes", "key", "value", "stringValue", "intValue", "doubleValue",
        "kvlistValue", "arrayValue", "startTimeUnixNano", "endTimeUnixNano", "traceId", "spanId", "kind", "resource"};

    private MutatedExports() {
    }

    /** The OTLP encoding of a case's body. */
    public enum Encoding {
        PROTOBUF, JSON
    }

    /**
     * One case: the body as sent and whether it is gzip-compressed ({@code Content-Encoding: gzip}).
     *
     * @param original the valid export the body was derived from (before encoding and mutation)
     * @param mutations how many mutations were applied (0: a valid export)
     */
    public record Case(long seed, Encoding encoding, boolean gzip, byte[] body, ExportTraceServiceRequest original,
            int mutations) {
        @Override
        public String toString() {
            return "seed " + seed + " " + encoding + (gzip ? "+gzip" : "") + ", " + body.length + " bytes, " + mutations
                    + " mutations";
        }
    }

    /** The case of {@code seed}; about one in eight is left valid, so that accepted spans are exercised too. */
    public static Case of(long seed, Encoding encoding, boolean gzip, Instant now) {
        Random random = new Random(seed);
        ExportTraceServiceRequest export = export(random, now);
        byte[] body = encode(export, encoding);
        int mutations = random.nextInt(8) == 0 ? 0 : 1 + random.nextInt(4);
        for (int i = 0; i < mutations; i++) {
            body = mutate(random, body, encoding);
        }
        if (gzip) {
            int gzipMutation = random.nextInt(20);
            if (gzipMutation == 0) {
                body = BOMB.clone();
            } else {
                body = gzip(body);
                if (gzipMutation == 1) {
                    body = Arrays.copyOf(body, random.nextInt(body.length));
                } else if (gzipMutation == 2 && body.length > 0) {
                    body[random.nextInt(body.length)] ^= (byte) (1 + random.nextInt(255));
                }
            }
        }
        return new Case(seed, encoding, gzip, body, export, mutations);
    }

    public static byte[] encode(ExportTraceServiceRequest export, Encoding encoding) {
        if (encoding == Encoding.PROTOBUF) {
            return export.toByteArray();
        }
        try {
            return hexIds(JsonFormat.printer().print(export)).getBytes(StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** A realistic export: 1 to 3 resources of 1 to 12 spans. */
    public static ExportTraceServiceRequest export(Random random, Instant now) {
        ExportTraceServiceRequest.Builder export = ExportTraceServiceRequest.newBuilder();
        int resources = 1 + random.nextInt(3);
        for (int r = 0; r < resources; r++) {
            Resource.Builder resource = Resource.newBuilder()
                    .addAttributes(text("service.name", pick(random, "chat-api", "rag-gateway", "asr-edge", "batch-embed")))
                    .addAttributes(text("deployment.environment.name", pick(random, "prod", "staging")));
            if (random.nextBoolean()) {
                resource.addAttributes(text("sla.category", category(random)));
            }
            if (random.nextInt(4) == 0) {
                resource.addAttributes(text("sla.hardware", pick(random, "gpu", "cpu", "npu", "edge", "quantum")));
            }
            ScopeSpans.Builder scope = ScopeSpans.newBuilder();
            int spans = 1 + random.nextInt(12);
            for (int s = 0; s < spans; s++) {
                scope.addSpans(span(random, now));
            }
            export.addResourceSpans(ResourceSpans.newBuilder().setResource(resource).addScopeSpans(scope));
        }
        return export.build();
    }

    private static Span span(Random random, Instant now) {
        long nowNanos = now.getEpochSecond() * 1_000_000_000L + now.getNano();
        long end = switch (random.nextInt(12)) {
            case 0 -> nowNanos + 600_000_000_000L; // ahead of the future skew
            case 1 -> nowNanos - 3_600_000_000_000L; // beyond the late bound
            case 2 -> 0;
            case 3 -> random.nextLong();
            default -> nowNanos - 1_000_000_000L - random.nextInt(60_000) * 1_000_000L;
        };
        double e2e = 0.2 + random.nextDouble() * 5;
        double ttft = e2e * random.nextDouble();
        long start = random.nextInt(15) == 0 ? end + 1000 : end - (long) (e2e * 1e9);
        byte[] traceId = new byte[16];
        byte[] spanId = new byte[8];
        random.nextBytes(traceId);
        random.nextBytes(spanId);
        Span.Builder span = Span.newBuilder().setTraceId(ByteString.copyFrom(traceId)).setSpanId(ByteString.copyFrom(spanId))
                .setName(pick(random, "llm_request", "chat", "retrieval", "tool", "frame", "health"))
                .setKind(Span.SpanKind.forNumber(random.nextInt(6)))
                .setStartTimeUnixNano(start).setEndTimeUnixNano(end);
        switch (random.nextInt(5)) {
            case 0 -> span.addAttributes(number("gen_ai.latency.time_to_first_token", value(random, ttft)))
                    .addAttributes(number("gen_ai.latency.e2e", value(random, e2e)))
                    .addAttributes(number("gen_ai.latency.time_in_model_decode", value(random, e2e - ttft)))
                    .addAttributes(integer("gen_ai.usage.completion_tokens", random.nextInt(600) - 50))
                    .addAttributes(integer("gen_ai.usage.prompt_tokens", random.nextInt(4000)))
                    .addAttributes(text("gen_ai.response.model", "meta-llama/Llama-3.1-70B-Instruct"));
            case 1 -> span.addAttributes(number("sla.ttft_ms", value(random, ttft * 1000)))
                    .addAttributes(number("sla.e2e_ms", value(random, e2e * 1000)))
                    .addAttributes(text("sla.category", category(random)));
            case 2 -> span.addAttributes(text("gen_ai.operation.name", pick(random, "chat", "retrieval", "execute_tool")))
                    .addAttributes(integer("gen_ai.usage.input_tokens", random.nextInt(2000)))
                    .addAttributes(integer("gen_ai.usage.output_tokens", random.nextInt(500)))
                    .addAttributes(number("gen_ai.response.time_to_first_chunk", value(random, ttft)));
            case 3 -> span.addAttributes(text("sla.stream_id", "cam-" + random.nextInt(4)))
                    .addAttributes(text("sla.category", category(random)))
                    .addAttributes(number("sla.wer", value(random, random.nextDouble())))
                    .addAttributes(integer("sla.word_errors", random.nextInt(10)))
                    .addAttributes(integer("sla.reference_words", random.nextInt(100)));
            default -> span.addAttributes(text("http.route", "/v1/chat"));
        }
        if (random.nextInt(6) == 0) {
            span.addAttributes(nested(random.nextInt(12)));
        }
        if (random.nextInt(10) == 0) {
            span.addAttributes(text(pick(random, "service.name", "sla.contract", "gen_ai.request.model", "sla.category"),
                    "x".repeat(random.nextInt(2000))));
        }
        if (random.nextInt(10) == 0) {
            span.addAttributes(text("sla.ttft_ms", "not a number"));
        }
        if (random.nextInt(4) == 0 && span.getAttributesCount() > 0) {
            // A value of the wrong type or out of range for a known key.
            int index = random.nextInt(span.getAttributesCount());
            span.setAttributes(index, span.getAttributes(index).toBuilder().setValue(oddValue(random)));
        }
        if (random.nextInt(20) == 0) {
            // The same key twice, the second with another value.
            span.addAttributes(span.getAttributesCount() == 0 ? text("sla.category", "chatbot")
                    : span.getAttributes(0).toBuilder().setValue(oddValue(random)).build());
        }
        return span.build();
    }

    private static AnyValue oddValue(Random random) {
        AnyValue.Builder value = AnyValue.newBuilder();
        switch (random.nextInt(9)) {
            case 0 -> value.setIntValue(pick(random, Long.MIN_VALUE, Long.MAX_VALUE, 0L, 1L, -1L));
            case 1 -> value.setDoubleValue(pick(random, -0.0, Double.NaN, Double.NEGATIVE_INFINITY, 1e308, -1e-308));
            case 2 -> value.setBoolValue(random.nextBoolean());
            case 3 -> value.setBytesValue(ByteString.copyFrom(new byte[random.nextInt(64)]));
            case 4 -> value.setArrayValue(ArrayValue.newBuilder().addValues(AnyValue.newBuilder().setStringValue("chatbot")));
            case 5 -> value.setKvlistValue(KeyValueList.newBuilder().addValues(text("sla.category", "chatbot")));
            case 6 -> value.setStringValue(pick(random, "", " ", "1e999", "-0", "0x10", "\u0000", "NaN", "12abc"));
            case 7 -> { } // no value at all
            default -> value.setStringValue(new String(Character.toChars(0x1F600 + random.nextInt(80))).repeat(random.nextInt(300)));
        }
        return value.build();
    }

    private static double value(Random random, double realistic) {
        return switch (random.nextInt(25)) {
            case 0 -> -realistic;
            case 1 -> Double.NaN;
            case 2 -> Double.POSITIVE_INFINITY;
            case 3 -> Double.MAX_VALUE;
            case 4 -> Double.MIN_VALUE;
            default -> realistic;
        };
    }

    private static KeyValue nested(int depth) {
        AnyValue value = AnyValue.newBuilder().setStringValue("leaf").build();
        for (int i = 0; i < depth; i++) {
            value = i % 2 == 0
                    ? AnyValue.newBuilder().setKvlistValue(KeyValueList.newBuilder()
                            .addValues(KeyValue.newBuilder().setKey("k").setValue(value))).build()
                    : AnyValue.newBuilder().setArrayValue(ArrayValue.newBuilder().addValues(value)).build();
        }
        return KeyValue.newBuilder().setKey("nested").setValue(value).build();
    }

    static byte[] mutate(Random random, byte[] body, Encoding encoding) {
        int choice = random.nextInt(encoding == Encoding.JSON ? 11 : 7);
        int length = body.length;
        int at = length == 0 ? 0 : random.nextInt(length + 1);
        switch (choice) {
            case 0: { // flip bytes
                byte[] out = body.clone();
                for (int i = 0, n = 1 + random.nextInt(8); i < n && length > 0; i++) {
                    out[random.nextInt(length)] = (byte) random.nextInt(256);
                }
                return out;
            }
            case 1: // truncate
                return Arrays.copyOf(body, at);
            case 2: { // insert random bytes
                byte[] noise = new byte[1 + random.nextInt(32)];
                random.nextBytes(noise);
                return splice(body, at, at, noise);
            }
            case 3: { // duplicate a slice, up to many times: repeated fields repeated
                int from = length == 0 ? 0 : random.nextInt(length);
                int to = Math.min(length, from + 1 + random.nextInt(256));
                byte[] slice = Arrays.copyOfRange(body, from, to);
                int times = random.nextInt(4) == 0 ? 1 + random.nextInt(2000) : 1 + random.nextInt(3);
                ByteArrayOutputStream repeated = new ByteArrayOutputStream();
                for (int i = 0; i < times; i++) {
                    repeated.writeBytes(slice);
                }
                return splice(body, to, to, repeated.toByteArray());
            }
            case 4: // invalid UTF-8 inside the body (in protobuf: often inside a string field)
                return splice(body, at, at, INVALID_UTF8[random.nextInt(INVALID_UTF8.length)]);
            case 5: { // a huge string where a string is
                int quote = indexOf(body, encoding == Encoding.JSON ? (byte) '"' : (byte) 'a', at);
                byte[] huge = "A".repeat(1 + random.nextInt(200_000)).getBytes(StandardCharsets.US_ASCII);
                return quote < 0 ? body : splice(body, quote + 1, quote + 1, huge);
            }
            case 6: { // delete a slice
                int to = Math.min(length, at + 1 + random.nextInt(64));
                return splice(body, at, to, new byte[0]);
            }
            case 7: { // JSON: a value of the wrong type after a key
                String json = new String(body, StandardCharsets.UTF_8);
                String key = "\"" + JSON_KEYS[random.nextInt(JSON_KEYS.length)] + "\":";
                int k = json.indexOf(key, random.nextInt(json.length() + 1));
                if (k < 0) {
                    k = json.indexOf(key);
                }
                if (k < 0) {
                    return body;
                }
                int valueStart = k + key.length();
                int valueEnd = endOfValue(json, valueStart);
                return (json.substring(0, valueStart) + WRONG_JSON_VALUES[random.nextInt(WRONG_JSON_VALUES.length)]
                        + json.substring(valueEnd)).getBytes(StandardCharsets.UTF_8);
            }
            case 8: { // JSON: deep nesting, as arrays or as kvlist values, balanced or not
                int depth = 1 + random.nextInt(random.nextBoolean() ? 200 : 100_000);
                String open = random.nextBoolean() ? "[" : "{\"kvlistValue\":{\"values\":[{\"key\":\"k\",\"value\":";
                String close = open.equals("[") ? "]" : "}]}}";
                String deep = open.repeat(depth) + "{}" + (random.nextInt(4) == 0 ? "" : close.repeat(depth));
                String json = new String(body, StandardCharsets.UTF_8);
                int v = json.indexOf("\"value\":", random.nextInt(json.length() + 1));
                if (v < 0) {
                    return ("{\"resourceSpans\":" + deep + "}").getBytes(StandardCharsets.UTF_8);
                }
                int valueStart = v + "\"value\":".length();
                return (json.substring(0, valueStart) + deep + json.substring(endOfValue(json, valueStart)))
                        .getBytes(StandardCharsets.UTF_8);
            }
            case 9: { // JSON: duplicate keys and repeated array elements
                String json = new String(body, StandardCharsets.UTF_8);
                int s = json.indexOf("\"spans\":[");
                if (s < 0) {
                    return body;
                }
                int elementStart = s + "\"spans\":[".length();
                int elementEnd = endOfValue(json, elementStart);
                String element = json.substring(elementStart, elementEnd);
                int times = 1 + random.nextInt(random.nextBoolean() ? 3 : 500);
                return (json.substring(0, elementEnd) + ("," + element).repeat(times) + json.substring(elementEnd))
                        .getBytes(StandardCharsets.UTF_8);
            }
            default: { // JSON: a character that is not JSON at a random place
                String notJson = "{}[]\",:\\\u0000\u00e9\ud83d";
                char c = notJson.charAt(random.nextInt(notJson.length()));
                return splice(body, at, at, String.valueOf(c).getBytes(StandardCharsets.UTF_8));
            }
        }
    }

    /** The end (exclusive) of the JSON value starting at {@code start}: balanced brackets, strings skipped. */
    private static int endOfValue(String json, int start) {
        int depth = 0;
        boolean inString = false;
        for (int i = start; i < json.length(); i++) {
            char c = json.charAt(i);
            if (inString) {
                if (c == '\\') {
                    i++;
                } else if (c == '"') {
                    inString = false;
                    if (depth == 0) {
                        return i + 1;
                    }
                }
            } else if (c == '"') {
                inString = true;
            } else if (c == '{' || c == '[') {
                depth++;
            } else if (c == '}' || c == ']') {
                if (depth == 0) {
                    return i;
                }
                depth--;
                if (depth == 0) {
                    return i + 1;
                }
            } else if (c == ',' && depth == 0) {
                return i;
            }
        }
        return json.length();
    }

    /** OTLP JSON has hex trace and span ids where protobuf's JSON mapping has base64. */
    private static String hexIds(String json) {
        StringBuilder out = new StringBuilder(json.length());
        java.util.regex.Matcher m = java.util.regex.Pattern.compile("\"(traceId|spanId|parentSpanId)\": \"([^\"]*)\"")
                .matcher(json);
        while (m.find()) {
            String hex = HexFormat.of().formatHex(java.util.Base64.getDecoder().decode(m.group(2)));
            m.appendReplacement(out, "\"" + m.group(1) + "\": \"" + hex + "\"");
        }
        m.appendTail(out);
        return out.toString();
    }

    private static int indexOf(byte[] body, byte b, int from) {
        for (int i = from; i < body.length; i++) {
            if (body[i] == b) {
                return i;
            }
        }
        return -1;
    }

    private static byte[] splice(byte[] body, int from, int to, byte[] insert) {
        byte[] out = new byte[body.length - (to - from) + insert.length];
        System.arraycopy(body, 0, out, 0, from);
        System.arraycopy(insert, 0, out, from, insert.length);
        System.arraycopy(body, to, out, from + insert.length, body.length - to);
        return out;
    }

    public static byte[] gzip(byte[] bytes) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        try (GZIPOutputStream gzip = new GZIPOutputStream(out)) {
            gzip.write(bytes);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return out.toByteArray();
    }

    private static String category(Random random) {
        return random.nextInt(10) == 0 ? pick(random, "no-such-category", "", "CHATBOT") : CATEGORIES.get(random.nextInt(CATEGORIES.size()));
    }

    @SafeVarargs
    private static <T> T pick(Random random, T... options) {
        return options[random.nextInt(options.length)];
    }

    private static KeyValue text(String key, String value) {
        return KeyValue.newBuilder().setKey(key).setValue(AnyValue.newBuilder().setStringValue(value)).build();
    }

    private static KeyValue number(String key, double value) {
        return KeyValue.newBuilder().setKey(key).setValue(AnyValue.newBuilder().setDoubleValue(value)).build();
    }

    private static KeyValue integer(String key, long value) {
        return KeyValue.newBuilder().setKey(key).setValue(AnyValue.newBuilder().setIntValue(value)).build();
    }
}
