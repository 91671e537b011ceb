package io.infersla.engine.api;

import com.fasterxml.jackson.annotation.JsonProperty;
import java.time.Instant;
import org.eclipse.microprofile.openapi.annotations.media.Schema;

/**
 * The body of {@code POST /api/v1/contracts/{contract}/maintenance}, for the OpenAPI document: the
 * resource validates it with the core's maintenance-window reader, which names every problem.
 */
@Schema(description = "Plans a maintenance window; service, category and model narrow it (all set must match).")
public record MaintenanceWindowRequest(
        @JsonProperty("starts_at") @Schema(required = true) Instant startsAt,
        @JsonProperty("ends_at") @Schema(required = true, description = "After starts_at.") Instant endsAt,
        String service,
        @Schema(description = "A catalog category (see /api/v1/catalog).") String category,
        String model,
        @Schema(maxLength = 1000) String reason) {
}
