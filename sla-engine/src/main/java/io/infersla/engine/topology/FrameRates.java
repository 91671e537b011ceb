package io.infersla.engine.topology;

import java.nio.ByteBuffer;
import java.util.HashMap;
import java.util.HashSet;
import java.util.Iterator;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.function.BiConsumer;
import java.util.function.Consumer;
import org.apache.kafka.common.utils.Bytes;

/**
 * Frames per second from frame requests: per series, per stream, the number of frames in each
 * whole second (epoch-aligned, by completion time), turned into one {@code fps} measurement per
 * complete second.
 *
 * <p>A second is complete when the task clock passes its end plus the grace, like a slice; it is
 * then counted only if the same stream also had frames in the second before and in the second
 * after. A stream's first and last seconds are partial (it starts or stops part-way through
 * them): counting them would put a low rate at each end of every stream, and the p5 objective
 * would see short, healthy streams as slow. A gap of one empty second likewise ends a stream and
 * starts another. Frames of a second already counted (later than the grace) are not counted.
 *
 * <p>State is bounded: once a stream's newest second lies before the counted seconds (no frame
 * for about two seconds plus the grace), the stream is dropped. What changed is written to the
 * state store at commit ({@link #flush}), one entry per series, so a restarted task counts on
 * where the last commit left off.
 */
final class FrameRates {

    /** Receives one complete second's frame count as an {@code fps} value at that second's start. */
    interface FpsSink {
        void fps(byte[] seriesKey, long secondStartMs, int frames);
    }

    /** Per series (its key bytes): per stream id, frames per epoch second. */
    private final Map<Bytes, Map<Long, TreeMap<Long, Integer>>> frames = new HashMap<>();
    private final Set<Bytes> dirty = new HashSet<>();
    /** Seconds up to this one are complete and counted. */
    private long countedThrough = Long.MIN_VALUE;
    private boolean countedThroughDirty;

    /** Counts one frame; false when its second was already counted (later than the grace). */
    boolean count(byte[] seriesKey, long stream, long timeMs) {
        long second = Math.floorDiv(timeMs, 1000);
        if (second <= countedThrough) {
            return false;
        }
        Bytes key = Bytes.wrap(seriesKey);
        frames.computeIfAbsent(key, k -> new HashMap<>(4))
                .computeIfAbsent(stream, s -> new TreeMap<>())
                .merge(second, 1, Integer::sum);
        dirty.add(key);
        return true;
    }

    /** Counts every second whose end plus {@code graceMs} the clock has passed, oldest first, and drops idle streams. */
    void complete(long clockMs, long graceMs, FpsSink sink) {
        long through = Math.floorDiv(clockMs - graceMs, 1000) - 1;
        if (through <= countedThrough) {
            return;
        }
        Iterator<Map.Entry<Bytes, Map<Long, TreeMap<Long, Integer>>>> bySeries = frames.entrySet().iterator();
        while (bySeries.hasNext()) {
            Map.Entry<Bytes, Map<Long, TreeMap<Long, Integer>>> series = bySeries.next();
            Iterator<TreeMap<Long, Integer>> streams = series.getValue().values().iterator();
            while (streams.hasNext()) {
                TreeMap<Long, Integer> perSecond = streams.next();
                for (Map.Entry<Long, Integer> second : perSecond.subMap(countedThrough, false, through, true).entrySet()) {
                    long s = second.getKey();
                    if (perSecond.containsKey(s - 1) && perSecond.containsKey(s + 1)) {
                        sink.fps(series.getKey().get(), s * 1000, second.getValue());
                    }
                }
                // The newest counted second stays: it is the "second before" of the next one.
                perSecond.headMap(through, false).clear();
                if (perSecond.isEmpty() || perSecond.lastKey() < through) {
                    streams.remove();
                }
            }
            dirty.add(series.getKey());
            if (series.getValue().isEmpty()) {
                bySeries.remove();
            }
        }
        countedThrough = through;
        countedThroughDirty = true;
    }

    /** Writes what changed since the last flush (into the state store: {@code put} and {@code delete}). */
    void flush(BiConsumer<Bytes, byte[]> put, Consumer<Bytes> delete) {
        for (Bytes key : dirty) {
            Map<Long, TreeMap<Long, Integer>> streams = frames.get(key);
            if (streams == null) {
                delete.accept(StateKeys.frames(key.get()));
            } else {
                put.accept(StateKeys.frames(key.get()), encode(streams));
            }
        }
        dirty.clear();
        if (countedThroughDirty) {
            put.accept(StateKeys.FRAMES_COUNTED_KEY, ByteBuffer.allocate(8).putLong(countedThrough).array());
            countedThroughDirty = false;
        }
    }

    /** Takes back one entry {@link #flush} wrote; false when the key is not this class's. */
    boolean restore(Bytes key, byte[] value) {
        byte kind = key.get()[0];
        if (kind == StateKeys.FRAMES_COUNTED) {
            countedThrough = ByteBuffer.wrap(value).getLong();
            return true;
        }
        if (kind == StateKeys.FRAMES) {
            frames.put(Bytes.wrap(StateKeys.seriesKeyOf(key)), decode(value));
            return true;
        }
        return false;
    }

    /** [streams int] then per stream: [id long][seconds int] and per second [second long][frames int]. */
    private static byte[] encode(Map<Long, TreeMap<Long, Integer>> streams) {
        int size = 4;
        for (TreeMap<Long, Integer> perSecond : streams.values()) {
            size += 8 + 4 + perSecond.size() * (8 + 4);
        }
        ByteBuffer out = ByteBuffer.allocate(size).putInt(streams.size());
        for (Map.Entry<Long, TreeMap<Long, Integer>> stream : streams.entrySet()) {
            out.putLong(stream.getKey()).putInt(stream.getValue().size());
            stream.getValue().forEach((second, count) -> out.putLong(second).putInt(count));
        }
        return out.array();
    }

    private static Map<Long, TreeMap<Long, Integer>> decode(byte[] value) {
        ByteBuffer in = ByteBuffer.wrap(value);
        int streamCount = in.getInt();
        Map<Long, TreeMap<Long, Integer>> streams = new HashMap<>(Math.max(4, streamCount * 2));
        for (int i = 0; i < streamCount; i++) {
            long id = in.getLong();
            int seconds = in.getInt();
            TreeMap<Long, Integer> perSecond = new TreeMap<>();
            for (int j = 0; j < seconds; j++) {
                perSecond.put(in.getLong(), in.getInt());
            }
            streams.put(id, perSecond);
        }
        return streams;
    }
}
