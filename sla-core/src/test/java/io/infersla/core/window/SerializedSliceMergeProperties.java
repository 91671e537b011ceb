package io.infersla.core.window;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.constraints.IntRange;

/**
 * A window merged from slices in their binary form must be the window merged from the live
 * slices, bit for bit: the engine keeps closed slices serialized and evaluates from the bytes,
 * and an evaluation must not depend on whether a slice was still open.
 */
class SerializedSliceMergeProperties {

    private static final Instant END = Instant.parse("2026-11-02T10:05:00Z");
    private static final Duration WINDOW = Duration.ofMinutes(5);
    private static final long SLICE_MS = 10_000;
    /** The engine stores a flags byte in front of the slice: merging must work at an offset. */
    private static final int PREFIX = 1;

    enum Shape { LOGNORMAL, PARETO, MIXED, CONSTANT, ZEROS_AND_HUGE }

    @Property(tries = 80)
    void mergingFromBytesEqualsMergingTheLiveSlices(@ForAll Shape shape, @ForAll @IntRange(min = 0, max = 40) int slices,
            @ForAll @IntRange(min = 0, max = 400) int perSlice, @ForAll long seed, @ForAll boolean mixLiveAndBytes) {
        List<Slice> live = slices(shape, slices, perSlice, seed);

        WindowStats fromLive = RollingWindow.merge(END, WINDOW, live);
        RollingWindow.Merge fromBytes = RollingWindow.begin(END, WINDOW);
        List<Slice> decoded = new ArrayList<>();
        for (int i = 0; i < live.size(); i++) {
            byte[] stored = withPrefix(live.get(i).toBytes());
            decoded.add(Slice.fromBytes(stored, PREFIX, stored.length - PREFIX));
            if (mixLiveAndBytes && i % 2 == 0) {
                fromBytes.add(live.get(i));
            } else {
                fromBytes.addBytes(stored, PREFIX, stored.length - PREFIX);
            }
        }

        assertSame(fromBytes.stats(), fromLive);
        assertSame(RollingWindow.merge(END, WINDOW, decoded), fromLive);
    }

    /** Slices at 10 s steps from 40 s before the window on, so some fall outside it at each end. */
    private static List<Slice> slices(Shape shape, int count, int perSlice, long seed) {
        Random random = new Random(seed);
        long firstStart = END.toEpochMilli() - WINDOW.toMillis() - 4 * SLICE_MS;
        List<Slice> out = new ArrayList<>();
        for (int s = 0; s < count; s++) {
            Slice slice = new Slice(Instant.ofEpochMilli(firstStart + s * SLICE_MS));
            int n = random.nextInt(perSlice + 1); // empty slices included
            for (int i = 0; i < n; i++) {
                slice.record(value(shape, random), 0.5 + random.nextInt(1000));
            }
            out.add(slice);
        }
        return out;
    }

    private static double value(Shape shape, Random random) {
        return switch (shape) {
            case LOGNORMAL -> Math.exp(Math.log(180) + 0.35 * random.nextGaussian());
            case PARETO -> 50 / Math.pow(1 - random.nextDouble(), 1 / 1.1);
            case MIXED -> {
                double u = random.nextDouble();
                yield u < 0.02 ? Math.exp(Math.log(2) + 0.3 * random.nextGaussian()) : u < 0.03 ? 60_000
                        : Math.exp(Math.log(180) + 0.35 * random.nextGaussian());
            }
            case CONSTANT -> 180;
            case ZEROS_AND_HUGE -> random.nextBoolean() ? 0 : 1e12 * random.nextDouble();
        };
    }

    private static byte[] withPrefix(byte[] sliceBytes) {
        byte[] out = new byte[PREFIX + sliceBytes.length];
        out[0] = 1;
        System.arraycopy(sliceBytes, 0, out, PREFIX, sliceBytes.length);
        return out;
    }

    private static void assertSame(WindowStats actual, WindowStats expected) {
        assertThat(actual.start()).isEqualTo(expected.start());
        assertThat(actual.end()).isEqualTo(expected.end());
        assertThat(actual.count()).isEqualTo(expected.count());
        // exact, not within a tolerance: the same doubles added in the same order
        assertThat(actual.sum()).isEqualTo(expected.sum());
        assertThat(actual.weightSum()).isEqualTo(expected.weightSum());
        assertThat(actual.weightedMean()).isEqualTo(expected.weightedMean());
        assertThat(actual.min()).isEqualTo(expected.min());
        assertThat(actual.max()).isEqualTo(expected.max());
        for (double q = 0; q <= 1.0; q += 0.01) {
            assertThat(actual.quantile(q)).as("q=%s", q).isEqualTo(expected.quantile(q));
        }
        for (double bound : new double[] {0, 1, 100, 180, 250, 1000, 60_000, 1e12}) {
            assertThat(actual.shareAtMost(bound)).as("share at most %s", bound).isEqualTo(expected.shareAtMost(bound));
        }
        assertThat(actual.sketchCopy().toBytes()).isEqualTo(expected.sketchCopy().toBytes());
    }
}
