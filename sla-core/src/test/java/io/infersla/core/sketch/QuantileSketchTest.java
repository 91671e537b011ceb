package io.infersla.core.sketch;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import org.junit.jupiter.api.Test;

class QuantileSketchTest {

    @Test
    void emptySketchHasNoQuantile() {
        assertThatThrownBy(() -> QuantileSketch.empty().quantile(0.95))
                .isInstanceOf(IllegalStateException.class)
                .hasMessageContaining("empty");
    }

    @Test
    void quantileOutsideZeroToOneIsRejectedWithTheValue() {
        QuantileSketch sketch = QuantileSketch.empty();
        sketch.record(1);
        assertThatThrownBy(() -> sketch.quantile(95)).hasMessage("quantile must be in [0, 1], was 95.0");
        assertThatThrownBy(() -> sketch.quantile(Double.NaN)).hasMessageContaining("was NaN");
    }

    @Test
    void zerosAreRecordedExactly() {
        QuantileSketch sketch = QuantileSketch.empty();
        for (int i = 0; i < 100; i++) {
            sketch.record(0);
        }
        assertThat(sketch.quantile(0.5)).isZero();
        assertThat(sketch.quantile(0.99)).isZero();
        assertThat(sketch.countAtMost(0)).isEqualTo(100);
    }

    @Test
    void hugeValuesKeepTheRelativeBound() {
        QuantileSketch sketch = QuantileSketch.empty();
        sketch.record(1e12);
        sketch.record(3e15);
        assertThat(sketch.quantile(1.0)).isCloseTo(3e15, within(3e15 * 0.01));
        assertThat(sketch.quantile(0.0)).isCloseTo(1e12, within(1e12 * 0.01));
    }

    @Test
    void countAtMostSplitsAtTheBound() {
        QuantileSketch sketch = QuantileSketch.empty();
        for (int i = 1; i <= 100; i++) {
            sketch.record(i * 10);
        }
        // 300 is exactly representable within a bin of ±1%: values 10..290 are clearly below, 310.. above.
        assertThat(sketch.countAtMost(200)).isBetween(19.0, 21.0);
        assertThat(sketch.countAtMost(5)).isZero();
        assertThat(sketch.countAtMost(1e9)).isEqualTo(100);
        assertThat(sketch.countAtMost(-1)).isZero();
    }

    @Test
    void bytesOfAnotherVersionAreRejectedByName() {
        byte[] bytes = QuantileSketch.empty().toBytes();
        bytes[0] = 9;
        assertThatThrownBy(() -> QuantileSketch.fromBytes(bytes))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("sketch format version must be 1, was 9");
    }

    @Test
    void truncatedBytesAreRejected() {
        QuantileSketch sketch = QuantileSketch.empty();
        for (int i = 1; i < 500; i++) {
            sketch.record(i);
        }
        byte[] bytes = sketch.toBytes();
        assertThatThrownBy(() -> QuantileSketch.fromBytes(bytes, 0, bytes.length / 2))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageStartingWith("sketch bytes are malformed");
        assertThatThrownBy(() -> QuantileSketch.fromBytes(new byte[0])).hasMessage("sketch bytes are empty");
    }

    @Test
    void theExactQuantileIsTheValueAtRankFloorOfQTimesNMinusOne() {
        double[] twenty = new double[20];
        for (int i = 0; i < 20; i++) {
            twenty[i] = i + 1;
        }
        // rank floor(0.95 * 19) = 18: the 19th value, not the 20th.
        assertThat(QuantileSketch.exactQuantile(twenty, 0.95)).isEqualTo(19);
        assertThat(QuantileSketch.exactQuantile(twenty, 0)).isEqualTo(1);
        assertThat(QuantileSketch.exactQuantile(twenty, 1)).isEqualTo(20);
        assertThat(QuantileSketch.exactQuantile(new double[] {7}, 0.95)).isEqualTo(7);
        assertThatThrownBy(() -> QuantileSketch.exactQuantile(new double[0], 0.95)).hasMessageStartingWith("no values");
        assertThatThrownBy(() -> QuantileSketch.exactQuantile(twenty, 1.5)).hasMessageContaining("was 1.5");
    }

    @Test
    void mergingFromBytesAddsLargeWholeCountsZerosAndEveryBinExactly() {
        QuantileSketch source = QuantileSketch.empty();
        source.record(0, 3);                      // the zero bin
        source.record(5, 1);
        source.record(100, 123_456_789);          // a count of 4 bytes in the encoding
        source.record(1e9, (double) (1L << 52));  // the largest whole count a double holds exactly at this size
        QuantileSketch target = QuantileSketch.empty();
        target.record(100, 1);
        QuantileSketch expected = target.copy();
        expected.mergeFrom(source);

        byte[] bytes = source.toBytes();
        target.mergeFromBytes(bytes, 0, bytes.length);

        assertThat(target.count()).isEqualTo(expected.count());
        assertThat(target.countAtMost(0)).isEqualTo(3);
        assertThat(target.toBytes()).isEqualTo(expected.toBytes());
    }

    @Test
    void malformedBytesLeaveTheTargetUnchanged() {
        QuantileSketch source = QuantileSketch.empty();
        for (int i = 1; i <= 50; i++) {
            source.record(i);
        }
        byte[] truncated = java.util.Arrays.copyOf(source.toBytes(), source.toBytes().length - 3);
        QuantileSketch target = QuantileSketch.empty();
        target.record(7);
        byte[] before = target.toBytes();
        assertThatThrownBy(() -> target.mergeFromBytes(truncated, 0, truncated.length))
                .hasMessageStartingWith("sketch bytes are malformed");
        assertThat(target.toBytes()).isEqualTo(before);
    }
}
