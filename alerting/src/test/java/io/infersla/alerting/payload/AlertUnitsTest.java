package io.infersla.alerting.payload;

import static io.infersla.alerting.testing.Fixtures.T0;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.entry;

import io.infersla.alerting.testing.Fixtures;
import io.infersla.core.breach.BreachEpisode;
import io.infersla.core.breach.BreachEvent;
import io.infersla.core.breach.Severity;
import io.infersla.core.catalog.Catalog;
import io.infersla.core.catalog.Category;
import io.infersla.core.catalog.Objective;
import io.infersla.core.catalog.ValueFormat;
import io.infersla.core.evaluate.Evaluation;
import io.infersla.core.request.SeriesKey;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;

/** Values, targets and limits in every alert text carry the unit of the objective's statistic. */
class AlertUnitsTest {

    private static final Catalog CATALOG = Catalog.builtIn();

    private static SeriesKey series(String category) {
        return new SeriesKey("acme", "gold", "svc", "prod", "model-x", category, "gpu", "");
    }

    private static Objective objective(String category, String id) {
        return CATALOG.category(category).flatMap(c -> c.objective(id)).orElseThrow();
    }

    private static AlertFacts facts(String category, String objective, double value) {
        return AlertFacts.of(series(category), new Evaluation.Breach(objective(category, objective), T0, value, 500));
    }

    private static BreachEvent.Opened opened(String category, String objective, double peak) {
        String id = BreachEpisode.idFor(series(category).canonical() + "#" + objective, T0);
        return new BreachEvent.Opened(new BreachEpisode(id, Severity.CRITICAL, T0, T0.plusSeconds(10), peak,
                T0.plusSeconds(10), Optional.empty()));
    }

    @SuppressWarnings("unchecked")
    private static Map<String, Object> customDetails(Map<String, Object> trigger) {
        return (Map<String, Object>) ((Map<String, Object>) trigger.get("payload")).get("custom_details");
    }

    @Test
    void tailRatioSummaryIsABareNumberWithoutMilliseconds() {
        var facts = facts("chatbot", "ttft_tail_ratio", 4.477);
        var event = opened("chatbot", "ttft_tail_ratio", 4.477);

        String summary = Summary.of(event, facts);

        assertThat(summary).isEqualTo("[critical] svc (prod): chatbot ttft_ms tail_ratio = 4.48 over 5m, limit ≤ 2,"
                + " model model-x, contract gold");
        assertThat(summary.replace("ttft_ms", "")).doesNotContain("ms");
        var trigger = PagerDutyEvents.trigger(event, facts, Optional.empty());
        assertThat(customDetails(trigger)).contains(entry("value", 4.477), entry("limit", 2.0), entry("target", 2.0),
                entry("unit", "ratio"), entry("peak_value", 4.477));
        String description = AlertmanagerAlerts.description(event, facts);
        assertThat(description).contains("was 4.48 at", "target 2, limit 2", "peak 4.48.")
                .doesNotContain(" ms");
    }

    @Test
    void embeddingsThroughputIsJudgedPerRequestAndSaysItemsPerSecond() {
        var facts = facts("embeddings", "throughput", 219.8);
        var event = opened("embeddings", "throughput", 150.25);

        assertThat(Summary.of(event, facts)).isEqualTo("[critical] svc (prod): embeddings items_per_s p5 = 220 items/s"
                + " over 5m, limit ≥ 100 items/s (target 1000 items/s), model model-x, contract gold");
        assertThat(customDetails(PagerDutyEvents.trigger(event, facts, Optional.empty())))
                .contains(entry("value", 219.8), entry("limit", 100.0), entry("target", 1000.0), entry("unit", "items/s"));
        assertThat(AlertmanagerAlerts.description(event, facts))
                .contains("was 220 items/s at", "target 1000 items/s, limit 100 items/s", "peak 150 items/s.");
        @SuppressWarnings("unchecked")
        var objective = (Map<String, Object>) WebhookBody.of(event, facts, Optional.empty()).get("objective");
        assertThat(objective).contains(entry("unit", "items/s"), entry("limit", 100.0), entry("target", 1000.0));
    }

    @Test
    void werIsShownAsAPercentageAndSentAsARatio() {
        var facts = facts("speech-to-text", "wer", 0.1234);
        var event = opened("speech-to-text", "wer", 0.1234);

        assertThat(Summary.of(event, facts)).isEqualTo("[critical] svc (prod): speech-to-text wer weighted_mean = 12.3 %"
                + " over 5m, limit ≤ 10 % (target 5 %), model model-x, contract gold");
        assertThat(customDetails(PagerDutyEvents.trigger(event, facts, Optional.empty())))
                .contains(entry("value", 0.1234), entry("limit", 0.1), entry("target", 0.05), entry("unit", "ratio"));
        assertThat(AlertmanagerAlerts.description(event, facts)).contains("was 12.3 % at", "target 5 %, limit 10 %");
        @SuppressWarnings("unchecked")
        var evaluation = (Map<String, Object>) WebhookBody.of(event, facts, Optional.empty()).get("evaluation");
        assertThat(evaluation).containsEntry("value", 0.1234);
    }

    @Test
    void everyCatalogObjectiveWritesValueAndThresholdsInTheUnitOfItsStatistic() {
        for (Category category : CATALOG.categories()) {
            for (Objective objective : category.objectives()) {
                String where = category.id() + "/" + objective.id();
                ValueFormat format = ValueFormat.of(objective);
                var facts = facts(category.id(), objective.id(), 3.5);
                var event = opened(category.id(), objective.id(), 3.5);

                String summary = Summary.of(event, facts);
                assertThat(summary).as(where).contains(" = " + format.format(3.5) + " over ");
                objective.threshold().ifPresent(t -> assertThat(summary).as(where)
                        .contains(", limit " + (t.direction().id().equals("lower") ? "≥ " : "≤ ") + format.format(t.limit())));
                assertThat(customDetails(PagerDutyEvents.trigger(event, facts, Optional.empty())))
                        .as(where).containsEntry("unit", format.unit());
                @SuppressWarnings("unchecked")
                var webhookObjective = (Map<String, Object>) WebhookBody.of(event, facts, Optional.empty()).get("objective");
                assertThat(webhookObjective).as(where).containsEntry("unit", format.unit());
            }
        }
    }

    @Test
    void theFixturesTtftBreachReadsInMilliseconds() {
        assertThat(Summary.of(Fixtures.opened(Severity.CRITICAL), Fixtures.facts()))
                .contains("ttft_ms p95 = 413 ms over 5m, limit ≤ 300 ms (target 200 ms)");
    }
}
