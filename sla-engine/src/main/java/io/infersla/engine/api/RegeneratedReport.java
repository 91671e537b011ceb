package io.infersla.engine.api;

import com.fasterxml.jackson.annotation.JsonProperty;
import java.time.Instant;
import org.eclipse.microprofile.openapi.annotations.media.Schema;

/** What a regeneration did: whether it stored a new revision, and the month's latest revision. */
@Schema(description = "stored: whether a new revision was stored; the rest describes the month's latest revision.")
public record RegeneratedReport(
        boolean stored,
        @Schema(example = "\"2026-11\"") String month,
        int revision,
        @Schema(enumeration = {"provisional", "final"}) String status,
        boolean correction,
        String sha256,
        @JsonProperty("previous_sha256") String previousSha256,
        @JsonProperty("created_at") Instant createdAt) {

    static RegeneratedReport of(boolean stored, ReportRevisionView latest) {
        return new RegeneratedReport(stored, latest.month(), latest.revision(), latest.status(), latest.correction(),
                latest.sha256(), latest.previousSha256(), latest.createdAt());
    }
}
