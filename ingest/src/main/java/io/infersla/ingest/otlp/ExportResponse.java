package io.infersla.ingest.otlp;

import io.infersla.ingest.mapping.MappedExport;
import io.opentelemetry.proto.collector.trace.v1.ExportTracePartialSuccess;
import io.opentelemetry.proto.collector.trace.v1.ExportTraceServiceResponse;

/** The success answer of both receivers: empty, or {@code partial_success} when spans were refused. */
final class ExportResponse {

    private ExportResponse() {
    }

    static ExportTraceServiceResponse of(MappedExport export) {
        ExportTraceServiceResponse.Builder response = ExportTraceServiceResponse.newBuilder();
        if (!export.rejected().isEmpty()) {
            response.setPartialSuccess(ExportTracePartialSuccess.newBuilder()
                    .setRejectedSpans(export.rejected().size())
                    .setErrorMessage(export.rejectionSummary()));
        }
        return response.build();
    }
}
