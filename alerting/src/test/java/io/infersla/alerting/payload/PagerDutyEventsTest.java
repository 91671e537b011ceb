package io.infersla.alerting.payload;

import static io.infersla.alerting.testing.Fixtures.SERIES;
import static io.infersla.alerting.testing.Fixtures.T0;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.entry;

import io.infersla.alerting.testing.Fixtures;
import io.infersla.core.breach.Severity;
import io.infersla.core.json.Json;
import io.infersla.core.request.SeriesKey;
import java.net.URI;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalDouble;
import org.junit.jupiter.api.Test;

class PagerDutyEventsTest {

    static final URI DASHBOARD = URI.create("https://grafana.example/d/infersla");

    @Test
    @SuppressWarnings("unchecked")
    void triggerCarriesEveryDocumentedFieldExceptTheRoutingKey() {
        var event = Fixtures.opened(Severity.CRITICAL);

        Map<String, Object> body = PagerDutyEvents.trigger(event, Fixtures.facts(), Optional.of(DASHBOARD));

        assertThat(body).doesNotContainKey("routing_key")
                .contains(entry("event_action", "trigger"), entry("dedup_key", event.episode().id()),
                        entry("client", "InferSLA"), entry("client_url", DASHBOARD.toString()))
                .containsEntry("links", List.of(Map.of("href", DASHBOARD.toString(), "text", "InferSLA dashboard")));
        Map<String, Object> payload = (Map<String, Object>) body.get("payload");
        assertThat(payload).contains(entry("source", "chat-api (prod)"), entry("severity", "critical"),
                entry("timestamp", "2026-03-01T12:00:10Z"), entry("component", "chat-api"), entry("group", "chatbot"),
                entry("class", "ttft_ms"));
        assertThat((String) payload.get("summary"))
                .isEqualTo("[critical] chat-api (prod): chatbot ttft_ms p95 = 413 ms over 5m, limit ≤ 300 ms"
                        + " (target 200 ms), model llama-3-70b, contract gold");
        Map<String, Object> details = (Map<String, Object>) payload.get("custom_details");
        assertThat(details).contains(entry("statistic", "p95"), entry("value", 412.5), entry("target", 200.0),
                entry("limit", 300.0), entry("unit", "ms"), entry("window", "5m"), entry("sample_count", 1234L), entry("contract", "gold"),
                entry("model", "llama-3-70b"), entry("environment", "prod"),
                entry("evaluation_time", "2026-03-01T12:00:10Z"));
    }

    @Test
    void warningSeverityMapsToPagerDutyWarningAndNoLinksWithoutADashboard() {
        Map<String, Object> body = PagerDutyEvents.trigger(Fixtures.opened(Severity.WARNING), Fixtures.facts(),
                Optional.empty());

        assertThat(body).doesNotContainKeys("links", "client_url");
        assertThat(((Map<?, ?>) body.get("payload")).get("severity")).isEqualTo("warning");
    }

    @Test
    void resolveNeedsOnlyTheActionAndTheDedupKey() {
        var event = Fixtures.resolved(Severity.CRITICAL);

        assertThat(PagerDutyEvents.resolve(event))
                .containsExactly(entry("event_action", "resolve"), entry("dedup_key", event.episode().id()));
    }

    @Test
    void routingKeyIsAddedFirstAtSendTimeOnly() {
        var body = PagerDutyEvents.resolve(Fixtures.resolved(Severity.CRITICAL));

        assertThat(PagerDutyEvents.withRoutingKey(body, "k".repeat(32)).keySet())
                .containsExactly("routing_key", "event_action", "dedup_key");
    }

    @Test
    void summaryStaysWithin1024CharactersWhateverTheNames() {
        String longName = "s".repeat(256);
        SeriesKey series = new SeriesKey("t", "c".repeat(256), longName, "e".repeat(256), "m".repeat(256), "chatbot", "", "");
        var event = Fixtures.opened(series, T0, Severity.CRITICAL);

        String summary = Summary.of(event, Fixtures.facts(series, 1e300, T0));

        assertThat(summary).hasSizeLessThanOrEqualTo(Summary.MAX_LENGTH).startsWith("[critical] " + longName);
    }

    @Test
    void dedupKeyIsTheEpisodeIdStablePerEpisodeAndNewPerEpisode() {
        var first = Fixtures.opened(SERIES, T0, Severity.CRITICAL);
        var replay = Fixtures.opened(SERIES, T0, Severity.CRITICAL);
        var next = Fixtures.opened(SERIES, T0.plusSeconds(600), Severity.CRITICAL);

        assertThat(DedupKey.of(first.episode().id())).isEqualTo(DedupKey.of(replay.episode().id()))
                .isNotEqualTo(DedupKey.of(next.episode().id()));
    }

    @Test
    void longEpisodeIdsAreCutTo255CharactersKeepingThemUnique() {
        SeriesKey a = new SeriesKey("t", "c", "x".repeat(256), "", "a".repeat(256), "chatbot", "", "");
        SeriesKey b = new SeriesKey("t", "c", "x".repeat(256), "", "b".repeat(256), "chatbot", "", "");
        Instant start = T0;

        String keyA = DedupKey.of(Fixtures.episodeId(a, start));
        String keyB = DedupKey.of(Fixtures.episodeId(b, start));

        assertThat(keyA).hasSize(DedupKey.MAX_LENGTH).isNotEqualTo(keyB);
        assertThat(keyA.substring(0, 190)).isEqualTo(keyB.substring(0, 190));
        assertThat(DedupKey.of(Fixtures.episodeId(a, start))).isEqualTo(keyA);
    }

    @Test
    void missingValuesBecomeJsonNullNotNaN() {
        var facts = new AlertFacts(SERIES, "ttft_p95", "ttft_ms", "p95", "upper", OptionalDouble.of(Double.NaN),
                OptionalDouble.empty(), OptionalDouble.of(300), Duration.ofMinutes(5), 0, T0);

        var body = PagerDutyEvents.trigger(Fixtures.opened(Severity.CRITICAL), facts, Optional.empty());

        Map<?, ?> details = (Map<?, ?>) ((Map<?, ?>) body.get("payload")).get("custom_details");
        assertThat(details.get("value")).isNull();
        assertThat(details.get("target")).isNull();
        assertThat(Json.write(body)).contains("\"value\": null");
    }
}
