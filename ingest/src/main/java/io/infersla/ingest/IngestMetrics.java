package io.infersla.ingest;

import io.infersla.core.measure.RejectReason;
import io.infersla.ingest.mapping.MappedExport;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import jakarta.enterprise.context.ApplicationScoped;
import java.util.EnumMap;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The ingest counters on {@code /q/metrics} (Prometheus names):
 * <ul>
 *   <li>{@code infersla_ingest_spans_received_total{transport}}, {@code _accepted_total},
 *       {@code _ignored_total}, {@code _rejected_total{reason}}: per span;</li>
 *   <li>{@code infersla_ingest_exports_refused_total{transport,status}}: whole requests refused
 *       before mapping (unauthenticated, undecodable, too large, unsupported, unavailable);</li>
 *   <li>{@code infersla_ingest_kafka_send_seconds}: from the first send to the last acknowledgement
 *       of an export;</li>
 *   <li>{@code infersla_ingest_otlp_spans_consumer_failures_total}: the {@code otlp_spans} consumer
 *       failed and starts over.</li>
 * </ul>
 */
@ApplicationScoped
public class IngestMetrics {

    private final MeterRegistry registry;
    private final Map<String, Counter[]> spanCounters = new ConcurrentHashMap<>();
    private final Map<RejectReason, Counter> rejected = new EnumMap<>(RejectReason.class);
    private final Map<String, Counter> refused = new ConcurrentHashMap<>();
    private final Timer kafkaSend;
    private final Counter consumerFailures;

    public IngestMetrics(MeterRegistry registry) {
        this.registry = registry;
        for (RejectReason reason : RejectReason.values()) {
            rejected.put(reason, Counter.builder("infersla.ingest.spans.rejected")
                    .description("Spans refused, by reason; each is on the dead-letter topic")
                    .tag("reason", reason.id()).register(registry));
        }
        this.kafkaSend = Timer.builder("infersla.ingest.kafka.send")
                .description("Time from the first send to the last Kafka acknowledgement of one export")
                .publishPercentileHistogram()
                .register(registry);
        this.consumerFailures = Counter.builder("infersla.ingest.otlp_spans.consumer.failures")
                .description("Failures of the otlp_spans consumer; each closes it and starts a new one from the committed offsets")
                .register(registry);
    }

    public Timer kafkaSend() {
        return kafkaSend;
    }

    void recordMapped(Transport transport, MappedExport export) {
        Counter[] counters = spanCounters.computeIfAbsent(transport.id(), t -> new Counter[] {
            Counter.builder("infersla.ingest.spans.received").description("Spans received").tag("transport", t).register(registry),
            Counter.builder("infersla.ingest.spans.accepted").description("Spans that became inference requests")
                    .tag("transport", t).register(registry),
            Counter.builder("infersla.ingest.spans.ignored").description("Spans without SLA data (internal child spans)")
                    .tag("transport", t).register(registry)});
        counters[0].increment(export.received());
        counters[1].increment(export.accepted());
        counters[2].increment(export.ignored());
        export.rejectedByReason().forEach((reason, count) -> rejected.get(reason).increment(count));
    }

    public void recordConsumerFailure() {
        consumerFailures.increment();
    }

    public void recordRefused(Transport transport, String status) {
        refused.computeIfAbsent(transport.id() + '|' + status, k -> Counter.builder("infersla.ingest.exports.refused")
                .description("Whole export requests refused before mapping")
                .tag("transport", transport.id()).tag("status", status).register(registry)).increment();
    }
}
