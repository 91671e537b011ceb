package io.infersla.ingest.kafka;

import io.infersla.core.measure.Measurement;
import io.infersla.core.request.InferenceRequest;
import io.infersla.core.request.RequestBatchCodec;
import io.infersla.core.request.SeriesKey;
import io.infersla.ingest.mapping.MappedExport;
import io.infersla.ingest.mapping.RejectedSpan;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.Producer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.clients.producer.RecordMetadata;
import org.apache.kafka.common.errors.RetriableException;
import org.apache.kafka.common.serialization.ByteArraySerializer;

/**
 * Writes a mapped export to Kafka and returns only once the broker acknowledged every record:
 * one {@code sla.requests} record per series (key = {@link SeriesKey#toBytes()}, value =
 * {@link RequestBatchCodec}, several requests each, because per-record overhead dominates Kafka's
 * throughput), and one {@code sla.requests.dlq} record per rejected span ({@link DeadLetter}).
 *
 * <p>The producer is idempotent with {@code acks=all}. Delivery is at least once: a request that
 * timed out (503) may still have been written, and the client's retry writes it again.
 */
public final class RequestPublisher implements AutoCloseable {

    /** Keeps a batch record well under Kafka's default 1 MiB record limit. */
    static final int MAX_BATCH_BYTES = 512 * 1024;
    private static final int BATCH_HEADER_BYTES = 1 + 5 + 8;
    private static final int REQUEST_HEADER_BYTES = 10 + 2;
    private static final int MEASUREMENT_BYTES = 1 + 8 + 8;
    private static final int FRAME_STREAM_BYTES = 8;

    private final Producer<byte[], byte[]> producer;
    private final String requestsTopic;
    private final String rejectedTopic;
    private final Duration ackTimeout;

    public RequestPublisher(Producer<byte[], byte[]> producer, String requestsTopic, String rejectedTopic,
            Duration ackTimeout) {
        this.producer = producer;
        this.requestsTopic = requestsTopic;
        this.rejectedTopic = rejectedTopic;
        this.ackTimeout = ackTimeout;
    }

    public static RequestPublisher create(String bootstrapServers, String requestsTopic, String rejectedTopic,
            Duration ackTimeout) {
        return new RequestPublisher(new KafkaProducer<>(producerConfig(bootstrapServers, ackTimeout),
                new ByteArraySerializer(), new ByteArraySerializer()), requestsTopic, rejectedTopic, ackTimeout);
    }

    static Map<String, Object> producerConfig(String bootstrapServers, Duration ackTimeout) {
        int timeoutMs = (int) Math.min(Integer.MAX_VALUE, ackTimeout.toMillis());
        int requestTimeoutMs = Math.max(1000, Math.min(timeoutMs / 2, 30_000));
        return Map.of(
                ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers,
                ProducerConfig.CLIENT_ID_CONFIG, "infersla-ingest",
                ProducerConfig.ACKS_CONFIG, "all",
                ProducerConfig.ENABLE_IDEMPOTENCE_CONFIG, true,
                // A few ms of lingering lets concurrent exports share produce requests.
                ProducerConfig.LINGER_MS_CONFIG, 5,
                ProducerConfig.BATCH_SIZE_CONFIG, 256 * 1024,
                // send() must not block a receiver longer than the caller's own bound.
                ProducerConfig.MAX_BLOCK_MS_CONFIG, timeoutMs,
                ProducerConfig.REQUEST_TIMEOUT_MS_CONFIG, requestTimeoutMs,
                // Records the caller stopped waiting for expire soon after, rather than two minutes
                // later when the client has long retried (fewer duplicates after an outage).
                ProducerConfig.DELIVERY_TIMEOUT_MS_CONFIG, Math.max(timeoutMs, requestTimeoutMs + 5 + 1000));
    }

    /**
     * Sends every record of the export and waits (at most the ack timeout in total) for all
     * acknowledgements.
     *
     * @throws PublishException when a record was not acknowledged in time or failed
     */
    public void publish(MappedExport export) throws PublishException {
        List<Future<RecordMetadata>> acks = new ArrayList<>(export.requestsBySeries().size() + export.rejected().size());
        long deadline = System.nanoTime() + ackTimeout.toNanos();
        try {
            for (Map.Entry<SeriesKey, List<InferenceRequest>> series : export.requestsBySeries().entrySet()) {
                byte[] key = series.getKey().toBytes();
                for (List<InferenceRequest> batch : batches(series.getValue())) {
                    acks.add(producer.send(new ProducerRecord<>(requestsTopic, key, RequestBatchCodec.encode(batch))));
                }
            }
            for (RejectedSpan rejected : export.rejected()) {
                ProducerRecord<byte[], byte[]> record = new ProducerRecord<>(rejectedTopic,
                        rejected.tenant().getBytes(StandardCharsets.UTF_8), DeadLetter.json(rejected));
                record.headers().add(DeadLetter.REASON_HEADER,
                        rejected.rejection().reason().id().getBytes(StandardCharsets.UTF_8));
                acks.add(producer.send(record));
            }
            for (Future<RecordMetadata> ack : acks) {
                ack.get(Math.max(0, deadline - System.nanoTime()), TimeUnit.NANOSECONDS);
            }
        } catch (TimeoutException e) {
            throw new PublishException("Kafka did not acknowledge within " + ackTimeout, true, e);
        } catch (ExecutionException e) {
            Throwable cause = e.getCause();
            throw new PublishException("Kafka refused a record: " + cause, cause instanceof RetriableException, cause);
        } catch (org.apache.kafka.common.errors.TimeoutException e) {
            throw new PublishException("Kafka did not accept the records within " + ackTimeout + ": " + e.getMessage(), true, e);
        } catch (org.apache.kafka.common.KafkaException e) {
            throw new PublishException("Kafka producer failed: " + e, e instanceof RetriableException, e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new PublishException("interrupted while waiting for Kafka", true, e);
        }
    }

    /** Splits one series' requests into records of at most {@link #MAX_BATCH_BYTES} (estimated, upper bound). */
    static List<List<InferenceRequest>> batches(List<InferenceRequest> requests) {
        int estimate = BATCH_HEADER_BYTES;
        for (InferenceRequest request : requests) {
            estimate += size(request);
        }
        if (estimate <= MAX_BATCH_BYTES && requests.size() <= RequestBatchCodec.MAX_REQUESTS) {
            return List.of(requests);
        }
        List<List<InferenceRequest>> batches = new ArrayList<>();
        List<InferenceRequest> current = new ArrayList<>();
        int bytes = BATCH_HEADER_BYTES;
        for (InferenceRequest request : requests) {
            int size = size(request);
            if (!current.isEmpty() && (bytes + size > MAX_BATCH_BYTES || current.size() == RequestBatchCodec.MAX_REQUESTS)) {
                batches.add(current);
                current = new ArrayList<>();
                bytes = BATCH_HEADER_BYTES;
            }
            current.add(request);
            bytes += size;
        }
        batches.add(current);
        return batches;
    }

    private static int size(InferenceRequest request) {
        List<Measurement> measurements = request.measurements();
        return REQUEST_HEADER_BYTES + measurements.size() * MEASUREMENT_BYTES
                + (request.frameOf().isPresent() ? FRAME_STREAM_BYTES : 0);
    }

    /** Flushes what is buffered (bounded by the ack timeout) and closes the producer. */
    @Override
    public void close() {
        producer.close(ackTimeout);
    }
}
