package io.infersla.core.breach;

/**
 * When an episode opens and when it resolves. Requiring consecutive evaluations trades a few
 * seconds of detection latency (one evaluation step each) for not paging on a single noisy
 * window.
 *
 * @param openAfter consecutive evaluations past the target (warning) or the limit (critical)
 *     that open an episode, and that escalate an open warning episode to critical
 * @param resolveAfter consecutive evaluations neither warning nor breach that resolve it
 */
public record BreachPolicy(int openAfter, int resolveAfter) {

    public static final BreachPolicy DEFAULT = new BreachPolicy(2, 3);

    public BreachPolicy {
        if (openAfter < 1) {
            throw new IllegalArgumentException("openAfter must be >= 1, was " + openAfter);
        }
        if (resolveAfter < 1) {
            throw new IllegalArgumentException("resolveAfter must be >= 1, was " + resolveAfter);
        }
    }
}
