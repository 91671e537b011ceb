package io.infersla.engine.topology;

import io.infersla.core.measure.Metric;
import java.nio.ByteBuffer;
import java.time.Instant;
import org.apache.kafka.common.utils.Bytes;

/**
 * Keys of the engine's state store. A slice key is [1][series key length][series key][metric
 * code][slice length s][slice start ms]; a series key's metadata is [2][length][series key];
 * the task clock is [3]; a series' frame counts ({@link FrameRates}) are [4][length][series key],
 * and the last second they counted is [5]; a recently counted record of a series
 * ({@link RecentRecords}) is [6][length][series key][slot] with value [sequence][content hash].
 */
final class StateKeys {

    static final byte SLICE = 1;
    static final byte SERIES = 2;
    static final byte CLOCK = 3;
    static final Bytes CLOCK_KEY = Bytes.wrap(new byte[] {CLOCK});
    static final byte FRAMES = 4;
    static final byte FRAMES_COUNTED = 5;
    static final Bytes FRAMES_COUNTED_KEY = Bytes.wrap(new byte[] {FRAMES_COUNTED});
    static final byte RECENT_RECORD = 6;

    private StateKeys() {
    }

    static Bytes slice(byte[] seriesKey, Metric metric, long lengthMs, long startMs) {
        return Bytes.wrap(ByteBuffer.allocate(1 + 2 + seriesKey.length + 1 + 4 + 8)
                .put(SLICE).putShort((short) seriesKey.length).put(seriesKey)
                .put((byte) metric.code()).putInt((int) (lengthMs / 1000)).putLong(startMs).array());
    }

    static Bytes series(byte[] seriesKey) {
        return Bytes.wrap(ByteBuffer.allocate(1 + 2 + seriesKey.length)
                .put(SERIES).putShort((short) seriesKey.length).put(seriesKey).array());
    }

    static Bytes recentRecord(byte[] seriesKey, int slot) {
        return Bytes.wrap(ByteBuffer.allocate(1 + 2 + seriesKey.length + 1)
                .put(RECENT_RECORD).putShort((short) seriesKey.length).put(seriesKey).put((byte) slot).array());
    }

    static Bytes frames(byte[] seriesKey) {
        return Bytes.wrap(ByteBuffer.allocate(1 + 2 + seriesKey.length)
                .put(FRAMES).putShort((short) seriesKey.length).put(seriesKey).array());
    }

    /** A decoded slice key. */
    record SliceKey(byte[] seriesKey, Metric metric, long lengthMs, Instant start) {
    }

    static byte[] seriesKeyOf(Bytes key) {
        ByteBuffer in = ByteBuffer.wrap(key.get());
        in.get();
        byte[] series = new byte[in.getShort()];
        in.get(series);
        return series;
    }

    static SliceKey parseSlice(Bytes key) {
        ByteBuffer in = ByteBuffer.wrap(key.get());
        in.get();
        byte[] series = new byte[in.getShort()];
        in.get(series);
        int code = in.get();
        Metric metric = Metric.fromCode(code).orElseThrow(() -> new IllegalStateException("state store holds unknown metric code " + code));
        long lengthMs = in.getInt() * 1000L;
        return new SliceKey(series, metric, lengthMs, Instant.ofEpochMilli(in.getLong()));
    }
}
