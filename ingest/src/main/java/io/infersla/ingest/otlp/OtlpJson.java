package io.infersla.ingest.otlp;

import com.google.protobuf.ByteString;
import com.google.protobuf.InvalidProtocolBufferException;
import com.google.protobuf.MessageOrBuilder;
import com.google.protobuf.util.JsonFormat;
import io.opentelemetry.proto.collector.trace.v1.ExportTraceServiceRequest;
import io.opentelemetry.proto.trace.v1.ResourceSpans;
import io.opentelemetry.proto.trace.v1.ScopeSpans;
import io.opentelemetry.proto.trace.v1.Span;
import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.HexFormat;

/**
 * The OTLP JSON encoding (OTLP specification, "JSON Protobuf Encoding"): protobuf's canonical JSON
 * mapping with lowerCamelCase names, enums as integers, 64-bit integers as numbers or strings,
 * unknown fields ignored, and one deviation: trace and span ids are hex, not base64.
 *
 * <p>{@link JsonFormat} reads those ids as base64, which does not fail on hex text (hex digits are
 * base64 digits) but yields the wrong bytes: 32 hex digits become 24 bytes instead of 16. Base64
 * decoding of such text is reversible, so the fix-up re-encodes the 24 (or 12) bytes as base64,
 * which gives back the hex text exactly, and decodes that as hex. Any other length means the id
 * was not 32 (16) hex digits, and the request is refused as the specification requires hex.
 */
final class OtlpJson {

    private static final JsonFormat.Parser PARSER = JsonFormat.parser().ignoringUnknownFields();
    private static final JsonFormat.Printer PRINTER = JsonFormat.printer().omittingInsignificantWhitespace();
    private static final int TRACE_ID_FROM_HEX = 24;
    private static final int SPAN_ID_FROM_HEX = 12;

    private OtlpJson() {
    }

    static ExportTraceServiceRequest parse(byte[] json) throws InvalidProtocolBufferException {
        ExportTraceServiceRequest.Builder builder = ExportTraceServiceRequest.newBuilder();
        try {
            PARSER.merge(new String(json, StandardCharsets.UTF_8), builder);
        } catch (RuntimeException e) {
            // Gson reports some malformed input as unchecked exceptions.
            throw new InvalidProtocolBufferException("invalid OTLP JSON: " + e.getMessage());
        }
        fixIds(builder);
        return builder.build();
    }

    static String print(MessageOrBuilder message) {
        try {
            return PRINTER.print(message);
        } catch (InvalidProtocolBufferException e) {
            throw new IllegalStateException("cannot print " + message.getClass().getSimpleName() + " as JSON", e);
        }
    }

    private static void fixIds(ExportTraceServiceRequest.Builder request) throws InvalidProtocolBufferException {
        for (ResourceSpans.Builder resource : request.getResourceSpansBuilderList()) {
            for (ScopeSpans.Builder scope : resource.getScopeSpansBuilderList()) {
                for (Span.Builder span : scope.getSpansBuilderList()) {
                    span.setTraceId(hexId(span.getTraceId(), TRACE_ID_FROM_HEX, "traceId"));
                    span.setSpanId(hexId(span.getSpanId(), SPAN_ID_FROM_HEX, "spanId"));
                    span.setParentSpanId(hexId(span.getParentSpanId(), SPAN_ID_FROM_HEX, "parentSpanId"));
                    for (Span.Link.Builder link : span.getLinksBuilderList()) {
                        link.setTraceId(hexId(link.getTraceId(), TRACE_ID_FROM_HEX, "links.traceId"));
                        link.setSpanId(hexId(link.getSpanId(), SPAN_ID_FROM_HEX, "links.spanId"));
                    }
                }
            }
        }
    }

    private static ByteString hexId(ByteString decoded, int lengthFromHex, String field) throws InvalidProtocolBufferException {
        if (decoded.isEmpty()) {
            return decoded;
        }
        if (decoded.size() != lengthFromHex) {
            throw new InvalidProtocolBufferException(field + " must be " + (lengthFromHex * 4 / 3) + " hex digits");
        }
        String hex = Base64.getEncoder().encodeToString(decoded.toByteArray());
        try {
            return ByteString.copyFrom(HexFormat.of().parseHex(hex));
        } catch (IllegalArgumentException e) {
            throw new InvalidProtocolBufferException(field + " must be hex, was '" + hex + "'");
        }
    }
}
