package io.infersla.loadgen;

/** How the generator sends its exports to ingest, and where by default. */
public enum Protocol {
    /** OTLP/HTTP protobuf, {@code POST /v1/traces}. */
    HTTP("http", "http://127.0.0.1:4318"),
    /** OTLP/gRPC {@code TraceService/Export}. */
    GRPC("grpc", "http://127.0.0.1:4317");

    private final String id;
    private final String defaultUrl;

    Protocol(String id, String defaultUrl) {
        this.id = id;
        this.defaultUrl = defaultUrl;
    }

    public String id() {
        return id;
    }

    /** Ingest's port for this protocol on the local stack. */
    public String defaultUrl() {
        return defaultUrl;
    }

    /** @throws IllegalArgumentException naming the option and the accepted values */
    public static Protocol parse(String text) {
        for (Protocol p : values()) {
            if (p.id.equals(text)) {
                return p;
            }
        }
        throw new IllegalArgumentException("--protocol must be http or grpc, was '" + text + "'");
    }

    ExportSender open(String url, String token) {
        return switch (this) {
            case HTTP -> new OtlpHttpSender(url, token);
            case GRPC -> new OtlpGrpcSender(url, token);
        };
    }
}
