package io.infersla.ingest.kafka;

import com.google.protobuf.InvalidProtocolBufferException;
import io.infersla.ingest.IngestMetrics;
import io.infersla.ingest.IngestPipeline;
import io.infersla.ingest.Transport;
import io.infersla.ingest.config.IngestSettings;
import io.infersla.ingest.otlp.OtlpEncoding;
import io.opentelemetry.proto.collector.trace.v1.ExportTraceServiceRequest;
import org.jboss.logging.Logger;
import io.quarkus.runtime.ShutdownEvent;
import io.quarkus.runtime.StartupEvent;
import jakarta.enterprise.event.Observes;
import jakarta.inject.Singleton;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.ConsumerRecords;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.errors.WakeupException;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;

/**
 * Reads the OpenTelemetry Collector's {@code otlp_spans} topic, exactly as its kafka exporter
 * writes it: each value one serialized {@code TracesData} ({@code otlp_proto}, the default) or its
 * OTLP JSON ({@code otlp_json}). {@code TracesData} and {@code ExportTraceServiceRequest} share
 * their only field, so one parser reads both.
 *
 * <p>The topic is trusted infrastructure: only the operator's Collector writes to it, and there is
 * no credential in a record, so every span gets the configured tenant
 * ({@code infersla.ingest.otlp-spans.tenant}).
 *
 * <p>At least once: the spans of one poll are mapped together (so that a series gets one record
 * per poll, not one per Collector record) and the offsets are committed only after Kafka
 * acknowledged the resulting records. If it does not, the consumer rewinds to the uncommitted
 * offsets and tries again after {@code infersla.ingest.retry-after}. An undecodable record is
 * logged, counted ({@code infersla_ingest_exports_refused_total{transport="otlp_spans"}}) and
 * skipped: retrying it would never succeed.
 */
@Singleton
public class OtlpSpansConsumer {
    private static final Logger LOG = Logger.getLogger(OtlpSpansConsumer.class);

    private static final Duration POLL = Duration.ofMillis(500);

    private final IngestSettings settings;
    private final IngestPipeline pipeline;
    private final IngestMetrics metrics;
    private volatile boolean running;
    private KafkaConsumer<byte[], byte[]> consumer;
    private Thread thread;

    public OtlpSpansConsumer(IngestSettings settings, IngestPipeline pipeline, IngestMetrics metrics) {
        this.settings = settings;
        this.pipeline = pipeline;
        this.metrics = metrics;
    }

    void start(@Observes StartupEvent event) {
        if (!settings.otlpSpansEnabled()) {
            return;
        }
        Map<String, Object> config = Map.of(
                ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, settings.bootstrapServers(),
                ConsumerConfig.GROUP_ID_CONFIG, settings.otlpSpansGroupId(),
                ConsumerConfig.CLIENT_ID_CONFIG, "infersla-ingest-otlp-spans",
                ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, false,
                // A new group reads what is already on the topic: nothing is skipped silently.
                ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "earliest",
                ConsumerConfig.ISOLATION_LEVEL_CONFIG, "read_committed",
                ConsumerConfig.MAX_POLL_RECORDS_CONFIG, 500);
        consumer = new KafkaConsumer<>(config, new ByteArrayDeserializer(), new ByteArrayDeserializer());
        running = true;
        thread = new Thread(this::run, "otlp-spans-consumer");
        thread.start();
        LOG.infof("consuming %s (%s) for tenant '%s'", settings.otlpSpansTopic(), settings.otlpSpansEncoding().id(),
                settings.otlpSpansTenant());
    }

    void stop(@Observes ShutdownEvent event) throws InterruptedException {
        if (thread == null) {
            return;
        }
        running = false;
        consumer.wakeup();
        thread.join(Duration.ofSeconds(10).toMillis());
    }

    private void run() {
        try {
            consumer.subscribe(List.of(settings.otlpSpansTopic()));
            while (running) {
                ConsumerRecords<byte[], byte[]> records = consumer.poll(POLL);
                if (!records.isEmpty() && !process(records)) {
                    rewind(records);
                    Thread.sleep(settings.retryAfter().toMillis());
                }
            }
        } catch (WakeupException e) {
            if (running) {
                LOG.error("otlp_spans consumer woken up unexpectedly", e);
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } catch (RuntimeException e) {
            LOG.error("otlp_spans consumer stopped", e);
        } finally {
            consumer.close(Duration.ofSeconds(5));
        }
    }

    /** Maps and publishes one poll; true when its offsets may be committed. */
    private boolean process(ConsumerRecords<byte[], byte[]> records) {
        ExportTraceServiceRequest.Builder combined = ExportTraceServiceRequest.newBuilder();
        Map<TopicPartition, OffsetAndMetadata> next = new HashMap<>();
        for (ConsumerRecord<byte[], byte[]> record : records) {
            next.put(new TopicPartition(record.topic(), record.partition()), new OffsetAndMetadata(record.offset() + 1));
            ExportTraceServiceRequest decoded = decode(record);
            if (decoded != null) {
                combined.addAllResourceSpans(decoded.getResourceSpansList());
            }
        }
        try {
            pipeline.export(Transport.KAFKA, settings.otlpSpansTenant(), combined.build());
        } catch (IngestPipeline.TooManySpansException e) {
            // One poll over the span cap: map record by record instead.
            for (ConsumerRecord<byte[], byte[]> record : records) {
                if (!exportOne(record)) {
                    return false;
                }
            }
        } catch (PublishException e) {
            LOG.warnf("otlp_spans: Kafka did not acknowledge, retrying in %s: %s", settings.retryAfter(), e.getMessage());
            return false;
        }
        consumer.commitSync(next);
        return true;
    }

    private boolean exportOne(ConsumerRecord<byte[], byte[]> record) {
        ExportTraceServiceRequest decoded = decode(record);
        if (decoded == null) {
            return true;
        }
        try {
            pipeline.export(Transport.KAFKA, settings.otlpSpansTenant(), decoded);
            return true;
        } catch (IngestPipeline.TooManySpansException e) {
            metrics.recordRefused(Transport.KAFKA, "too_large");
            LOG.warnf("otlp_spans %s-%d@%d skipped: %s", record.topic(), record.partition(), record.offset(), e.getMessage());
            return true;
        } catch (PublishException e) {
            LOG.warnf("otlp_spans: Kafka did not acknowledge, retrying in %s: %s", settings.retryAfter(), e.getMessage());
            return false;
        }
    }

    private ExportTraceServiceRequest decode(ConsumerRecord<byte[], byte[]> record) {
        OtlpEncoding encoding = settings.otlpSpansEncoding() == IngestSettings.OtlpSpansEncoding.OTLP_JSON
                ? OtlpEncoding.JSON : OtlpEncoding.PROTOBUF;
        try {
            return encoding.decode(record.value() == null ? new byte[0] : record.value());
        } catch (InvalidProtocolBufferException e) {
            metrics.recordRefused(Transport.KAFKA, "undecodable");
            LOG.warnf("otlp_spans %s-%d@%d is not %s and is skipped: %s", record.topic(), record.partition(),
                    record.offset(), settings.otlpSpansEncoding().id(), e.getMessage());
            return null;
        }
    }

    /** Goes back to the first record of this poll on every partition, to process it again. */
    private void rewind(ConsumerRecords<byte[], byte[]> records) {
        for (TopicPartition partition : records.partitions()) {
            consumer.seek(partition, records.records(partition).get(0).offset());
        }
    }
}
