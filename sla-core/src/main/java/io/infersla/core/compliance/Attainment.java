package io.infersla.core.compliance;

import io.infersla.core.evaluate.Status;
import java.util.OptionalDouble;

/**
 * Compliant evaluations out of judged ones. Warnings are compliant (the limit held); insufficient
 * data, excused (maintenance included) and reported evaluations are not counted at all.
 */
public record Attainment(long compliant, long judged) {

    public Attainment {
        if (compliant < 0 || judged < 0 || compliant > judged) {
            throw new IllegalArgumentException(
                    "attainment must satisfy 0 <= compliant <= judged, was " + compliant + " of " + judged);
        }
    }

    public static Attainment of(Iterable<Status> statuses) {
        long compliant = 0;
        long judged = 0;
        for (Status status : statuses) {
            if (status.isJudged()) {
                judged++;
                if (status != Status.BREACH) {
                    compliant++;
                }
            }
        }
        return new Attainment(compliant, judged);
    }

    /** compliant / judged, or empty when nothing was judged (a month with no traffic has no attainment). */
    public OptionalDouble ratio() {
        return judged == 0 ? OptionalDouble.empty() : OptionalDouble.of((double) compliant / judged);
    }

    /**
     * Whether the contracted attainment (e.g. 0.995) was met. A month with nothing judged is not
     * met: it is reported as having no data, and the contract decides what that means.
     */
    public boolean meets(double contracted) {
        if (!(contracted >= 0 && contracted <= 1)) {
            throw new IllegalArgumentException("contracted attainment must be in [0, 1], was " + contracted);
        }
        return ratio().isPresent() && ratio().getAsDouble() >= contracted;
    }
}
