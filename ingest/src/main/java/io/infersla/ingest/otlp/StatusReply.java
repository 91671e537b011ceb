package io.infersla.ingest.otlp;

import com.google.rpc.Code;
import com.google.rpc.Status;

/** The refusals of OTLP/HTTP: HTTP status and the {@code google.rpc.Status} code of the body. */
enum StatusReply {
    BAD_REQUEST(400, Code.INVALID_ARGUMENT),
    UNAUTHENTICATED(401, Code.UNAUTHENTICATED),
    TOO_LARGE(413, Code.RESOURCE_EXHAUSTED),
    UNSUPPORTED_MEDIA_TYPE(415, Code.INVALID_ARGUMENT),
    INTERNAL(500, Code.INTERNAL),
    UNAVAILABLE(503, Code.UNAVAILABLE);

    private final int httpStatus;
    private final Code code;

    StatusReply(int httpStatus, Code code) {
        this.httpStatus = httpStatus;
        this.code = code;
    }

    int httpStatus() {
        return httpStatus;
    }

    Status status(String message) {
        return Status.newBuilder().setCode(code.getNumber()).setMessage(message).build();
    }
}
