package io.infersla.loadgen;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import io.infersla.core.catalog.Catalog;
import io.infersla.core.catalog.Category;
import io.infersla.core.measure.Metric;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;
import org.junit.jupiter.api.Test;

/**
 * Each category's generated request carries the attributes docs/architecture.md's measurement table ("Measurements") reads
 * for that category's objectives, in the documented units, and healthy values sit mostly under
 * the catalog's targets.
 */
class SpanShapesTest {

    static final Catalog CATALOG = Catalog.builtIn();
    static final long END = 1_780_000_000_000_000_000L;
    static final SpanShapes SHAPES = new SpanShapes(CATALOG, "test");

    static Stream<String> categories() {
        return CATALOG.categories().stream().map(Category::id);
    }

    static GeneratedSpan one(String category, long seed) {
        return SHAPES.next(category, END, new Random(seed), SpanShapes.Distortion.NONE);
    }

    /** Every span of the request, depth first. */
    static List<GeneratedSpan> flatten(GeneratedSpan root) {
        List<GeneratedSpan> all = new ArrayList<>();
        all.add(root);
        root.children().forEach(c -> all.addAll(flatten(c)));
        return all;
    }

    /** The span of the request that carries this attribute. */
    static GeneratedSpan spanWith(GeneratedSpan root, String attribute) {
        return flatten(root).stream().filter(s -> s.attributes().containsKey(attribute)).findFirst()
                .orElseThrow(() -> new AssertionError("no span has " + attribute + ": " + flatten(root)));
    }

    @ParameterizedTest
    @MethodSource("categories")
    void everyCategoryEndsAtTheRequestedTimeWithItsCategoryAndAServiceName(String category) {
        GeneratedSpan request = one(category, 1);

        assertThat(request.endNanos()).isEqualTo(END);
        assertThat(request.resource()).containsKey("service.name").containsEntry("deployment.environment.name", "test");
        assertThat(flatten(request)).allSatisfy(span -> {
            assertThat(span.startNanos()).isLessThanOrEqualTo(span.endNanos());
            assertThat(span.endNanos()).isLessThanOrEqualTo(END);
        });
        assertThat(flatten(request).stream().map(s -> s.attributes().get("sla.category")))
                .contains(category);
    }

    static final Map<String, List<String>> LLM_CATEGORIES = Map.of(
            "chatbot", List.of(), "code-completion", List.of(), "realtime-translation", List.of("sla.chunk_ms"),
            "voice-assistant", List.of(), "api-sync", List.of("sla.model_size"), "doc-summarization", List.of(),
            "mobile-chat", List.of("sla.power_w"), "on-device-code-completion", List.of(), "search-rag", List.of());

    @ParameterizedTest
    @MethodSource("llmCategories")
    void llmCategoriesSendVllmShapedLlmRequestSpansInFloatSeconds(String category) {
        GeneratedSpan llm = spanWith(one(category, 2), "gen_ai.latency.time_to_first_token");
        Map<String, Object> a = llm.attributes();

        assertThat(llm.name()).isEqualTo("llm_request");
        assertThat(a).containsKeys("gen_ai.response.model", "gen_ai.usage.prompt_tokens", "gen_ai.usage.completion_tokens",
                "gen_ai.latency.e2e", "gen_ai.latency.time_in_model_decode", "sla.hardware");
        LLM_CATEGORIES.get(category).forEach(extra -> assertThat(a).containsKey(extra));
        double ttft = (Double) a.get("gen_ai.latency.time_to_first_token");
        double e2e = (Double) a.get("gen_ai.latency.e2e");
        double decode = (Double) a.get("gen_ai.latency.time_in_model_decode");
        // Seconds, not milliseconds: even a slow request's TTFT is well under 10 s.
        assertThat(ttft).isBetween(1e-4, 10.0);
        assertThat(e2e).isCloseTo(ttft + decode, within(1e-9));
        assertThat(llm.durationMs()).isCloseTo(e2e * 1000, within(0.001));
        long output = (Long) a.get("gen_ai.usage.completion_tokens");
        assertThat(output).isGreaterThanOrEqualTo(2); // TPOT needs at least two output tokens
    }

    @ParameterizedTest
    @MethodSource("llmCategories")
    void theVllmSpanStatesTheMeasurementsIngestReadsFromItsAttributes(String category) {
        GeneratedSpan llm = spanWith(one(category, 5), "gen_ai.latency.time_to_first_token");
        Map<String, Object> a = llm.attributes();
        long output = (Long) a.get("gen_ai.usage.completion_tokens");

        // docs/architecture.md's vLLM readings ("Measurements"): seconds x 1000; TPOT = decode time / (completion tokens - 1).
        assertThat(llm.measurements()).containsOnlyKeys(Metric.TTFT_MS, Metric.TPOT_MS, Metric.E2E_MS);
        assertThat(llm.measurements().get(Metric.TTFT_MS))
                .isCloseTo((Double) a.get("gen_ai.latency.time_to_first_token") * 1000, within(1e-9));
        assertThat(llm.measurements().get(Metric.TPOT_MS))
                .isCloseTo((Double) a.get("gen_ai.latency.time_in_model_decode") * 1000 / (output - 1), within(1e-9));
        assertThat(llm.measurements().get(Metric.E2E_MS)).isCloseTo((Double) a.get("gen_ai.latency.e2e") * 1000, within(1e-9));
    }

    static Stream<String> llmCategories() {
        return LLM_CATEGORIES.keySet().stream().sorted();
    }

    @Test
    void chatbotTokenCountsFollowTheTrafficEnvelope() {
        for (long seed = 0; seed < 200; seed++) {
            Map<String, Object> a = one("chatbot", seed).attributes();
            assertThat((Long) a.get("gen_ai.usage.prompt_tokens")).isBetween(256L, 512L);
            assertThat((Long) a.get("gen_ai.usage.completion_tokens")).isBetween(128L, 256L);
        }
    }

    @Test
    void healthyChatbotTtftHasItsP95UnderTheTarget() {
        double[] ttftMs = new double[2000];
        Random random = new Random(7);
        for (int i = 0; i < ttftMs.length; i++) {
            GeneratedSpan span = SHAPES.next("chatbot", END, random, SpanShapes.Distortion.NONE);
            ttftMs[i] = (Double) span.attributes().get("gen_ai.latency.time_to_first_token") * 1000;
        }
        java.util.Arrays.sort(ttftMs);
        double p95 = ttftMs[(int) Math.ceil(0.95 * ttftMs.length) - 1];
        // Target 200 ms; healthy p95 is 60% of it (120 ms), with sampling noise.
        assertThat(p95).isBetween(100.0, 140.0);
    }

    @Test
    void anInjectedFactorMultipliesOnlyTheNamedMetric() {
        GeneratedSpan healthy = SHAPES.next("chatbot", END, new Random(3), SpanShapes.Distortion.NONE);
        GeneratedSpan slow = SHAPES.next("chatbot", END, new Random(3), m -> m == Metric.TTFT_MS ? 3 : 1);

        double ttft = (Double) healthy.attributes().get("gen_ai.latency.time_to_first_token");
        assertThat((Double) slow.attributes().get("gen_ai.latency.time_to_first_token")).isCloseTo(3 * ttft, within(1e-12));
        assertThat(slow.attributes().get("gen_ai.latency.time_in_model_decode"))
                .isEqualTo(healthy.attributes().get("gen_ai.latency.time_in_model_decode"));
    }

    @Test
    void ragRequestsHaveARetrievalSpanBeforeGeneration() {
        GeneratedSpan request = one("search-rag", 4);
        GeneratedSpan retrieval = spanWith(request, "gen_ai.operation.name");
        GeneratedSpan llm = spanWith(request, "gen_ai.latency.time_to_first_token");

        assertThat(retrieval.attributes()).containsEntry("gen_ai.operation.name", "retrieval");
        assertThat(retrieval.endNanos()).isLessThanOrEqualTo(llm.startNanos());
        assertThat(request.attributes()).doesNotContainKey("sla.category"); // the container span is not SLA data
    }

    @Test
    void agentRunsAreInvokeAgentOverExecuteToolSteps() {
        GeneratedSpan run = one("agentic", 5);

        assertThat(run.name()).isEqualTo("invoke_agent");
        assertThat(run.attributes()).containsEntry("gen_ai.operation.name", "invoke_agent");
        assertThat(run.children()).hasSizeBetween(2, 5).allSatisfy(step -> {
            assertThat(step.attributes()).containsEntry("gen_ai.operation.name", "execute_tool").containsKey("gen_ai.tool.name");
            assertThat(step.startNanos()).isGreaterThanOrEqualTo(run.startNanos());
        });
        double steps = run.children().stream().mapToDouble(GeneratedSpan::durationMs).sum();
        assertThat(run.durationMs()).isGreaterThanOrEqualTo(steps);
    }

    @Test
    void speechCategoriesCarryAudioDurationsAndWordErrors() {
        Map<String, Object> stt = one("speech-to-text", 6).attributes();
        assertThat(stt).containsKeys("sla.audio_duration_ms", "sla.word_errors", "sla.reference_words");
        assertThat((Long) stt.get("sla.word_errors")).isLessThanOrEqualTo((Long) stt.get("sla.reference_words"));
        GeneratedSpan sttSpan = one("speech-to-text", 6);
        double rtf = sttSpan.durationMs() / (Double) sttSpan.attributes().get("sla.audio_duration_ms");
        assertThat(rtf).isBetween(0.0, 0.2);

        Map<String, Object> tts = one("text-to-speech", 6).attributes();
        assertThat(tts).containsKeys("sla.rtf", "sla.audio_duration_ms", "sla.first_audio_ms");

        Map<String, Object> live = one("live-transcription", 6).attributes();
        assertThat(live).containsKeys("sla.first_word_ms", "sla.chunk_ms", "sla.wer", "sla.reference_words", "sla.stream_id");
        assertThat((Double) live.get("sla.wer")).isBetween(0.0, 1.0);
    }

    @Test
    void visionEmbeddingsAndJobsCarryTheirExplicitAttributes() {
        assertThat(one("object-detection", 8).attributes()).containsKeys("sla.fps", "sla.stream_id");
        assertThat(one("image-classification", 8).attributes()).containsKey("sla.items");
        assertThat(one("image-generation", 8).attributes()).containsEntry("sla.items", 1L);
        assertThat(one("content-moderation", 8).attributes()).containsKey("sla.items");

        Map<String, Object> batch = one("batch-inference", 8).attributes();
        assertThat(batch).containsKeys("sla.cost_usd", "gen_ai.usage.input_tokens", "gen_ai.usage.output_tokens", "sla.items");
        assertThat(batch).doesNotContainKey("sla.job_id"); // a job id would make it a job span, not a request

        GeneratedSpan job = one("fine-tuning", 8);
        assertThat(job.attributes()).containsKeys("sla.job_id", "sla.job_duration_h", "sla.cost_usd");
        assertThat(job.durationMs() / 3.6e6).isCloseTo((Double) job.attributes().get("sla.job_duration_h"), within(1e-6));
    }

    @Test
    void embeddingsComeOnCpuAndGpuEachSizedToItsOwnTarget() {
        Random random = new Random(9);
        List<Double> cpu = new ArrayList<>();
        List<Double> gpu = new ArrayList<>();
        for (int i = 0; i < 400; i++) {
            GeneratedSpan span = SHAPES.next("embeddings", END, random, SpanShapes.Distortion.NONE);
            assertThat((Long) span.attributes().get("sla.items")).isBetween(32L, 256L);
            (span.attributes().get("sla.hardware").equals("gpu") ? gpu : cpu).add(span.durationMs());
        }
        assertThat(cpu).isNotEmpty();
        assertThat(gpu).isNotEmpty();
        // GPU target 1 ms, CPU target 10 ms.
        assertThat(gpu.stream().mapToDouble(Double::doubleValue).average().orElseThrow()).isLessThan(1.0);
        assertThat(cpu.stream().mapToDouble(Double::doubleValue).average().orElseThrow()).isBetween(2.0, 10.0);
    }

    @Test
    void mobileAndOnDeviceRequestsRunOnTheEdge() {
        assertThat(one("mobile-chat", 10).attributes()).containsEntry("sla.hardware", "edge");
        assertThat(one("on-device-code-completion", 10).attributes()).containsEntry("sla.hardware", "edge");
    }
}
