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
import jakarta.inject.Inject;
import jakarta.inject.Singleton;
import java.time.Clock;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.function.Supplier;
import org.apache.kafka.clients.consumer.Consumer;
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
 *
 * <p>Any other failure (a commit refused after a rebalance, an authorization error, a bug) closes
 * the consumer and starts a new one from the committed offsets after a pause that doubles per
 * failure in a row ({@code retry-after} .. 1 min): the consumer never stops while the process
 * runs. Its {@link ConsumerState} is on {@code /q/health} ({@link OtlpSpansLiveness}) and each
 * failure is counted ({@code infersla_ingest_otlp_spans_consumer_failures_total}).
 */
@Singleton
public class OtlpSpansConsumer {
    private static final Logger LOG = Logger.getLogger(OtlpSpansConsumer.class);

    private static final Duration POLL = Duration.ofMillis(500);

    private final IngestSettings settings;
    private final IngestPipeline pipeline;
    private final IngestMetrics metrics;
    private final Clock clock;
    private final Supplier<Consumer<byte[], byte[]>> consumers;
    private final CountDownLatch stopping = new CountDownLatch(1);
    private volatile boolean running;
    private volatile Consumer<byte[], byte[]> consumer;
    private volatile ConsumerState state;
    private Thread thread;

    @Inject
    public OtlpSpansConsumer(IngestSettings settings, IngestPipeline pipeline, IngestMetrics metrics, Clock clock) {
        this(settings, pipeline, metrics, clock, () -> kafkaConsumer(settings));
    }

    OtlpSpansConsumer(IngestSettings settings, IngestPipeline pipeline, IngestMetrics metrics, Clock clock,
            Supplier<Consumer<byte[], byte[]>> consumers) {
        this.settings = settings;
        this.pipeline = pipeline;
        this.metrics = metrics;
        this.clock = clock;
        this.consumers = consumers;
        this.state = ConsumerState.starting(clock.instant());
    }

    private static Consumer<byte[], byte[]> kafkaConsumer(IngestSettings settings) {
        Map<String, Object> config = Map.of(
                ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, settings.bootstrapServers(),
                ConsumerConfig.GROUP_ID_CONFIG, settings.otlpSpansGroupId(),
                ConsumerConfig.CLIENT_ID_CONFIG, "infersla-ingest-otlp-spans",
                ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, false,
                // A new group reads what is already on the topic: nothing is skipped silently.
                ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "earliest",
                ConsumerConfig.ISOLATION_LEVEL_CONFIG, "read_committed",
                ConsumerConfig.MAX_POLL_RECORDS_CONFIG, 500);
        return new KafkaConsumer<>(config, new ByteArrayDeserializer(), new ByteArrayDeserializer());
    }

    /** Empty when the topic is not consumed ({@code infersla.ingest.otlp-spans.enabled=false}). */
    public Optional<ConsumerState> state() {
        return settings.otlpSpansEnabled() ? Optional.of(state) : Optional.empty();
    }

    void start(@Observes StartupEvent event) {
        if (!settings.otlpSpansEnabled()) {
            return;
        }
        start();
    }

    void start() {
        running = true;
        thread = new Thread(this::run, "otlp-spans-consumer");
        thread.start();
        LOG.infof("consuming %s (%s) for tenant '%s'", settings.otlpSpansTopic(), settings.otlpSpansEncoding().id(),
                settings.otlpSpansTenant());
    }

    void stop(@Observes ShutdownEvent event) throws InterruptedException {
        stop();
    }

    void stop() throws InterruptedException {
        if (thread == null) {
            return;
        }
        running = false;
        stopping.countDown();
        Consumer<byte[], byte[]> current = consumer;
        if (current != null) {
            current.wakeup();
        }
        thread.join(Duration.ofSeconds(10).toMillis());
    }

    private void run() {
        try {
            while (running) {
                try {
                    consumeUntilFailure();
                } catch (WakeupException e) {
                    if (running) {
                        failed(e);
                    }
                } catch (RuntimeException e) {
                    failed(e);
                }
                if (running && pause(state.backoff(settings.retryAfter()))) {
                    LOG.infof("otlp_spans consumer starting again (failure %d in a row)", state.failures());
                }
            }
        } catch (Error e) {
            state = state.dead(clock.instant(), e);
            LOG.error("otlp_spans consumer died", e);
            throw e;
        }
    }

    /** One consumer's life: from subscribing to the first failure (or to the stop). */
    private void consumeUntilFailure() {
        Consumer<byte[], byte[]> current = consumers.get();
        consumer = current;
        try {
            current.subscribe(List.of(settings.otlpSpansTopic()));
            while (running) {
                ConsumerRecords<byte[], byte[]> records = current.poll(POLL);
                state = state.polled(clock.instant());
                if (!records.isEmpty() && !process(current, records)) {
                    rewind(current, records);
                    pause(settings.retryAfter());
                }
            }
        } finally {
            consumer = null;
            current.close(Duration.ofSeconds(5));
        }
    }

    private void failed(RuntimeException e) {
        state = state.failed(clock.instant(), e);
        metrics.recordConsumerFailure();
        LOG.errorf(e, "otlp_spans consumer failed (%d in a row); a new consumer starts from the committed offsets in %s",
                state.failures(), state.backoff(settings.retryAfter()));
    }

    /** Waits, unless the consumer is being stopped; true when the whole pause passed. */
    private boolean pause(Duration pause) {
        try {
            return !stopping.await(pause.toMillis(), TimeUnit.MILLISECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            running = false;
            return false;
        }
    }

    /** Maps and publishes one poll; true when its offsets may be committed. */
    private boolean process(Consumer<byte[], byte[]> current, ConsumerRecords<byte[], byte[]> records) {
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
        current.commitSync(next);
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
    private void rewind(Consumer<byte[], byte[]> current, ConsumerRecords<byte[], byte[]> records) {
        for (TopicPartition partition : records.partitions()) {
            current.seek(partition, records.records(partition).get(0).offset());
        }
    }
}
