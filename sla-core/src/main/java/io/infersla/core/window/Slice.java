package io.infersla.core.window;

import io.infersla.core.measure.Measurement;
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

    private static final int HEADER_BYTES = 1 + 8 + 8 + 8 + 8 + 8 + 8 + 8 + 8;

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
        if (bytes.length < HEADER_BYTES) {
            throw new IllegalArgumentException(
                    "slice bytes must be at least " + HEADER_BYTES + " long, were " + bytes.length);
        }
        ByteBuffer buffer = ByteBuffer.wrap(bytes);
        byte version = buffer.get();
        if (version != FORMAT_VERSION) {
            throw new IllegalArgumentException("slice format version must be " + FORMAT_VERSION + ", was " + version);
        }
        Instant start = Instant.ofEpochMilli(buffer.getLong());
        long count = buffer.getLong();
        double sum = buffer.getDouble();
        double weightSum = buffer.getDouble();
        double weightedSum = buffer.getDouble();
        double min = buffer.getDouble();
        double max = buffer.getDouble();
        int sketchLength = buffer.getInt();
        buffer.getInt();
        if (count < 0 || sketchLength != bytes.length - HEADER_BYTES) {
            throw new IllegalArgumentException("slice bytes are malformed: count " + count
                    + ", sketch length " + sketchLength + " of " + (bytes.length - HEADER_BYTES) + " remaining");
        }
        Slice slice = new Slice(start, QuantileSketch.fromBytes(bytes, HEADER_BYTES, sketchLength));
        slice.count = count;
        slice.sum = sum;
        slice.weightSum = weightSum;
        slice.weightedSum = weightedSum;
        slice.min = min;
        slice.max = max;
        return slice;
    }
}
