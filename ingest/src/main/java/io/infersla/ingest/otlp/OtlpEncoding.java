package io.infersla.ingest.otlp;

import com.google.protobuf.InvalidProtocolBufferException;
import com.google.protobuf.Message;
import io.opentelemetry.proto.collector.trace.v1.ExportTraceServiceRequest;
import java.nio.charset.StandardCharsets;
import java.util.Locale;

/** The two OTLP payload encodings: binary protobuf and OTLP JSON. */
public enum OtlpEncoding {
    PROTOBUF("application/x-protobuf"),
    JSON("application/json");

    private final String mediaType;

    OtlpEncoding(String mediaType) {
        this.mediaType = mediaType;
    }

    public String mediaType() {
        return mediaType;
    }

    /** The encoding of a {@code Content-Type} header (parameters ignored), or null when unsupported. */
    public static OtlpEncoding ofContentType(String contentType) {
        if (contentType == null) {
            return null;
        }
        int semicolon = contentType.indexOf(';');
        String type = (semicolon < 0 ? contentType : contentType.substring(0, semicolon)).trim().toLowerCase(Locale.ROOT);
        return switch (type) {
            case "application/x-protobuf", "application/protobuf" -> PROTOBUF;
            case "application/json" -> JSON;
            default -> null;
        };
    }

    public ExportTraceServiceRequest decode(byte[] body) throws InvalidProtocolBufferException {
        return this == PROTOBUF ? ExportTraceServiceRequest.parseFrom(body) : OtlpJson.parse(body);
    }

    public byte[] encode(Message message) {
        return this == PROTOBUF ? message.toByteArray() : OtlpJson.print(message).getBytes(StandardCharsets.UTF_8);
    }
}
