package io.infersla.core.compliance;

/**
 * One row of a contract's service-credit schedule: attainment below {@code attainmentBelow}
 * earns {@code creditPercent} of the monthly fee.
 */
public record CreditTier(double attainmentBelow, double creditPercent) {

    public CreditTier {
        if (!(attainmentBelow > 0 && attainmentBelow <= 1)) {
            throw new IllegalArgumentException("attainmentBelow must be in (0, 1], was " + attainmentBelow);
        }
        if (!(creditPercent >= 0 && creditPercent <= 100)) {
            throw new IllegalArgumentException("creditPercent must be in [0, 100], was " + creditPercent);
        }
    }
}
