package io.infersla.engine.api;

import com.fasterxml.jackson.annotation.JsonProperty;
import java.util.List;
import org.eclipse.microprofile.openapi.annotations.media.Schema;

/** A contract's report months, each with its revisions, newest first. */
@Schema(description = "A contract's time zone and its report months, each with its revisions, newest first.")
public record ReportMonths(String contract, @JsonProperty("time_zone") String timeZone, List<Month> months) {

    @Schema(name = "ReportMonth")
    public record Month(@Schema(example = "\"2026-11\"") String month, List<ReportRevisionView> revisions) {
    }
}
