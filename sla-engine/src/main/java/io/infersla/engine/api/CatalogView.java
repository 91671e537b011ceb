package io.infersla.engine.api;

import com.fasterxml.jackson.annotation.JsonProperty;
import java.math.BigDecimal;
import java.util.List;
import org.eclipse.microprofile.openapi.annotations.media.Schema;

/**
 * The shape of {@code GET /api/v1/catalog}, for the OpenAPI document. The body itself is the
 * core's EffectiveCatalog text, the same the CLI's {@code ./infersla catalog} prints, so the two
 * cannot drift apart.
 */
@Schema(name = "Catalog", description = "The catalog with every default applied.")
public record CatalogView(@JsonProperty("catalog_version") int catalogVersion, List<Category> categories) {

    @Schema(name = "CatalogCategory")
    public record Category(String id, String name, String group, @JsonProperty("use_case") String useCase,
            @JsonProperty("model_type") String modelType, Envelope envelope, String notes, List<Objective> objectives) {
    }

    @Schema(name = "CatalogEnvelope", description = "The workload a category's thresholds assume.")
    public record Envelope(Quantity input, Quantity output, Range batch, String load, Range qps,
            @JsonProperty("load_note") String loadNote) {
    }

    @Schema(name = "CatalogQuantity")
    public record Quantity(String unit, BigDecimal min, BigDecimal max) {
    }

    @Schema(name = "CatalogRange")
    public record Range(BigDecimal min, BigDecimal max) {
    }

    @Schema(name = "CatalogObjective")
    public record Objective(String id, String metric, String unit, String statistic, String direction, BigDecimal target,
            BigDecimal limit, @JsonProperty("report_only") boolean reportOnly,
            @Schema(example = "5m") String window, @Schema(example = "1m") String step,
            @JsonProperty("min_samples") int minSamples, List<Condition> conditions, String rationale) {
    }

    @Schema(name = "CatalogCondition", description = "The objective applies only where the dimension's value is (not) in values.")
    public record Condition(String dimension, @Schema(enumeration = {"in", "not_in"}) String operator, List<String> values) {
    }
}
