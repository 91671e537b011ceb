package io.infersla.ingest.mapping;

import static io.infersla.ingest.mapping.TestSpans.END;
import static io.infersla.ingest.mapping.TestSpans.NOW;
import static io.infersla.ingest.mapping.TestSpans.attribute;
import static io.infersla.ingest.mapping.TestSpans.nanos;
import static io.infersla.ingest.mapping.TestSpans.render;
import static io.infersla.ingest.mapping.TestSpans.resource;
import static io.infersla.ingest.mapping.TestSpans.span;
import static org.assertj.core.api.Assertions.assertThat;

import io.infersla.core.catalog.Catalog;
import io.infersla.core.measure.RejectReason;
import io.infersla.core.request.FrameStream;
import io.infersla.core.request.SeriesKey;
import io.opentelemetry.proto.resource.v1.Resource;
import io.opentelemetry.proto.trace.v1.ResourceSpans;
import io.opentelemetry.proto.trace.v1.ScopeSpans;
import io.opentelemetry.proto.trace.v1.Span;
import io.opentelemetry.proto.trace.v1.Span.SpanKind;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class SpanMapperTest {

    static final Catalog CATALOG = Catalog.builtIn();
    static final SpanMapper MAPPER = new SpanMapper(MappingRules.defaults(CATALOG));
    static final Resource RESOURCE = resource("service.name=chat-api deployment.environment.name=prod");

    static SpanOutcome map(Resource resource, Span span) {
        return MAPPER.map("acme", resource, span, NOW);
    }

    static SpanOutcome map(String attributes) {
        return map(RESOURCE, span("op", SpanKind.SPAN_KIND_SERVER, Duration.ofMillis(500), attributes).build());
    }

    static SpanOutcome.Accepted accepted(SpanOutcome outcome) {
        assertThat(outcome).isInstanceOf(SpanOutcome.Accepted.class);
        return (SpanOutcome.Accepted) outcome;
    }

    static SpanOutcome.Rejected rejected(SpanOutcome outcome) {
        assertThat(outcome).isInstanceOf(SpanOutcome.Rejected.class);
        return (SpanOutcome.Rejected) outcome;
    }

    @Test
    void seriesIdentityComesFromTheCredentialsTenantAndTheResourceAndSpanAttributes() {
        Resource resource = resource("service.name=vllm deployment.environment=staging sla.hardware=gpu "
                + "tenant=evil sla.tenant=evil sla.model_size=xl");
        Span span = span("llm_request", SpanKind.SPAN_KIND_SERVER, Duration.ofMillis(900),
                "sla.category=api-sync gen_ai.request.model=req-model gen_ai.response.model=resp-model "
                        + "sla.contract=gold gen_ai.latency.e2e=0.8").build();

        SeriesKey series = accepted(map(resource, span)).series();

        assertThat(series).isEqualTo(new SeriesKey("acme", "gold", "vllm", "staging", "resp-model", "api-sync", "gpu", "xl"));
    }

    @Test
    void spanAttributesOverrideResourceAttributesAndAbsentContractIsTheDefault() {
        Resource resource = resource("service.name=svc sla.category=chatbot deployment.environment.name=prod "
                + "deployment.environment=old model_name=fallback");
        Span span = span("op", SpanKind.SPAN_KIND_SERVER, Duration.ofMillis(100), "sla.category=code-completion").build();

        SeriesKey series = accepted(map(resource, span)).series();

        assertThat(series.category()).isEqualTo("code-completion");
        assertThat(series.contract()).isEqualTo(MappingRules.DEFAULT_CONTRACT);
        assertThat(series.environment()).isEqualTo("prod");
        assertThat(series.model()).isEqualTo("fallback");
    }

    @Test
    void spanWithAStreamIdInACategoryJudgingFpsIsAFrameOfThatStream() {
        Resource camera = resource("service.name=yolo-gate sla.category=object-detection");
        Span frame = span("detect", SpanKind.SPAN_KIND_SERVER, Duration.ofMillis(9), "sla.stream_id=cam-7").build();

        SpanOutcome.Accepted outcome = accepted(map(camera, frame));

        assertThat(outcome.request().frameOf()).hasValue(FrameStream.named("cam-7"));
        assertThat(render(outcome.request())).isEqualTo("e2e_ms=9");
    }

    @Test
    void anInternalSpanIsAFrameByItsOwnStreamIdButNotByItsResourceOne() {
        Span internal = span("detect", SpanKind.SPAN_KIND_INTERNAL, Duration.ofMillis(9), "sla.stream_id=cam-7").build();
        Span child = span("resize", SpanKind.SPAN_KIND_INTERNAL, Duration.ofMillis(1), "").build();

        assertThat(accepted(map(resource("service.name=yolo sla.category=object-detection"), internal)).request().frameOf())
                .hasValue(FrameStream.named("cam-7"));
        assertThat(map(resource("service.name=yolo sla.category=object-detection sla.stream_id=cam-7"), child))
                .isInstanceOf(SpanOutcome.Ignored.class);
    }

    @Test
    void aResourceStreamIdNamesTheStreamOfItsServerSpans() {
        Span frame = span("detect", SpanKind.SPAN_KIND_SERVER, Duration.ofMillis(9), "").build();

        assertThat(accepted(map(resource("service.name=yolo sla.category=object-detection sla.stream_id=cam-9"), frame))
                .request().frameOf()).hasValue(FrameStream.named("cam-9"));
    }

    @Test
    void explicitFpsTakesPrecedenceOverFrameCounting() {
        Span span = span("detect", SpanKind.SPAN_KIND_SERVER, Duration.ofMillis(9),
                "sla.category=object-detection sla.stream_id=cam-7 sla.fps=45").build();

        SpanOutcome.Accepted outcome = accepted(map(RESOURCE, span));

        assertThat(outcome.request().frameOf()).isEmpty();
        assertThat(render(outcome.request())).isEqualTo("e2e_ms=9 fps=45");
    }

    @Test
    void aStreamIdMeansNothingInACategoryWithoutAnFpsObjective() {
        Span server = span("chat", SpanKind.SPAN_KIND_SERVER, Duration.ofMillis(900), "sla.category=chatbot sla.stream_id=s").build();
        Span internal = span("chat", SpanKind.SPAN_KIND_INTERNAL, Duration.ofMillis(900), "sla.stream_id=s").build();

        assertThat(accepted(map(RESOURCE, server)).request().frameOf()).isEqualTo(Optional.empty());
        assertThat(map(resource("service.name=chat sla.category=chatbot"), internal)).isInstanceOf(SpanOutcome.Ignored.class);
    }

    @Test
    void internalChildSpanWithoutSlaDataIsIgnored() {
        Resource resource = resource("service.name=svc sla.category=chatbot");
        Span child = span("tokenize", SpanKind.SPAN_KIND_INTERNAL, Duration.ofMillis(3), "http.method=GET").build();

        assertThat(map(resource, child)).isInstanceOf(SpanOutcome.Ignored.class);
    }

    @Test
    void serverSpanOfACategorisedServiceIsARequestTimedByTheSpan() {
        Resource resource = resource("service.name=svc sla.category=image-classification");
        Span server = span("POST /classify", SpanKind.SPAN_KIND_SERVER, Duration.ofMillis(42), "").build();

        assertThat(render(accepted(map(resource, server)).request())).isEqualTo("e2e_ms=42");
    }

    @Test
    void serverSpanWhoseCategoryDoesNotJudgeSpanTimingIsIgnoredNotRejected() {
        Resource resource = resource("service.name=svc sla.category=text-to-speech");
        Span server = span("POST /speak", SpanKind.SPAN_KIND_SERVER, Duration.ofMillis(42), "").build();

        assertThat(map(resource, server)).isInstanceOf(SpanOutcome.Ignored.class);
    }

    @Test
    void serverSpanWithoutAnyCategoryIsIgnored() {
        assertThat(map("")).isInstanceOf(SpanOutcome.Ignored.class);
    }

    @Test
    void spanWithMeasurementsButNoCategoryIsRejectedNamingSlaCategory() {
        SpanOutcome.Rejected r = rejected(map("sla.ttft_ms=100"));

        assertThat(r.reason()).isEqualTo(RejectReason.MISSING_ATTRIBUTE);
        assertThat(r.attribute()).isEqualTo("sla.category");
    }

    @Test
    void unknownCategoryIsRejectedWithTheValue() {
        SpanOutcome.Rejected r = rejected(map("sla.category=telepathy sla.ttft_ms=100"));

        assertThat(r.reason()).isEqualTo(RejectReason.UNKNOWN_CATEGORY);
        assertThat(r.attribute()).isEqualTo("sla.category");
        assertThat(r.value()).isEqualTo("telepathy");
        assertThat(r.detail()).contains("telepathy");
    }

    @Test
    void categoryRouteGivesACategoryToSpansWithoutOne() {
        SpanMapper mapper = new SpanMapper(new MappingRules(CATALOG, "default", Duration.ofHours(1), Duration.ofMinutes(1),
                List.of(new CategoryRoute("other", null, null, "embeddings"),
                        new CategoryRoute(null, "whisper-large", "transcribe", "speech-to-text"),
                        new CategoryRoute("chat-api", null, null, "chatbot"))));
        Span whisper = span("t", SpanKind.SPAN_KIND_SERVER, Duration.ofMillis(500),
                "gen_ai.request.model=whisper-large gen_ai.operation.name=transcribe sla.rtf=0.1").build();
        Span chat = span("c", SpanKind.SPAN_KIND_SERVER, Duration.ofMillis(500), "sla.ttft_ms=90").build();

        assertThat(accepted(mapper.map("acme", RESOURCE, whisper, NOW)).series().category()).isEqualTo("speech-to-text");
        assertThat(accepted(mapper.map("acme", RESOURCE, chat, NOW)).series().category()).isEqualTo("chatbot");
    }

    @ParameterizedTest(name = "{0} -> {1} on {2}")
    @CsvSource({
        "sla.ttft_ms=-5,                                   negative,         sla.ttft_ms",
        "sla.ttft_ms=abc,                                  nan,              sla.ttft_ms",
        "gen_ai.latency.e2e=-0.5,                          negative,         gen_ai.latency.e2e",
        "gen_ai.usage.output_tokens=-3,                    negative,         gen_ai.usage.output_tokens",
        "sla.word_errors=3 sla.reference_words=0,          invalid_weight,   sla.reference_words",
        "sla.word_errors=3,                                missing_attribute, sla.reference_words",
        "sla.wer=0.1 sla.reference_words=-4,               invalid_weight,   sla.reference_words",
        "sla.audio_duration_ms=0 sla.category=speech-to-text, infinite,      sla.audio_duration_ms",
        "sla.hardware=tpu,                                 invalid_attribute, sla.hardware",
        "sla.model_size=huge,                              invalid_attribute, sla.model_size",
    })
    void invalidValuesAreRejectedWithTheirReasonAndAttribute(String attributes, String reason, String attribute) {
        String withCategory = attributes.contains("sla.category") ? attributes : attributes + " sla.category=chatbot";
        SpanOutcome.Rejected r = rejected(map(withCategory));

        assertThat(r.reason().id()).isEqualTo(reason);
        assertThat(r.attribute()).isEqualTo(attribute);
        assertThat(r.detail()).contains(attribute);
    }

    @Test
    void infiniteDoubleIsRejectedAsInfinite() {
        Span span = span("op", SpanKind.SPAN_KIND_SERVER, Duration.ofMillis(5), "sla.category=chatbot")
                .addAttributes(attribute("sla.e2e_ms", Double.POSITIVE_INFINITY)).build();

        assertThat(rejected(map(RESOURCE, span)).reason()).isEqualTo(RejectReason.INFINITE);
    }

    @Test
    void ttftLongerThanE2eMakesANegativeTpotAndIsRejected() {
        SpanOutcome.Rejected r = rejected(map("sla.category=chatbot sla.ttft_ms=900 sla.e2e_ms=500 gen_ai.usage.output_tokens=10"));

        assertThat(r.reason()).isEqualTo(RejectReason.NEGATIVE);
        assertThat(r.attribute()).isEqualTo("sla.ttft_ms");
        assertThat(r.detail()).contains("exceeds e2e_ms");
    }

    @Test
    void singleOutputTokenHasNoTimePerOutputToken() {
        String rendered = render(accepted(map("sla.category=chatbot sla.ttft_ms=90 gen_ai.usage.output_tokens=1")).request());

        assertThat(rendered).isEqualTo("ttft_ms=90 e2e_ms=500 tokens=1");
    }

    @Test
    void explicitValuesWinOverVllmWhichWinsOverSemanticConventions() {
        String rendered = render(accepted(map("sla.category=chatbot sla.ttft_ms=50 gen_ai.latency.time_to_first_token=0.3 "
                + "gen_ai.response.time_to_first_chunk=0.4 gen_ai.latency.e2e=0.9 gen_ai.usage.prompt_tokens=10 "
                + "gen_ai.usage.input_tokens=99 gen_ai.usage.completion_tokens=5 gen_ai.usage.output_tokens=99 "
                + "gen_ai.latency.time_in_model_decode=0.4")).request());

        assertThat(rendered).isEqualTo("ttft_ms=50 tpot_ms=100 e2e_ms=900 tokens=15");
    }

    @Test
    void retrievalSpanMeasuresRetrievalOnlyAndToolSpanMeasuresAStep() {
        Span retrieval = span("retrieve", SpanKind.SPAN_KIND_CLIENT, Duration.ofMillis(85),
                "gen_ai.operation.name=retrieval sla.category=search-rag").build();
        Span tool = span("execute_tool search", SpanKind.SPAN_KIND_INTERNAL, Duration.ofMillis(420),
                "gen_ai.operation.name=execute_tool sla.category=agentic").build();

        assertThat(render(accepted(map(RESOURCE, retrieval)).request())).isEqualTo("retrieval_ms=85");
        assertThat(render(accepted(map(RESOURCE, tool)).request())).isEqualTo("step_ms=420");
    }

    @Test
    void jobSpanMeasuresItsDurationInHours() {
        Span job = span("fine-tune", SpanKind.SPAN_KIND_INTERNAL, Duration.ofHours(10).plusMinutes(30),
                "sla.job_id=ft-42 sla.category=fine-tuning").build();

        assertThat(render(accepted(map(RESOURCE, job)).request())).isEqualTo("job_duration_h=10.5");
    }

    @Test
    void costIsWeightedByTokensAndCostPerTokenCategoriesNeedThem() {
        assertThat(render(accepted(map("sla.category=api-sync sla.cost_usd=0.01 gen_ai.usage.input_tokens=900 "
                + "gen_ai.usage.output_tokens=100")).request()))
                .isEqualTo("e2e_ms=500 tokens=1000 cost_usd=0.01@1000 tokens_per_s=200");

        SpanOutcome.Rejected r = rejected(map("sla.category=batch-inference sla.cost_usd=0.01"));
        assertThat(r.reason()).isEqualTo(RejectReason.MISSING_ATTRIBUTE);
        assertThat(r.attribute()).isEqualTo("gen_ai.usage.input_tokens");
    }

    @Test
    void numericStringsAreReadAsNumbers() {
        Span span = span("op", SpanKind.SPAN_KIND_SERVER, Duration.ofMillis(5), "sla.category=chatbot")
                .addAttributes(attribute("sla.ttft_ms", " 12.5 ")).build();

        assertThat(render(accepted(map(RESOURCE, span)).request())).isEqualTo("ttft_ms=12.5 e2e_ms=5");
    }

    @Test
    void spanWithoutEndTimeOrEndingBeforeItStartsIsRejected() {
        Span noEnd = span("op", SpanKind.SPAN_KIND_SERVER, Duration.ofMillis(5), "sla.category=chatbot")
                .setEndTimeUnixNano(0).build();
        Span backwards = span("op", SpanKind.SPAN_KIND_SERVER, Duration.ofMillis(5), "sla.category=chatbot")
                .setStartTimeUnixNano(nanos(END) + 1).build();

        assertThat(rejected(map(RESOURCE, noEnd)).reason()).isEqualTo(RejectReason.MISSING_ATTRIBUTE);
        assertThat(rejected(map(RESOURCE, noEnd)).attribute()).isEqualTo("end_time_unix_nano");
        assertThat(rejected(map(RESOURCE, backwards)).reason()).isEqualTo(RejectReason.END_BEFORE_START);
    }

    @Test
    void spansBeyondTheFutureSkewOrOlderThanTheLateBoundAreRejectedAtTheBoundsEdge() {
        Duration skew = MappingRules.DEFAULT_FUTURE_SKEW;
        Duration late = MappingRules.DEFAULT_LATE_BOUND;

        assertThat(MAPPER.map("acme", RESOURCE, endingAt(NOW.plus(skew)), NOW)).isInstanceOf(SpanOutcome.Accepted.class);
        assertThat(rejected(MAPPER.map("acme", RESOURCE, endingAt(NOW.plus(skew).plusNanos(1)), NOW)).reason())
                .isEqualTo(RejectReason.FUTURE);
        assertThat(MAPPER.map("acme", RESOURCE, endingAt(NOW.minus(late)), NOW)).isInstanceOf(SpanOutcome.Accepted.class);
        assertThat(rejected(MAPPER.map("acme", RESOURCE, endingAt(NOW.minus(late).minusNanos(1)), NOW)).reason())
                .isEqualTo(RejectReason.LATE);
        Span after2262 = span("op", SpanKind.SPAN_KIND_SERVER, Duration.ofMillis(5), "sla.category=chatbot")
                .setEndTimeUnixNano(-1L).build();
        assertThat(rejected(MAPPER.map("acme", RESOURCE, after2262, NOW)).reason()).isEqualTo(RejectReason.FUTURE);
    }

    private static Span endingAt(java.time.Instant end) {
        return span("op", SpanKind.SPAN_KIND_SERVER, Duration.ZERO, "sla.category=chatbot")
                .setStartTimeUnixNano(nanos(end) - 1_000_000).setEndTimeUnixNano(nanos(end)).build();
    }

    @Test
    void identityAttributeLongerThanTheSeriesKeyAllowsIsRejected() {
        Resource resource = resource("service.name=" + "s".repeat(SpanMapper.MAX_IDENTITY_LENGTH + 1));

        SpanOutcome.Rejected r = rejected(map(resource,
                span("op", SpanKind.SPAN_KIND_SERVER, Duration.ofMillis(5), "sla.category=chatbot").build()));

        assertThat(r.reason()).isEqualTo(RejectReason.INVALID_ATTRIBUTE);
        assertThat(r.attribute()).isEqualTo("service.name");
        assertThat(r.value()).hasSizeLessThan(300);
    }

    @Test
    void serviceNameIsRequired() {
        SpanOutcome.Rejected r = rejected(map(Resource.getDefaultInstance(),
                span("op", SpanKind.SPAN_KIND_SERVER, Duration.ofMillis(5), "sla.category=chatbot").build()));

        assertThat(r.reason()).isEqualTo(RejectReason.MISSING_ATTRIBUTE);
        assertThat(r.attribute()).isEqualTo("service.name");
    }

    @Test
    void exportGroupsAcceptedRequestsPerSeriesAndCountsEveryOutcome() {
        ResourceSpans chat = ResourceSpans.newBuilder().setResource(resource("service.name=chat sla.category=chatbot"))
                .addScopeSpans(ScopeSpans.newBuilder()
                        .addSpans(span("a", SpanKind.SPAN_KIND_SERVER, Duration.ofMillis(10), "sla.ttft_ms=1"))
                        .addSpans(span("b", SpanKind.SPAN_KIND_SERVER, Duration.ofMillis(20), "sla.ttft_ms=2"))
                        .addSpans(span("child", SpanKind.SPAN_KIND_INTERNAL, Duration.ofMillis(1), ""))
                        .addSpans(span("bad", SpanKind.SPAN_KIND_SERVER, Duration.ofMillis(1), "sla.ttft_ms=-1")))
                .build();
        ResourceSpans code = ResourceSpans.newBuilder().setResource(resource("service.name=code sla.category=code-completion"))
                .addScopeSpans(ScopeSpans.newBuilder()
                        .addSpans(span("c", SpanKind.SPAN_KIND_SERVER, Duration.ofMillis(30), "")))
                .build();

        MappedExport export = MAPPER.map("acme", List.of(chat, code), NOW);

        assertThat(export.received()).isEqualTo(5);
        assertThat(export.accepted()).isEqualTo(3);
        assertThat(export.ignored()).isEqualTo(1);
        assertThat(export.rejected()).singleElement().satisfies(r -> {
            assertThat(r.tenant()).isEqualTo("acme");
            assertThat(r.spanName()).isEqualTo("bad");
            assertThat(r.traceId()).isEqualTo("0102030405060708090a0b0c0d0e0f10");
            assertThat(r.spanId()).isEqualTo("ab02030405060708");
            assertThat(r.rejection().reason()).isEqualTo(RejectReason.NEGATIVE);
        });
        assertThat(export.requestsBySeries()).hasSize(2);
        assertThat(export.requestsBySeries().keySet()).extracting(SeriesKey::service).containsExactly("chat", "code");
        assertThat(export.requestsBySeries().values()).extracting(List::size).containsExactly(2, 1);
        assertThat(export.rejectionSummary()).startsWith("1 span rejected (negative: 1); first: span ab02030405060708: sla.ttft_ms");
    }
}
