package io.infersla.engine.topology;

import io.infersla.core.window.Slice;

/**
 * A slice as kept in the state store: one flags byte (bit 0: already sent to
 * {@code sla.window-stats}) and the slice's own binary form. The flag makes a restarted task
 * send exactly the slices the crashed one had not sent yet. A frozen slice in a
 * {@link SliceRing} is this same array, so it is never changed in place: a new flag is a new array.
 */
final class StoredSlice {

    /** Where the slice's binary form begins. */
    static final int SLICE_OFFSET = 1;
    private static final byte EMITTED = 1;

    private StoredSlice() {
    }

    static byte[] encode(Slice slice, boolean emitted) {
        byte[] sliceBytes = slice.toBytes();
        byte[] out = new byte[sliceBytes.length + SLICE_OFFSET];
        out[0] = emitted ? EMITTED : 0;
        System.arraycopy(sliceBytes, 0, out, SLICE_OFFSET, sliceBytes.length);
        return out;
    }

    static boolean emitted(byte[] stored) {
        return (stored[0] & EMITTED) != 0;
    }

    static byte[] withEmitted(byte[] stored, boolean emitted) {
        byte[] out = stored.clone();
        out[0] = (byte) (emitted ? out[0] | EMITTED : out[0] & ~EMITTED);
        return out;
    }

    static Slice slice(byte[] stored) {
        return Slice.fromBytes(stored, SLICE_OFFSET, stored.length - SLICE_OFFSET);
    }
}
