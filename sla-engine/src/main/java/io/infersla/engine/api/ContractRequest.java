package io.infersla.engine.api;

import com.fasterxml.jackson.annotation.JsonProperty;
import java.math.BigDecimal;
import java.util.List;
import java.util.Map;
import org.eclipse.microprofile.openapi.annotations.enums.SchemaType;
import org.eclipse.microprofile.openapi.annotations.media.Schema;

/**
 * The body of {@code PUT /api/v1/contracts/{contract}}, for the OpenAPI document. The resource reads
 * the body as a tree because the core's and alerting's validators name every problem with its
 * path (docs/api.md, "Contracts"); these records only describe what they accept.
 */
@Schema(name = "ContractRequest", description = "Creates or replaces a contract; secrets are merged (docs/api.md).")
public record ContractRequest(
        @JsonProperty("display_name") String displayName,
        @JsonProperty("time_zone") @Schema(description = "IANA time zone, UTC when absent.", example = "Europe/Paris")
        String timeZone,
        Definition definition,
        @Schema(description = "Write-only secrets by name: a string sets one, null removes it, names not sent are kept.")
        Map<String, String> secrets) {

    @Schema(name = "ContractDefinition", description = "Objective overrides, alert routing and compliance terms.")
    public record Definition(
            @Schema(description = "Overrides by catalog category, then objective id (docs/engine.md, \"Contract terms\").")
            Map<String, Map<String, ObjectiveOverride>> objectives,
            @Schema(type = SchemaType.OBJECT, description = "Alert routing (docs/alerting.md): pagerduty, alertmanager_urls,"
                    + " webhooks, page_from, notify_from, dashboard_url.")
            Object alerts,
            Compliance compliance) {
    }

    @Schema(name = "ObjectiveOverride")
    public record ObjectiveOverride(
            BigDecimal target,
            BigDecimal limit,
            @JsonProperty("min_samples") Integer minSamples,
            Boolean off,
            @Schema(enumeration = {"per_request", "delivered"}) String basis) {
    }

    @Schema(name = "ComplianceTerms", description = "What the monthly reports judge against (docs/reports.md).")
    public record Compliance(
            @Schema(description = "Contracted attainment, a ratio in (0, 1]; 0.995 when absent.") BigDecimal attainment,
            @Schema(description = "Attainment overrides by category, then objective id.")
            Map<String, Map<String, Attainment>> objectives,
            List<CreditTier> credits,
            @JsonProperty("credit_policy") @Schema(enumeration = {"worst", "sum"}) String creditPolicy,
            @JsonProperty("monthly_fee") BigDecimal monthlyFee,
            @Schema(description = "ISO 4217 code of monthly_fee.") String currency) {
    }

    @Schema(name = "Attainment")
    public record Attainment(BigDecimal attainment) {
    }

    @Schema(name = "CreditTier", description = "Attainment below 'below' earns credit_percent of the monthly fee.")
    public record CreditTier(BigDecimal below, @JsonProperty("credit_percent") BigDecimal creditPercent) {
    }
}
