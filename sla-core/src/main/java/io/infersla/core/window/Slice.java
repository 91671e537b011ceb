package io.infersla.core.window;

import io.infersla.core.measure.Measurement;
import io.infersla.core.sketch.BinTally;
import io.infersla.core.sketch.QuantileSketch;
import java.nio.ByteBuffer;
import java.time.Instant;
import java.util.Objects;

/**
 * Everything one slice of one series and metric needs to answer any window statistic: exact
 * count, sum, min, max, weighted sums, and a quantile sketch. Slices merge exactly (sums add,
 * sketches merge), so a window of any length is a merge of its slices.
 *
 * <p>Mutable on purpose: recording is the hot path (tens of nanoseconds, no allocation), and a
 * slice is owned by one stream task until it closes. Anything that leaves the task is either
 * the binary form ({@link #toBytes()}) or a {@link WindowStats} snapshot.
 */
public final class Slice {

    /** Version of {@link #toBytes()}; bump it and keep reading the old one when the layout changes. */
    public static final byte FORMAT_VERSION = 1;

    // Offsets in the binary form (see toBytes): version, start, count, sum, weight sum, weighted
    // sum, min, max, sketch length, reserved, then the sketch.
    private static final int START = 1;
    private static final int COUNT = START + 8;
    private static final int SUM = COUNT + 8;
    private static final int WEIGHT_SUM = SUM + 8;
    private static final int WEIGHTED_SUM = WEIGHT_SUM + 8;
    private static final int MIN = WEIGHTED_SUM + 8;
    private static final int MAX = MIN + 8;
    private static final int SKETCH_LENGTH = MAX + 8;
    private static final int HEADER_BYTES = SKETCH_LENGTH + 4 + 4;

    private final Instant start;
    private final QuantileSketch sketch;
    private long count;
    private double sum;
    private double weightSum;
    private double weightedSum;
    private double min = Double.POSITIVE_INFINITY;
    private double max = Double.NEGATIVE_INFINITY;

    public Slice(Instant start) {
        this(start, QuantileSketch.empty());
    }

    private Slice(Instant start, QuantileSketch sketch) {
        this.start = Objects.requireNonNull(start, "start");
        this.sketch = sketch;
    }

    /**
     * A slice as a row stores it ({@code sla.window_stats}, {@code sla.window_stats_hourly}): the
     * exact aggregates and the sketch's own bytes ({@link #sketchBytes()}). Min and max of an
     * empty slice are ignored.
     */
    public static Slice ofStored(Instant start, long count, double sum, double weightSum, double weightedSum,
            double min, double max, byte[] sketchBytes) {
        if (count < 0) {
            throw new IllegalArgumentException("count must be >= 0, was " + count);
        }
        Slice slice = new Slice(start, sketchBytes == null || sketchBytes.length == 0
                ? QuantileSketch.empty() : QuantileSketch.fromBytes(sketchBytes));
        slice.count = count;
        slice.sum = sum;
        slice.weightSum = weightSum;
        slice.weightedSum = weightedSum;
        if (count > 0) {
            slice.min = min;
            slice.max = max;
        }
        return slice;
    }

    public void record(Measurement measurement) {
        record(measurement.value(), measurement.weight());
    }

    /**
     * Records a value already validated by {@link io.infersla.core.measure.MeasurementCheck}
     * (finite, >= 0, weight > 0); this overload exists so the hot path allocates nothing.
     */
    public void record(double value, double weight) {
        sketch.record(value);
        count++;
        sum += value;
        weightSum += weight;
        weightedSum += value * weight;
        if (value < min) {
            min = value;
        }
        if (value > max) {
            max = value;
        }
    }

    /** Adds everything {@code other} recorded, as if it had been recorded here. */
    public void mergeFrom(Slice other) {
        if (other.count == 0) {
            return;
        }
        sketch.mergeFrom(other.sketch);
        count += other.count;
        sum += other.sum;
        weightSum += other.weightSum;
        weightedSum += other.weightedSum;
        min = Math.min(min, other.min);
        max = Math.max(max, other.max);
    }

    public Instant start() {
        return start;
    }

    public long count() {
        return count;
    }

    public double sum() {
        return sum;
    }

    public double weightSum() {
        return weightSum;
    }

    public double weightedSum() {
        return weightedSum;
    }

    /** Exact minimum; meaningless (+∞) while the slice is empty. */
    public double min() {
        return min;
    }

    /** Exact maximum; meaningless (−∞) while the slice is empty. */
    public double max() {
        return max;
    }

    QuantileSketch sketch() {
        return sketch;
    }

    /** The sketch's own binary form ({@link QuantileSketch#toBytes()}), e.g. for the {@code sketch} column. */
    public byte[] sketchBytes() {
        return sketch.toBytes();
    }

    public boolean isEmpty() {
        return count == 0;
    }

    /** Statistics of this slice alone, as a snapshot: later records do not change them. */
    public WindowStats stats(java.time.Duration length) {
        Slice copy = new Slice(start);
        copy.mergeFrom(this);
        return WindowStats.of(start, start.plus(length), copy);
    }

    /**
     * The versioned binary form: a fixed header with the exact aggregates, then the sketch.
     * Typical latency slices take a few hundred bytes.
     */
    public byte[] toBytes() {
        byte[] sketchBytes = sketch.toBytes();
        ByteBuffer buffer = ByteBuffer.allocate(HEADER_BYTES + sketchBytes.length);
        buffer.put(FORMAT_VERSION)
                .putLong(start.toEpochMilli())
                .putLong(count)
                .putDouble(sum)
                .putDouble(weightSum)
                .putDouble(weightedSum)
                .putDouble(min)
                .putDouble(max)
                .putInt(sketchBytes.length)
                .putInt(0) // reserved, keeps the header 8-byte aligned for future fields
                .put(sketchBytes);
        return buffer.array();
    }

    /**
     * Reads {@link #toBytes()}.
     *
     * @throws IllegalArgumentException naming what is wrong when the bytes are not a slice
     */
    public static Slice fromBytes(byte[] bytes) {
        return fromBytes(bytes, 0, bytes.length);
    }

    /** Reads {@link #toBytes()} from {@code length} bytes at {@code offset}, e.g. inside a larger record. */
    public static Slice fromBytes(byte[] bytes, int offset, int length) {
        int sketchLength = sketchLength(bytes, offset, length);
        Slice slice = new Slice(Instant.ofEpochMilli(serializedStartMs(bytes, offset, length)),
                QuantileSketch.fromBytes(bytes, offset + HEADER_BYTES, sketchLength));
        slice.addAggregates(bytes, offset);
        return slice;
    }

    /**
     * The start (epoch millis) of a slice in its binary form, read in place.
     *
     * @throws IllegalArgumentException when the bytes are too short or of another version
     */
    public static long serializedStartMs(byte[] bytes, int offset, int length) {
        checkHeader(bytes, offset, length);
        return ByteBuffer.wrap(bytes).getLong(offset + START);
    }

    /**
     * Adds a slice in its binary form ({@link #toBytes()}), read in place: the same result as
     * {@code mergeFrom(fromBytes(...))}, but without a {@code Slice} or a sketch per merged slice.
     * This is how a window merges the slices a stream task keeps serialized once they are closed.
     *
     * @throws IllegalArgumentException naming what is wrong when the bytes are not a slice; this
     *     slice is then unchanged
     */
    public void mergeFromBytes(byte[] bytes, int offset, int length) {
        BinTally bins = new BinTally();
        mergeFromBytes(bytes, offset, length, bins);
        bins.addTo(sketch);
    }

    /**
     * Like {@link #mergeFromBytes(byte[], int, int)}, but the sketch's bins go to {@code bins},
     * and the caller adds them to {@link #sketch()} when it has added every slice: one pass over
     * the bins of a whole window instead of one per slice. Until then the exact aggregates are
     * ahead of the sketch.
     */
    void mergeFromBytes(byte[] bytes, int offset, int length, BinTally bins) {
        int sketchLength = sketchLength(bytes, offset, length);
        if (ByteBuffer.wrap(bytes).getLong(offset + COUNT) == 0) {
            return;
        }
        bins.add(bytes, offset + HEADER_BYTES, sketchLength);
        addAggregates(bytes, offset);
    }

    /** Checks the header of a slice's binary form; returns the length of its sketch. */
    private static int sketchLength(byte[] bytes, int offset, int length) {
        checkHeader(bytes, offset, length);
        ByteBuffer in = ByteBuffer.wrap(bytes);
        long count = in.getLong(offset + COUNT);
        int sketchLength = in.getInt(offset + SKETCH_LENGTH);
        if (count < 0 || sketchLength != length - HEADER_BYTES) {
            throw new IllegalArgumentException("slice bytes are malformed: count " + count
                    + ", sketch length " + sketchLength + " of " + (length - HEADER_BYTES) + " remaining");
        }
        return sketchLength;
    }

    /** Adds the exact aggregates of a slice's (checked) binary form, as {@link #mergeFrom} does. */
    private void addAggregates(byte[] bytes, int offset) {
        ByteBuffer in = ByteBuffer.wrap(bytes);
        long otherCount = in.getLong(offset + COUNT);
        if (otherCount == 0) {
            return;
        }
        count += otherCount;
        sum += in.getDouble(offset + SUM);
        weightSum += in.getDouble(offset + WEIGHT_SUM);
        weightedSum += in.getDouble(offset + WEIGHTED_SUM);
        min = Math.min(min, in.getDouble(offset + MIN));
        max = Math.max(max, in.getDouble(offset + MAX));
    }

    private static void checkHeader(byte[] bytes, int offset, int length) {
        if (length < HEADER_BYTES || offset < 0 || offset + length > bytes.length) {
            throw new IllegalArgumentException("slice bytes must be at least " + HEADER_BYTES
                    + " long, were " + Math.min(length, bytes.length - offset));
        }
        if (bytes[offset] != FORMAT_VERSION) {
            throw new IllegalArgumentException("slice format version must be " + FORMAT_VERSION + ", was " + bytes[offset]);
        }
    }
}
