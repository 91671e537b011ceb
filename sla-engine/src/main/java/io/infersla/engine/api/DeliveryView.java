package io.infersla.engine.api;

import com.fasterxml.jackson.annotation.JsonProperty;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import org.eclipse.microprofile.openapi.annotations.media.Schema;

/** A notification not delivered yet; its target without user info or query (either may hold a token). */
@Schema(description = "A notification not delivered yet.")
public record DeliveryView(
        long id,
        String contract,
        @JsonProperty("episode_id") String episodeId,
        @Schema(enumeration = {"pagerduty", "alertmanager", "webhook"}) String channel,
        @Schema(enumeration = {"trigger", "resolve"}) String action,
        @Schema(description = "Scheme, host, port and path only.") String target,
        @Schema(enumeration = {"pending", "retrying", "dead"}) String status,
        int attempts,
        @JsonProperty("next_attempt_at") Instant nextAttemptAt,
        @JsonProperty("last_error") String lastError,
        @JsonProperty("created_at") Instant createdAt) {

    static DeliveryView read(ResultSet rs) throws SQLException {
        return new DeliveryView(rs.getLong("id"), rs.getString("contract"), rs.getString("episode_id"),
                rs.getString("channel"), rs.getString("action"), MonitoringResource.withoutCredentials(rs.getString("target")),
                rs.getString("status"), rs.getInt("attempts"), Rows.instant(rs, "next_attempt_at"),
                rs.getString("last_error"), Rows.instant(rs, "created_at"));
    }
}
