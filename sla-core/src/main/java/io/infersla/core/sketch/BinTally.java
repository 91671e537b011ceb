package io.infersla.core.sketch;

import com.datadoghq.sketch.ddsketch.encoding.ByteArrayInput;
import com.datadoghq.sketch.ddsketch.encoding.VarEncodingHelper;
import com.datadoghq.sketch.ddsketch.store.Bin;
import com.datadoghq.sketch.ddsketch.store.Store;
import java.io.IOException;
import java.util.Arrays;
import java.util.Iterator;

/**
 * The bins of serialized sketches ({@link QuantileSketch#toBytes()}), read in place and added up
 * in one dense array, then added to a sketch in one pass ({@link #addTo}). This is how a window
 * merges slices kept serialized: handing each slice's bytes to DDSketch's decoder would add bin
 * by bin to the target store through its range checks, and decoding each into a sketch first
 * would allocate stores per slice. Here a bin costs a table lookup and an array add.
 *
 * <p>Exact: bin counts are whole numbers (up to 2^53), so their sums do not depend on the order
 * of the additions, and the target ends up with the same counts, and the same occupied range, as
 * merging the sketches themselves. Reads DDSketch's encoding (flag bytes, varints, the
 * contiguous, indexed and index-only bin layouts) as sketches-java 0.8.3 writes it; bytes made
 * with another index mapping are decoded by the library and rejected as unmergeable.
 *
 * <p>Not thread-safe; reusable after {@link #addTo}.
 */
public final class BinTally {

    /** How {@link QuantileSketch#toBytes()} begins after its version byte: the encoded index mapping. */
    private static final byte[] MAPPING_BYTES = encodedMapping();
    /** varfloat64 values that fit in one byte (all whole counts up to 127), decoded once by the library. */
    private static final double[] ONE_BYTE_VAR_DOUBLES = oneByteVarDoubles();
    private static final long ONE_BITS = Double.doubleToRawLongBits(1);

    // Flag bytes: type in the two low bits, sub-flag above.
    private static final int FEATURES = 0;
    private static final int POSITIVE_STORE = 1;
    private static final int ZERO_COUNT_FLAG = 1 << 2;
    private static final int INDEX_DELTAS_AND_COUNTS = 1;
    private static final int INDEX_DELTAS = 2;
    private static final int CONTIGUOUS_COUNTS = 3;

    private double[] counts = new double[0];
    /** The bin index of {@code counts[0]}. */
    private int base;
    private int low = Integer.MAX_VALUE;
    private int high = Integer.MIN_VALUE;
    private double zeroCount;

    private byte[] in;
    private int at;

    /**
     * Adds the bins of a sketch's binary form, {@code length} bytes at {@code offset}.
     *
     * @throws IllegalArgumentException when the bytes are not a sketch of a known version, are
     *     malformed, or were made with another index mapping; the tally may then hold part of them
     */
    public void add(byte[] bytes, int offset, int length) {
        QuantileSketch.checkVersion(bytes, offset, length);
        int start = offset + 1;
        int end = offset + length;
        if (end - start < MAPPING_BYTES.length
                || !Arrays.equals(bytes, start, start + MAPPING_BYTES.length, MAPPING_BYTES, 0, MAPPING_BYTES.length)) {
            addDecoded(QuantileSketch.fromBytes(bytes, offset, length));
            return;
        }
        in = bytes;
        at = start + MAPPING_BYTES.length;
        try {
            while (at < end) {
                int flag = in[at++];
                if ((flag & 3) == POSITIVE_STORE) {
                    addBins(flag >>> 2);
                } else if ((flag & 3) == FEATURES && flag == ZERO_COUNT_FLAG) {
                    zeroCount += readVarDouble();
                } else {
                    // a second mapping, or a negative store: never in the bytes of a sketch of non-negative values
                    throw new IllegalArgumentException("unexpected flag " + flag);
                }
            }
            if (at != end) {
                throw new IllegalArgumentException("the last block runs " + (at - end) + " bytes past the end");
            }
        } catch (RuntimeException e) {
            throw new IllegalArgumentException("sketch bytes are malformed: " + e.getMessage(), e);
        } finally {
            in = null;
        }
    }

    /** Adds everything tallied to {@code target}, as if each tallied sketch had been merged into it; then empties the tally. */
    public void addTo(QuantileSketch target) {
        Store store = target.positiveStore();
        int first = low;
        int last = high;
        while (first <= last && counts[first - base] == 0) {
            first++;
        }
        while (last > first && counts[last - base] == 0) {
            last--;
        }
        if (first <= last) {
            // the two ends first: the dense store then grows to the whole range at most twice,
            // not once per 64 bins as it would adding in ascending order
            store.add(last, counts[last - base]);
            counts[last - base] = 0;
            for (int index = first; index < last; index++) {
                double count = counts[index - base];
                if (count != 0) {
                    store.add(index, count);
                    counts[index - base] = 0;
                }
            }
        }
        if (zeroCount != 0) {
            target.record(0, zeroCount);
        }
        low = Integer.MAX_VALUE;
        high = Integer.MIN_VALUE;
        zeroCount = 0;
    }

    private void addBins(int mode) {
        long bins = readUnsignedVarLong();
        switch (mode) {
            case CONTIGUOUS_COUNTS -> {
                long index = readSignedVarLong();
                long step = readSignedVarLong();
                if (bins > 0 && step == 1) {
                    int first = Math.toIntExact(index);
                    int last = Math.toIntExact(index + bins - 1);
                    cover(first, last);
                    for (int i = first - base, stop = last - base; i <= stop; i++) {
                        counts[i] += checkedCount(readVarDouble());
                    }
                } else {
                    for (long b = 0; b < bins; b++, index += step) {
                        addBin(index, readVarDouble());
                    }
                }
            }
            case INDEX_DELTAS_AND_COUNTS -> {
                long index = 0;
                for (long b = 0; b < bins; b++) {
                    index += readSignedVarLong();
                    addBin(index, readVarDouble());
                }
            }
            case INDEX_DELTAS -> {
                long index = 0;
                for (long b = 0; b < bins; b++) {
                    index += readSignedVarLong();
                    addBin(index, 1);
                }
            }
            default -> throw new IllegalArgumentException("unknown bin encoding " + mode);
        }
    }

    private void addBin(long index, double count) {
        if (checkedCount(count) == 0) {
            return;
        }
        int i = Math.toIntExact(index);
        cover(i, i);
        counts[i - base] += count;
    }

    private static double checkedCount(double count) {
        if (!(count >= 0)) {
            throw new IllegalArgumentException("bin count must be >= 0, was " + count);
        }
        return count;
    }

    /** Makes {@code counts} span [first, last] and widens the tallied range to it. */
    private void cover(int first, int last) {
        int newLow = Math.min(low, first);
        int newHigh = Math.max(high, last);
        if (newLow < base || newHigh >= base + counts.length) {
            int span = newHigh - newLow + 1;
            double[] grown = new double[Math.max(64, span * 2)];
            int newBase = newLow - (grown.length - span) / 2;
            if (low <= high) {
                System.arraycopy(counts, low - base, grown, low - newBase, high - low + 1);
            }
            counts = grown;
            base = newBase;
        }
        low = newLow;
        high = newHigh;
    }

    private void addDecoded(QuantileSketch decoded) {
        decoded.checkMergeableWith(QuantileSketch.empty());
        Iterator<Bin> bins = decoded.positiveStore().getAscendingIterator();
        while (bins.hasNext()) {
            Bin bin = bins.next();
            addBin(bin.getIndex(), bin.getCount());
        }
        zeroCount += decoded.count() - decoded.positiveStore().getTotalCount();
    }

    // DDSketch's variable-length integers: 7 bits a byte, low bits first, the 9th byte whole.
    private long readUnsignedVarLong() {
        long value = 0;
        for (int shift = 0; ; shift += 7) {
            byte next = in[at++];
            if (next >= 0 || shift == 56) {
                return value | ((long) next << shift);
            }
            value |= ((long) next & 0x7F) << shift;
        }
    }

    private long readSignedVarLong() {
        long zigZag = readUnsignedVarLong();
        return (zigZag >>> 1) ^ -(zigZag & 1);
    }

    /**
     * A varfloat64: one byte for whole numbers up to 127 (a table made by the library's decoder),
     * else up to 9 bytes of 7 bits each, high bits first, the 9th byte whole; the bits are the
     * double's bits of (value + 1) minus those of 1, rotated left by 6 (sketches-java's layout).
     */
    private double readVarDouble() {
        byte next = in[at++];
        if (next >= 0) {
            return ONE_BYTE_VAR_DOUBLES[next];
        }
        long bits = 0;
        for (int shift = 57; ; shift -= 7) {
            if (shift == 1) {
                bits |= next & 0xFFL;
                break;
            }
            if (next >= 0) {
                bits |= (long) next << shift;
                break;
            }
            bits |= (next & 0x7FL) << shift;
            next = in[at++];
        }
        return Double.longBitsToDouble(Long.rotateRight(bits, 6) + ONE_BITS) - 1;
    }

    private static byte[] encodedMapping() {
        byte[] empty = QuantileSketch.empty().toBytes();
        // an empty sketch encodes the mapping and nothing else (empty stores write no block)
        return Arrays.copyOfRange(empty, 1, empty.length);
    }

    private static double[] oneByteVarDoubles() {
        double[] values = new double[128];
        try {
            for (int b = 0; b < values.length; b++) {
                values[b] = VarEncodingHelper.decodeVarDouble(ByteArrayInput.wrap(new byte[] {(byte) b}));
            }
        } catch (IOException e) {
            throw new IllegalStateException("decoding one in-memory byte cannot fail", e);
        }
        return values;
    }
}
