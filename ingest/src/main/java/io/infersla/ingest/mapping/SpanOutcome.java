package io.infersla.ingest.mapping;

import io.infersla.core.measure.RejectReason;
import io.infersla.core.request.InferenceRequest;
import io.infersla.core.request.SeriesKey;
import java.util.Objects;

/** What became of one span: an inference request of a series, nothing (not SLA data), or a rejection. */
public sealed interface SpanOutcome permits SpanOutcome.Accepted, SpanOutcome.Ignored, SpanOutcome.Rejected {

    /** The span is one inference request of {@code series}. */
    record Accepted(SeriesKey series, InferenceRequest request) implements SpanOutcome {
        public Accepted {
            Objects.requireNonNull(series, "series");
            Objects.requireNonNull(request, "request");
        }
    }

    /**
     * The span carries nothing SLA-relevant (an internal child span, a health check): counted,
     * neither accepted nor rejected.
     */
    record Ignored() implements SpanOutcome {
        static final Ignored INSTANCE = new Ignored();
    }

    /**
     * The span claims to be SLA data but cannot enter a statistic.
     *
     * @param attribute the attribute (or span field, e.g. {@code end_time_unix_nano}) at fault
     * @param value the offending value as text, or null when the attribute is missing
     * @param detail a sentence naming the attribute, the rule and the value
     */
    record Rejected(RejectReason reason, String attribute, String value, String detail) implements SpanOutcome {
        public Rejected {
            Objects.requireNonNull(reason, "reason");
            Objects.requireNonNull(attribute, "attribute");
            Objects.requireNonNull(detail, "detail");
        }
    }
}
