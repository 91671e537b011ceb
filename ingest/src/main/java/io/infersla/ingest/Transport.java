package io.infersla.ingest;

/** Where spans came in: a metrics tag. */
public enum Transport {
    HTTP("otlp_http"), GRPC("otlp_grpc"), KAFKA("otlp_spans");

    private final String id;

    Transport(String id) {
        this.id = id;
    }

    public String id() {
        return id;
    }
}
