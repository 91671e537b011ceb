package io.infersla.engine.topology;

import static org.assertj.core.api.Assertions.assertThat;

import io.infersla.core.catalog.Catalog;
import io.infersla.core.contract.ContractTerms;
import io.infersla.core.contract.ContractTermsJson;
import io.infersla.core.evaluate.Status;
import io.infersla.core.json.Json;
import io.infersla.core.measure.Metric;
import io.infersla.core.request.SeriesKey;
import io.infersla.engine.topic.BreachRecord;
import io.infersla.engine.topic.EvaluationRecord;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import org.apache.kafka.common.utils.Bytes;
import org.apache.kafka.streams.state.KeyValueStore;
import org.apache.kafka.streams.state.Stores;
import org.junit.jupiter.api.Test;

class SeriesEvaluatorTest {

    private static final Catalog CATALOG = Catalog.builtIn();
    private static final EngineSettings SETTINGS = EngineSettings.defaults(CATALOG);
    private static final long T0 = Instant.parse("2026-11-02T10:00:00Z").toEpochMilli();
    private static final long GRACE = SETTINGS.grace().toMillis();
    private static final long STEP = CATALOG.category("chatbot").orElseThrow().objectives().stream()
            .filter(o -> o.id().equals("ttft_p95")).findFirst().orElseThrow().step().toMillis();
    private static final SeriesKey CHAT = new SeriesKey("acme", "default", "chat-api", "prod", "llama-70b", "chatbot", "gpu", "xl");

    private record Output(String sink, byte[] key, byte[] value, long timestampMs) {
    }

    private final List<Output> outputs = new ArrayList<>();
    private final KeyValueStore<Bytes, byte[]> termsStore = Stores.inMemoryKeyValueStore("terms").get();
    private final SeriesEvaluator evaluator = new SeriesEvaluator(SETTINGS, new ContractTermsCache(CATALOG, termsStore),
            (sink, key, value, timestampMs) -> outputs.add(new Output(sink, key, value, timestampMs)));
    private final SeriesTable table = new SeriesTable(SETTINGS);

    /** Ten chatbot requests a second from T0 for {@code seconds}, every TTFT {@code ttftMs}. */
    private SeriesState traffic(int seconds, double ttftMs) {
        SeriesState state = table.get(CHAT.toBytes());
        for (long t = T0; t < T0 + seconds * 1000L; t += 100) {
            state.record(Metric.TTFT_MS, t, ttftMs, 1.0);
            state.record(Metric.TPOT_MS, t, 15, 1.0);
            state.record(Metric.E2E_MS, t, 1500, 1.0);
            state.scheduleFrom(t);
        }
        return state;
    }

    private List<EvaluationRecord> evaluations(String objectiveId) {
        return outputs.stream().filter(o -> o.sink().equals(SeriesProcessor.EVALUATIONS_SINK))
                .map(o -> EvaluationRecord.fromBytes(o.value())).filter(e -> e.objectiveId().equals(objectiveId)).toList();
    }

    private List<BreachRecord> breaches() {
        return outputs.stream().filter(o -> o.sink().equals(SeriesProcessor.BREACHES_SINK))
                .map(o -> BreachRecord.fromBytes(o.value())).toList();
    }

    @Test
    void aBoundaryIsEvaluatedOnceTheClockPassesItPlusTheGraceAndOnlyOnce() {
        SeriesState state = traffic(60, 150);

        evaluator.evaluateDue(state, T0 + STEP + GRACE - 1);
        assertThat(outputs).isEmpty();

        evaluator.evaluateDue(state, T0 + STEP + GRACE);
        assertThat(evaluations("ttft_p95")).singleElement().satisfies(e -> assertThat(e.status()).isEqualTo(Status.OK));
        assertThat(outputs).allSatisfy(o -> {
            assertThat(o.timestampMs()).isEqualTo(T0 + STEP);
            assertThat(o.key()).isEqualTo(CHAT.toBytes());
        });
        assertThat(state.nextBoundary.get(STEP)).isEqualTo(T0 + 2 * STEP);
        assertThat(state.metaDirty).isTrue();

        int before = outputs.size();
        evaluator.evaluateDue(state, T0 + STEP + GRACE);
        assertThat(outputs).hasSize(before);
    }

    @Test
    void aSlowSeriesOpensAnEpisodeAndAHealthyOneDoesNot() {
        SeriesState slow = traffic(60, 3 * 300); // three times the catalog's 300 ms limit
        evaluator.evaluateDue(slow, T0 + 60_000 + GRACE);

        assertThat(evaluations("ttft_p95")).isNotEmpty().allSatisfy(e -> assertThat(e.status()).isEqualTo(Status.BREACH));
        assertThat(breaches()).filteredOn(b -> b.objectiveId().equals("ttft_p95")).first()
                .satisfies(b -> assertThat(b.event()).isEqualTo("opened"));
        assertThat(slow.hasOpenEpisode()).isTrue();
    }

    @Test
    void aHealthySeriesOpensNoEpisode() {
        SeriesState healthy = traffic(60, 150);
        evaluator.evaluateDue(healthy, T0 + 60_000 + GRACE);

        assertThat(breaches()).isEmpty();
        assertThat(healthy.hasOpenEpisode()).isFalse();
    }

    @Test
    void aStepWhoseWindowsEmptiedGoesDormant() {
        SeriesState state = traffic(1, 150);
        long window = SETTINGS.catalog().category("chatbot").orElseThrow().objectives().get(0).window().toMillis();

        evaluator.evaluateDue(state, T0 + window + 10 * STEP);

        assertThat(state.nextBoundary).doesNotContainKey(STEP);
        assertThat(evaluations("ttft_p95")).last().satisfies(e -> assertThat(e.status()).isEqualTo(Status.INSUFFICIENT_DATA));
        // dormant right after the first empty window: later boundaries are not evaluated
        assertThat(outputs.stream().filter(o -> o.sink().equals(SeriesProcessor.EVALUATIONS_SINK))
                .mapToLong(Output::timestampMs).max().orElseThrow()).isLessThanOrEqualTo(T0 + window + 2 * STEP);
    }

    @Test
    void anObjectiveTheContractTurnsOffIsNeitherEvaluatedNorStored() {
        ContractTerms terms = new ContractTerms("acme", "default", ContractTermsJson.objectives(CATALOG, "test",
                Json.parse("test", "{\"objectives\": {\"chatbot\": {\"ttft_p95\": {\"off\": true}}}}")), List.of());
        termsStore.put(Bytes.wrap(terms.key().getBytes(StandardCharsets.UTF_8)), ContractTermsJson.encode(terms));
        SeriesState state = traffic(60, 150);

        evaluator.evaluateDue(state, T0 + STEP + GRACE);

        assertThat(evaluations("ttft_p95")).isEmpty();
        assertThat(evaluations("tpot_p95")).hasSize(1);
    }
}
