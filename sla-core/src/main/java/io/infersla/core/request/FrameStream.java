package io.infersla.core.request;

import java.nio.charset.StandardCharsets;

/**
 * The video (or sensor) stream a request is one frame of, as a 64-bit hash of the sender's
 * {@code sla.stream_id}. The engine counts frames per stream per second to measure {@code fps};
 * it needs only to tell the streams of one series apart, so a fixed-size hash travels instead of
 * the id (up to 256 characters), and two ids of one series collide with probability about
 * n² / 2⁶⁵ (n streams): never in practice.
 *
 * <p>The hash is 64-bit FNV-1a over the id's UTF-8 bytes: stable across JVMs, versions and
 * ingest instances, which is all that is asked of it (it is not a defence against a sender who
 * wants two streams to collide; such a sender controls its own frames anyway).
 */
public record FrameStream(long id) {

    private static final long FNV_OFFSET_BASIS = 0xcbf29ce484222325L;
    private static final long FNV_PRIME = 0x100000001b3L;

    /** The stream with this {@code sla.stream_id}. */
    public static FrameStream named(String streamId) {
        long hash = FNV_OFFSET_BASIS;
        for (byte b : streamId.getBytes(StandardCharsets.UTF_8)) {
            hash ^= b & 0xFF;
            hash *= FNV_PRIME;
        }
        return new FrameStream(hash);
    }
}
