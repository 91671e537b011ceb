package io.infersla.core.compliance;

import java.util.Comparator;
import java.util.List;

/**
 * A contract's service credits, e.g. below 99.5% → 10%, below 99% → 25%, below 95% → 100%.
 * The lowest tier the attainment falls under applies (tiers do not add up), as in the public
 * cloud SLAs this mirrors.
 */
public record CreditSchedule(List<CreditTier> tiers) {

    public CreditSchedule {
        tiers = tiers.stream().sorted(Comparator.comparingDouble(CreditTier::attainmentBelow)).toList();
        for (int i = 1; i < tiers.size(); i++) {
            CreditTier lower = tiers.get(i - 1);
            CreditTier higher = tiers.get(i);
            if (lower.attainmentBelow() == higher.attainmentBelow()) {
                throw new IllegalArgumentException("two credit tiers for attainment below " + lower.attainmentBelow());
            }
            if (lower.creditPercent() < higher.creditPercent()) {
                throw new IllegalArgumentException("credit must not shrink as attainment falls: below "
                        + lower.attainmentBelow() + " gives " + lower.creditPercent() + "% but below "
                        + higher.attainmentBelow() + " gives " + higher.creditPercent() + "%");
            }
        }
    }

    /** The credit in percent of the monthly fee for an attainment ratio in [0, 1]. */
    public double creditPercentFor(double attainment) {
        if (!(attainment >= 0 && attainment <= 1)) {
            throw new IllegalArgumentException("attainment must be in [0, 1], was " + attainment);
        }
        for (CreditTier tier : tiers) {
            if (attainment < tier.attainmentBelow()) {
                return tier.creditPercent();
            }
        }
        return 0;
    }
}
