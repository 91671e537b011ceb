package io.infersla.ingest.mapping;

import static io.infersla.ingest.mapping.TestSpans.NOW;
import static io.infersla.ingest.mapping.TestSpans.normalise;
import static io.infersla.ingest.mapping.TestSpans.render;
import static io.infersla.ingest.mapping.TestSpans.resource;
import static io.infersla.ingest.mapping.TestSpans.span;
import static org.assertj.core.api.Assertions.assertThat;

import io.infersla.core.catalog.Catalog;
import io.infersla.core.catalog.Category;
import io.opentelemetry.proto.resource.v1.Resource;
import io.opentelemetry.proto.trace.v1.Span;
import java.time.Duration;
import java.util.List;
import java.util.Set;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * The mapping's golden table: for each of the 20 categories, a vLLM-shaped span, a span shaped
 * by the OpenTelemetry GenAI semantic conventions and a span with explicit {@code sla.*}
 * attributes, and the request each must become (or the rejection it must get).
 *
 * <p>The vLLM and semconv shapes are fixed (below); a category may add attributes to both
 * (e.g. audio duration for speech). Expected values follow from them:
 * <ul>
 *   <li>vLLM: ttft 0.12 s → 120 ms, e2e 1.5 s → 1500 ms (the span's own 1.6 s is not used),
 *       tpot = decode 1.3 s / (131 − 1) = 10 ms, tokens 512 + 131 = 643.</li>
 *   <li>semconv: time to first chunk 0.2 s → 200 ms, e2e = span duration 2200 ms,
 *       tpot = (2200 − 200) / (101 − 1) = 20 ms, tokens 300 + 101 = 401.</li>
 *   <li>explicit: the {@code sla.*} values as given; e2e from the span's 750 ms unless
 *       {@code sla.e2e_ms} says otherwise.</li>
 * </ul>
 */
class SpanMappingGoldenTest {

    static final String VLLM = "gen_ai.latency.time_to_first_token=0.12 gen_ai.latency.e2e=1.5 "
            + "gen_ai.latency.time_in_queue=0.01 gen_ai.latency.time_in_model_prefill=0.1 "
            + "gen_ai.latency.time_in_model_decode=1.3 gen_ai.usage.prompt_tokens=512 "
            + "gen_ai.usage.completion_tokens=131 gen_ai.request.id=cmpl-7f3a gen_ai.response.model=llama-3.1-8b "
            + "gen_ai.response.finish_reasons=[\"stop\"]";
    static final String SEMCONV = "gen_ai.operation.name=chat gen_ai.provider.name=openai "
            + "gen_ai.request.model=gpt-4o gen_ai.response.model=gpt-4o-2024-08-06 gen_ai.usage.input_tokens=300 "
            + "gen_ai.usage.output_tokens=101 gen_ai.response.time_to_first_chunk=0.2";

    static final String VLLM_BASE = "ttft_ms=120 e2e_ms=1500 tpot_ms=10 tokens=643";
    static final String SEMCONV_BASE = "ttft_ms=200 e2e_ms=2200 tpot_ms=20 tokens=401";

    static final SpanMapper MAPPER = new SpanMapper(MappingRules.defaults(Catalog.builtIn()));
    static final Resource RESOURCE = resource("service.name=inference-gw deployment.environment.name=prod");

    // category | attributes added to the vLLM and semconv shapes | vLLM expected | semconv expected
    //          | explicit attributes | explicit expected
    static final List<Row> TABLE = List.of(
            row("chatbot", "",
                    VLLM_BASE, SEMCONV_BASE,
                    "sla.ttft_ms=180 sla.tpot_ms=15 sla.e2e_ms=2100", "ttft_ms=180 tpot_ms=15 e2e_ms=2100"),
            row("code-completion", "",
                    VLLM_BASE, SEMCONV_BASE,
                    "sla.ttft_ms=40 sla.tpot_ms=8 sla.e2e_ms=120", "ttft_ms=40 tpot_ms=8 e2e_ms=120"),
            row("realtime-translation", "sla.chunk_ms=800",
                    VLLM_BASE + " chunk_ms=800", SEMCONV_BASE + " chunk_ms=800",
                    "sla.ttft_ms=250 sla.tpot_ms=25 sla.chunk_ms=900", "ttft_ms=250 tpot_ms=25 chunk_ms=900 e2e_ms=750"),
            row("voice-assistant", "",
                    VLLM_BASE, SEMCONV_BASE,
                    "sla.e2e_ms=900 sla.ttft_ms=150 sla.tpot_ms=30", "e2e_ms=900 ttft_ms=150 tpot_ms=30"),
            row("search-rag", "",
                    VLLM_BASE, SEMCONV_BASE,
                    "sla.retrieval_ms=80 sla.ttft_ms=150 sla.tpot_ms=18", "retrieval_ms=80 ttft_ms=150 tpot_ms=18 e2e_ms=750"),
            row("api-sync", "",
                    VLLM_BASE + " tokens_per_s=87.3333333", SEMCONV_BASE + " tokens_per_s=45.9090909",
                    "sla.e2e_ms=450 sla.tokens_per_s=95", "e2e_ms=450 tokens_per_s=95"),
            row("content-moderation", "sla.items=3",
                    VLLM_BASE + " items=3", SEMCONV_BASE + " items=3",
                    "sla.e2e_ms=60 sla.items=5", "e2e_ms=60 items=5"),
            row("doc-summarization", "",
                    VLLM_BASE, SEMCONV_BASE,
                    "sla.ttft_ms=400 sla.tpot_ms=25 sla.e2e_ms=4000", "ttft_ms=400 tpot_ms=25 e2e_ms=4000"),
            row("embeddings", "sla.items=32",
                    VLLM_BASE + " items=32 items_per_s=21.3333333", SEMCONV_BASE + " items=32 items_per_s=14.5454545",
                    "sla.e2e_ms=4 sla.items=32", "e2e_ms=4 items=32 items_per_s=8000"),
            row("live-transcription", "sla.first_word_ms=250 sla.word_errors=3 sla.reference_words=60",
                    VLLM_BASE + " first_word_ms=250 wer=0.05@60", SEMCONV_BASE + " first_word_ms=250 wer=0.05@60",
                    "sla.first_word_ms=280 sla.wer=0.04 sla.reference_words=50 sla.chunk_ms=700",
                    "first_word_ms=280 wer=0.04@50 chunk_ms=700 e2e_ms=750"),
            row("agentic", "",
                    VLLM_BASE, SEMCONV_BASE,
                    "sla.step_ms=700 sla.e2e_ms=6000", "step_ms=700 e2e_ms=6000"),
            row("batch-inference", "sla.cost_usd=0.002",
                    VLLM_BASE + " cost_usd=0.002@643 tokens_per_s=87.3333333",
                    SEMCONV_BASE + " cost_usd=0.002@401 tokens_per_s=45.9090909",
                    "sla.cost_usd=0.5 gen_ai.usage.input_tokens=200000 gen_ai.usage.output_tokens=50000",
                    "cost_usd=0.5@250000 tokens=250000 e2e_ms=750 tokens_per_s=66666.6667"),
            row("fine-tuning", "",
                    "rejected missing_attribute sla.job_duration_h", "rejected missing_attribute sla.job_duration_h",
                    "sla.job_duration_h=11.5 sla.cost_usd=120", "job_duration_h=11.5 cost_usd=120 e2e_ms=750"),
            row("mobile-chat", "sla.power_w=3.5",
                    VLLM_BASE + " power_w=3.5", SEMCONV_BASE + " power_w=3.5",
                    "sla.ttft_ms=45 sla.tpot_ms=9 sla.power_w=2.5", "ttft_ms=45 tpot_ms=9 power_w=2.5 e2e_ms=750"),
            row("on-device-code-completion", "",
                    VLLM_BASE, SEMCONV_BASE,
                    "sla.e2e_ms=18", "e2e_ms=18"),
            row("object-detection", "sla.fps=60",
                    VLLM_BASE + " fps=60", SEMCONV_BASE + " fps=60",
                    "sla.e2e_ms=8 sla.fps=120", "e2e_ms=8 fps=120"),
            row("image-classification", "",
                    VLLM_BASE, SEMCONV_BASE,
                    "sla.e2e_ms=35", "e2e_ms=35"),
            row("image-generation", "sla.items=1",
                    VLLM_BASE + " items=1 items_per_s=0.666666667", SEMCONV_BASE + " items=1 items_per_s=0.454545455",
                    "sla.e2e_ms=3200 sla.items=4 sla.items_per_s=2.5", "e2e_ms=3200 items=4 items_per_s=2.5"),
            row("text-to-speech", "sla.first_audio_ms=180 sla.audio_duration_ms=15000",
                    VLLM_BASE + " first_audio_ms=180 rtf=0.1", SEMCONV_BASE + " first_audio_ms=180 rtf=0.146666667",
                    "sla.rtf=0.08 sla.first_audio_ms=150", "rtf=0.08 first_audio_ms=150 e2e_ms=750"),
            row("speech-to-text", "sla.audio_duration_ms=30000 sla.word_errors=2 sla.reference_words=80",
                    VLLM_BASE + " rtf=0.05 wer=0.025@80", SEMCONV_BASE + " rtf=0.0733333333 wer=0.025@80",
                    "sla.rtf=0.12 sla.wer=0.06 sla.reference_words=120", "rtf=0.12 wer=0.06@120 e2e_ms=750"));

    record Row(String category, String extra, String vllm, String semconv, String explicitAttributes, String explicit) {
    }

    static Row row(String category, String extra, String vllm, String semconv, String explicitAttributes,
            String explicit) {
        return new Row(category, extra, vllm, semconv, explicitAttributes, explicit);
    }

    static Stream<Arguments> spans() {
        return TABLE.stream().flatMap(r -> Stream.of(
                Arguments.of(r.category(), "vLLM", span("llm_request", Span.SpanKind.SPAN_KIND_SERVER,
                        Duration.ofMillis(1600), VLLM + " " + r.extra() + " sla.category=" + r.category()).build(), r.vllm()),
                Arguments.of(r.category(), "semconv", span("chat gpt-4o", Span.SpanKind.SPAN_KIND_CLIENT,
                        Duration.ofMillis(2200), SEMCONV + " " + r.extra() + " sla.category=" + r.category()).build(),
                        r.semconv()),
                Arguments.of(r.category(), "explicit", span("inference", Span.SpanKind.SPAN_KIND_INTERNAL,
                        Duration.ofMillis(750), r.explicitAttributes() + " sla.category=" + r.category()).build(),
                        r.explicit())));
    }

    @ParameterizedTest(name = "{0} {1}")
    @MethodSource("spans")
    void mapsEachCategorysSpanShapesToTheExpectedRequest(String category, String shape, Span span, String expected) {
        SpanOutcome outcome = MAPPER.map("acme", RESOURCE, span, NOW);

        if (expected.startsWith("rejected ")) {
            assertThat(outcome).isInstanceOfSatisfying(SpanOutcome.Rejected.class, r ->
                    assertThat("rejected " + r.reason().id() + " " + r.attribute()).isEqualTo(expected));
        } else {
            assertThat(outcome).isInstanceOfSatisfying(SpanOutcome.Accepted.class, a -> {
                assertThat(render(a.request())).isEqualTo(normalise(expected));
                assertThat(a.request().frameOf()).isEmpty();
                assertThat(a.request().completedAt()).isEqualTo(TestSpans.END);
                assertThat(a.series().category()).isEqualTo(category);
                assertThat(a.series().tenant()).isEqualTo("acme");
            });
        }
    }

    /**
     * Frame counting, the other way to measure {@code fps}: a detection span with the stream's id
     * and no {@code sla.fps} measures its latency and is a frame of its stream.
     */
    @Test
    void objectDetectionFrameSpanIsAFrameOfItsStreamAndMeasuresItsLatency() {
        Span frame = span("detect", Span.SpanKind.SPAN_KIND_SERVER, Duration.ofMillis(12),
                "sla.category=object-detection sla.stream_id=rtsp://gate-3/main gen_ai.request.model=yolov8n").build();

        SpanOutcome outcome = MAPPER.map("acme", RESOURCE, frame, NOW);

        assertThat(outcome).isInstanceOfSatisfying(SpanOutcome.Accepted.class, a -> {
            assertThat(render(a.request())).isEqualTo("e2e_ms=12");
            assertThat(a.request().frameOf()).hasValue(io.infersla.core.request.FrameStream.named("rtsp://gate-3/main"));
            assertThat(a.series().model()).isEqualTo("yolov8n");
        });
    }

    @Test
    void tableCoversEveryCatalogCategoryOnce() {
        Set<String> catalog = Catalog.builtIn().categories().stream().map(Category::id).collect(Collectors.toSet());
        List<String> table = TABLE.stream().map(Row::category).toList();

        assertThat(table).doesNotHaveDuplicates().hasSize(20);
        assertThat(Set.copyOf(table)).isEqualTo(catalog);
    }
}
