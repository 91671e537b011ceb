package io.infersla.core.compliance;

import io.infersla.core.catalog.Catalog;
import io.infersla.core.catalog.Category;
import io.infersla.core.json.JsonFields;
import io.infersla.core.contract.ContractTermsException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalDouble;

/**
 * Reads the {@code compliance} section of a contract definition, collecting every problem with
 * its path:
 *
 * <pre>
 * "compliance": {
 *   "attainment": 0.995,
 *   "objectives": { "chatbot": { "ttft_p95": { "attainment": 0.999 } } },
 *   "credits": [ { "below": 0.995, "credit_percent": 10 }, { "below": 0.99, "credit_percent": 25 } ],
 *   "credit_policy": "worst",
 *   "monthly_fee": 12000, "currency": "EUR"
 * }
 * </pre>
 */
public final class ComplianceTermsJson {

    private ComplianceTermsJson() {
    }

    /**
     * @param definition the whole contract definition (other sections are ignored here)
     * @return the terms, {@link ComplianceTerms#DEFAULT} when there is no compliance section
     * @throws ContractTermsException listing every problem
     */
    public static ComplianceTerms read(Catalog catalog, String where, Object definition) {
        List<String> problems = new ArrayList<>();
        JsonFields root = JsonFields.of(definition == null ? Map.of() : definition, where, problems);
        JsonFields section = root == null ? null : root.object("compliance", false);
        if (section == null) {
            if (!problems.isEmpty()) {
                throw new ContractTermsException(where, problems);
            }
            return ComplianceTerms.DEFAULT;
        }
        section.allowOnly("attainment", "objectives", "credits", "credit_policy", "monthly_fee", "currency");
        Double attainment = ratio(section, "attainment");
        Map<String, Map<String, Double>> overrides = new LinkedHashMap<>();
        JsonFields byCategory = section.object("objectives", false);
        if (byCategory != null) {
            for (String categoryId : byCategory.keys()) {
                Optional<Category> category = catalog.category(categoryId);
                if (category.isEmpty()) {
                    problems.add(byCategory.path() + "." + categoryId + ": unknown category; the catalog has "
                            + String.join(", ", catalog.categories().stream().map(Category::id).toList()));
                    continue;
                }
                JsonFields byObjective = byCategory.object(categoryId, true);
                if (byObjective == null) {
                    continue;
                }
                Map<String, Double> ratios = new LinkedHashMap<>();
                for (String objectiveId : byObjective.keys()) {
                    if (category.get().objective(objectiveId).isEmpty()) {
                        problems.add(byObjective.path() + "." + objectiveId + ": unknown objective of " + categoryId + "; it has "
                                + String.join(", ", category.get().objectives().stream().map(o -> o.id()).toList()));
                        continue;
                    }
                    JsonFields fields = byObjective.object(objectiveId, true);
                    if (fields == null) {
                        continue;
                    }
                    fields.allowOnly("attainment");
                    Double ratio = ratio(fields, "attainment");
                    if (ratio != null) {
                        ratios.put(objectiveId, ratio);
                    }
                }
                overrides.put(categoryId, Map.copyOf(ratios));
            }
        }
        List<CreditTier> tiers = new ArrayList<>();
        List<Object> credits = section.list("credits", false);
        if (credits != null) {
            for (int i = 0; i < credits.size(); i++) {
                JsonFields tier = JsonFields.of(credits.get(i), section.path() + ".credits[" + i + "]", problems);
                if (tier == null) {
                    continue;
                }
                tier.allowOnly("below", "credit_percent");
                Double below = ratio(tier, "below", true);
                Double percent = tier.number("credit_percent", true);
                if (percent != null && !(percent >= 0 && percent <= 100)) {
                    problems.add(tier.path() + ".credit_percent: must be in [0, 100], was " + percent);
                    percent = null;
                }
                if (below != null && percent != null) {
                    tiers.add(new CreditTier(below, percent));
                }
            }
        }
        CreditSchedule schedule = null;
        try {
            schedule = new CreditSchedule(tiers);
        } catch (IllegalArgumentException e) {
            problems.add(section.path() + ".credits: " + e.getMessage());
        }
        ComplianceTerms.CreditPolicy policy = section.choice("credit_policy", false,
                ComplianceTerms.CreditPolicy::fromId, "worst, sum");
        Double fee = section.number("monthly_fee", false);
        if (fee != null && !(fee >= 0)) {
            problems.add(section.path() + ".monthly_fee: must be >= 0, was " + fee);
        }
        String currency = section.string("currency", false);
        if (currency != null && !currency.matches("[A-Z]{3}")) {
            problems.add(section.path() + ".currency: must be an ISO 4217 code like EUR or USD, was '" + currency + "'");
        }
        if ((fee == null) != (currency == null)) {
            problems.add(section.path() + ": monthly_fee and currency go together; set both or neither");
        }
        if (!problems.isEmpty()) {
            throw new ContractTermsException(where, problems);
        }
        return new ComplianceTerms(
                attainment == null ? ComplianceTerms.DEFAULT_ATTAINMENT : attainment,
                overrides,
                schedule,
                policy == null ? ComplianceTerms.CreditPolicy.WORST : policy,
                fee == null ? OptionalDouble.empty() : OptionalDouble.of(fee),
                Optional.ofNullable(currency));
    }

    private static Double ratio(JsonFields fields, String key) {
        return ratio(fields, key, false);
    }

    /** A ratio in (0, 1]: 0.995, not 99.5 (percent written as a ratio is the usual mistake). */
    private static Double ratio(JsonFields fields, String key, boolean required) {
        Double value = fields.number(key, required);
        if (value != null && !(value > 0 && value <= 1)) {
            fields.problems().add(fields.path() + "." + key + ": must be a ratio in (0, 1] such as 0.995 (99.5%), was " + value);
            return null;
        }
        return value;
    }

    /** The terms as they appear in a report: what the figures were judged against. */
    public static Map<String, Object> describe(ComplianceTerms terms) {
        Map<String, Object> out = new LinkedHashMap<>();
        out.put("default_attainment", terms.attainment());
        out.put("credit_policy", terms.policy().id());
        List<Object> tiers = new ArrayList<>();
        for (CreditTier tier : terms.credits().tiers()) {
            tiers.add(Map.of("attainment_below", tier.attainmentBelow(), "credit_percent", tier.creditPercent()));
        }
        out.put("credit_tiers", tiers);
        out.put("monthly_fee", terms.monthlyFee().isPresent() ? terms.monthlyFee().getAsDouble() : null);
        out.put("currency", terms.currency().orElse(null));
        return out;
    }
}
