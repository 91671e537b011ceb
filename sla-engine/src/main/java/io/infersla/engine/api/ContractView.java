package io.infersla.engine.api;

import com.fasterxml.jackson.annotation.JsonProperty;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.util.Map;
import org.eclipse.microprofile.openapi.annotations.media.Schema;

/** A stored contract as the API shows it: its secrets' names only, each value masked. */
@Schema(description = "A contract: display name, time zone, definition and the names of its secrets (values masked).")
public record ContractView(
        String contract,
        @JsonProperty("display_name") String displayName,
        @JsonProperty("time_zone") @Schema(description = "IANA time zone: compliance months are calendar months there.")
        String timeZone,
        @Schema(implementation = ContractRequest.Definition.class)
        Object definition,
        @Schema(description = "Each secret's name, its value always '" + ContractsResource.MASK + "'.")
        Map<String, String> secrets,
        @JsonProperty("created_at") Instant createdAt,
        @JsonProperty("updated_at") Instant updatedAt) {

    static ContractView read(ResultSet rs) throws SQLException {
        @SuppressWarnings("unchecked")
        Map<String, String> secrets = (Map<String, String>) Rows.json(rs, "secrets");
        return new ContractView(rs.getString("contract"), rs.getString("display_name"), rs.getString("time_zone"),
                Rows.json(rs, "definition"), secrets, Rows.instant(rs, "created_at"), Rows.instant(rs, "updated_at"));
    }
}
