package io.infersla.ingest.mapping;

import static io.infersla.ingest.mapping.SpanAttribute.*;

import io.infersla.core.measure.Metric;
import io.infersla.core.measure.RejectReason;

/**
 * The measurement rules of docs/architecture.md ("Measurements"), one metric after the other, each with the precedence
 * explicit {@code sla.*} (metric unit) &gt; vLLM ({@code gen_ai.latency.*}, seconds) &gt; GenAI
 * semantic conventions (seconds) &gt; span timing. Derived values name the attribute they came
 * from, so that a rejection points at what the sender must fix.
 */
final class Measurements {

    static final String SPAN_DURATION = "span duration";
    private static final double NANOS_PER_MS = 1e6;
    private static final double NANOS_PER_HOUR = 3.6e12;
    private static final double MS_PER_S = 1000.0;

    private Measurements() {
    }

    /**
     * Adds every measurement the attributes and the span's duration give.
     *
     * @param costNeedsTokens the category judges cost per million tokens, so a cost without token
     *     counts is missing its weight
     * @param judged the metrics the category's objectives judge: per-request throughput is derived
     *     only where it is judged
     * @return false when a value was invalid; the draft then holds the rejection
     */
    static boolean derive(AttributeValues a, SpanMapper.Role role, long durationNanos, boolean costNeedsTokens,
            java.util.Set<Metric> judged, MeasurementDraft draft) {
        double durationMs = durationNanos / NANOS_PER_MS;

        // Tokens first: TPOT and the cost weight depend on them.
        SpanAttribute input = a.has(PROMPT_TOKENS) ? PROMPT_TOKENS : a.has(INPUT_TOKENS) ? INPUT_TOKENS : null;
        SpanAttribute output = a.has(COMPLETION_TOKENS) ? COMPLETION_TOKENS : a.has(OUTPUT_TOKENS) ? OUTPUT_TOKENS : null;
        double inputTokens = input == null ? 0 : a.number(input);
        double outputTokens = output == null ? 0 : a.number(output);
        if (input != null && !draft.check(input.key, inputTokens)) {
            return false;
        }
        if (output != null && !draft.check(output.key, outputTokens)) {
            return false;
        }
        double tokens = inputTokens + outputTokens;
        if ((input != null || output != null)
                && !draft.add(Metric.TOKENS, tokens, input != null ? input.key : output.key)) {
            return false;
        }

        SpanAttribute ttftFrom = first(a, SLA_TTFT_MS, VLLM_TIME_TO_FIRST_TOKEN_S, TIME_TO_FIRST_CHUNK_S);
        double ttft = ttftFrom == null ? Double.NaN : ttftFrom == SLA_TTFT_MS ? a.number(ttftFrom) : a.number(ttftFrom) * MS_PER_S;
        if (ttftFrom != null && !draft.add(Metric.TTFT_MS, ttft, ttftFrom.key)) {
            return false;
        }

        SpanAttribute e2eFrom = first(a, SLA_E2E_MS, VLLM_E2E_S);
        double e2e;
        String e2eSource;
        if (e2eFrom != null) {
            e2e = e2eFrom == SLA_E2E_MS ? a.number(e2eFrom) : a.number(e2eFrom) * MS_PER_S;
            e2eSource = e2eFrom.key;
        } else if (role == SpanMapper.Role.REQUEST) {
            e2e = durationMs;
            e2eSource = SPAN_DURATION;
        } else {
            e2e = Double.NaN;
            e2eSource = null;
        }
        if (e2eSource != null && !draft.add(Metric.E2E_MS, e2e, e2eSource)) {
            return false;
        }

        if (!tpot(a, output, outputTokens, ttftFrom, ttft, e2eSource, e2e, draft)) {
            return false;
        }

        if (!explicitOr(a, SLA_RETRIEVAL_MS, Metric.RETRIEVAL_MS, role == SpanMapper.Role.RETRIEVAL, durationMs, draft)
                || !explicitOr(a, SLA_STEP_MS, Metric.STEP_MS, role == SpanMapper.Role.STEP, durationMs, draft)
                || !explicit(a, SLA_CHUNK_MS, Metric.CHUNK_MS, draft)
                || !explicit(a, SLA_FIRST_WORD_MS, Metric.FIRST_WORD_MS, draft)
                || !explicit(a, SLA_FIRST_AUDIO_MS, Metric.FIRST_AUDIO_MS, draft)
                || !wer(a, draft)
                || !rtf(a, e2eSource, e2e, draft)
                || !explicit(a, SLA_FPS, Metric.FPS, draft)
                || !explicit(a, SLA_ITEMS, Metric.ITEMS, draft)
                || !perRequest(a, SLA_ITEMS_PER_S, Metric.ITEMS_PER_S, judged, a.has(SLA_ITEMS) ? a.number(SLA_ITEMS) : 0,
                        SLA_ITEMS.key, e2eSource, e2e, draft)
                || !perRequest(a, SLA_TOKENS_PER_S, Metric.TOKENS_PER_S, judged, outputTokens,
                        output == null ? null : output.key, e2eSource, e2e, draft)
                || !cost(a, input != null || output != null, tokens, costNeedsTokens, draft)
                || !explicit(a, SLA_POWER_W, Metric.POWER_W, draft)
                || !explicitOr(a, SLA_JOB_DURATION_H, Metric.JOB_DURATION_H, role == SpanMapper.Role.JOB,
                        durationNanos / NANOS_PER_HOUR, draft)) {
            return false;
        }
        return true;
    }

    /**
     * {@code sla.tpot_ms}; else vLLM decode time / (output tokens − 1); else (e2e − ttft) /
     * (output tokens − 1). A single output token has no time per output token.
     */
    private static boolean tpot(AttributeValues a, SpanAttribute output, double outputTokens,
            SpanAttribute ttftFrom, double ttft, String e2eSource, double e2e, MeasurementDraft draft) {
        if (a.has(SLA_TPOT_MS)) {
            return draft.add(Metric.TPOT_MS, a.number(SLA_TPOT_MS), SLA_TPOT_MS.key);
        }
        if (output == null || outputTokens < 2) {
            return true;
        }
        if (a.has(VLLM_TIME_IN_MODEL_DECODE_S)) {
            return draft.add(Metric.TPOT_MS, a.number(VLLM_TIME_IN_MODEL_DECODE_S) * MS_PER_S / (outputTokens - 1),
                    VLLM_TIME_IN_MODEL_DECODE_S.key);
        }
        if (ttftFrom != null && e2eSource != null) {
            double tpot = (e2e - ttft) / (outputTokens - 1);
            if (tpot < 0) {
                draft.reject(RejectReason.NEGATIVE, ttftFrom.key, ttft, "tpot_ms = (e2e_ms - ttft_ms) / (output tokens - 1) "
                        + "is negative: ttft_ms " + ttft + " from " + ttftFrom.key + " exceeds e2e_ms " + e2e
                        + " from " + e2eSource);
                return false;
            }
            return draft.add(Metric.TPOT_MS, tpot, ttftFrom.key);
        }
        return true;
    }

    /**
     * {@code sla.wer}, weighted by {@code sla.reference_words} when present (else 1); or
     * {@code sla.word_errors} / {@code sla.reference_words} weighted by the reference words, so
     * that the window's weighted mean is Σ word errors / Σ reference words.
     */
    private static boolean wer(AttributeValues a, MeasurementDraft draft) {
        boolean hasErrors = a.has(SLA_WORD_ERRORS);
        boolean hasWords = a.has(SLA_REFERENCE_WORDS);
        double words = a.number(SLA_REFERENCE_WORDS);
        if (a.has(SLA_WER)) {
            return hasWords
                    ? draft.add(Metric.WER, a.number(SLA_WER), SLA_WER.key, words, SLA_REFERENCE_WORDS.key)
                    : draft.add(Metric.WER, a.number(SLA_WER), SLA_WER.key);
        }
        if (!hasErrors && !hasWords) {
            return true;
        }
        if (!hasErrors || !hasWords) {
            SpanAttribute absent = hasErrors ? SLA_REFERENCE_WORDS : SLA_WORD_ERRORS;
            SpanAttribute given = hasErrors ? SLA_WORD_ERRORS : SLA_REFERENCE_WORDS;
            draft.rejectMissing(absent.key, "wer needs both sla.word_errors and sla.reference_words (or sla.wer); "
                    + given.key + " came alone");
            return false;
        }
        double errors = a.number(SLA_WORD_ERRORS);
        if (!draft.check(SLA_WORD_ERRORS.key, errors) || !draft.check(SLA_REFERENCE_WORDS.key, words)) {
            return false;
        }
        if (words == 0) {
            draft.reject(RejectReason.INVALID_WEIGHT, SLA_REFERENCE_WORDS.key, words,
                    "sla.reference_words (weight of wer): must be > 0, was 0.0");
            return false;
        }
        return draft.add(Metric.WER, errors / words, SLA_WORD_ERRORS.key, words, SLA_REFERENCE_WORDS.key);
    }

    /** {@code sla.rtf}; else processing time (the request's e2e) / {@code sla.audio_duration_ms}. */
    private static boolean rtf(AttributeValues a, String e2eSource, double e2e, MeasurementDraft draft) {
        if (a.has(SLA_RTF)) {
            return draft.add(Metric.RTF, a.number(SLA_RTF), SLA_RTF.key);
        }
        if (!a.has(SLA_AUDIO_DURATION_MS) || e2eSource == null) {
            return true;
        }
        double audioMs = a.number(SLA_AUDIO_DURATION_MS);
        if (!draft.check(SLA_AUDIO_DURATION_MS.key, audioMs)) {
            return false;
        }
        return draft.add(Metric.RTF, e2e / audioMs, SLA_AUDIO_DURATION_MS.key);
    }

    /** {@code sla.cost_usd} weighted by the request's tokens (cost per million tokens = Σ cost / Σ tokens). */
    private static boolean cost(AttributeValues a, boolean hasTokens, double tokens, boolean costNeedsTokens,
            MeasurementDraft draft) {
        if (!a.has(SLA_COST_USD)) {
            return true;
        }
        if (!hasTokens || (tokens == 0 && !costNeedsTokens)) {
            // Judged as a sum (training cost): the weight is not used, and 1 is the neutral one.
            if (costNeedsTokens) {
                draft.rejectMissing(INPUT_TOKENS.key, "this category judges cost per million tokens: sla.cost_usd "
                        + "needs the request's token counts (gen_ai.usage.input_tokens / output_tokens)");
                return false;
            }
            return draft.add(Metric.COST_USD, a.number(SLA_COST_USD), SLA_COST_USD.key);
        }
        return draft.add(Metric.COST_USD, a.number(SLA_COST_USD), SLA_COST_USD.key, tokens, INPUT_TOKENS.key);
    }

    /**
     * A request's own throughput, where the category judges it: the explicit attribute
     * ({@code sla.items_per_s}, {@code sla.tokens_per_s}) when the server reports it, else the
     * request's items (or output tokens) over its end-to-end duration. Not over wall time: a
     * service asked for little work is not slow (docs/sla-model.md, "Throughput").
     */
    private static boolean perRequest(AttributeValues a, SpanAttribute explicit, Metric metric, java.util.Set<Metric> judged,
            double amount, String amountSource, String e2eSource, double e2eMs, MeasurementDraft draft) {
        if (!judged.contains(metric)) {
            return true;
        }
        if (a.has(explicit)) {
            return draft.add(metric, a.number(explicit), explicit.key);
        }
        if (amountSource == null || amount <= 0 || e2eSource == null || !(e2eMs > 0)) {
            return true;
        }
        return draft.add(metric, amount / (e2eMs / MS_PER_S), amountSource + " / " + e2eSource);
    }

    private static boolean explicit(AttributeValues a, SpanAttribute attribute, Metric metric, MeasurementDraft draft) {
        return !a.has(attribute) || draft.add(metric, a.number(attribute), attribute.key);
    }

    private static boolean explicitOr(AttributeValues a, SpanAttribute attribute, Metric metric, boolean fromDuration,
            double duration, MeasurementDraft draft) {
        if (a.has(attribute)) {
            return draft.add(metric, a.number(attribute), attribute.key);
        }
        return !fromDuration || draft.add(metric, duration, SPAN_DURATION);
    }

    private static SpanAttribute first(AttributeValues a, SpanAttribute... candidates) {
        for (SpanAttribute candidate : candidates) {
            if (a.has(candidate)) {
                return candidate;
            }
        }
        return null;
    }

    /** The attribute a sender sets to give this metric explicitly. */
    static String explicitKey(Metric metric) {
        return metric == Metric.TOKENS ? INPUT_TOKENS.key : "sla." + metric.id();
    }
}
