package io.infersla.core.sketch;

import com.datadoghq.sketch.ddsketch.DDSketch;
import com.datadoghq.sketch.ddsketch.encoding.ByteArrayInput;
import com.datadoghq.sketch.ddsketch.encoding.GrowingByteArrayOutput;
import com.datadoghq.sketch.ddsketch.mapping.CubicallyInterpolatedMapping;
import com.datadoghq.sketch.ddsketch.mapping.IndexMapping;
import com.datadoghq.sketch.ddsketch.store.Bin;
import com.datadoghq.sketch.ddsketch.store.Store;
import com.datadoghq.sketch.ddsketch.store.UnboundedSizeDenseStore;
import java.io.IOException;
import java.util.Iterator;

/**
 * A mergeable quantile sketch with a proven relative-accuracy bound: every quantile it returns is
 * within {@link #RELATIVE_ACCURACY} (1%) of the exact value at that rank, however many sketches
 * were merged into it. It wraps DataDog's DDSketch with a cubically interpolated mapping (fast
 * index computation, about 1% more bins than the logarithmic optimum) and a dense store whose
 * array spans the occupied index range (a latency distribution spanning a factor of 10 needs
 * about 115 bins). DDSketch's {@code PaginatedStore} would be leaner for wide ranges, but its
 * merge throws {@code ArrayIndexOutOfBoundsException} in sketches-java 0.8.3 (found by
 * {@code QuantileSketchProperties}), so it is not used.
 *
 * <p>This class is the one mutable hot-path object of the core: recording must not allocate.
 * It is not thread-safe; each slice owns its sketch.
 *
 * <p>Binary form: one version byte ({@link #FORMAT_VERSION}) followed by DDSketch's own compact
 * encoding with the index mapping included, so a stored sketch stays readable if the default
 * mapping ever changes.
 */
public final class QuantileSketch {

    public static final double RELATIVE_ACCURACY = 0.01;
    public static final byte FORMAT_VERSION = 1;

    private static final IndexMapping MAPPING = new CubicallyInterpolatedMapping(RELATIVE_ACCURACY);

    private final DDSketch sketch;

    private QuantileSketch(DDSketch sketch) {
        this.sketch = sketch;
    }

    public static QuantileSketch empty() {
        return new QuantileSketch(new DDSketch(MAPPING, UnboundedSizeDenseStore::new));
    }

    /** Records a value; the caller has validated it (finite, >= 0) through the measure package. */
    public void record(double value) {
        sketch.accept(value);
    }

    public void record(double value, double count) {
        sketch.accept(value, count);
    }

    public void mergeFrom(QuantileSketch other) {
        sketch.mergeWith(other.sketch);
    }

    /**
     * Adds a sketch in its binary form ({@link #toBytes()}) straight into this sketch's bins,
     * without building a sketch for it (see {@link BinTally}, which does this for many at once).
     * The result equals {@code mergeFrom(fromBytes(...))}.
     *
     * @throws IllegalArgumentException when the bytes are not a sketch of a known version, are
     *     malformed, or were made with another index mapping; this sketch is then unchanged
     */
    public void mergeFromBytes(byte[] bytes, int offset, int length) {
        BinTally tally = new BinTally();
        tally.add(bytes, offset, length);
        tally.addTo(this);
    }

    Store positiveStore() {
        return sketch.getPositiveValueStore();
    }

    /** @throws IllegalArgumentException when the two sketches use different index mappings */
    void checkMergeableWith(QuantileSketch other) {
        if (!sketch.getIndexMapping().equals(other.sketch.getIndexMapping())) {
            throw new IllegalArgumentException("sketch bytes were made with another index mapping: "
                    + sketch.getIndexMapping() + ", not " + other.sketch.getIndexMapping());
        }
    }

    public QuantileSketch copy() {
        return new QuantileSketch(sketch.copy());
    }

    public boolean isEmpty() {
        return sketch.isEmpty();
    }

    public double count() {
        return sketch.getCount();
    }

    /**
     * The value at quantile {@code q} (0 ≤ q ≤ 1), within 1% of the exact value at rank
     * ⌊q·(n−1)⌋ of the sorted input ({@link #exactQuantile}).
     *
     * @throws IllegalStateException when the sketch is empty: an empty window has no quantile
     */
    public double quantile(double q) {
        if (!(q >= 0 && q <= 1)) {
            throw new IllegalArgumentException("quantile must be in [0, 1], was " + q);
        }
        if (sketch.isEmpty()) {
            throw new IllegalStateException("an empty sketch has no quantile " + q);
        }
        return sketch.getValueAtQuantile(q);
    }

    /**
     * The exact value {@link #quantile} approximates: rank ⌊q·(n−1)⌋ of {@code sorted} (ascending).
     * The one definition every oracle that checks a stored quantile against raw values uses.
     *
     * @throws IllegalArgumentException when {@code sorted} is empty or {@code q} is outside [0, 1]
     */
    public static double exactQuantile(double[] sorted, double q) {
        if (!(q >= 0 && q <= 1)) {
            throw new IllegalArgumentException("quantile must be in [0, 1], was " + q);
        }
        if (sorted.length == 0) {
            throw new IllegalArgumentException("no values: an empty set has no quantile " + q);
        }
        return sorted[(int) Math.floor(q * (sorted.length - 1))];
    }

    /**
     * How many recorded values are at most {@code bound}, counted from the bins: a value within
     * 1% of the bound may be counted on either side of it.
     */
    public double countAtMost(double bound) {
        double zeroAndBelow = sketch.getCount() - sketch.getPositiveValueStore().getTotalCount();
        if (bound < 0) {
            return 0;
        }
        double count = zeroAndBelow;
        Iterator<Bin> bins = sketch.getPositiveValueStore().getAscendingIterator();
        while (bins.hasNext()) {
            Bin bin = bins.next();
            if (sketch.getIndexMapping().value(bin.getIndex()) > bound) {
                break;
            }
            count += bin.getCount();
        }
        return count;
    }

    public byte[] toBytes() {
        GrowingByteArrayOutput out = GrowingByteArrayOutput.withInitialCapacity(64 + sketch.serializedSize());
        out.writeByte(FORMAT_VERSION);
        try {
            sketch.encode(out, false);
        } catch (IOException e) {
            throw new IllegalStateException("encoding into a growing in-memory buffer cannot fail", e);
        }
        return out.trimmedCopy();
    }

    /**
     * Reads the binary form.
     *
     * @throws IllegalArgumentException when the bytes are not a sketch of a known version
     */
    public static QuantileSketch fromBytes(byte[] bytes) {
        return fromBytes(bytes, 0, bytes.length);
    }

    public static QuantileSketch fromBytes(byte[] bytes, int offset, int length) {
        checkVersion(bytes, offset, length);
        try {
            DDSketch decoded = DDSketch.decode(
                    ByteArrayInput.wrap(bytes, offset + 1, length - 1), UnboundedSizeDenseStore::new);
            return new QuantileSketch(decoded);
        } catch (IOException | RuntimeException e) {
            throw new IllegalArgumentException("sketch bytes are malformed: " + e.getMessage(), e);
        }
    }

    static void checkVersion(byte[] bytes, int offset, int length) {
        if (length < 1) {
            throw new IllegalArgumentException("sketch bytes are empty");
        }
        if (bytes[offset] != FORMAT_VERSION) {
            throw new IllegalArgumentException(
                    "sketch format version must be " + FORMAT_VERSION + ", was " + bytes[offset]);
        }
    }
}
