package io.infersla.ingest;

import io.infersla.ingest.kafka.PublishException;
import io.infersla.ingest.kafka.RequestPublisher;
import io.infersla.ingest.mapping.MappedExport;
import io.infersla.ingest.mapping.SpanMapper;
import io.opentelemetry.proto.collector.trace.v1.ExportTraceServiceRequest;
import io.opentelemetry.proto.trace.v1.ResourceSpans;
import io.opentelemetry.proto.trace.v1.ScopeSpans;
import java.time.Clock;

/**
 * What every receiver does with a decoded, authenticated export: map its spans, publish the
 * requests and rejects, count. The receivers only translate transport concerns (status codes,
 * encodings) around it.
 */
public final class IngestPipeline {

    private final SpanMapper mapper;
    private final RequestPublisher publisher;
    private final IngestMetrics metrics;
    private final Clock clock;
    private final int maxSpansPerRequest;

    public IngestPipeline(SpanMapper mapper, RequestPublisher publisher, IngestMetrics metrics, Clock clock,
            int maxSpansPerRequest) {
        this.mapper = mapper;
        this.publisher = publisher;
        this.metrics = metrics;
        this.clock = clock;
        this.maxSpansPerRequest = maxSpansPerRequest;
    }

    /**
     * Maps and publishes; returns once Kafka acknowledged every record.
     *
     * @throws TooManySpansException before anything is mapped, when the export exceeds the span cap
     * @throws PublishException when Kafka did not acknowledge (nothing may be reported as accepted)
     */
    public MappedExport export(Transport transport, String tenant, ExportTraceServiceRequest request)
            throws TooManySpansException, PublishException {
        int spans = spanCount(request);
        if (spans > maxSpansPerRequest) {
            throw new TooManySpansException("the request has " + spans + " spans, at most " + maxSpansPerRequest
                    + " are accepted per request");
        }
        MappedExport export = mapper.map(tenant, request.getResourceSpansList(), clock.instant());
        if (!export.requestsBySeries().isEmpty() || !export.rejected().isEmpty()) {
            long started = System.nanoTime();
            publisher.publish(export);
            metrics.kafkaSend().record(System.nanoTime() - started, java.util.concurrent.TimeUnit.NANOSECONDS);
        }
        metrics.recordMapped(transport, export);
        return export;
    }

    private static int spanCount(ExportTraceServiceRequest request) {
        int count = 0;
        for (ResourceSpans resource : request.getResourceSpansList()) {
            for (ScopeSpans scope : resource.getScopeSpansList()) {
                count += scope.getSpansCount();
            }
        }
        return count;
    }

    public static final class TooManySpansException extends Exception {
        TooManySpansException(String message) {
            super(message);
        }
    }
}
