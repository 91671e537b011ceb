package io.infersla.bench;

import io.infersla.core.window.Slice;
import java.time.Instant;
import java.util.Random;

/**
 * Deterministic, realistic inputs shared by the benchmarks and {@link SliceFootprint}. All values
 * are milliseconds, like every latency metric of the catalog. Generation happens in setup code,
 * never inside a measured method.
 */
public final class Workloads {

    /** A fixed slice start, aligned to the 10 s grid. */
    public static final Instant T0 = Instant.parse("2026-11-02T10:00:00Z");

    /** Median TTFT of the lognormal workload, ms. */
    public static final double TTFT_MEDIAN_MS = 180.0;
    /** Log-space standard deviation of the lognormal workload. */
    public static final double TTFT_SIGMA = 0.35;
    /** Scale (minimum) of the Pareto workload, ms. */
    public static final double PARETO_XM_MS = 50.0;
    /** Shape of the Pareto workload: below 2 the variance is infinite, so the tail is very wide. */
    public static final double PARETO_ALPHA = 1.1;
    /** The value of the constant workload, ms. */
    public static final double CONSTANT_MS = 180.0;
    /** Share of fast failures (rejected before prefill, ~2 ms) in the mixed workload. */
    public static final double MIXED_FAST_ERROR_SHARE = 0.02;
    /** Share of client timeouts in the mixed workload. */
    public static final double MIXED_TIMEOUT_SHARE = 0.01;
    /** The client timeout of the mixed workload, ms. */
    public static final double MIXED_TIMEOUT_MS = 60_000.0;

    private Workloads() {
    }

    /** The shape of a latency distribution. */
    public enum Distribution {
        /** TTFT-like: lognormal, median 180 ms, sigma 0.35 (p99 ≈ 405 ms). */
        LOGNORMAL,
        /** Wide and heavy-tailed: Pareto, x_m 50 ms, alpha 1.1 (spans 3+ decades at 2000 samples). */
        PARETO,
        /** Every value 180 ms: the narrowest possible slice. */
        CONSTANT,
        /**
         * A bad-day TTFT slice: the lognormal, plus 2% fast failures around 2 ms and 1% client
         * timeouts at 60 s, so one slice spans 4.5 decades (the widest realistic latency slice).
         */
        MIXED
    }

    /**
     * A named slice scenario, "{@code <distribution>-<samples per slice>}", e.g. {@code lognormal-200}.
     * Used as the JMH {@code @Param} value so reports read naturally.
     */
    public record Scenario(Distribution distribution, int samples) {

        public static Scenario parse(String name) {
            int dash = name.lastIndexOf('-');
            if (dash < 0) {
                throw new IllegalArgumentException("scenario must look like lognormal-200, was " + name);
            }
            return new Scenario(Distribution.valueOf(name.substring(0, dash).toUpperCase(java.util.Locale.ROOT)),
                    Integer.parseInt(name.substring(dash + 1)));
        }

        public String name() {
            return distribution.name().toLowerCase(java.util.Locale.ROOT) + "-" + samples;
        }
    }

    /** {@code n} values of {@code distribution}, reproducible from {@code seed}. */
    public static double[] values(Distribution distribution, int n, long seed) {
        Random random = new Random(seed);
        double[] values = new double[n];
        for (int i = 0; i < n; i++) {
            values[i] = next(distribution, random);
        }
        return values;
    }

    /** One value of {@code distribution}. */
    public static double next(Distribution distribution, Random random) {
        switch (distribution) {
            case LOGNORMAL:
                return TTFT_MEDIAN_MS * Math.exp(TTFT_SIGMA * random.nextGaussian());
            case PARETO:
                // Inverse CDF; 1 - nextDouble() is in (0, 1], so the value is finite.
                return PARETO_XM_MS / Math.pow(1.0 - random.nextDouble(), 1.0 / PARETO_ALPHA);
            case CONSTANT:
                return CONSTANT_MS;
            case MIXED: {
                double u = random.nextDouble();
                if (u < MIXED_FAST_ERROR_SHARE) {
                    return 2.0 * Math.exp(0.3 * random.nextGaussian());
                }
                if (u < MIXED_FAST_ERROR_SHARE + MIXED_TIMEOUT_SHARE) {
                    return MIXED_TIMEOUT_MS;
                }
                return TTFT_MEDIAN_MS * Math.exp(TTFT_SIGMA * random.nextGaussian());
            }
            default:
                throw new AssertionError(distribution);
        }
    }

    /** A slice starting at {@code start} holding {@code values}, each with weight 1. */
    public static Slice slice(Instant start, double[] values) {
        Slice slice = new Slice(start);
        for (double value : values) {
            slice.record(value, 1.0);
        }
        return slice;
    }

    /** A slice of {@code scenario} starting at {@code start}, with its own reproducible values. */
    public static Slice slice(Scenario scenario, Instant start, long seed) {
        return slice(start, values(scenario.distribution(), scenario.samples(), seed));
    }
}
