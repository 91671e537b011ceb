package io.infersla.core.catalog;

import static org.assertj.core.api.Assertions.assertThat;

import io.infersla.core.measure.Metric;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.OptionalDouble;
import java.util.Set;
import java.util.TreeSet;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class ValueFormatTest {

    /** One expectation per (metric, statistic) pair of the built-in catalog: raw unit, displayed unit, one sample value written. */
    private record Expected(String unit, String displayUnit, double sample, String sampleText) {
    }

    private static final Map<String, Expected> BY_PAIR = Map.ofEntries(
            Map.entry("ttft_ms/p95", new Expected("ms", "ms", 412.5, "413 ms")),
            Map.entry("ttft_ms/tail_ratio", new Expected("ratio", "", 4.477, "4.48")),
            Map.entry("tpot_ms/p95", new Expected("ms", "ms", 21.04, "21 ms")),
            Map.entry("e2e_ms/p95", new Expected("ms", "ms", 12345.6, "12346 ms")),
            Map.entry("e2e_ms/p99", new Expected("ms", "ms", 31.25, "31.3 ms")),
            Map.entry("e2e_ms/tail_ratio", new Expected("ratio", "", 2.0, "2")),
            Map.entry("retrieval_ms/p95", new Expected("ms", "ms", 0.5, "0.5 ms")),
            Map.entry("chunk_ms/p95", new Expected("ms", "ms", 1000.4, "1000 ms")),
            Map.entry("first_word_ms/p95", new Expected("ms", "ms", 512, "512 ms")),
            Map.entry("first_audio_ms/p95", new Expected("ms", "ms", 299.96, "300 ms")),
            Map.entry("step_ms/p95", new Expected("ms", "ms", 2500, "2500 ms")),
            Map.entry("wer/weighted_mean", new Expected("ratio", "%", 0.052, "5.2 %")),
            Map.entry("rtf/p95", new Expected("ratio", "", 0.1234, "0.123")),
            Map.entry("fps/p5", new Expected("fps", "fps", 29.5, "29.5 fps")),
            Map.entry("items/rate", new Expected("items/s", "items/s", 219.8, "220 items/s")),
            Map.entry("items_per_s/p5", new Expected("items/s", "items/s", 1612.4, "1612 items/s")),
            Map.entry("tokens_per_s/p5", new Expected("tokens/s", "tokens/s", 48.25, "48.3 tokens/s")),
            Map.entry("tokens/rate", new Expected("tokens/s", "tokens/s", 1534.2, "1534 tokens/s")),
            Map.entry("cost_usd/cost_per_million_tokens", new Expected("USD/1M tokens", "USD/1M tokens", 0.4213,
                    "0.421 USD/1M tokens")),
            Map.entry("cost_usd/sum", new Expected("USD", "USD", 1234.567, "1235 USD")),
            Map.entry("power_w/mean", new Expected("W", "W", 3.14159, "3.14 W")),
            Map.entry("job_duration_h/max", new Expected("h", "h", 25.75, "25.8 h")));

    private record Thresholds(String limit, String target) {
    }

    private static final Map<String, Thresholds> BY_OBJECTIVE = new LinkedHashMap<>();

    private static void row(String category, String objective, String limit, String target) {
        BY_OBJECTIVE.put(category + "/" + objective, limit == null ? null : new Thresholds(limit, target));
    }

    static {
        row("chatbot", "ttft_p95", "300 ms", "200 ms");
        row("chatbot", "tpot_p95", "50 ms", "20 ms");
        row("chatbot", "e2e_p95", "3000 ms", "2000 ms");
        row("chatbot", "ttft_tail_ratio", "2", "2");
        row("chatbot", "e2e_tail_ratio", "2", "2");
        row("code-completion", "ttft_p95", "100 ms", "50 ms");
        row("code-completion", "tpot_p95", "30 ms", "10 ms");
        row("code-completion", "suggestion_p95", "150 ms", "150 ms");
        row("realtime-translation", "ttft_p95", "500 ms", "300 ms");
        row("realtime-translation", "tpot_p95", "60 ms", "30 ms");
        row("realtime-translation", "chunk_p95", "1000 ms", "1000 ms");
        row("voice-assistant", "e2e_p95", "2000 ms", "1000 ms");
        row("voice-assistant", "tpot_p95", "80 ms", "40 ms");
        row("voice-assistant", "ttft_p95", "200 ms", "200 ms");
        row("search-rag", "retrieval_p95", "200 ms", "100 ms");
        row("search-rag", "ttft_p95", "300 ms", "200 ms");
        row("search-rag", "tpot_p95", "40 ms", "20 ms");
        row("api-sync", "e2e_p95", "1000 ms", "500 ms");
        row("api-sync", "e2e_p95_xl", "2000 ms", "1000 ms");
        row("api-sync", "throughput", null, null);
        row("api-sync", "delivered_rate", null, null);
        row("content-moderation", "item_latency_p95", "300 ms", "100 ms");
        row("doc-summarization", "ttft_p95", "500 ms", "500 ms");
        row("doc-summarization", "tpot_p95", "60 ms", "30 ms");
        row("doc-summarization", "e2e_p95", "5000 ms", "3000 ms");
        row("embeddings", "latency_p95_cpu", "30 ms", "10 ms");
        row("embeddings", "latency_p95_gpu", "5 ms", "1 ms");
        row("embeddings", "throughput", "100 items/s", "1000 items/s");
        row("embeddings", "delivered_rate", null, null);
        row("live-transcription", "first_word_p95", "500 ms", "300 ms");
        row("live-transcription", "wer", "10 %", "5 %");
        row("live-transcription", "chunk_p95", "1000 ms", "1000 ms");
        row("agentic", "step_p95", "2000 ms", "1000 ms");
        row("agentic", "e2e_p95", "10000 ms", "5000 ms");
        row("batch-inference", "throughput", null, null);
        row("batch-inference", "delivered_rate", null, null);
        row("batch-inference", "cost_per_mtok", null, null);
        row("fine-tuning", "job_duration", "24 h", "12 h");
        row("fine-tuning", "cost", null, null);
        row("mobile-chat", "ttft_p95", "100 ms", "50 ms");
        row("mobile-chat", "tpot_p95", "30 ms", "10 ms");
        row("mobile-chat", "power_mean", "5 W", "2 W");
        row("on-device-code-completion", "suggestion_p95", "50 ms", "20 ms");
        row("object-detection", "latency_p95", "30 ms", "10 ms");
        row("object-detection", "latency_p99", "30 ms", "10 ms");
        row("object-detection", "fps_p5", "30 fps", "100 fps");
        row("image-classification", "latency_p95", "100 ms", "50 ms");
        row("image-generation", "e2e_p95", "5000 ms", "2000 ms");
        row("image-generation", "throughput", "0.2 items/s", "0.5 items/s");
        row("image-generation", "delivered_rate", null, null);
        row("text-to-speech", "rtf_p95", "0.1", "0.1");
        row("text-to-speech", "first_audio_p95", "300 ms", "200 ms");
        row("speech-to-text", "rtf_p95", "0.2", "0.1");
        row("speech-to-text", "wer", "10 %", "5 %");
    }

    private static String pair(Objective objective) {
        return objective.metric().id() + "/" + objective.statistic().id();
    }

    @Test
    void everyMetricStatisticPairOfTheBuiltInCatalogHasItsUnit() {
        Catalog catalog = Catalog.builtIn();
        assertThat(catalog.categories()).hasSize(20);
        Set<String> pairs = new TreeSet<>();
        for (Category category : catalog.categories()) {
            for (Objective objective : category.objectives()) {
                String pair = pair(objective);
                pairs.add(pair);
                assertThat(BY_PAIR).as("an expected unit for %s (objective %s/%s)", pair, category.id(), objective.id())
                        .containsKey(pair);
                Expected expected = BY_PAIR.get(pair);
                ValueFormat format = ValueFormat.of(objective);
                assertThat(format.unit()).as(pair).isEqualTo(expected.unit());
                assertThat(format.displayUnit()).as(pair).isEqualTo(expected.displayUnit());
                assertThat(format.format(expected.sample())).as(pair).isEqualTo(expected.sampleText());
                assertThat(format.format(OptionalDouble.of(expected.sample()))).as(pair).isEqualTo(expected.sampleText());
                assertThat(format.format(OptionalDouble.empty())).as(pair).isEqualTo("n/a");
                assertThat(ValueFormat.of(objective.metric().id(), objective.statistic().id())).as(pair).isEqualTo(format);
            }
        }
        assertThat(pairs).as("no expectation for a pair the catalog no longer has").isEqualTo(BY_PAIR.keySet());
    }

    @Test
    void everyObjectiveOfTheBuiltInCatalogWritesItsLimitAndTargetInItsUnit() {
        Catalog catalog = Catalog.builtIn();
        Set<String> seen = new TreeSet<>();
        for (Category category : catalog.categories()) {
            for (Objective objective : category.objectives()) {
                String key = category.id() + "/" + objective.id();
                seen.add(key);
                assertThat(BY_OBJECTIVE).as("an expectation for objective %s", key).containsKey(key);
                Thresholds expected = BY_OBJECTIVE.get(key);
                ValueFormat format = ValueFormat.of(objective);
                if (expected == null) {
                    assertThat(objective.threshold()).as(key + " is report-only").isEmpty();
                    continue;
                }
                Threshold threshold = objective.threshold().orElseThrow();
                assertThat(format.format(threshold.limit())).as(key + " limit").isEqualTo(expected.limit());
                assertThat(format.format(threshold.target())).as(key + " target").isEqualTo(expected.target());
            }
        }
        assertThat(seen).hasSize(54).isEqualTo(new TreeSet<>(BY_OBJECTIVE.keySet()));
    }

    @Test
    void ratiosAndCountsAreBareNumbers() {
        assertThat(ValueFormat.of(Metric.TTFT_MS, new Statistic.TailRatio()).format(4.477)).isEqualTo("4.48");
        assertThat(ValueFormat.of(Metric.RTF, new Statistic.Mean()).format(0.25)).isEqualTo("0.25");
        assertThat(ValueFormat.of(Metric.E2E_MS, new Statistic.Count()).format(1234)).isEqualTo("1234");
        assertThat(ValueFormat.of(Metric.E2E_MS, new Statistic.Count()).unit()).isEqualTo("count");
    }

    @Test
    void otherStatisticsFollowTheMetric() {
        assertThat(ValueFormat.of("tokens", "sum").format(1_500_000)).isEqualTo("1500000 tokens");
        assertThat(ValueFormat.of("items", "p95").format(16)).isEqualTo("16 items");
        assertThat(ValueFormat.of("tokens", "rate").format(0.5)).isEqualTo("0.5 tokens/s");
        assertThat(ValueFormat.of("cost_usd", "rate").format(0.002)).isEqualTo("0.002 USD/s");
        assertThat(ValueFormat.of("wer", "p95").format(0.1234)).isEqualTo("12.3 %");
        assertThat(ValueFormat.of("wer", "rate").format(2)).isEqualTo("2 1/s");
        assertThat(ValueFormat.of("job_duration_h", "p999").format(11.5)).isEqualTo("11.5 h");
        assertThat(ValueFormat.of("fps", "mean").format(60)).isEqualTo("60 fps");
        assertThat(ValueFormat.of("power_w", "max").format(250.04)).isEqualTo("250 W");
    }

    @Test
    void unknownMetricOrStatisticIsABareNumber() {
        assertThat(ValueFormat.of("joules", "p95")).isEqualTo(ValueFormat.BARE);
        assertThat(ValueFormat.of("ttft_ms", "p96x")).isEqualTo(ValueFormat.BARE);
        assertThat(ValueFormat.BARE.format(412.5)).isEqualTo("413");
    }

    @ParameterizedTest
    @CsvSource({
            "4.477, 4.48",
            "219.8, 220",
            "412.5, 413",
            "2.0, 2",
            "0.1, 0.1",
            "100, 100",
            "999.6, 1000",
            "1234.5, 1235",
            "12345678, 12345678",
            "0.052, 0.052",
            "0.00012345, 0.000123",
            "0.0000123, 1.23E-5",
            "1e20, 1E+20",
            "-3.14159, -3.14",
            "0, 0",
            "-0.0, 0",
            "NaN, n/a",
            "Infinity, n/a",
    })
    void numbersHaveThreeSignificantDigitsAndNoExponentForOrdinaryValues(double value, String text) {
        assertThat(ValueFormat.number(value)).isEqualTo(text);
    }

    @Test
    void percentagesAreScaledExactlyOnce() {
        ValueFormat wer = ValueFormat.of(Metric.WER, new Statistic.WeightedMean());
        assertThat(List.of(wer.format(0.05), wer.format(0.1), wer.format(0.0525), wer.format(1)))
                .containsExactly("5 %", "10 %", "5.25 %", "100 %");
    }
}
