package io.infersla.core.catalog;

import io.infersla.core.window.WindowStats;
import java.util.Optional;
import java.util.OptionalDouble;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * How a window of measurements becomes one number to compare with a threshold. Each statistic
 * has a stable wire name ({@link #id()}) used in the catalog, the database and reports. A
 * statistic a window cannot have (a quantile of nothing, a ratio over zero weight) is empty.
 */
public sealed interface Statistic {

    String id();

    OptionalDouble valueOf(WindowStats window);

    /** The names accepted by {@link #parse(String)}, for error messages. */
    String ALLOWED = "p1..p99, p999, mean, min, max, sum, count, rate, weighted_mean, "
            + "cost_per_million_tokens, tail_ratio";

    static Optional<Statistic> parse(String id) {
        if (id == null) {
            return Optional.empty();
        }
        Matcher percentile = PERCENTILE.matcher(id);
        if (percentile.matches()) {
            String digits = percentile.group(1);
            double q = digits.length() <= 2
                    ? Integer.parseInt(digits) / 100.0
                    : Double.parseDouble("0." + digits);
            return q > 0 && q < 1 ? Optional.of(new Quantile(q, id)) : Optional.empty();
        }
        return Optional.ofNullable(switch (id) {
            case "mean" -> new Mean();
            case "min" -> new Min();
            case "max" -> new Max();
            case "sum" -> new Sum();
            case "count" -> new Count();
            case "rate" -> new Rate();
            case "weighted_mean" -> new WeightedMean();
            case "cost_per_million_tokens" -> new CostPerMillionTokens();
            case "tail_ratio" -> new TailRatio();
            default -> null;
        });
    }

    /** p1..p99 are percent; p999 is the 99.9th percentile. */
    Pattern PERCENTILE = Pattern.compile("p([1-9][0-9]?|99[0-9]+)");

    /** The value at quantile q: within 1% of exact (the sketch's guarantee). */
    record Quantile(double q, String id) implements Statistic {
        public Quantile {
            if (!(q > 0 && q < 1)) {
                throw new IllegalArgumentException("quantile must be in (0, 1), was " + q);
            }
        }

        @Override
        public OptionalDouble valueOf(WindowStats window) {
            return window.quantile(q);
        }
    }

    record Mean() implements Statistic {
        @Override
        public String id() {
            return "mean";
        }

        @Override
        public OptionalDouble valueOf(WindowStats window) {
            return window.mean();
        }
    }

    record Min() implements Statistic {
        @Override
        public String id() {
            return "min";
        }

        @Override
        public OptionalDouble valueOf(WindowStats window) {
            return window.min();
        }
    }

    /** The largest value: "each job's duration" below a bound means the longest one is. */
    record Max() implements Statistic {
        @Override
        public String id() {
            return "max";
        }

        @Override
        public OptionalDouble valueOf(WindowStats window) {
            return window.max();
        }
    }

    record Sum() implements Statistic {
        @Override
        public String id() {
            return "sum";
        }

        @Override
        public OptionalDouble valueOf(WindowStats window) {
            return OptionalDouble.of(window.sum());
        }
    }

    record Count() implements Statistic {
        @Override
        public String id() {
            return "count";
        }

        @Override
        public OptionalDouble valueOf(WindowStats window) {
            return OptionalDouble.of(window.count());
        }
    }

    /** Σ value per second of window: throughput in tokens/s, vectors/s, images/s. */
    record Rate() implements Statistic {
        @Override
        public String id() {
            return "rate";
        }

        @Override
        public OptionalDouble valueOf(WindowStats window) {
            return OptionalDouble.of(window.ratePerSecond());
        }
    }

    /** Σ value·weight / Σ weight: WER weighted by reference words (Σ errors / Σ words). */
    record WeightedMean() implements Statistic {
        @Override
        public String id() {
            return "weighted_mean";
        }

        @Override
        public OptionalDouble valueOf(WindowStats window) {
            return window.weightedMean();
        }
    }

    /** Σ cost / Σ tokens × 10⁶, where each cost measurement is weighted by its request's tokens. */
    record CostPerMillionTokens() implements Statistic {
        @Override
        public String id() {
            return "cost_per_million_tokens";
        }

        @Override
        public OptionalDouble valueOf(WindowStats window) {
            OptionalDouble perToken = window.sumPerWeight();
            return perToken.isPresent() ? OptionalDouble.of(perToken.getAsDouble() * 1_000_000) : perToken;
        }
    }

    /** p95 / mean: how heavy the tail is ("p95 ≤ 2× average"). Empty when the mean is 0. */
    record TailRatio() implements Statistic {
        @Override
        public String id() {
            return "tail_ratio";
        }

        @Override
        public OptionalDouble valueOf(WindowStats window) {
            OptionalDouble mean = window.mean();
            if (mean.isEmpty() || mean.getAsDouble() == 0) {
                return OptionalDouble.empty();
            }
            return OptionalDouble.of(window.quantile(0.95).getAsDouble() / mean.getAsDouble());
        }
    }
}
