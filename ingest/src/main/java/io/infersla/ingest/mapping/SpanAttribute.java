package io.infersla.ingest.mapping;

import java.util.HashMap;
import java.util.Map;

/**
 * The span and resource attributes the mapping reads; every other attribute is skipped without
 * being kept. Numeric attributes carry measurements (explicit {@code sla.*} in the metric's unit,
 * vLLM and GenAI semantic-convention values in seconds or tokens); text attributes carry the
 * series identity and the span's role.
 */
enum SpanAttribute {
    // Explicit measurements, in the metric's unit (docs/architecture.md "Measurements").
    SLA_TTFT_MS("sla.ttft_ms"),
    SLA_TPOT_MS("sla.tpot_ms"),
    SLA_E2E_MS("sla.e2e_ms"),
    SLA_RETRIEVAL_MS("sla.retrieval_ms"),
    SLA_CHUNK_MS("sla.chunk_ms"),
    SLA_FIRST_WORD_MS("sla.first_word_ms"),
    SLA_FIRST_AUDIO_MS("sla.first_audio_ms"),
    SLA_STEP_MS("sla.step_ms"),
    SLA_WER("sla.wer"),
    SLA_WORD_ERRORS("sla.word_errors"),
    SLA_REFERENCE_WORDS("sla.reference_words"),
    SLA_RTF("sla.rtf"),
    SLA_AUDIO_DURATION_MS("sla.audio_duration_ms"),
    SLA_FPS("sla.fps"),
    SLA_ITEMS("sla.items"),
    SLA_ITEMS_PER_S("sla.items_per_s"),
    SLA_TOKENS_PER_S("sla.tokens_per_s"),
    SLA_COST_USD("sla.cost_usd"),
    SLA_POWER_W("sla.power_w"),
    SLA_JOB_DURATION_H("sla.job_duration_h"),
    // vLLM's llm_request span: float seconds.
    VLLM_TIME_TO_FIRST_TOKEN_S("gen_ai.latency.time_to_first_token"),
    VLLM_E2E_S("gen_ai.latency.e2e"),
    VLLM_TIME_IN_MODEL_DECODE_S("gen_ai.latency.time_in_model_decode"),
    // Token usage: vLLM (and the deprecated semantic-convention names), then the current names.
    PROMPT_TOKENS("gen_ai.usage.prompt_tokens"),
    COMPLETION_TOKENS("gen_ai.usage.completion_tokens"),
    INPUT_TOKENS("gen_ai.usage.input_tokens"),
    OUTPUT_TOKENS("gen_ai.usage.output_tokens"),
    // OpenTelemetry GenAI semantic conventions: seconds.
    TIME_TO_FIRST_CHUNK_S("gen_ai.response.time_to_first_chunk"),

    // Text: series identity and role.
    SLA_CATEGORY("sla.category", true),
    SLA_CONTRACT("sla.contract", true),
    SLA_HARDWARE("sla.hardware", true),
    SLA_MODEL_SIZE("sla.model_size", true),
    SLA_JOB_ID("sla.job_id", true),
    SLA_STREAM_ID("sla.stream_id", true),
    SERVICE_NAME("service.name", true),
    DEPLOYMENT_ENVIRONMENT_NAME("deployment.environment.name", true),
    DEPLOYMENT_ENVIRONMENT("deployment.environment", true),
    RESPONSE_MODEL("gen_ai.response.model", true),
    REQUEST_MODEL("gen_ai.request.model", true),
    MODEL_NAME("model_name", true),
    OPERATION_NAME("gen_ai.operation.name", true);

    static final SpanAttribute[] ALL = values();
    private static final Map<String, SpanAttribute> BY_KEY = new HashMap<>(ALL.length * 2);

    static {
        for (SpanAttribute attribute : ALL) {
            BY_KEY.put(attribute.key, attribute);
        }
        if (ALL.length > Long.SIZE) {
            throw new AssertionError("SpanAttributes keeps presence in one long: at most 64 attributes");
        }
    }

    final String key;
    final boolean text;
    final long bit;

    SpanAttribute(String key) {
        this(key, false);
    }

    SpanAttribute(String key, boolean text) {
        this.key = key;
        this.text = text;
        this.bit = 1L << ordinal();
    }

    /** The attribute with this key, or null for the (many) attributes the mapping does not read. */
    static SpanAttribute byKey(String key) {
        return BY_KEY.get(key);
    }

    /** Numeric attributes whose presence marks a span as carrying SLA data of its own. */
    static final long MEASUREMENT_BITS;

    static {
        long bits = 0;
        for (SpanAttribute attribute : ALL) {
            if (!attribute.text) {
                bits |= attribute.bit;
            }
        }
        MEASUREMENT_BITS = bits;
    }
}
