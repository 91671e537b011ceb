package io.infersla.core.window;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import io.infersla.core.measure.Measurement;
import io.infersla.core.measure.Metric;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class SliceTest {

    private static final SliceGrid GRID = SliceGrid.ofSeconds(10);
    private static final Instant T0 = Instant.parse("2026-11-02T10:00:00Z");

    @Test
    void slicesAreAlignedToTheEpochNotToTheFirstRecord() {
        assertThat(GRID.sliceStart(Instant.parse("2026-11-02T10:00:07.999Z"))).isEqualTo(T0);
        assertThat(GRID.sliceStart(T0)).isEqualTo(T0);
        assertThat(GRID.sliceEnd(Instant.parse("2026-11-02T10:00:10Z"))).isEqualTo(T0.plusSeconds(20));
        assertThat(GRID.sliceStart(Instant.parse("1969-12-31T23:59:59Z"))).isEqualTo(Instant.parse("1969-12-31T23:59:50Z"));
    }

    @Test
    void sliceLengthMustBeWholeSeconds() {
        assertThatThrownBy(() -> new SliceGrid(Duration.ofMillis(1500)))
                .hasMessage("sliceLength must be a whole number of seconds >= 1 s, was PT1.5S");
        assertThat(GRID.slicesIn(Duration.ofMinutes(5))).isEqualTo(30);
        assertThatThrownBy(() -> GRID.slicesIn(Duration.ofSeconds(15)))
                .hasMessageContaining("multiple of the slice length PT10S, was PT15S");
    }

    @Test
    void emptyWindowHasCountZeroAndNoMeanOrQuantile() {
        WindowStats empty = RollingWindow.merge(T0.plusSeconds(300), Duration.ofMinutes(5), List.of());
        assertThat(empty.count()).isZero();
        assertThat(empty.isEmpty()).isTrue();
        assertThat(empty.mean()).isEmpty();
        assertThat(empty.quantile(0.95)).isEmpty();
        assertThat(empty.min()).isEmpty();
        assertThat(empty.max()).isEmpty();
        assertThat(empty.weightedMean()).isEmpty();
        assertThat(empty.shareAtMost(100)).isEmpty();
        assertThat(empty.ratePerSecond()).isZero();
    }

    @Test
    void oneSampleIsEveryStatistic() {
        Slice slice = new Slice(T0);
        slice.record(Measurement.of(Metric.TTFT_MS, 123.0));
        WindowStats stats = slice.stats(Duration.ofSeconds(10));
        assertThat(stats.count()).isEqualTo(1);
        assertThat(stats.min()).hasValue(123.0);
        assertThat(stats.max()).hasValue(123.0);
        assertThat(stats.mean()).hasValue(123.0);
        assertThat(stats.quantile(0.5).getAsDouble()).isCloseTo(123.0, within(1.23));
        assertThat(stats.quantile(0.99).getAsDouble()).isCloseTo(123.0, within(1.23));
    }

    @Test
    void allEqualValuesGiveThatValueEverywhere() {
        Slice slice = new Slice(T0);
        for (int i = 0; i < 1000; i++) {
            slice.record(42.0, 1);
        }
        WindowStats stats = slice.stats(Duration.ofSeconds(10));
        assertThat(stats.min()).hasValue(42.0);
        assertThat(stats.max()).hasValue(42.0);
        assertThat(stats.mean().getAsDouble()).isCloseTo(42.0, within(1e-9));
        assertThat(stats.quantile(0.01).getAsDouble()).isCloseTo(42.0, within(0.42));
        assertThat(stats.quantile(0.99).getAsDouble()).isCloseTo(42.0, within(0.42));
    }

    @Test
    void quantilesNeverLeaveTheExactMinAndMaxSoEqualValuesMeetALimitEqualToThem() {
        Slice thirtyFps = new Slice(T0);
        for (int i = 0; i < 177; i++) {
            thirtyFps.record(30.0, 1);
        }
        // the sketch's own answer for 30 is its bucket's representative, about 29.89
        assertThat(thirtyFps.sketch().quantile(0.05)).isLessThan(30.0);

        WindowStats stats = thirtyFps.stats(Duration.ofSeconds(10));

        assertThat(stats.quantile(0.05)).hasValue(30.0);
        assertThat(stats.quantile(0.99)).hasValue(30.0);
    }

    @Test
    void quantilesBetweenTheExtremesKeepTheSketchsAnswer() {
        Slice slice = new Slice(T0);
        for (int i = 1; i <= 100; i++) {
            slice.record(i, 1);
        }
        WindowStats stats = slice.stats(Duration.ofSeconds(10));
        assertThat(stats.quantile(0.5)).hasValue(slice.sketch().quantile(0.5));
        // inside [min, max] already: the sketch's answer stands, even where it is not the exact value
        assertThat(stats.quantile(0.0)).hasValue(slice.sketch().quantile(0.0));
    }

    @Test
    void allNegativeFreeExtremesAreExactEvenWithZerosAndHugeValues() {
        Slice slice = new Slice(T0);
        slice.record(0, 1);
        slice.record(1e15, 1);
        slice.record(0, 1);
        WindowStats stats = slice.stats(Duration.ofSeconds(10));
        assertThat(stats.min()).hasValue(0.0);
        assertThat(stats.max()).hasValue(1e15);
        assertThat(stats.sum()).isEqualTo(1e15);
    }

    @Test
    void aWindowMergesOnlyTheSlicesThatStartInsideIt() {
        List<Slice> slices = new ArrayList<>();
        for (int i = 0; i < 40; i++) {
            Slice slice = new Slice(T0.plusSeconds(10L * i));
            slice.record(i, 1);
            slices.add(slice);
        }
        Instant end = T0.plusSeconds(350); // window [50 s, 350 s): slices 5..34
        WindowStats window = RollingWindow.merge(end, Duration.ofMinutes(5), slices);
        assertThat(window.count()).isEqualTo(30);
        assertThat(window.min()).hasValue(5.0);
        assertThat(window.max()).hasValue(34.0);
        assertThat(window.sum()).isEqualTo((5 + 34) * 30 / 2.0);
        assertThat(window.start()).isEqualTo(T0.plusSeconds(50));
    }

    @Test
    void statsAreASnapshotThatLaterRecordsDoNotChange() {
        Slice slice = new Slice(T0);
        slice.record(10, 1);
        WindowStats before = slice.stats(Duration.ofSeconds(10));
        slice.record(1000, 1);
        assertThat(before.count()).isEqualTo(1);
        assertThat(before.quantile(0.99).getAsDouble()).isCloseTo(10, within(0.1));
    }

    @Test
    void rateIsSumPerSecondOfWindow() {
        Slice slice = new Slice(T0);
        slice.record(600, 1);
        slice.record(900, 1);
        assertThat(slice.stats(Duration.ofMinutes(5)).ratePerSecond()).isEqualTo(5.0);
    }

    @Test
    void werIsWeightedByReferenceWordsNotAveragedPerRequest() {
        Slice slice = new Slice(T0);
        slice.record(new Measurement(Metric.WER, 0.5, 10));   // 5 errors in 10 words
        slice.record(new Measurement(Metric.WER, 0.01, 990)); // 9.9 errors in 990 words
        WindowStats stats = slice.stats(Duration.ofSeconds(10));
        assertThat(stats.weightedMean().getAsDouble()).isCloseTo(14.9 / 1000, within(1e-12));
        assertThat(stats.mean().getAsDouble()).isCloseTo(0.255, within(1e-12));
    }

    @Test
    void binaryFormRoundTripsEverything() {
        Slice slice = new Slice(T0);
        for (int i = 1; i <= 500; i++) {
            slice.record(i * 1.5, i % 3 + 1);
        }
        Slice restored = Slice.fromBytes(slice.toBytes());
        assertThat(restored.start()).isEqualTo(T0);
        assertThat(restored.count()).isEqualTo(500);
        assertThat(restored.sum()).isEqualTo(slice.sum());
        assertThat(restored.weightSum()).isEqualTo(slice.weightSum());
        assertThat(restored.weightedSum()).isEqualTo(slice.weightedSum());
        assertThat(restored.min()).isEqualTo(1.5);
        assertThat(restored.max()).isEqualTo(750.0);
        assertThat(restored.stats(Duration.ofSeconds(10)).quantile(0.95))
                .isEqualTo(slice.stats(Duration.ofSeconds(10)).quantile(0.95));
    }

    @Test
    void typicalLatencySliceSerializesUnderOneKilobyte() {
        Slice slice = new Slice(T0);
        java.util.Random random = new java.util.Random(7);
        for (int i = 0; i < 200; i++) {
            slice.record(Math.exp(Math.log(180) + 0.35 * random.nextGaussian()), 1);
        }
        assertThat(slice.toBytes().length).isLessThan(1024);
    }

    @Test
    void malformedBytesAreRejectedWithTheReason() {
        assertThatThrownBy(() -> Slice.fromBytes(new byte[3]))
                .hasMessage("slice bytes must be at least 65 long, were 3");
        byte[] bytes = new Slice(T0).toBytes();
        bytes[0] = 2;
        assertThatThrownBy(() -> Slice.fromBytes(bytes)).hasMessage("slice format version must be 1, was 2");
        byte[] truncated = java.util.Arrays.copyOf(new Slice(T0).toBytes(), 66);
        assertThatThrownBy(() -> Slice.fromBytes(truncated)).hasMessageStartingWith("slice bytes are malformed");
    }

    @Test
    void malformedBytesLeaveTheExactAggregatesOfTheTargetUnchanged() {
        Slice target = new Slice(T0);
        target.record(100, 1);
        byte[] other = new Slice(T0).toBytes();
        other[0] = 9;
        assertThatThrownBy(() -> target.mergeFromBytes(other, 0, other.length))
                .hasMessage("slice format version must be 1, was 9");
        assertThat(target.count()).isEqualTo(1);
        assertThat(target.sum()).isEqualTo(100);
    }

    @Test
    void serializedSlicesOutsideTheWindowAreIgnoredLikeLiveOnes() {
        Slice before = new Slice(T0.minusSeconds(10));
        before.record(1, 1);
        Slice inside = new Slice(T0);
        inside.record(2, 1);
        Slice atEnd = new Slice(T0.plusSeconds(300));
        atEnd.record(3, 1);
        RollingWindow.Merge merge = RollingWindow.begin(T0.plusSeconds(300), Duration.ofMinutes(5));
        for (Slice s : List.of(before, inside, atEnd)) {
            byte[] bytes = s.toBytes();
            merge.addBytes(bytes, 0, bytes.length);
        }
        WindowStats stats = merge.stats();
        assertThat(stats.count()).isEqualTo(1);
        assertThat(stats.sum()).isEqualTo(2);
        assertThatThrownBy(merge::stats).hasMessageContaining("already taken as stats");
    }
}
