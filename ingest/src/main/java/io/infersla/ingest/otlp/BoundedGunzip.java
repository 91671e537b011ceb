package io.infersla.ingest.otlp;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.util.zip.GZIPInputStream;

/**
 * Decompresses a gzip body and stops as soon as the output passes the limit, so that a gzip bomb
 * (a few KiB that inflate to gigabytes) costs at most {@code limit} bytes of memory.
 */
final class BoundedGunzip {

    private BoundedGunzip() {
    }

    /**
     * @throws TooLargeException when the decompressed body exceeds {@code limit} bytes
     * @throws IOException when the body is not valid gzip
     */
    static byte[] gunzip(byte[] compressed, long limit) throws IOException, TooLargeException {
        try (GZIPInputStream in = new GZIPInputStream(new ByteArrayInputStream(compressed), 8192)) {
            byte[] out = in.readNBytes((int) Math.min(Integer.MAX_VALUE - 8, limit + 1));
            if (out.length > limit) {
                throw new TooLargeException("the body decompresses to more than " + limit + " bytes");
            }
            return out;
        }
    }

    static final class TooLargeException extends Exception {
        TooLargeException(String message) {
            super(message);
        }
    }
}
