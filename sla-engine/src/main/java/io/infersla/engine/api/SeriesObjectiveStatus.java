package io.infersla.engine.api;

import com.fasterxml.jackson.annotation.JsonProperty;
import io.infersla.core.request.SeriesKey;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import org.eclipse.microprofile.openapi.annotations.media.Schema;

/** The latest evaluation of one series and objective, with the series' dimensions spelled out. */
@Schema(description = "The latest evaluation of one series and objective.")
public record SeriesObjectiveStatus(
        @JsonProperty("series_key") String seriesKey,
        String contract,
        @JsonProperty("objective_id") String objectiveId,
        @JsonProperty("evaluated_at") Instant evaluatedAt,
        @JsonProperty("window_seconds") int windowSeconds,
        String statistic,
        Double value,
        Double target,
        Double limit,
        long samples,
        @Schema(enumeration = {"ok", "warning", "breach", "insufficient_data", "excused", "reported"}) String status,
        @Schema(description = "Why the evaluation is excused, e.g. 'maintenance #3: GPU driver upgrade'.") String excuse,
        String service,
        String environment,
        String model,
        String category) {

    static SeriesObjectiveStatus read(ResultSet rs) throws SQLException {
        String seriesKey = rs.getString("series_key");
        SeriesKey series = SeriesKey.parse(seriesKey);
        return new SeriesObjectiveStatus(seriesKey, rs.getString("contract"), rs.getString("objective_id"),
                Rows.instant(rs, "evaluated_at"), rs.getInt("window_seconds"), rs.getString("statistic"),
                Rows.number(rs, "value"), Rows.number(rs, "target"), Rows.number(rs, "limit"), rs.getLong("samples"),
                rs.getString("status"), rs.getString("excuse"),
                series.service(), series.environment(), series.model(), series.category());
    }
}
