package io.infersla.loadgen;

import io.infersla.core.catalog.Catalog;
import io.infersla.core.catalog.Category;
import io.infersla.core.catalog.Quantity;
import io.infersla.core.catalog.Range;
import io.infersla.core.measure.Metric;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Random;
import java.util.Set;

/**
 * Builds one inference request of a category as the spans a real server would emit, ending at
 * a given instant. Sizes (tokens, batch) come from the category's traffic envelope; latencies are
 * lognormal with their p95 at {@link #HEALTHY_SHARE} of the catalog's target, so a healthy
 * service is mostly under target and now and then over it. A {@link Distortion} multiplies the
 * metric an injected breach names.
 *
 * <p>The attribute names and units are docs/architecture.md's measurement table ("Measurements"): vLLM's
 * {@code gen_ai.latency.*} in float seconds, {@code sla.*} in the metric's unit.
 */
final class SpanShapes {

    /** Healthy p95 as a share of the target: comfortably inside, yet with a visible tail. */
    static final double HEALTHY_SHARE = 0.6;
    /** Spread of healthy latencies (standard deviation of the log). */
    static final double SIGMA = 0.3;

    /** How an injected breach distorts a metric: the factor to apply, 1 when none is active. */
    @FunctionalInterface
    interface Distortion {
        Distortion NONE = metric -> 1;

        double factor(Metric metric);
    }

    private static final Set<String> LLM = Set.of("chatbot", "code-completion", "realtime-translation",
            "voice-assistant", "api-sync", "doc-summarization", "mobile-chat", "on-device-code-completion");

    private final ObjectiveTargets targets;
    private final String environment;

    SpanShapes(Catalog catalog, String environment) {
        this.targets = new ObjectiveTargets(catalog);
        this.environment = environment;
    }

    /** One request of {@code category}, ending at {@code endNanos} (epoch nanoseconds). */
    GeneratedSpan next(String category, long endNanos, Random random, Distortion distortion) {
        Category c = targets.category(category);
        if (LLM.contains(category)) {
            return llmRequest(c, endNanos, random, distortion);
        }
        return switch (category) {
            case "search-rag" -> ragRequest(c, endNanos, random, distortion);
            case "agentic" -> agentRun(c, endNanos, random, distortion);
            case "batch-inference" -> batchRequest(c, endNanos, random);
            case "fine-tuning" -> trainingJob(c, endNanos, random, distortion);
            case "embeddings" -> embeddingBatch(c, endNanos, random, distortion);
            case "content-moderation" -> simpleRequest(c, "moderate", endNanos, random, distortion,
                    batchItems(c, random), "text-moderation-latest");
            case "image-classification" -> simpleRequest(c, "classify", endNanos, random, distortion,
                    batchItems(c, random), "vit-base-patch16-224");
            case "image-generation" -> imageGeneration(c, endNanos, random, distortion);
            case "object-detection" -> objectDetection(c, endNanos, random, distortion);
            case "live-transcription" -> liveTranscription(c, endNanos, random, distortion);
            case "speech-to-text" -> speechToText(c, endNanos, random, distortion);
            case "text-to-speech" -> textToSpeech(c, endNanos, random, distortion);
            default -> throw new IllegalArgumentException("no span shape for category '" + category + "'");
        };
    }

    // ---- LLM: vLLM's llm_request span ------------------------------------------------------------

    private GeneratedSpan llmRequest(Category c, long end, Random random, Distortion d) {
        String id = c.id();
        boolean edge = id.equals("mobile-chat") || id.startsWith("on-device");
        Map<String, Object> extra = new LinkedHashMap<>();
        Map<String, String> series = Map.of();
        String model = switch (id) {
            case "code-completion" -> "Qwen/Qwen2.5-Coder-7B-Instruct";
            case "on-device-code-completion" -> "Qwen2.5-Coder-1.5B-Q4_K_M";
            case "mobile-chat" -> "Llama-3.2-1B-Instruct-Q4_K_M";
            case "doc-summarization" -> "mistralai/Mistral-Small-24B-Instruct-2501";
            default -> "meta-llama/Llama-3.1-8B-Instruct";
        };
        if (id.equals("api-sync")) {
            boolean xl = random.nextDouble() < 0.2;
            model = xl ? "meta-llama/Llama-3.1-70B-Instruct" : model;
            series = Map.of("model_size", xl ? "xl" : "medium");
            extra.put("sla.model_size", xl ? "xl" : "medium");
        }
        if (id.equals("realtime-translation")) {
            extra.put("sla.chunk_ms", healthy(id, Metric.CHUNK_MS, 1000, random) * d.factor(Metric.CHUNK_MS));
        }
        if (id.equals("mobile-chat")) {
            double meanTarget = targets.upper(id, Metric.POWER_W).orElse(2);
            extra.put("sla.power_w", new Lognormal(0.55 * meanTarget, 0.15).sample(random) * d.factor(Metric.POWER_W));
        }
        return vllmSpan(c, "llm_request", model, edge ? "edge" : "gpu", series, end, random, d, extra,
                resource(id, edge ? id + "-llamacpp" : id + "-vllm"));
    }

    /**
     * vLLM's {@code llm_request} span. TTFT and TPOT are drawn from the category's targets; when
     * the category also bounds end-to-end latency, TPOT is tightened so that TTFT plus decoding
     * of the longest envelope output stays inside it (the seed's rows are not all consistent
     * with each other otherwise).
     */
    private GeneratedSpan vllmSpan(Category c, String name, String model, String hardware, Map<String, String> series,
            long end, Random random, Distortion d, Map<String, Object> extra, Map<String, Object> resource) {
        String id = c.id();
        long input = tokens(c.envelope().input(), 128, random);
        Range outRange = range(c.envelope().output(), new Range(64, 256));
        long output = Math.max(2, Math.round(outRange.min() + random.nextDouble() * (outRange.max() - outRange.min())));
        double e2eBudget = targets.upper(id, Metric.E2E_MS, series).orElse(Double.POSITIVE_INFINITY) * HEALTHY_SHARE;
        double ttftP95 = targets.upper(id, Metric.TTFT_MS, series).orElse(Math.min(500, 0.3 * e2eBudget / HEALTHY_SHARE))
                * HEALTHY_SHARE;
        double tpotP95 = targets.upper(id, Metric.TPOT_MS, series).orElse(50) * HEALTHY_SHARE;
        tpotP95 = Math.min(tpotP95, (e2eBudget - ttftP95) / Math.max(1, outRange.max() - 1));
        double e2eFactor = d.factor(Metric.E2E_MS);
        double ttftMs = Lognormal.withP95(ttftP95, SIGMA).sample(random) * d.factor(Metric.TTFT_MS) * e2eFactor;
        double tpotMs = Lognormal.withP95(tpotP95, SIGMA / 2).sample(random) * d.factor(Metric.TPOT_MS) * e2eFactor;
        double decodeMs = tpotMs * (output - 1);
        double queueMs = Lognormal.withP95(Math.max(0.5, 0.1 * ttftP95), 0.5).sample(random);
        double e2eMs = ttftMs + decodeMs;

        Map<String, Object> a = new LinkedHashMap<>();
        a.put("gen_ai.request.id", "cmpl-" + Long.toHexString(random.nextLong()));
        a.put("gen_ai.response.model", model);
        a.put("gen_ai.request.max_tokens", outRange.max() > 0 ? (long) outRange.max() : 256L);
        a.put("gen_ai.request.temperature", 0.7);
        a.put("gen_ai.request.top_p", 0.95);
        a.put("gen_ai.request.n", 1L);
        a.put("gen_ai.usage.prompt_tokens", input);
        a.put("gen_ai.usage.completion_tokens", output);
        a.put("gen_ai.latency.time_in_queue", Math.min(queueMs, ttftMs * 0.5) / 1000);
        a.put("gen_ai.latency.time_to_first_token", ttftMs / 1000);
        a.put("gen_ai.latency.e2e", e2eMs / 1000);
        a.put("gen_ai.latency.time_in_scheduler", 0.02 * e2eMs / 1000);
        a.put("gen_ai.latency.time_in_model_prefill", 0.8 * ttftMs / 1000);
        a.put("gen_ai.latency.time_in_model_decode", decodeMs / 1000);
        a.put("gen_ai.latency.time_in_model_inference", (0.8 * ttftMs + decodeMs) / 1000);
        a.put("sla.category", id);
        a.put("sla.hardware", hardware);
        a.putAll(extra);
        // What ingest reads back: the seconds above times 1000, and decode time / (completion tokens - 1).
        Map<Metric, Double> measured = Map.of(Metric.TTFT_MS, ttftMs, Metric.TPOT_MS, tpotMs, Metric.E2E_MS, e2eMs);
        return new GeneratedSpan(name, GeneratedSpan.Kind.SERVER, end - nanos(e2eMs), end, a, resource, List.of(), measured);
    }

    // ---- Trees: RAG and agents ------------------------------------------------------------------

    /** A RAG request: a retrieval span, then generation (a vLLM span), under one server span. */
    private GeneratedSpan ragRequest(Category c, long end, Random random, Distortion d) {
        double retrievalMs = healthy(c.id(), Metric.RETRIEVAL_MS, 100, random) * d.factor(Metric.RETRIEVAL_MS);
        Map<String, Object> resource = resource(c.id(), "rag-api");
        GeneratedSpan llm = vllmSpan(c, "llm_request", "meta-llama/Llama-3.1-8B-Instruct", "gpu", Map.of(), end,
                random, d, Map.of(), resource);
        long retrievalEnd = llm.startNanos() - nanos(1);
        Map<String, Object> r = new LinkedHashMap<>();
        r.put("gen_ai.operation.name", "retrieval");
        r.put("gen_ai.data_source.id", "docs-index");
        r.put("db.system.name", "qdrant");
        r.put("sla.category", c.id());
        r.put("sla.hardware", "cpu");
        GeneratedSpan retrieval = new GeneratedSpan("retrieval", GeneratedSpan.Kind.CLIENT,
                retrievalEnd - nanos(retrievalMs), retrievalEnd, r, resource, List.of());
        return new GeneratedSpan("POST /search", GeneratedSpan.Kind.SERVER, retrieval.startNanos() - nanos(1), end,
                Map.of("http.request.method", "POST", "http.route", "/search"), resource, List.of(retrieval, llm));
    }

    /** An agent run: {@code invoke_agent} over 2–5 {@code execute_tool} steps. */
    private GeneratedSpan agentRun(Category c, long end, Random random, Distortion d) {
        Map<String, Object> resource = resource(c.id(), "agent-runtime");
        int steps = 2 + random.nextInt(4);
        String[] tools = {"web_search", "sql_query", "code_interpreter", "calendar_lookup", "send_email"};
        List<GeneratedSpan> children = new ArrayList<>();
        double[] stepMs = new double[steps];
        double total = 0;
        for (int i = 0; i < steps; i++) {
            stepMs[i] = healthy(c.id(), Metric.STEP_MS, 1000, random) * d.factor(Metric.STEP_MS);
            total += stepMs[i] + 2;
        }
        double e2eMs = total * d.factor(Metric.E2E_MS);
        long start = end - nanos(e2eMs);
        long cursor = start + nanos(1);
        long inputTokens = 0;
        long outputTokens = 0;
        for (int i = 0; i < steps; i++) {
            long in = tokens(c.envelope().input(), 200, random);
            long out = tokens(c.envelope().output(), 100, random);
            inputTokens += in;
            outputTokens += out;
            Map<String, Object> s = new LinkedHashMap<>();
            s.put("gen_ai.operation.name", "execute_tool");
            s.put("gen_ai.tool.name", tools[random.nextInt(tools.length)]);
            s.put("gen_ai.tool.call.id", "call_" + Long.toHexString(random.nextLong()));
            s.put("sla.category", c.id());
            long stepEnd = Math.min(end, cursor + nanos(stepMs[i]));
            children.add(new GeneratedSpan("execute_tool", GeneratedSpan.Kind.INTERNAL, cursor, stepEnd, s, resource,
                    List.of()));
            cursor = stepEnd + nanos(2);
        }
        Map<String, Object> a = new LinkedHashMap<>();
        a.put("gen_ai.operation.name", "invoke_agent");
        a.put("gen_ai.agent.name", "support-agent");
        a.put("gen_ai.request.model", "meta-llama/Llama-3.1-70B-Instruct");
        a.put("gen_ai.usage.input_tokens", inputTokens);
        a.put("gen_ai.usage.output_tokens", outputTokens);
        a.put("sla.category", c.id());
        a.put("sla.hardware", "gpu");
        return new GeneratedSpan("invoke_agent", GeneratedSpan.Kind.SERVER, start, end, a, resource, children);
    }

    // ---- Jobs: batch inference and training ------------------------------------------------------

    private GeneratedSpan batchRequest(Category c, long end, Random random) {
        long items = batchItems(c, random);
        long input = 0;
        long output = 0;
        for (int i = 0; i < items; i++) {
            input += tokens(c.envelope().input(), 1024, random);
            output += tokens(c.envelope().output(), 256, random);
        }
        double tokensPerSecond = new Lognormal(6000, 0.2).sample(random);
        double durationMs = (input + output) / tokensPerSecond * 1000;
        double usdPerMillion = new Lognormal(0.20, 0.1).sample(random);
        Map<String, Object> a = new LinkedHashMap<>();
        a.put("gen_ai.operation.name", "chat");
        a.put("gen_ai.request.model", "meta-llama/Llama-3.1-8B-Instruct");
        a.put("gen_ai.usage.input_tokens", input);
        a.put("gen_ai.usage.output_tokens", output);
        a.put("sla.items", items);
        a.put("sla.cost_usd", (input + output) * usdPerMillion / 1e6);
        a.put("sla.category", c.id());
        a.put("sla.hardware", "gpu");
        return new GeneratedSpan("batch_request", GeneratedSpan.Kind.SERVER, end - nanos(durationMs), end, a,
                resource(c.id(), "batch-worker"), List.of());
    }

    private GeneratedSpan trainingJob(Category c, long end, Random random, Distortion d) {
        // every job is judged (the window's max), so a healthy pipeline's jobs all finish inside the target
        double target = targets.upper(c.id(), Metric.JOB_DURATION_H).orElse(12);
        double hours = Math.min(healthy(c.id(), Metric.JOB_DURATION_H, 12, random), 0.95 * target)
                * d.factor(Metric.JOB_DURATION_H);
        int gpus = 8;
        Map<String, Object> a = new LinkedHashMap<>();
        a.put("sla.job_id", "ft-" + Long.toHexString(random.nextLong() & 0xffffffffL));
        a.put("sla.job_duration_h", hours);
        a.put("sla.cost_usd", hours * gpus * 2.5);
        a.put("gen_ai.request.model", "meta-llama/Llama-3.1-8B");
        a.put("sla.category", c.id());
        a.put("sla.hardware", "gpu");
        return new GeneratedSpan("fine_tune_job", GeneratedSpan.Kind.INTERNAL, end - (long) (hours * 3.6e12), end, a,
                resource(c.id(), "trainer"), List.of());
    }

    // ---- Embeddings, moderation, vision ----------------------------------------------------------

    private GeneratedSpan embeddingBatch(Category c, long end, Random random, Distortion d) {
        String hardware = random.nextBoolean() ? "gpu" : "cpu";
        double target = targets.upper(c.id(), Metric.E2E_MS, Map.of("hardware", hardware)).orElse(10);
        double ms = Lognormal.withP95(target * HEALTHY_SHARE, SIGMA).sample(random) * d.factor(Metric.E2E_MS);
        long items = Math.round(batchItems(c, random) * d.factor(Metric.ITEMS));
        Map<String, Object> a = new LinkedHashMap<>();
        a.put("gen_ai.operation.name", "embeddings");
        a.put("gen_ai.request.model", "BAAI/bge-large-en-v1.5");
        a.put("gen_ai.usage.input_tokens", items * tokens(c.envelope().input(), 256, random));
        a.put("sla.items", items);
        a.put("sla.category", c.id());
        a.put("sla.hardware", hardware);
        return new GeneratedSpan("embeddings", GeneratedSpan.Kind.SERVER, end - nanos(ms), end, a,
                resource(c.id(), "embedder-" + hardware), List.of());
    }

    /** A request judged on its span duration (e2e_ms), carrying its batch size as sla.items. */
    private GeneratedSpan simpleRequest(Category c, String name, long end, Random random, Distortion d, long items,
            String model) {
        double ms = healthy(c.id(), Metric.E2E_MS, 100, random) * d.factor(Metric.E2E_MS);
        Map<String, Object> a = new LinkedHashMap<>();
        a.put("gen_ai.request.model", model);
        a.put("sla.items", items);
        a.put("sla.category", c.id());
        a.put("sla.hardware", "gpu");
        return new GeneratedSpan(name, GeneratedSpan.Kind.SERVER, end - nanos(ms), end, a,
                resource(c.id(), c.id() + "-api"), List.of());
    }

    private GeneratedSpan imageGeneration(Category c, long end, Random random, Distortion d) {
        double ms = healthy(c.id(), Metric.E2E_MS, 2000, random) * d.factor(Metric.E2E_MS);
        Map<String, Object> a = new LinkedHashMap<>();
        a.put("gen_ai.request.model", "stabilityai/stable-diffusion-xl-base-1.0");
        a.put("gen_ai.usage.input_tokens", tokens(c.envelope().input(), 75, random));
        a.put("sla.items", 1L);
        a.put("sla.category", c.id());
        a.put("sla.hardware", "gpu");
        return new GeneratedSpan("generate_image", GeneratedSpan.Kind.SERVER, end - nanos(ms), end, a,
                resource(c.id(), "image-gen"), List.of());
    }

    /** One frame of one of four camera streams; each frame reports its stream's current fps. */
    private GeneratedSpan objectDetection(Category c, long end, Random random, Distortion d) {
        double ms = healthy(c.id(), Metric.E2E_MS, 10, random) * d.factor(Metric.E2E_MS);
        double fps = new Lognormal(150, 0.1).sample(random) * d.factor(Metric.FPS);
        Map<String, Object> a = new LinkedHashMap<>();
        a.put("gen_ai.request.model", "yolov8n-640");
        a.put("sla.stream_id", "cam-" + (1 + random.nextInt(4)));
        a.put("sla.fps", fps);
        a.put("sla.category", c.id());
        a.put("sla.hardware", "gpu");
        return new GeneratedSpan("detect", GeneratedSpan.Kind.SERVER, end - nanos(ms), end, a,
                resource(c.id(), "vision-edge"), List.of());
    }

    // ---- Speech ----------------------------------------------------------------------------------

    /** One streamed chunk of a live caption stream: first word, chunk latency, WER over its words. */
    private GeneratedSpan liveTranscription(Category c, long end, Random random, Distortion d) {
        double chunkMs = healthy(c.id(), Metric.CHUNK_MS, 1000, random) * d.factor(Metric.CHUNK_MS);
        double firstWordMs = Math.min(chunkMs, healthy(c.id(), Metric.FIRST_WORD_MS, 300, random))
                * d.factor(Metric.FIRST_WORD_MS);
        long referenceWords = 10 + random.nextInt(31);
        long errors = wordErrors(c.id(), referenceWords, random, d);
        Map<String, Object> a = new LinkedHashMap<>();
        a.put("gen_ai.request.model", "openai/whisper-large-v3-turbo");
        a.put("sla.stream_id", "meeting-" + (1 + random.nextInt(3)));
        a.put("sla.first_word_ms", firstWordMs);
        a.put("sla.chunk_ms", chunkMs);
        a.put("sla.wer", (double) errors / referenceWords);
        a.put("sla.reference_words", referenceWords);
        a.put("sla.category", c.id());
        a.put("sla.hardware", "gpu");
        return new GeneratedSpan("transcribe_chunk", GeneratedSpan.Kind.SERVER, end - nanos(chunkMs), end, a,
                resource(c.id(), "captions"), List.of());
    }

    /** A whole recording: RTF derived by ingest from the span duration and the audio duration. */
    private GeneratedSpan speechToText(Category c, long end, Random random, Distortion d) {
        double audioMs = 2000 + random.nextDouble() * 28000;
        double rtf = healthy(c.id(), Metric.RTF, 0.1, random) * d.factor(Metric.RTF);
        long referenceWords = Math.max(1, Math.round(audioMs / 1000 * 2.5));
        Map<String, Object> a = new LinkedHashMap<>();
        a.put("gen_ai.request.model", "openai/whisper-large-v3");
        a.put("sla.audio_duration_ms", audioMs);
        a.put("sla.word_errors", wordErrors(c.id(), referenceWords, random, d));
        a.put("sla.reference_words", referenceWords);
        a.put("sla.category", c.id());
        a.put("sla.hardware", "gpu");
        return new GeneratedSpan("transcribe", GeneratedSpan.Kind.SERVER, end - nanos(rtf * audioMs), end, a,
                resource(c.id(), "asr"), List.of());
    }

    private GeneratedSpan textToSpeech(Category c, long end, Random random, Distortion d) {
        long textTokens = tokens(c.envelope().input(), 100, random);
        double audioMs = textTokens * (50 + random.nextDouble() * 20);
        double rtf = healthy(c.id(), Metric.RTF, 0.1, random) * d.factor(Metric.RTF);
        double firstAudioMs = healthy(c.id(), Metric.FIRST_AUDIO_MS, 200, random) * d.factor(Metric.FIRST_AUDIO_MS);
        double ms = Math.max(rtf * audioMs, firstAudioMs);
        Map<String, Object> a = new LinkedHashMap<>();
        a.put("gen_ai.request.model", "hexgrad/Kokoro-82M");
        a.put("gen_ai.usage.input_tokens", textTokens);
        a.put("sla.audio_duration_ms", audioMs);
        a.put("sla.rtf", rtf);
        a.put("sla.first_audio_ms", firstAudioMs);
        a.put("sla.category", c.id());
        a.put("sla.hardware", "gpu");
        return new GeneratedSpan("synthesize", GeneratedSpan.Kind.SERVER, end - nanos(ms), end, a,
                resource(c.id(), "tts"), List.of());
    }

    // ---- Building blocks -------------------------------------------------------------------------

    /** A healthy value of an upper-bounded metric: lognormal, p95 at {@link #HEALTHY_SHARE} of the target. */
    private double healthy(String category, Metric metric, double fallbackTarget, Random random) {
        double target = targets.upper(category, metric).orElse(fallbackTarget);
        return Lognormal.withP95(target * HEALTHY_SHARE, SIGMA).sample(random);
    }

    /** Word errors of a healthy recogniser (about half the WER target), times any injected factor. */
    private long wordErrors(String category, long referenceWords, Random random, Distortion d) {
        double rate = Math.min(1, targets.upper(category, Metric.WER).orElse(0.05) * 0.5 * d.factor(Metric.WER));
        long errors = 0;
        for (long i = 0; i < referenceWords; i++) {
            if (random.nextDouble() < rate) {
                errors++;
            }
        }
        return errors;
    }

    private Map<String, Object> resource(String category, String service) {
        Map<String, Object> r = new LinkedHashMap<>();
        r.put("service.name", service);
        r.put("service.instance.id", service + "-0");
        r.put("deployment.environment.name", environment);
        r.put("telemetry.sdk.name", "infersla-loadgen");
        return r;
    }

    private static long batchItems(Category c, Random random) {
        Range batch = c.envelope().batch().orElse(new Range(1, 1));
        return Math.max(1, Math.round(batch.min() + random.nextDouble() * (batch.max() - batch.min())));
    }

    private static long tokens(Optional<Quantity> quantity, double fallback, Random random) {
        Range r = range(quantity, new Range(fallback, fallback));
        return Math.max(1, Math.round(r.min() + random.nextDouble() * (r.max() - r.min())));
    }

    private static Range range(Optional<Quantity> quantity, Range fallback) {
        return quantity.flatMap(Quantity::range).orElse(fallback);
    }

    private static long nanos(double ms) {
        return Math.max(0, Math.round(ms * 1e6));
    }
}
