package io.infersla.core.compliance;

import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.OptionalDouble;

/**
 * What a contract promises per month: the attainment each objective must reach (a default, and
 * overrides per category and objective), the service credits owed when an objective misses, and
 * optionally the monthly fee so a credit can be shown as an amount.
 *
 * @param attainment the contracted attainment of every judged objective, e.g. 0.995
 * @param overrides category → objective id → contracted attainment
 * @param credits the credit tiers, applied to each objective's month
 * @param policy how the objectives' credits combine into the contract's
 * @param monthlyFee the fee the credit percent applies to, when the contract states it
 * @param currency ISO 4217 code of the fee (set exactly when the fee is)
 */
public record ComplianceTerms(
        double attainment,
        Map<String, Map<String, Double>> overrides,
        CreditSchedule credits,
        CreditPolicy policy,
        OptionalDouble monthlyFee,
        Optional<String> currency) {

    /** The attainment contracted when a contract says nothing: three nines minus a half. */
    public static final double DEFAULT_ATTAINMENT = 0.995;

    /** What a contract without compliance terms gets: 99.5% per objective and no credits. */
    public static final ComplianceTerms DEFAULT = new ComplianceTerms(DEFAULT_ATTAINMENT, Map.of(),
            new CreditSchedule(java.util.List.of()), CreditPolicy.WORST, OptionalDouble.empty(), Optional.empty());

    public ComplianceTerms {
        if (!(attainment > 0 && attainment <= 1)) {
            throw new IllegalArgumentException("attainment must be in (0, 1], was " + attainment);
        }
        overrides = Map.copyOf(overrides);
        Objects.requireNonNull(credits, "credits");
        Objects.requireNonNull(policy, "policy");
        monthlyFee = Objects.requireNonNullElse(monthlyFee, OptionalDouble.empty());
        currency = Objects.requireNonNullElse(currency, Optional.empty());
        if (monthlyFee.isPresent() != currency.isPresent()) {
            throw new IllegalArgumentException("monthly_fee and currency go together, was fee "
                    + (monthlyFee.isPresent() ? monthlyFee.getAsDouble() : "absent") + " and currency " + currency.orElse("absent"));
        }
    }

    /** The attainment contracted for one objective of one category. */
    public double attainmentFor(String category, String objectiveId) {
        Double override = overrides.getOrDefault(category, Map.of()).get(objectiveId);
        return override == null ? attainment : override;
    }

    /** How the credits of several missed objectives make the contract's credit. */
    public enum CreditPolicy {
        /** The largest credit of any objective applies (the usual cloud SLA reading). */
        WORST("worst"),
        /** The objectives' credits add up, capped at 100% of the fee. */
        SUM("sum");

        private final String id;

        CreditPolicy(String id) {
            this.id = id;
        }

        public String id() {
            return id;
        }

        public static Optional<CreditPolicy> fromId(String id) {
            for (CreditPolicy policy : values()) {
                if (policy.id.equals(id)) {
                    return Optional.of(policy);
                }
            }
            return Optional.empty();
        }

        /** The contract's credit percent from its objectives' credit percents. */
        public double combine(Iterable<Double> creditPercents) {
            double out = 0;
            for (double credit : creditPercents) {
                out = this == WORST ? Math.max(out, credit) : out + credit;
            }
            return Math.min(100, out);
        }
    }
}
