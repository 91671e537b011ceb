package io.infersla.core.request;

import io.infersla.core.measure.InvalidMeasurementException;
import io.infersla.core.measure.Measurement;
import io.infersla.core.measure.Metric;
import java.io.ByteArrayOutputStream;
import java.nio.ByteBuffer;
import java.nio.BufferUnderflowException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * The binary value of a {@code sla.requests} record: several requests of one series (the series
 * is the record key, {@link SeriesKey#toBytes()}). Batching matters: per-record overhead
 * dominates Kafka throughput, and a request is only ~20 bytes here.
 *
 * <pre>
 * version       1 byte   (1 or 2)
 * count         varint   number of requests
 * base          8 bytes  completion time of the first request, epoch microseconds
 * per request:
 *   delta       zigzag varlong, microseconds from base
 *   n           varint   version 1: number of measurements (≥ 1)
 *                        version 2: number of measurements × 2, + 1 when the request is a frame
 *   stream      8 bytes  version 2, frames only: {@link FrameStream#id()}
 *   per measurement:
 *     code      1 byte   metric code (bits 0-6), bit 7 set when a weight follows
 *     value     8 bytes  IEEE 754 double
 *     weight    8 bytes  only when bit 7 is set (weight ≠ 1)
 * </pre>
 *
 * A batch without frames is written as version 1, byte for byte as before version 2 existed, so
 * a reader that knows only version 1 keeps working for all but frame traffic while ingest and
 * the engine are upgraded one after the other; both versions are read.
 *
 * Decoding validates everything (version, lengths, metric codes, values): a corrupt record
 * fails with a message naming the problem and never yields a partial batch.
 */
public final class RequestBatchCodec {

    /** The version written when a batch holds a frame; {@link #FIRST_VERSION} otherwise. */
    public static final byte FORMAT_VERSION = 2;
    /** The version before frames: still written for batches without one, still read. */
    public static final byte FIRST_VERSION = 1;
    /** Bounds a decoded batch, so a corrupt count cannot make the consumer allocate gigabytes. */
    public static final int MAX_REQUESTS = 100_000;

    private static final int HAS_WEIGHT = 0x80;

    private RequestBatchCodec() {
    }

    public static byte[] encode(List<InferenceRequest> requests) {
        if (requests.isEmpty() || requests.size() > MAX_REQUESTS) {
            throw new IllegalArgumentException("a batch holds 1 to " + MAX_REQUESTS + " requests, had " + requests.size());
        }
        boolean frames = requests.stream().anyMatch(r -> r.frameOf().isPresent());
        ByteArrayOutputStream out = new ByteArrayOutputStream(16 + requests.size() * 24);
        out.write(frames ? FORMAT_VERSION : FIRST_VERSION);
        writeVarLong(out, requests.size());
        long base = micros(requests.get(0).completedAt());
        writeLong(out, base);
        for (InferenceRequest request : requests) {
            writeVarLong(out, zigzag(micros(request.completedAt()) - base));
            if (frames) {
                writeVarLong(out, request.measurements().size() * 2L + (request.frameOf().isPresent() ? 1 : 0));
                if (request.frameOf().isPresent()) {
                    writeLong(out, request.frameOf().get().id());
                }
            } else {
                writeVarLong(out, request.measurements().size());
            }
            for (Measurement m : request.measurements()) {
                boolean weighted = m.weight() != 1.0;
                out.write(m.metric().code() | (weighted ? HAS_WEIGHT : 0));
                writeLong(out, Double.doubleToRawLongBits(m.value()));
                if (weighted) {
                    writeLong(out, Double.doubleToRawLongBits(m.weight()));
                }
            }
        }
        return out.toByteArray();
    }

    /**
     * @throws IllegalArgumentException naming the problem when the bytes are not a valid batch
     */
    public static List<InferenceRequest> decode(byte[] bytes) {
        ByteBuffer in = ByteBuffer.wrap(bytes);
        try {
            byte version = in.get();
            if (version != FIRST_VERSION && version != FORMAT_VERSION) {
                throw new IllegalArgumentException("request batch format version must be " + FIRST_VERSION + " or "
                        + FORMAT_VERSION + ", was " + version);
            }
            long count = readVarLong(in);
            if (count < 1 || count > MAX_REQUESTS) {
                throw new IllegalArgumentException("request batch count must be 1.." + MAX_REQUESTS + ", was " + count);
            }
            long base = in.getLong();
            List<InferenceRequest> requests = new ArrayList<>((int) count);
            for (int r = 0; r < count; r++) {
                long at = Math.addExact(base, unzigzag(readVarLong(in)));
                long n = readVarLong(in);
                Optional<FrameStream> frameOf = Optional.empty();
                if (version == FORMAT_VERSION) {
                    if ((n & 1) == 1) {
                        frameOf = Optional.of(new FrameStream(in.getLong()));
                    }
                    n >>>= 1;
                }
                if (n < (frameOf.isPresent() ? 0 : 1) || n > InferenceRequest.MAX_MEASUREMENTS) {
                    throw new IllegalArgumentException("request batch: request " + r + ": measurement count must be "
                            + (frameOf.isPresent() ? 0 : 1) + ".." + InferenceRequest.MAX_MEASUREMENTS + ", was " + n);
                }
                List<Measurement> measurements = new ArrayList<>((int) n);
                for (int i = 0; i < n; i++) {
                    int codeByte = in.get() & 0xFF;
                    int code = codeByte & ~HAS_WEIGHT;
                    Metric metric = Metric.fromCode(code).orElseThrow(() ->
                            new IllegalArgumentException("request batch: unknown metric code " + code));
                    double value = Double.longBitsToDouble(in.getLong());
                    double weight = (codeByte & HAS_WEIGHT) != 0 ? Double.longBitsToDouble(in.getLong()) : 1.0;
                    measurements.add(new Measurement(metric, value, weight));
                }
                requests.add(new InferenceRequest(Instant.EPOCH.plusNanos(Math.multiplyExact(at, 1000L)), measurements, frameOf));
            }
            if (in.hasRemaining()) {
                throw new IllegalArgumentException("request batch has " + in.remaining() + " trailing bytes");
            }
            return requests;
        } catch (BufferUnderflowException e) {
            throw new IllegalArgumentException("request batch is truncated (" + bytes.length + " bytes)", e);
        } catch (InvalidMeasurementException e) {
            throw new IllegalArgumentException("request batch holds an invalid measurement: " + e.getMessage(), e);
        } catch (ArithmeticException e) {
            throw new IllegalArgumentException("request batch has a time out of range", e);
        }
    }

    private static long micros(Instant instant) {
        return Math.addExact(Math.multiplyExact(instant.getEpochSecond(), 1_000_000L), instant.getNano() / 1000);
    }

    private static long zigzag(long v) {
        return (v << 1) ^ (v >> 63);
    }

    private static long unzigzag(long v) {
        return (v >>> 1) ^ -(v & 1);
    }

    private static void writeLong(ByteArrayOutputStream out, long v) {
        for (int shift = 56; shift >= 0; shift -= 8) {
            out.write((int) (v >>> shift));
        }
    }

    private static void writeVarLong(ByteArrayOutputStream out, long v) {
        while ((v & ~0x7FL) != 0) {
            out.write((int) ((v & 0x7F) | 0x80));
            v >>>= 7;
        }
        out.write((int) v);
    }

    private static long readVarLong(ByteBuffer in) {
        long result = 0;
        for (int shift = 0; shift < 64; shift += 7) {
            byte b = in.get();
            result |= (long) (b & 0x7F) << shift;
            if ((b & 0x80) == 0) {
                return result;
            }
        }
        throw new IllegalArgumentException("request batch has a malformed varint");
    }
}
