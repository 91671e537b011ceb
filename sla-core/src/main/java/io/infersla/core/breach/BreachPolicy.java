package io.infersla.core.breach;

/**
 * When an episode opens and when it resolves. Requiring consecutive evaluations trades a few
 * seconds of detection latency (one evaluation step each) for not paging on a single noisy
 * window; a severe breach skips that confirmation, because a statistic far beyond its limit is
 * not noise.
 *
 * @param openAfter consecutive evaluations past the target (warning) or the limit (critical)
 *     that open an episode, and that escalate an open warning episode to critical
 * @param resolveAfter consecutive evaluations neither warning nor breach that resolve it
 * @param severeFactor a breach whose value is at least this factor beyond the limit (above
 *     limit × factor for upper bounds, below limit / factor for lower bounds) opens or escalates
 *     to critical at once; 0 turns this off
 */
public record BreachPolicy(int openAfter, int resolveAfter, double severeFactor) {

    public static final BreachPolicy DEFAULT = new BreachPolicy(2, 3, 2.0);

    public BreachPolicy {
        if (openAfter < 1) {
            throw new IllegalArgumentException("openAfter must be >= 1, was " + openAfter);
        }
        if (resolveAfter < 1) {
            throw new IllegalArgumentException("resolveAfter must be >= 1, was " + resolveAfter);
        }
        if (!(severeFactor == 0 || severeFactor > 1) || Double.isInfinite(severeFactor)) {
            throw new IllegalArgumentException("severeFactor must be 0 (off) or a finite number > 1, was " + severeFactor);
        }
    }

    /** Without the severe fast path: every episode needs {@code openAfter} confirmations. */
    public BreachPolicy(int openAfter, int resolveAfter) {
        this(openAfter, resolveAfter, 0);
    }
}
