package io.infersla.loadgen;

import java.util.Random;

/**
 * A lognormal distribution, the usual shape of serving latencies: most requests near the median,
 * a long right tail. Built from the p95 it should have, since the catalog speaks in p95s.
 *
 * @param median the 50th percentile, > 0
 * @param sigma the standard deviation of the logarithm, >= 0 (0.3: a tight service; 0.6: a noisy one)
 */
record Lognormal(double median, double sigma) {

    /** z of the 95th percentile of the standard normal distribution. */
    static final double Z95 = 1.6448536269514722;

    Lognormal {
        if (!(median > 0) || !Double.isFinite(median)) {
            throw new IllegalArgumentException("median must be finite and > 0, was " + median);
        }
        if (!(sigma >= 0) || !Double.isFinite(sigma)) {
            throw new IllegalArgumentException("sigma must be finite and >= 0, was " + sigma);
        }
    }

    /** The distribution with this p95 and spread. */
    static Lognormal withP95(double p95, double sigma) {
        return new Lognormal(p95 / Math.exp(Z95 * sigma), sigma);
    }

    double p95() {
        return median * Math.exp(Z95 * sigma);
    }

    double sample(Random random) {
        return median * Math.exp(sigma * random.nextGaussian());
    }
}
