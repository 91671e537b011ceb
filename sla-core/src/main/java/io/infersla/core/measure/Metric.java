package io.infersla.core.measure;

import java.util.Arrays;
import java.util.Optional;
import java.util.stream.Collectors;

/**
 * Every quantity InferSLA measures per inference request. The wire name ({@link #id()}) is a
 * stable contract: it appears in the catalog, on Kafka, in the database and in reports.
 *
 * <p>The weight of a measurement (see {@link Measurement}) has a metric-specific meaning that
 * {@link #weightMeaning()} documents: reference words for WER, so that the window's weighted
 * mean is Σ word errors / Σ reference words; tokens for cost, so that cost per million tokens is
 * Σ cost / Σ tokens × 10⁶. Every other metric has weight 1.
 */
public enum Metric {
    TTFT_MS(1, "ttft_ms", Unit.MILLISECONDS, "time to first token"),
    TPOT_MS(2, "tpot_ms", Unit.MILLISECONDS, "time per output token"),
    E2E_MS(3, "e2e_ms", Unit.MILLISECONDS, "end-to-end request latency"),
    RETRIEVAL_MS(4, "retrieval_ms", Unit.MILLISECONDS, "retrieval latency (RAG)"),
    CHUNK_MS(5, "chunk_ms", Unit.MILLISECONDS, "latency per streamed chunk"),
    FIRST_WORD_MS(6, "first_word_ms", Unit.MILLISECONDS, "time to first transcribed word"),
    FIRST_AUDIO_MS(7, "first_audio_ms", Unit.MILLISECONDS, "time to first audio chunk"),
    STEP_MS(8, "step_ms", Unit.MILLISECONDS, "agent step latency"),
    WER(9, "wer", Unit.RATIO, "word error rate", "reference words"),
    RTF(10, "rtf", Unit.RATIO, "real-time factor (processing time / audio duration)"),
    FPS(11, "fps", Unit.PER_SECOND, "frames per second per stream"),
    TOKENS(12, "tokens", Unit.COUNT, "tokens processed (input + output)"),
    ITEMS(13, "items", Unit.COUNT, "items processed (vectors, images, moderated items)"),
    COST_USD(14, "cost_usd", Unit.USD, "cost of the request", "tokens"),
    POWER_W(15, "power_w", Unit.WATTS, "device power draw"),
    JOB_DURATION_H(16, "job_duration_h", Unit.HOURS, "training or batch job duration"),
    /** Processing speed of one request: its items over its own duration, not over wall time. */
    ITEMS_PER_S(17, "items_per_s", Unit.PER_SECOND, "items processed per second of the request's own duration"),
    /** Generation speed of one request: its output tokens over its own duration. */
    TOKENS_PER_S(18, "tokens_per_s", Unit.PER_SECOND, "output tokens per second of the request's own duration");

    private final int code;
    private final String id;
    private final Unit unit;
    private final String description;
    private final String weightMeaning;

    Metric(int code, String id, Unit unit, String description) {
        this(code, id, unit, description, null);
    }

    Metric(int code, String id, Unit unit, String description, String weightMeaning) {
        this.code = code;
        this.id = id;
        this.unit = unit;
        this.description = description;
        this.weightMeaning = weightMeaning;
    }

    public String id() {
        return id;
    }

    /**
     * The metric's number in binary records ({@code sla.requests}): stable forever, never
     * reused, independent of declaration order.
     */
    public int code() {
        return code;
    }

    public static Optional<Metric> fromCode(int code) {
        for (Metric metric : values()) {
            if (metric.code == code) {
                return Optional.of(metric);
            }
        }
        return Optional.empty();
    }

    public Unit unit() {
        return unit;
    }

    public String description() {
        return description;
    }

    /** What a measurement's weight counts for this metric, or empty when the weight is always 1. */
    public Optional<String> weightMeaning() {
        return Optional.ofNullable(weightMeaning);
    }

    public static Optional<Metric> fromId(String id) {
        for (Metric metric : values()) {
            if (metric.id.equals(id)) {
                return Optional.of(metric);
            }
        }
        return Optional.empty();
    }

    /** The wire names, for error messages that list the allowed values. */
    public static String allIds() {
        return Arrays.stream(values()).map(Metric::id).collect(Collectors.joining(", "));
    }
}
