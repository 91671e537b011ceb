package io.infersla.engine.api;

import com.fasterxml.jackson.annotation.JsonProperty;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import org.eclipse.microprofile.openapi.annotations.media.Schema;

/** A breach episode: from the evaluation that opened it to the one that resolved it (null while open). */
@Schema(description = "A breach episode; resolved_at is null while it is open.")
public record BreachView(
        @JsonProperty("episode_id") String episodeId,
        String contract,
        @JsonProperty("series_key") String seriesKey,
        @JsonProperty("objective_id") String objectiveId,
        @Schema(enumeration = {"warning", "critical"}) String severity,
        @JsonProperty("opened_at") Instant openedAt,
        @JsonProperty("resolved_at") Instant resolvedAt,
        @JsonProperty("peak_value") double peakValue,
        @JsonProperty("peak_at") Instant peakAt,
        @JsonProperty("dedup_key") String dedupKey,
        @JsonProperty("delivery_state") String deliveryState) {

    static BreachView read(ResultSet rs) throws SQLException {
        return new BreachView(rs.getString("episode_id"), rs.getString("contract"), rs.getString("series_key"),
                rs.getString("objective_id"), rs.getString("severity"), Rows.instant(rs, "opened_at"),
                Rows.instant(rs, "resolved_at"), rs.getDouble("peak_value"), Rows.instant(rs, "peak_at"),
                rs.getString("dedup_key"), rs.getString("delivery_state"));
    }
}
