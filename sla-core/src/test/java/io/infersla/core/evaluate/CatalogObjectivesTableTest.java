package io.infersla.core.evaluate;

import static org.assertj.core.api.Assertions.assertThat;

import io.infersla.core.catalog.Catalog;
import io.infersla.core.catalog.Category;
import io.infersla.core.catalog.Objective;
import java.util.HashSet;
import java.util.Set;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Every objective of every category, in the seed's own numbers: a value that is ok, one that is
 * a warning (where target and limit differ), one that is a breach, and too few samples. The
 * numbers are written here by hand from the seed table, not read from the catalog, so a wrong
 * catalog entry fails this test.
 */
class CatalogObjectivesTableTest {

    private static final Catalog CATALOG = Catalog.builtIn();
    private static final double NO_WARNING = Double.NaN;
    private static final double REPORTED = Double.NEGATIVE_INFINITY;

    /** category, objective, metric, statistic, ok value, warning value, breach value. */
    static Stream<Arguments> seedTable() {
        return Stream.of(
            row("chatbot", "ttft_p95", "ttft_ms", "p95", 150, 250, 350),
            row("chatbot", "tpot_p95", "tpot_ms", "p95", 15, 35, 60),
            row("chatbot", "e2e_p95", "e2e_ms", "p95", 1500, 2500, 3500),
            row("chatbot", "ttft_tail_ratio", "ttft_ms", "tail_ratio", 1.5, NO_WARNING, 3),
            row("chatbot", "e2e_tail_ratio", "e2e_ms", "tail_ratio", 1.2, NO_WARNING, 2.5),
            row("code-completion", "ttft_p95", "ttft_ms", "p95", 40, 75, 120),
            row("code-completion", "tpot_p95", "tpot_ms", "p95", 8, 20, 40),
            row("code-completion", "suggestion_p95", "e2e_ms", "p95", 120, NO_WARNING, 170),
            row("realtime-translation", "ttft_p95", "ttft_ms", "p95", 250, 400, 600),
            row("realtime-translation", "tpot_p95", "tpot_ms", "p95", 25, 45, 70),
            row("realtime-translation", "chunk_p95", "chunk_ms", "p95", 800, NO_WARNING, 1200),
            row("voice-assistant", "e2e_p95", "e2e_ms", "p95", 800, 1500, 2500),
            row("voice-assistant", "tpot_p95", "tpot_ms", "p95", 30, 60, 90),
            row("voice-assistant", "ttft_p95", "ttft_ms", "p95", 150, NO_WARNING, 250),
            row("search-rag", "retrieval_p95", "retrieval_ms", "p95", 80, 150, 250),
            row("search-rag", "ttft_p95", "ttft_ms", "p95", 150, 250, 350),
            row("search-rag", "tpot_p95", "tpot_ms", "p95", 15, 30, 50),
            row("api-sync", "e2e_p95", "e2e_ms", "p95", 400, 750, 1200),
            row("api-sync", "e2e_p95_xl", "e2e_ms", "p95", 900, 1500, 2500),
            row("api-sync", "throughput", "tokens_per_s", "p5", REPORTED, REPORTED, REPORTED),
            row("api-sync", "delivered_rate", "tokens", "rate", REPORTED, REPORTED, REPORTED),
            row("content-moderation", "item_latency_p95", "e2e_ms", "p95", 80, 200, 400),
            row("doc-summarization", "ttft_p95", "ttft_ms", "p95", 400, NO_WARNING, 600),
            row("doc-summarization", "tpot_p95", "tpot_ms", "p95", 25, 45, 70),
            row("doc-summarization", "e2e_p95", "e2e_ms", "p95", 2500, 4000, 6000),
            row("embeddings", "latency_p95_cpu", "e2e_ms", "p95", 8, 20, 40),
            row("embeddings", "latency_p95_gpu", "e2e_ms", "p95", 0.8, 3, 7),
            row("embeddings", "throughput", "items_per_s", "p5", 1500, 500, 50),
            row("embeddings", "delivered_rate", "items", "rate", REPORTED, REPORTED, REPORTED),
            row("live-transcription", "first_word_p95", "first_word_ms", "p95", 250, 400, 600),
            row("live-transcription", "wer", "wer", "weighted_mean", 0.04, 0.07, 0.12),
            row("live-transcription", "chunk_p95", "chunk_ms", "p95", 800, NO_WARNING, 1200),
            row("agentic", "step_p95", "step_ms", "p95", 800, 1500, 2500),
            row("agentic", "e2e_p95", "e2e_ms", "p95", 4000, 7500, 12000),
            row("batch-inference", "throughput", "tokens_per_s", "p5", REPORTED, REPORTED, REPORTED),
            row("batch-inference", "delivered_rate", "tokens", "rate", REPORTED, REPORTED, REPORTED),
            row("batch-inference", "cost_per_mtok", "cost_usd", "cost_per_million_tokens", REPORTED, REPORTED, REPORTED),
            row("fine-tuning", "job_duration", "job_duration_h", "max", 10, 18, 30),
            row("fine-tuning", "cost", "cost_usd", "sum", REPORTED, REPORTED, REPORTED),
            row("mobile-chat", "ttft_p95", "ttft_ms", "p95", 40, 75, 120),
            row("mobile-chat", "tpot_p95", "tpot_ms", "p95", 8, 20, 40),
            row("mobile-chat", "power_mean", "power_w", "mean", 1.5, 3.5, 6),
            row("on-device-code-completion", "suggestion_p95", "e2e_ms", "p95", 15, 35, 60),
            row("object-detection", "latency_p95", "e2e_ms", "p95", 8, 20, 40),
            row("object-detection", "latency_p99", "e2e_ms", "p99", 8, 20, 40),
            row("object-detection", "fps_p5", "fps", "p5", 120, 60, 25),
            row("image-classification", "latency_p95", "e2e_ms", "p95", 40, 75, 120),
            row("image-generation", "e2e_p95", "e2e_ms", "p95", 1500, 3500, 6000),
            row("image-generation", "throughput", "items_per_s", "p5", 0.6, 0.3, 0.1),
            row("image-generation", "delivered_rate", "items", "rate", REPORTED, REPORTED, REPORTED),
            row("text-to-speech", "rtf_p95", "rtf", "p95", 0.08, NO_WARNING, 0.12),
            row("text-to-speech", "first_audio_p95", "first_audio_ms", "p95", 150, 250, 350),
            row("speech-to-text", "rtf_p95", "rtf", "p95", 0.08, 0.15, 0.25),
            row("speech-to-text", "wer", "wer", "weighted_mean", 0.04, 0.07, 0.12));
    }

    private static Arguments row(String category, String objective, String metric, String statistic,
            double ok, double warning, double breach) {
        return Arguments.of(category, objective, metric, statistic, ok, warning, breach);
    }

    @ParameterizedTest(name = "{0} {1}: ok at {4}, warning at {5}, breach at {6}")
    @MethodSource("seedTable")
    void eachObjectiveJudgesTheSeedNumbers(String categoryId, String objectiveId, String metric, String statistic,
            double ok, double warning, double breach) {
        Objective objective = objective(categoryId, objectiveId);
        assertThat(objective.metric().id()).isEqualTo(metric);
        assertThat(objective.statistic().id()).isEqualTo(statistic);
        int samples = Math.max(objective.minSamples(), 100);

        if (ok == REPORTED) {
            assertThat(objective.isReportOnly()).as("no default threshold").isTrue();
            Evaluation reported = ObjectiveEvaluator.evaluate(objective, Windows.withStatistic(objective, 12.5, samples));
            assertThat(reported.status()).isEqualTo(Status.REPORTED);
            assertThat(reported.value().getAsDouble()).isCloseTo(12.5, org.assertj.core.data.Percentage.withPercentage(1));
        } else {
            assertThat(statusAt(objective, ok, samples)).as("ok at %s", ok).isEqualTo(Status.OK);
            if (!Double.isNaN(warning)) {
                assertThat(statusAt(objective, warning, samples)).as("warning at %s", warning).isEqualTo(Status.WARNING);
            } else {
                assertThat(objective.threshold().get().target()).as("single seed value: target = limit")
                        .isEqualTo(objective.threshold().get().limit());
            }
            assertThat(statusAt(objective, breach, samples)).as("breach at %s", breach).isEqualTo(Status.BREACH);
        }

        Evaluation tooFew = ObjectiveEvaluator.evaluate(objective,
                Windows.withStatistic(objective, Double.isNaN(breach) || breach < 0 ? 1 : breach, objective.minSamples() - 1));
        assertThat(tooFew.status()).isEqualTo(Status.INSUFFICIENT_DATA);
        assertThat(tooFew.samples()).isEqualTo(objective.minSamples() - 1);
    }

    @Test
    void theTableCoversEveryObjectiveOfTheCatalogAndNothingElse() {
        Set<String> inTable = new HashSet<>();
        seedTable().forEach(a -> inTable.add(a.get()[0] + "/" + a.get()[1]));
        Set<String> inCatalog = new HashSet<>();
        for (Category category : CATALOG.categories()) {
            for (Objective objective : category.objectives()) {
                inCatalog.add(category.id() + "/" + objective.id());
            }
        }
        assertThat(inTable).isEqualTo(inCatalog);
    }

    @Test
    void catalogHasExactlyTheTwentyStableCategoryIds() {
        assertThat(CATALOG.categories()).extracting(Category::id).containsExactly(
                "chatbot", "code-completion", "realtime-translation", "voice-assistant", "search-rag",
                "api-sync", "content-moderation", "doc-summarization", "embeddings", "live-transcription",
                "agentic", "batch-inference", "fine-tuning", "mobile-chat", "on-device-code-completion",
                "object-detection", "image-classification", "image-generation", "text-to-speech", "speech-to-text");
    }

    @Test
    void embeddingLatencyObjectiveFollowsTheHardwareClass() {
        Category embeddings = CATALOG.category("embeddings").orElseThrow();
        assertThat(embeddings.objectivesFor(java.util.Map.of("hardware", "cpu")))
                .extracting(Objective::id).containsExactly("latency_p95_cpu", "throughput", "delivered_rate");
        assertThat(embeddings.objectivesFor(java.util.Map.of("hardware", "gpu")))
                .extracting(Objective::id).containsExactly("latency_p95_gpu", "throughput", "delivered_rate");
        assertThat(embeddings.objectivesFor(java.util.Map.of())).extracting(Objective::id).containsExactly("throughput", "delivered_rate");
    }

    @Test
    void veryLargeApiModelsGetTheTwoSecondLimitAndOthersKeepTheDefault() {
        Category api = CATALOG.category("api-sync").orElseThrow();
        assertThat(api.objectivesFor(java.util.Map.of("model_size", "xl")))
                .extracting(Objective::id).containsExactly("e2e_p95_xl", "throughput", "delivered_rate");
        assertThat(api.objectivesFor(java.util.Map.of("model_size", "medium")))
                .extracting(Objective::id).containsExactly("e2e_p95", "throughput", "delivered_rate");
        assertThat(api.objectivesFor(java.util.Map.of()))
                .extracting(Objective::id).containsExactly("e2e_p95", "throughput", "delivered_rate");
        assertThat(api.objective("e2e_p95_xl").orElseThrow().threshold().orElseThrow().limit()).isEqualTo(2000);
    }

    @Test
    void defaultsAreAFiveMinuteWindowEvaluatedEveryTenSeconds() {
        Objective ttft = objective("chatbot", "ttft_p95");
        assertThat(ttft.window()).isEqualTo(java.time.Duration.ofMinutes(5));
        assertThat(ttft.step()).isEqualTo(java.time.Duration.ofSeconds(10));
        assertThat(ttft.minSamples()).isEqualTo(20);
        Objective job = objective("fine-tuning", "job_duration");
        assertThat(job.window()).isEqualTo(java.time.Duration.ofHours(24));
        assertThat(job.minSamples()).isEqualTo(1);
    }

    private static Status statusAt(Objective objective, double value, int samples) {
        return ObjectiveEvaluator.evaluate(objective, Windows.withStatistic(objective, value, samples)).status();
    }

    private static Objective objective(String categoryId, String objectiveId) {
        return CATALOG.category(categoryId).orElseThrow(() -> new AssertionError("no category " + categoryId))
                .objective(objectiveId).orElseThrow(() -> new AssertionError("no objective " + categoryId + "/" + objectiveId));
    }
}
