package io.infersla.core.window;

import io.infersla.core.sketch.QuantileSketch;
import java.time.Duration;
import java.time.Instant;
import java.util.Objects;
import java.util.OptionalDouble;

/**
 * The statistics of one series and metric over [start, end): a merge of slices, frozen. Every
 * statistic the catalog can name is answered from here. Statistics that an empty window does not
 * have (mean, quantiles, weighted mean) are empty rather than NaN or zero, so nothing downstream
 * can mistake "no data" for "fast".
 */
public final class WindowStats {

    private final Instant start;
    private final Instant end;
    private final long count;
    private final double sum;
    private final double weightSum;
    private final double weightedSum;
    private final double min;
    private final double max;
    private final QuantileSketch sketch;

    private WindowStats(Instant start, Instant end, Slice merged) {
        this.start = Objects.requireNonNull(start, "start");
        this.end = Objects.requireNonNull(end, "end");
        if (!end.isAfter(start)) {
            throw new IllegalArgumentException("window end must be after its start, was [" + start + ", " + end + ")");
        }
        this.count = merged.count();
        this.sum = merged.sum();
        this.weightSum = merged.weightSum();
        this.weightedSum = merged.weightedSum();
        this.min = merged.min();
        this.max = merged.max();
        this.sketch = merged.sketch();
    }

    /** Takes ownership of {@code merged}: the caller must not record into it afterwards. */
    static WindowStats of(Instant start, Instant end, Slice merged) {
        return new WindowStats(start, end, merged);
    }

    public Instant start() {
        return start;
    }

    public Instant end() {
        return end;
    }

    public Duration length() {
        return Duration.between(start, end);
    }

    public long count() {
        return count;
    }

    public boolean isEmpty() {
        return count == 0;
    }

    public double sum() {
        return sum;
    }

    public double weightSum() {
        return weightSum;
    }

    public OptionalDouble min() {
        return count == 0 ? OptionalDouble.empty() : OptionalDouble.of(min);
    }

    public OptionalDouble max() {
        return count == 0 ? OptionalDouble.empty() : OptionalDouble.of(max);
    }

    public OptionalDouble mean() {
        return count == 0 ? OptionalDouble.empty() : OptionalDouble.of(sum / count);
    }

    /**
     * Value at quantile q (0..1), within 1% relative error of the exact value, and never outside
     * the window's exact min and max. The sketch answers with its bucket's representative value,
     * which for a window of equal values (every stream at exactly 30 fps) lies up to 1% below them
     * all, and a lower-bound objective whose limit every value meets would breach.
     */
    public OptionalDouble quantile(double q) {
        return count == 0 ? OptionalDouble.empty() : OptionalDouble.of(Math.max(min, Math.min(max, sketch.quantile(q))));
    }

    /** Σ value / window seconds: a throughput (tokens/s, items/s). Zero traffic is a rate of 0. */
    public double ratePerSecond() {
        return sum / (length().toMillis() / 1000.0);
    }

    /** Σ value·weight / Σ weight: e.g. WER weighted by reference words = Σ errors / Σ words. */
    public OptionalDouble weightedMean() {
        return weightSum > 0 ? OptionalDouble.of(weightedSum / weightSum) : OptionalDouble.empty();
    }

    /** Σ value / Σ weight: e.g. cost per token when the weight of a cost is its tokens. */
    public OptionalDouble sumPerWeight() {
        return weightSum > 0 ? OptionalDouble.of(sum / weightSum) : OptionalDouble.empty();
    }

    /**
     * The share of values at most {@code bound} (0..1), from the sketch: values within 1% of the
     * bound may fall on either side. Empty for an empty window.
     */
    public OptionalDouble shareAtMost(double bound) {
        if (count == 0) {
            return OptionalDouble.empty();
        }
        return OptionalDouble.of(Math.min(1.0, sketch.countAtMost(bound) / sketch.count()));
    }

    /** A copy of the window's sketch, e.g. to merge a month out of stored windows. */
    public QuantileSketch sketchCopy() {
        return sketch.copy();
    }
}
