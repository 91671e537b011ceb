package io.infersla.engine.topology;

import io.infersla.core.window.Slice;
import java.util.Arrays;

/**
 * A slice as kept in the state store: one flags byte (bit 0: already sent to
 * {@code sla.window-stats}) and the slice's own binary form. The flag makes a restarted task
 * send exactly the slices the crashed one had not sent yet.
 */
final class StoredSlice {

    private static final byte EMITTED = 1;

    private StoredSlice() {
    }

    static byte[] encode(Slice slice, boolean emitted) {
        byte[] sliceBytes = slice.toBytes();
        byte[] out = new byte[sliceBytes.length + 1];
        out[0] = emitted ? EMITTED : 0;
        System.arraycopy(sliceBytes, 0, out, 1, sliceBytes.length);
        return out;
    }

    static boolean emitted(byte[] stored) {
        return (stored[0] & EMITTED) != 0;
    }

    static Slice slice(byte[] stored) {
        return Slice.fromBytes(Arrays.copyOfRange(stored, 1, stored.length));
    }
}
