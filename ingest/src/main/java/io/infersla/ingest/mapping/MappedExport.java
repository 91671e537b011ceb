package io.infersla.ingest.mapping;

import io.infersla.core.measure.RejectReason;
import io.infersla.core.request.InferenceRequest;
import io.infersla.core.request.SeriesKey;
import java.util.ArrayList;
import java.util.Collections;
import java.util.EnumMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;

/**
 * The outcome of one export request (or Collector record): accepted requests grouped by series
 * (one {@code sla.requests} record each), the rejected spans, and the counts.
 *
 * @param requestsBySeries accepted requests per series, in the order the series first appeared
 */
public record MappedExport(
        Map<SeriesKey, List<InferenceRequest>> requestsBySeries,
        List<RejectedSpan> rejected,
        int received,
        int accepted,
        int ignored) {

    public MappedExport {
        requestsBySeries = Collections.unmodifiableMap(new LinkedHashMap<>(requestsBySeries));
        rejected = List.copyOf(rejected);
    }

    /** Rejections per reason, for counters. */
    public Map<RejectReason, Integer> rejectedByReason() {
        Map<RejectReason, Integer> counts = new EnumMap<>(RejectReason.class);
        for (RejectedSpan span : rejected) {
            counts.merge(span.rejection().reason(), 1, Integer::sum);
        }
        return counts;
    }

    /**
     * The {@code partial_success.error_message}: the count per reason and the first rejection's
     * detail, e.g. {@code 2 spans rejected (negative: 1, unknown_category: 1); first: sla.ttft_ms ...}.
     * Empty when nothing was rejected.
     */
    public String rejectionSummary() {
        if (rejected.isEmpty()) {
            return "";
        }
        String byReason = rejectedByReason().entrySet().stream()
                .map(e -> e.getKey().id() + ": " + e.getValue())
                .collect(Collectors.joining(", "));
        return rejected.size() + (rejected.size() == 1 ? " span" : " spans") + " rejected (" + byReason
                + "); first: span " + rejected.get(0).spanId() + ": " + rejected.get(0).rejection().detail();
    }

    static final class Builder {
        private final String tenant;
        private final Map<SeriesKey, List<InferenceRequest>> bySeries = new LinkedHashMap<>();
        private final List<RejectedSpan> rejected = new ArrayList<>();
        private int received;
        private int accepted;
        private int ignored;

        Builder(String tenant) {
            this.tenant = tenant;
        }

        void add(io.opentelemetry.proto.trace.v1.Span span, SpanOutcome outcome) {
            received++;
            if (outcome instanceof SpanOutcome.Accepted a) {
                accepted++;
                bySeries.computeIfAbsent(a.series(), k -> new ArrayList<>()).add(a.request());
            } else if (outcome instanceof SpanOutcome.Rejected r) {
                rejected.add(RejectedSpan.of(tenant, span, r));
            } else {
                ignored++;
            }
        }

        MappedExport build() {
            return new MappedExport(bySeries, rejected, received, accepted, ignored);
        }
    }
}
