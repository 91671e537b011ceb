package io.infersla.ingest.it;

import io.opentelemetry.api.common.Attributes;
import io.opentelemetry.api.trace.SpanBuilder;
import io.opentelemetry.api.trace.SpanKind;
import io.opentelemetry.api.trace.Tracer;
import io.opentelemetry.context.Context;
import io.opentelemetry.sdk.common.CompletableResultCode;
import io.opentelemetry.sdk.resources.Resource;
import io.opentelemetry.sdk.trace.ReadWriteSpan;
import io.opentelemetry.sdk.trace.ReadableSpan;
import io.opentelemetry.sdk.trace.SdkTracerProvider;
import io.opentelemetry.sdk.trace.SpanProcessor;
import io.opentelemetry.sdk.trace.data.SpanData;
import io.opentelemetry.sdk.trace.export.SpanExporter;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * Spans made by the real OpenTelemetry SDK (its tracer, its span data) and sent by a real OTLP
 * exporter in one explicit export call, so that a test sees the exporter's own success or
 * failure.
 */
final class SdkSpans implements SpanProcessor {

    private final List<SpanData> ended = new ArrayList<>();
    private final SdkTracerProvider provider;
    private final Tracer tracer;

    SdkSpans(Attributes resource) {
        provider = SdkTracerProvider.builder()
                .setResource(Resource.create(resource))
                .addSpanProcessor(this)
                .build();
        tracer = provider.get("infersla-ingest-test");
    }

    /** Records one finished span with these attributes, from {@code start} to {@code end}. */
    SdkSpans span(String name, SpanKind kind, Instant start, Instant end, Attributes attributes) {
        SpanBuilder builder = tracer.spanBuilder(name).setSpanKind(kind).setStartTimestamp(start)
                .setAllAttributes(attributes).setParent(Context.root());
        builder.startSpan().end(end);
        return this;
    }

    List<SpanData> spans() {
        return List.copyOf(ended);
    }

    /** Exports every recorded span in one request; the exporter's result after at most 20 s. */
    CompletableResultCode exportWith(SpanExporter exporter) {
        return exporter.export(spans()).join(20, TimeUnit.SECONDS);
    }

    @Override
    public void onStart(Context parentContext, ReadWriteSpan span) {
    }

    @Override
    public boolean isStartRequired() {
        return false;
    }

    @Override
    public synchronized void onEnd(ReadableSpan span) {
        ended.add(span.toSpanData());
    }

    @Override
    public boolean isEndRequired() {
        return true;
    }
}
