package io.infersla.core.contract;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.infersla.core.catalog.Catalog;
import io.infersla.core.catalog.Objective;
import io.infersla.core.catalog.Threshold;
import io.infersla.core.json.Json;
import io.infersla.core.request.SeriesKey;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class ContractTermsTest {

    private static final Catalog CATALOG = Catalog.builtIn();
    private static final SeriesKey CHAT = new SeriesKey("acme", "gold", "chat-api", "prod", "llama-70b", "chatbot", null, null);
    private static final Instant T = Instant.parse("2026-11-02T10:00:00Z");

    private static Map<String, Map<String, ObjectiveTerms>> objectives(String json) {
        return ContractTermsJson.objectives(CATALOG, "contracts[acme/gold]", Json.parse("test", json));
    }

    private static Objective catalogObjective(String category, String id) {
        return CATALOG.category(category).orElseThrow().objective(id).orElseThrow();
    }

    @Test
    void overridesReplaceOnlyTheFieldsTheyName() {
        ContractTerms terms = new ContractTerms("acme", "gold",
                objectives("{\"objectives\": {\"chatbot\": {\"ttft_p95\": {\"limit\": 250, \"min_samples\": 40}}}}"), List.of());

        Objective ttft = terms.apply("chatbot", catalogObjective("chatbot", "ttft_p95")).orElseThrow();

        assertThat(ttft.threshold()).contains(new Threshold(ttft.direction(), 200, 250));
        assertThat(ttft.minSamples()).isEqualTo(40);
        assertThat(ttft.window()).isEqualTo(catalogObjective("chatbot", "ttft_p95").window());
        Objective tpot = catalogObjective("chatbot", "tpot_p95");
        assertThat(terms.apply("chatbot", tpot)).contains(tpot);
    }

    @Test
    void aLimitAloneJudgesAReportOnlyObjective() {
        Objective cost = catalogObjective("batch-inference", "cost_per_mtok");
        assertThat(cost.isReportOnly()).isTrue();
        ContractTerms terms = new ContractTerms("acme", "gold",
                objectives("{\"objectives\": {\"batch-inference\": {\"cost_per_mtok\": {\"limit\": 2.5}}}}"), List.of());

        Objective judged = terms.apply("batch-inference", cost).orElseThrow();

        assertThat(judged.threshold()).contains(new Threshold(cost.direction(), 2.5, 2.5));
    }

    @Test
    void aContractMayJudgeThroughputOnTheDeliveredRate() {
        Objective perRequest = catalogObjective("embeddings", "throughput");
        assertThat(perRequest.metric()).isEqualTo(io.infersla.core.measure.Metric.ITEMS_PER_S);
        assertThat(perRequest.statistic().id()).isEqualTo("p5");
        ContractTerms terms = new ContractTerms("acme", "gold", objectives(
                "{\"objectives\": {\"embeddings\": {\"throughput\": {\"basis\": \"delivered\", \"limit\": 50}}}}"), List.of());

        Objective delivered = terms.apply("embeddings", perRequest).orElseThrow();

        assertThat(delivered.metric()).isEqualTo(io.infersla.core.measure.Metric.ITEMS);
        assertThat(delivered.statistic().id()).isEqualTo("rate");
        assertThat(delivered.threshold()).contains(new Threshold(perRequest.direction(), 1000, 50));
        // the engine keeps the delivered metric's slices because the catalog reports it with the same window
        Objective reported = catalogObjective("embeddings", "delivered_rate");
        assertThat(reported.metric()).isEqualTo(delivered.metric());
        assertThat(reported.window()).isEqualTo(delivered.window());
        assertThat(ContractTermsJson.decode(CATALOG, ContractTermsJson.encode(terms))).isEqualTo(terms);
    }

    @Test
    void basisIsCheckedByName() {
        assertThatThrownBy(() -> objectives("{\"objectives\": {\"embeddings\": {\"throughput\": {\"basis\": \"wall\"}}}}"))
                .hasMessageContaining("contracts[acme/gold].objectives.embeddings.throughput.basis: must be per_request")
                .hasMessageContaining("'wall'");
        assertThatThrownBy(() -> objectives("{\"objectives\": {\"chatbot\": {\"ttft_p95\": {\"basis\": \"delivered\"}}}}"))
                .hasMessageContaining("basis delivered applies to throughput objectives");
    }

    @Test
    void anObjectiveCanBeTurnedOff() {
        ContractTerms terms = new ContractTerms("acme", "gold",
                objectives("{\"objectives\": {\"chatbot\": {\"e2e_tail_ratio\": {\"off\": true}}}}"), List.of());

        assertThat(terms.apply("chatbot", catalogObjective("chatbot", "e2e_tail_ratio"))).isEmpty();
    }

    @Test
    void everyProblemIsReportedWithItsPath() {
        assertThatThrownBy(() -> objectives("""
                {"alerts": {"anything": "is another reader's"},
                 "objectives": {
                   "chatbots": {},
                   "chatbot": {
                     "ttft_p99": {"limit": 1},
                     "ttft_p95": {"target": 900, "window": "10m", "limt": 3},
                     "tpot_p95": {"min_samples": 0, "off": "yes"}
                   },
                   "batch-inference": {"cost_per_mtok": {"target": 2}}
                 }}""")).isInstanceOfSatisfying(ContractTermsException.class, e -> assertThat(e.problems()).containsExactlyInAnyOrder(
                "contracts[acme/gold].objectives.chatbots: unknown category; the catalog has "
                        + String.join(", ", CATALOG.categories().stream().map(c -> c.id()).toList()),
                "contracts[acme/gold].objectives.chatbot.ttft_p99: unknown objective of chatbot; it has "
                        + "ttft_p95, tpot_p95, e2e_p95, ttft_tail_ratio, e2e_tail_ratio",
                "contracts[acme/gold].objectives.chatbot.ttft_p95.window: cannot be set by a contract (windows, steps and"
                        + " statistics come from the catalog); allowed: target, limit, min_samples, off, basis",
                "contracts[acme/gold].objectives.chatbot.ttft_p95.limt: unknown field; allowed: target, limit, min_samples, off, basis",
                "contracts[acme/gold].objectives.chatbot.ttft_p95: for an upper bound the target must be <= the limit,"
                        + " was target 900.0 > limit 300.0",
                "contracts[acme/gold].objectives.chatbot.tpot_p95.off: must be true or false, was the string 'yes'",
                "contracts[acme/gold].objectives.batch-inference.cost_per_mtok: objective cost_per_mtok has no threshold in the"
                        + " catalog: a contract must set its limit (a target alone is not enough)"));
    }

    @Test
    void aTargetPastTheCatalogLimitIsRefused() {
        assertThatThrownBy(() -> objectives("{\"objectives\": {\"chatbot\": {\"ttft_p95\": {\"target\": 900}}}}"))
                .isInstanceOf(ContractTermsException.class)
                .hasMessageContaining("contracts[acme/gold].objectives.chatbot.ttft_p95: for an upper bound the target must be"
                        + " <= the limit, was target 900.0 > limit 300.0");
    }

    @Test
    void maintenanceExcusesEveryWindowItOverlapsForTheSeriesItCovers() {
        MaintenanceWindow upgrade = new MaintenanceWindow(7, T, T.plusSeconds(1800), Optional.of("chat-api"),
                Optional.empty(), Optional.empty(), "GPU driver upgrade");
        ContractTerms terms = new ContractTerms("acme", "gold", Map.of(), List.of(upgrade));

        assertThat(terms.excuse(CHAT, T.minusSeconds(300), T)).isEmpty(); // ends where maintenance begins
        assertThat(terms.excuse(CHAT, T.minusSeconds(299), T.plusSeconds(1))).contains("maintenance #7: GPU driver upgrade");
        // the first window after the maintenance still holds requests served during it
        assertThat(terms.excuse(CHAT, T.plusSeconds(1800 - 299), T.plusSeconds(1801))).isPresent();
        assertThat(terms.excuse(CHAT, T.plusSeconds(1800), T.plusSeconds(2100))).isEmpty();
        SeriesKey other = new SeriesKey("acme", "gold", "search-api", "prod", "e5", "search-rag", null, null);
        assertThat(terms.excuse(other, T, T.plusSeconds(300))).isEmpty();
    }

    @Test
    void termsSurviveTheTopicEncoding() {
        MaintenanceWindow window = new MaintenanceWindow(3, T, T.plusSeconds(600), Optional.empty(),
                Optional.of("chatbot"), Optional.of("llama-70b"), "failover drill");
        ContractTerms terms = new ContractTerms("acme", "gold",
                objectives("{\"objectives\": {\"chatbot\": {\"ttft_p95\": {\"target\": 150, \"limit\": 250},"
                        + " \"e2e_tail_ratio\": {\"off\": true}}}}"), List.of(window));

        ContractTerms decoded = ContractTermsJson.decode(CATALOG, ContractTermsJson.encode(terms));

        assertThat(decoded).isEqualTo(terms);
    }

    @Test
    void aCorruptTopicRecordNamesTheProblem() {
        assertThatThrownBy(() -> ContractTermsJson.decode(CATALOG,
                "{\"tenant\":\"acme\",\"contract\":\"gold\",\"maintenance\":[{\"id\":1,\"starts_at\":\"yesterday\",\"ends_at\":\"2026-11-02T10:00:00Z\"}]}"
                        .getBytes(java.nio.charset.StandardCharsets.UTF_8)))
                .isInstanceOf(ContractTermsException.class)
                .hasMessageContaining("contract terms.maintenance[0].starts_at: must be an ISO-8601 instant like 2026-11-02T10:00:00Z,"
                        + " was 'yesterday'");
    }
}
