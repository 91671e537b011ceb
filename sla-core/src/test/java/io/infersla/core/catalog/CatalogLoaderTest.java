package io.infersla.core.catalog;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.infersla.core.json.Json;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class CatalogLoaderTest {

    private static String catalogWith(String objectiveJson) {
        return """
            {
              "catalog_version": 1,
              "defaults": {"window": "5m", "step": "10s", "min_samples": 20},
              "categories": [
                {
                  "id": "chatbot",
                  "name": "Conversational Chatbot",
                  "envelope": {"load": "low"},
                  "objectives": [%s]
                }
              ]
            }
            """.formatted(objectiveJson);
    }

    private static List<String> problemsOf(String json) {
        try {
            CatalogLoader.load("test.json", json);
        } catch (CatalogException e) {
            return e.problems();
        }
        throw new AssertionError("expected the catalog to be rejected");
    }

    @Test
    void validObjectiveInheritsTheDefaults() {
        Catalog catalog = CatalogLoader.load("test.json", catalogWith(
                "{\"id\": \"ttft_p95\", \"metric\": \"ttft_ms\", \"statistic\": \"p95\", \"direction\": \"upper\", \"target\": 200, \"limit\": 300}"));
        Objective objective = catalog.category("chatbot").orElseThrow().objective("ttft_p95").orElseThrow();
        assertThat(objective.window()).hasMinutes(5);
        assertThat(objective.step()).hasSeconds(10);
        assertThat(objective.minSamples()).isEqualTo(20);
        assertThat(objective.threshold()).hasValue(new Threshold(Direction.UPPER_BOUND, 200, 300));
    }

    @Test
    void unknownStatisticNamesTheCategoryObjectiveFieldAllowedValuesAndValueFound() {
        assertThat(problemsOf(catalogWith(
                "{\"id\": \"ttft_p95\", \"metric\": \"ttft_ms\", \"statistic\": \"p96x\", \"direction\": \"upper\", \"target\": 200, \"limit\": 300}")))
                .containsExactly("categories[chatbot].objectives[ttft_p95].statistic: must be one of "
                        + Statistic.ALLOWED + ", was 'p96x'");
    }

    @Test
    void unknownMetricIsAnErrorNotIgnored() {
        assertThat(problemsOf(catalogWith(
                "{\"id\": \"x\", \"metric\": \"ttft\", \"statistic\": \"p95\", \"direction\": \"upper\", \"target\": 1, \"limit\": 2}")))
                .singleElement().asString()
                .startsWith("categories[chatbot].objectives[x].metric: must be one of ttft_ms, tpot_ms")
                .endsWith(", was 'ttft'");
    }

    @Test
    void misspeltFieldIsAnErrorSoALimitCannotSilentlyDisappear() {
        assertThat(problemsOf(catalogWith(
                "{\"id\": \"x\", \"metric\": \"ttft_ms\", \"statistic\": \"p95\", \"direction\": \"upper\", \"target\": 1, \"limt\": 2}")))
                .contains("categories[chatbot].objectives[x].limt: unknown field; allowed: id, metric, statistic, direction, "
                        + "target, limit, window, step, min_samples, when, unless, rationale",
                        "categories[chatbot].objectives[x]: target and limit must be given together (both absent = reported only), "
                        + "was target 1.0 without a limit");
    }

    @Test
    void targetBeyondLimitIsRejectedForTheDirection() {
        assertThat(problemsOf(catalogWith(
                "{\"id\": \"x\", \"metric\": \"ttft_ms\", \"statistic\": \"p95\", \"direction\": \"upper\", \"target\": 400, \"limit\": 300}")))
                .containsExactly("categories[chatbot].objectives[x]: for an upper bound the target must be <= the limit, "
                        + "was target 400.0 > limit 300.0");
        assertThat(problemsOf(catalogWith(
                "{\"id\": \"x\", \"metric\": \"fps\", \"statistic\": \"p5\", \"direction\": \"lower\", \"target\": 30, \"limit\": 100}")))
                .containsExactly("categories[chatbot].objectives[x]: for a lower bound the target must be >= the limit, "
                        + "was target 30.0 < limit 100.0");
    }

    @Test
    void everyProblemIsReportedAtOnce() {
        List<String> problems = problemsOf(catalogWith(
                "{\"id\": \"a\", \"metric\": \"nope\", \"statistic\": \"p95\", \"direction\": \"sideways\", \"target\": 1, \"limit\": 2},"
                + "{\"id\": \"b\", \"metric\": \"ttft_ms\", \"statistic\": \"p95\", \"direction\": \"upper\", \"target\": 1, \"limit\": 2, \"window\": \"5 minutes\"},"
                + "{\"id\": \"c\", \"metric\": \"ttft_ms\", \"statistic\": \"p95\", \"direction\": \"upper\", \"target\": 1, \"limit\": 2, \"min_samples\": 0}"));
        assertThat(problems).hasSize(4).anySatisfy(p -> assertThat(p).startsWith("categories[chatbot].objectives[a].metric"))
                .anySatisfy(p -> assertThat(p).isEqualTo("categories[chatbot].objectives[a].direction: must be one of upper, lower, was 'sideways'"))
                .anySatisfy(p -> assertThat(p).isEqualTo(
                        "categories[chatbot].objectives[b].window: must be a duration like 10s, 5m, 1h or 7d, was '5 minutes'"))
                .anySatisfy(p -> assertThat(p).isEqualTo("categories[chatbot].objectives[c]: min_samples must be >= 1, was 0"));
    }

    @Test
    void weightedStatisticsOnlyApplyToWeightedMetrics() {
        assertThat(problemsOf(catalogWith(
                "{\"id\": \"x\", \"metric\": \"ttft_ms\", \"statistic\": \"cost_per_million_tokens\", \"direction\": \"upper\"}")))
                .containsExactly("categories[chatbot].objectives[x].statistic: 'cost_per_million_tokens' does not apply to "
                        + "metric ttft_ms (only cost_usd, weighted by tokens, has a cost per million tokens)");
        assertThat(problemsOf(catalogWith(
                "{\"id\": \"x\", \"metric\": \"e2e_ms\", \"statistic\": \"weighted_mean\", \"direction\": \"upper\"}")))
                .singleElement().asString().contains("only metrics with a weight (wer, cost_usd) have a weighted mean");
    }

    @Test
    void conditionsNameTheDimensionAndTheAllowedValues() {
        assertThat(problemsOf(catalogWith(
                "{\"id\": \"x\", \"metric\": \"e2e_ms\", \"statistic\": \"p95\", \"direction\": \"upper\", \"target\": 1, \"limit\": 2,"
                + " \"when\": {\"hardware\": [\"tpu\"], \"region\": [\"eu\"]}}")))
                .containsExactlyInAnyOrder(
                        "categories[chatbot].objectives[x].when: hardware: value must be one of cpu, edge, gpu, npu, was 'tpu'",
                        "categories[chatbot].objectives[x].when.region: must be one of hardware, model_size, was 'region'");
    }

    @Test
    void windowMustBeAMultipleOfTheStep() {
        assertThat(problemsOf(catalogWith(
                "{\"id\": \"x\", \"metric\": \"e2e_ms\", \"statistic\": \"p95\", \"direction\": \"upper\", \"target\": 1, \"limit\": 2,"
                + " \"window\": \"65s\", \"step\": \"10s\"}")))
                .containsExactly("categories[chatbot].objectives[x]: window must be a positive multiple of step PT10S, was PT1M5S");
    }

    @Test
    void duplicateIdsAreRejected() {
        String objective = "{\"id\": \"x\", \"metric\": \"e2e_ms\", \"statistic\": \"p95\", \"direction\": \"upper\"}";
        assertThat(problemsOf(catalogWith(objective + "," + objective)))
                .containsExactly("categories[chatbot]: chatbot: objective id 'x' appears twice");
    }

    @Test
    void syntaxErrorsNameTheLineAndColumn() {
        assertThat(problemsOf("{\n  \"catalog_version\": 1,\n  \"defaults\": {\"window\": \"5m\",}\n}"))
                .containsExactly("test.json line 3 column 31: Unexpected character ('}' (code 125)): was expecting double-quote to start field name");
    }

    @Test
    void wrongTypesAreNamed() {
        assertThat(problemsOf("{\"catalog_version\": \"one\", \"defaults\": {\"window\": \"5m\", \"step\": \"10s\", \"min_samples\": 2.5}, \"categories\": {}}"))
                .containsExactlyInAnyOrder(
                        "catalog.catalog_version: must be an integer, was the string 'one'",
                        "catalog.defaults.min_samples: must be an integer, was 2.5",
                        "catalog.categories: must be an array, was an object");
    }

    @Test
    void effectiveCatalogJsonSpellsOutEveryDefaultAndParsesBack() {
        String json = EffectiveCatalog.toJson(Catalog.builtIn());
        @SuppressWarnings("unchecked")
        Map<String, Object> root = (Map<String, Object>) Json.parse("effective", json);
        @SuppressWarnings("unchecked")
        List<Map<String, Object>> categories = (List<Map<String, Object>>) root.get("categories");
        assertThat(categories).hasSize(20);
        @SuppressWarnings("unchecked")
        Map<String, Object> ttft = ((List<Map<String, Object>>) categories.get(0).get("objectives")).get(0);
        assertThat(ttft).containsEntry("id", "ttft_p95").containsEntry("unit", "ms").containsEntry("window", "5m")
                .containsEntry("step", "10s").containsEntry("report_only", false);
        assertThat(ttft.get("min_samples").toString()).isEqualTo("20");
        assertThat(ttft.get("limit").toString()).isEqualTo("300");
    }

    @Test
    void invalidThresholdValuesInRecordsNameTheValue() {
        assertThatThrownBy(() -> new Threshold(Direction.UPPER_BOUND, Double.NaN, 1))
                .hasMessage("target must be finite and >= 0, was NaN");
        assertThatThrownBy(() -> new Range(5, 2)).hasMessage("range must satisfy 0 <= min <= max, was [5.0, 2.0]");
    }
}
