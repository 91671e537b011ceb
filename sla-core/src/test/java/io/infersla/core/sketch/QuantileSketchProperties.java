package io.infersla.core.sketch;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Random;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import net.jqwik.api.constraints.IntRange;

/**
 * The sketch's accuracy contract, checked against an exact oracle (the sorted input) on the
 * distribution shapes inference latencies take: uniform, lognormal, bimodal (cache hit / miss),
 * Pareto (heavy tail) and constant.
 */
class QuantileSketchProperties {

    private static final double[] QUANTILES = {0.5, 0.95, 0.99};
    /** The proven bound plus floating-point slack. */
    private static final double TOLERANCE = QuantileSketch.RELATIVE_ACCURACY + 1e-9;

    enum Shape { UNIFORM, LOGNORMAL, BIMODAL, PARETO, CONSTANT }

    static double[] sample(Shape shape, int n, long seed) {
        Random random = new Random(seed);
        double[] values = new double[n];
        for (int i = 0; i < n; i++) {
            values[i] = switch (shape) {
                case UNIFORM -> random.nextDouble() * 1000;
                case LOGNORMAL -> Math.exp(Math.log(200) + 0.6 * random.nextGaussian());
                case BIMODAL -> random.nextDouble() < 0.8
                        ? 20 + 5 * Math.abs(random.nextGaussian())
                        : 900 + 100 * Math.abs(random.nextGaussian());
                case PARETO -> 10 / Math.pow(1 - random.nextDouble(), 1 / 1.2);
                case CONSTANT -> 250;
            };
        }
        return values;
    }

    static void assertAccurate(QuantileSketch sketch, double[] values) {
        double[] sorted = values.clone();
        Arrays.sort(sorted);
        for (double q : QUANTILES) {
            double exact = QuantileSketch.exactQuantile(sorted, q);
            assertThat(sketch.quantile(q))
                    .as("q=%s of %d values", q, values.length)
                    .isCloseTo(exact, within(exact * TOLERANCE));
        }
    }

    @Property(tries = 60)
    void quantilesAreWithinOnePercentOfExact(
            @ForAll Shape shape, @ForAll @IntRange(min = 1, max = 5000) int n, @ForAll long seed) {
        double[] values = sample(shape, n, seed);
        QuantileSketch sketch = QuantileSketch.empty();
        for (double v : values) {
            sketch.record(v);
        }
        assertAccurate(sketch, values);
    }

    @Property(tries = 40)
    void mergingManySlicesKeepsTheBound(
            @ForAll Shape shape, @ForAll @IntRange(min = 2, max = 60) int slices, @ForAll long seed) {
        double[] values = sample(shape, slices * 50, seed);
        QuantileSketch merged = QuantileSketch.empty();
        for (int s = 0; s < slices; s++) {
            QuantileSketch slice = QuantileSketch.empty();
            for (int i = s * 50; i < (s + 1) * 50; i++) {
                slice.record(values[i]);
            }
            merged.mergeFrom(slice);
        }
        assertAccurate(merged, values);
    }

    @Property(tries = 40)
    void serializationRoundTripKeepsTheBoundAndStaysMergeable(
            @ForAll Shape shape, @ForAll @IntRange(min = 1, max = 3000) int n, @ForAll long seed) {
        double[] values = sample(shape, n, seed);
        QuantileSketch original = QuantileSketch.empty();
        for (int i = 0; i < n / 2; i++) {
            original.record(values[i]);
        }
        QuantileSketch restored = QuantileSketch.fromBytes(original.toBytes());
        QuantileSketch rest = QuantileSketch.empty();
        for (int i = n / 2; i < n; i++) {
            rest.record(values[i]);
        }
        restored.mergeFrom(QuantileSketch.fromBytes(rest.toBytes()));
        assertThat(restored.count()).isEqualTo(n);
        assertAccurate(restored, values);
    }

    @Property(tries = 30)
    void mergeIsAssociativeAndCommutative(@ForAll("threeParts") List<double[]> parts) {
        QuantileSketch a = of(parts.get(0));
        QuantileSketch b = of(parts.get(1));
        QuantileSketch c = of(parts.get(2));

        QuantileSketch abThenC = a.copy();
        abThenC.mergeFrom(b);
        abThenC.mergeFrom(c);

        QuantileSketch bc = b.copy();
        bc.mergeFrom(c);
        QuantileSketch aThenBc = a.copy();
        aThenBc.mergeFrom(bc);

        QuantileSketch cba = c.copy();
        cba.mergeFrom(b);
        cba.mergeFrom(a);

        for (double q : new double[] {0.01, 0.25, 0.5, 0.9, 0.95, 0.99, 1.0}) {
            assertThat(aThenBc.quantile(q)).as("associative at q=%s", q).isEqualTo(abThenC.quantile(q));
            assertThat(cba.quantile(q)).as("commutative at q=%s", q).isEqualTo(abThenC.quantile(q));
        }
        assertThat(cba.count()).isEqualTo(abThenC.count());
    }

    @Provide
    Arbitrary<List<double[]>> threeParts() {
        Arbitrary<double[]> part = Arbitraries.doubles().between(0, 1e6).array(double[].class).ofMinSize(1).ofMaxSize(300);
        return part.list().ofSize(3).map(ArrayList::new);
    }

    private static QuantileSketch of(double[] values) {
        QuantileSketch sketch = QuantileSketch.empty();
        for (double v : values) {
            sketch.record(v);
        }
        return sketch;
    }
}
