package io.infersla.engine.api;

import com.fasterxml.jackson.annotation.JsonProperty;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import org.eclipse.microprofile.openapi.annotations.media.Schema;

/** A planned maintenance window: evaluations of covered series overlapping it are excused. */
@Schema(description = "A maintenance window; service, category and model narrow it when set.")
public record MaintenanceWindowView(
        long id,
        @JsonProperty("starts_at") Instant startsAt,
        @JsonProperty("ends_at") Instant endsAt,
        String service,
        String category,
        String model,
        String reason,
        @JsonProperty("created_at") Instant createdAt) {

    static final String COLUMNS = "id, starts_at, ends_at, service, category, model, reason, created_at";

    static MaintenanceWindowView read(ResultSet rs) throws SQLException {
        return new MaintenanceWindowView(rs.getLong("id"), Rows.instant(rs, "starts_at"), Rows.instant(rs, "ends_at"),
                rs.getString("service"), rs.getString("category"), rs.getString("model"), rs.getString("reason"),
                Rows.instant(rs, "created_at"));
    }
}
