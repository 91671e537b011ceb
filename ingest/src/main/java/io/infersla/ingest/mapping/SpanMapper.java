package io.infersla.ingest.mapping;

import static io.infersla.ingest.mapping.SpanAttribute.*;

import io.infersla.core.catalog.Category;
import io.infersla.core.catalog.Condition;
import io.infersla.core.catalog.Objective;
import io.infersla.core.catalog.Statistic;
import io.infersla.core.measure.Metric;
import io.infersla.core.measure.RejectReason;
import io.infersla.core.request.FrameStream;
import io.infersla.core.request.InferenceRequest;
import io.infersla.core.request.SeriesKey;
import io.opentelemetry.proto.resource.v1.Resource;
import io.opentelemetry.proto.trace.v1.ResourceSpans;
import io.opentelemetry.proto.trace.v1.ScopeSpans;
import io.opentelemetry.proto.trace.v1.Span;
import java.time.Instant;
import java.util.EnumSet;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * Turns OTLP spans into inference requests of a series: the whole span → request mapping of
 * docs/architecture.md ("Series identity", "Measurements"), as a pure function of the tenant, the span, its
 * resource and the current time. No I/O, no clock, no logging; one instance is immutable and
 * shared.
 *
 * <p>Per span, in this order:
 * <ol>
 *   <li><b>Relevance.</b> A span is SLA data when it has a measurement attribute (explicit
 *       {@code sla.*}, vLLM {@code gen_ai.latency.*}, GenAI token usage or time to first chunk),
 *       its own {@code sla.category}, a role (retrieval, agent tool step, job), is a SERVER span, or
 *       is a frame (its own {@code sla.stream_id}, in a category that judges {@code fps}).
 *       Anything else (internal child spans) is {@linkplain SpanOutcome.Ignored ignored}.</li>
 *   <li><b>Category</b>: span {@code sla.category}, else the resource's, else the first matching
 *       {@link CategoryRoute}. Missing: rejected if the span carries measurements, else ignored.
 *       Not in the catalog: rejected ({@code unknown_category}).</li>
 *   <li><b>Time</b>: the request completes at the span's end; rejected when end or start is
 *       missing, end precedes start, or the end is beyond the future skew or the late bound.</li>
 *   <li><b>Identity</b>: tenant from the caller (the credential, never the data), then span over
 *       resource for contract, service, environment, model, hardware and model size.</li>
 *   <li><b>Measurements</b>, each with precedence explicit {@code sla.*} &gt; vLLM &gt; GenAI
 *       semantic conventions &gt; span timing, each checked by the core's rules; and whether the
 *       span is a frame of a stream ({@code fps} without {@code sla.fps}).</li>
 *   <li><b>Relevance to the category</b>: a span none of whose measurements the category judges
 *       is rejected ({@code missing_attribute}, naming the category's first metric) when it
 *       carries measurement attributes, and ignored when everything came from span timing.</li>
 * </ol>
 *
 * Cost: one hash lookup per attribute and a few small objects per accepted span; no maps or
 * strings are built for spans that are ignored.
 */
public final class SpanMapper {

    /** The limit of every series-key part (see {@link SeriesKey}). */
    static final int MAX_IDENTITY_LENGTH = 256;
    private static final int MAX_VALUE_TEXT = 256;

    private final MappingRules rules;
    private final Map<String, Set<Metric>> metricsByCategory = new HashMap<>();
    private final Map<String, Metric> firstMetricByCategory = new HashMap<>();
    private final Set<String> costPerTokenCategories = new HashSet<>();
    private final long lateBoundNanos;
    private final long futureSkewNanos;

    public SpanMapper(MappingRules rules) {
        this.rules = rules;
        for (Category category : rules.catalog().categories()) {
            Set<Metric> metrics = EnumSet.noneOf(Metric.class);
            for (Objective objective : category.objectives()) {
                metrics.add(objective.metric());
                if (objective.statistic() instanceof Statistic.CostPerMillionTokens) {
                    costPerTokenCategories.add(category.id());
                }
            }
            metricsByCategory.put(category.id(), metrics);
            firstMetricByCategory.put(category.id(), category.objectives().get(0).metric());
        }
        this.lateBoundNanos = rules.lateBound().toNanos();
        this.futureSkewNanos = rules.futureSkew().toNanos();
    }

    public MappingRules rules() {
        return rules;
    }

    /** Maps every span of an export request (or of a Collector's TracesData: the same field). */
    public MappedExport map(String tenant, List<ResourceSpans> resourceSpans, Instant now) {
        long nowNanos = epochNanos(now);
        MappedExport.Builder export = new MappedExport.Builder(tenant);
        AttributeValues resource = new AttributeValues();
        AttributeValues attributes = new AttributeValues();
        for (ResourceSpans rs : resourceSpans) {
            resource.clear();
            resource.read(rs.getResource().getAttributesList());
            for (ScopeSpans scope : rs.getScopeSpansList()) {
                for (Span span : scope.getSpansList()) {
                    attributes.clear();
                    attributes.read(span.getAttributesList());
                    export.add(span, map(tenant, resource, attributes, span, nowNanos));
                }
            }
        }
        return export.build();
    }

    /** Maps one span; the form tests and single-span callers use. */
    public SpanOutcome map(String tenant, Resource resource, Span span, Instant now) {
        AttributeValues resourceValues = new AttributeValues();
        resourceValues.read(resource.getAttributesList());
        AttributeValues attributes = new AttributeValues();
        attributes.read(span.getAttributesList());
        return map(tenant, resourceValues, attributes, span, epochNanos(now));
    }

    private SpanOutcome map(String tenant, AttributeValues resource, AttributeValues attrs, Span span, long now) {
        Role role = Role.of(attrs);
        boolean carriesMeasurements = attrs.hasAnyMeasurement();
        // Only the span's own stream id makes it a frame candidate: on the resource it would make
        // every internal child span of a camera pipeline a frame.
        boolean relevantOnlyAsFrame = !carriesMeasurements && role == Role.REQUEST && attrs.text(SLA_CATEGORY) == null
                && span.getKindValue() != Span.SpanKind.SPAN_KIND_SERVER_VALUE;
        if (relevantOnlyAsFrame && attrs.text(SLA_STREAM_ID) == null) {
            return SpanOutcome.Ignored.INSTANCE;
        }

        String service = text(attrs, resource, SERVICE_NAME);
        String model = text(attrs, resource, RESPONSE_MODEL, REQUEST_MODEL, MODEL_NAME);
        String category = text(attrs, resource, SLA_CATEGORY);
        if (category == null) {
            category = route(service, model, attrs.text(OPERATION_NAME));
        }
        if (category == null) {
            return carriesMeasurements
                    ? missing(SLA_CATEGORY.key, "a span with SLA measurements needs sla.category (on the span or its "
                            + "resource) or a category route that matches its service, model or operation")
                    : SpanOutcome.Ignored.INSTANCE;
        }
        Set<Metric> judged = metricsByCategory.get(category);
        if (judged == null) {
            return new SpanOutcome.Rejected(RejectReason.UNKNOWN_CATEGORY, SLA_CATEGORY.key, clip(category),
                    "sla.category must be a catalog category id, was '" + clip(category) + "'");
        }

        long start = span.getStartTimeUnixNano();
        long end = span.getEndTimeUnixNano();
        SpanOutcome.Rejected timeProblem = timeProblem(start, end, now);
        if (timeProblem != null) {
            return timeProblem;
        }

        if (service == null) {
            return missing(SERVICE_NAME.key, "service.name must be set on the resource or the span");
        }
        String contract = text(attrs, resource, SLA_CONTRACT);
        String environment = text(attrs, resource, DEPLOYMENT_ENVIRONMENT_NAME, DEPLOYMENT_ENVIRONMENT);
        String hardware = text(attrs, resource, SLA_HARDWARE);
        String modelSize = text(attrs, resource, SLA_MODEL_SIZE);
        SpanOutcome.Rejected identityProblem = identityProblem(service, contract, environment, model, hardware, modelSize);
        if (identityProblem != null) {
            return identityProblem;
        }

        MeasurementDraft draft = new MeasurementDraft();
        if (!Measurements.derive(attrs, role, end - start, costPerTokenCategories.contains(category), judged, draft)) {
            return draft.rejection();
        }
        Optional<FrameStream> frameOf = frameOf(attrs, resource, role, judged, draft);
        if (relevantOnlyAsFrame && frameOf.isEmpty()) {
            return SpanOutcome.Ignored.INSTANCE;
        }
        if (frameOf.isEmpty() && !draft.measuresAnyOf(judged)) {
            if (!carriesMeasurements) {
                return SpanOutcome.Ignored.INSTANCE;
            }
            Metric first = firstMetricByCategory.get(category);
            return missing(Measurements.explicitKey(first), "category " + category + " judges "
                    + judged.stream().map(Metric::id).sorted().toList() + "; this span gives none of them");
        }
        SeriesKey series = new SeriesKey(tenant, contract == null ? rules.defaultContract() : contract, service,
                environment, model, category, hardware, modelSize);
        return new SpanOutcome.Accepted(series, new InferenceRequest(instant(end), draft.measurements(), frameOf));
    }

    /**
     * A request span with {@code sla.stream_id} (span, else resource) in a category that judges
     * {@code fps}, and without an explicit {@code sla.fps} (which takes precedence), is a frame of
     * that stream: the engine counts frames per stream per second.
     */
    private static Optional<FrameStream> frameOf(AttributeValues attrs, AttributeValues resource, Role role,
            Set<Metric> judged, MeasurementDraft draft) {
        if (role != Role.REQUEST || !judged.contains(Metric.FPS) || draft.measures(Metric.FPS)) {
            return Optional.empty();
        }
        String streamId = text(attrs, resource, SLA_STREAM_ID);
        return streamId == null ? Optional.empty() : Optional.of(FrameStream.named(streamId));
    }

    private SpanOutcome.Rejected timeProblem(long start, long end, long now) {
        // fixed64 fields: a negative long is a time after 2262, i.e. in the future.
        if (end == 0) {
            return missing("end_time_unix_nano", "a span needs an end time: the request completes then");
        }
        if (start == 0) {
            return missing("start_time_unix_nano", "a span needs a start time");
        }
        if (end > 0 && (start < 0 || end < start)) {
            return new SpanOutcome.Rejected(RejectReason.END_BEFORE_START, "end_time_unix_nano", Long.toUnsignedString(end),
                    "end_time_unix_nano " + Long.toUnsignedString(end) + " is before start_time_unix_nano "
                            + Long.toUnsignedString(start));
        }
        if (end < 0 || end - now > futureSkewNanos) {
            return new SpanOutcome.Rejected(RejectReason.FUTURE, "end_time_unix_nano", Long.toUnsignedString(end),
                    "the span ends at " + Long.toUnsignedString(end) + " ns, more than " + rules.futureSkew()
                            + " after now (" + now + " ns)");
        }
        if (now - end > lateBoundNanos) {
            return new SpanOutcome.Rejected(RejectReason.LATE, "end_time_unix_nano", Long.toUnsignedString(end),
                    "the span ended at " + end + " ns, more than the late bound " + rules.lateBound()
                            + " before now (" + now + " ns)");
        }
        return null;
    }

    private static SpanOutcome.Rejected identityProblem(String service, String contract, String environment,
            String model, String hardware, String modelSize) {
        if (hardware != null && !Condition.Dimension.HARDWARE.allowed().contains(hardware)) {
            return invalid(SLA_HARDWARE.key, hardware, Condition.Dimension.HARDWARE.allowed());
        }
        if (modelSize != null && !Condition.Dimension.MODEL_SIZE.allowed().contains(modelSize)) {
            return invalid(SLA_MODEL_SIZE.key, modelSize, Condition.Dimension.MODEL_SIZE.allowed());
        }
        String[] keys = {SERVICE_NAME.key, SLA_CONTRACT.key, "deployment.environment.name", "gen_ai.response.model"};
        String[] values = {service, contract, environment, model};
        for (int i = 0; i < values.length; i++) {
            if (values[i] != null && values[i].length() > MAX_IDENTITY_LENGTH) {
                return new SpanOutcome.Rejected(RejectReason.INVALID_ATTRIBUTE, keys[i], clip(values[i]),
                        keys[i] + " must be at most " + MAX_IDENTITY_LENGTH + " characters, was " + values[i].length());
            }
        }
        return null;
    }

    private static SpanOutcome.Rejected invalid(String key, String value, Set<String> allowed) {
        return new SpanOutcome.Rejected(RejectReason.INVALID_ATTRIBUTE, key, clip(value),
                key + " must be one of " + String.join(", ", allowed.stream().sorted().toList())
                        + ", was '" + clip(value) + "'");
    }

    private String route(String service, String model, String operation) {
        for (CategoryRoute route : rules.routes()) {
            if (route.matches(service, model, operation)) {
                return route.category();
            }
        }
        return null;
    }

    private static SpanOutcome.Rejected missing(String attribute, String detail) {
        return new SpanOutcome.Rejected(RejectReason.MISSING_ATTRIBUTE, attribute, null, detail);
    }

    /** The span's value of the first attribute present, the span's own before its resource's. */
    private static String text(AttributeValues span, AttributeValues resource, SpanAttribute... attributes) {
        for (SpanAttribute attribute : attributes) {
            String value = span.text(attribute);
            if (value != null) {
                return value;
            }
        }
        for (SpanAttribute attribute : attributes) {
            String value = resource.text(attribute);
            if (value != null) {
                return value;
            }
        }
        return null;
    }

    private static String text(AttributeValues span, AttributeValues resource, SpanAttribute attribute) {
        String value = span.text(attribute);
        return value != null ? value : resource.text(attribute);
    }

    static String clip(String value) {
        return value.length() <= MAX_VALUE_TEXT ? value : value.substring(0, MAX_VALUE_TEXT) + "…";
    }

    private static long epochNanos(Instant now) {
        return now.getEpochSecond() * 1_000_000_000L + now.getNano();
    }

    private static Instant instant(long epochNanos) {
        return Instant.ofEpochSecond(epochNanos / 1_000_000_000L, epochNanos % 1_000_000_000L);
    }

    /** What a span stands for besides a whole request; decides what its duration measures. */
    enum Role {
        REQUEST, RETRIEVAL, STEP, JOB;

        static Role of(AttributeValues attrs) {
            if (attrs.text(SLA_JOB_ID) != null) {
                return JOB;
            }
            String operation = attrs.text(OPERATION_NAME);
            if (operation == null) {
                return REQUEST;
            }
            return switch (operation) {
                case "retrieval" -> RETRIEVAL;
                case "execute_tool" -> STEP;
                default -> REQUEST;
            };
        }
    }
}
