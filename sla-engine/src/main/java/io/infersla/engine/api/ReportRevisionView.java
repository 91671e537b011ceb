package io.infersla.engine.api;

import com.fasterxml.jackson.annotation.JsonProperty;
import io.infersla.reports.store.ReportStore;
import java.time.Instant;
import org.eclipse.microprofile.openapi.annotations.media.Schema;

/** One stored revision of a monthly report, without its body. */
@Schema(description = "A stored revision of a monthly report.")
public record ReportRevisionView(
        @Schema(example = "\"2026-11\"") String month,
        int revision,
        @Schema(enumeration = {"provisional", "final"}) String status,
        @Schema(description = "True when the figures of an already final month changed.") boolean correction,
        String sha256,
        @JsonProperty("previous_sha256") String previousSha256,
        @JsonProperty("created_at") Instant createdAt) {

    static ReportRevisionView of(ReportStore.Revision r) {
        return new ReportRevisionView(r.month().toString(), r.number(), r.status(), r.correction(), r.sha256(),
                r.previousSha256(), r.createdAt());
    }
}
