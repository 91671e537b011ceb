package io.infersla.engine.topic;

import io.infersla.core.measure.Metric;
import io.infersla.core.window.Slice;
import java.nio.ByteBuffer;
import java.time.Duration;
import java.util.Arrays;

/**
 * A value on {@code sla.window-stats}: one closed (or corrected) slice of one metric of the
 * series in the record key. Binary, because the sketch is binary: a version byte, the metric
 * code, the slice length in seconds, then {@link Slice#toBytes()}. Consumers compute any
 * statistic from it; the storage writer stores count, sum, mean, min, max, p50, p95, p99 and
 * the sketch.
 */
public record SliceRecord(Metric metric, Duration length, Slice slice) {

    public static final byte FORMAT_VERSION = 1;

    public byte[] toBytes() {
        byte[] sliceBytes = slice.toBytes();
        return ByteBuffer.allocate(1 + 1 + 4 + sliceBytes.length)
                .put(FORMAT_VERSION)
                .put((byte) metric.code())
                .putInt(Math.toIntExact(length.toSeconds()))
                .put(sliceBytes)
                .array();
    }

    /** @throws IllegalArgumentException naming the problem when the bytes are not a slice record */
    public static SliceRecord fromBytes(byte[] bytes) {
        if (bytes.length < 6) {
            throw new IllegalArgumentException("slice record must be at least 6 bytes, was " + bytes.length);
        }
        ByteBuffer in = ByteBuffer.wrap(bytes);
        byte version = in.get();
        if (version != FORMAT_VERSION) {
            throw new IllegalArgumentException("slice record format version must be " + FORMAT_VERSION + ", was " + version);
        }
        int code = in.get();
        Metric metric = Metric.fromCode(code)
                .orElseThrow(() -> new IllegalArgumentException("slice record has unknown metric code " + code));
        int seconds = in.getInt();
        if (seconds <= 0) {
            throw new IllegalArgumentException("slice record length must be > 0 s, was " + seconds);
        }
        return new SliceRecord(metric, Duration.ofSeconds(seconds), Slice.fromBytes(Arrays.copyOfRange(bytes, 6, bytes.length)));
    }
}
