package io.infersla.launcher;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** The local receiver holds events to PagerDuty's documented Events API v2 shape. */
class PagerDutyReceiverTest {

    static final String KEY = "dev0123456789abcdefghijklmnopqrs";

    static Map<String, Object> trigger() {
        return Map.of("routing_key", KEY, "event_action", "trigger", "dedup_key", "episode-1",
                "payload", Map.of("summary", "chatbot TTFT p95 560 ms > 300 ms", "source", "infersla", "severity", "critical"));
    }

    @Test
    void aDocumentedTriggerIsValid() {
        assertThat(PagerDutyReceiver.check(trigger())).isEmpty();
    }

    @Test
    void aResolveNeedsOnlyKeyActionAndDedupKey() {
        assertThat(PagerDutyReceiver.check(Map.of("routing_key", KEY, "event_action", "resolve", "dedup_key", "episode-1")))
                .isEmpty();
        assertThat(PagerDutyReceiver.check(Map.of("routing_key", KEY, "event_action", "resolve")))
                .containsExactly("dedup_key is required to resolve");
    }

    @Test
    void reportsEachBrokenRule() {
        Map<String, Object> bad = Map.of("routing_key", "short", "event_action", "trigger",
                "payload", Map.of("summary", "x".repeat(1025), "severity", "fatal"));

        assertThat(PagerDutyReceiver.check(bad)).containsExactlyInAnyOrder(
                "routing_key must be a 32-character string",
                "payload.summary must be a string of 1 to 1024 characters",
                "payload.source must be a non-empty string",
                "payload.severity must be one of critical, error, warning, info");
    }

    @Test
    void answersLikePagerDutyAndPrintsTheEvent() throws Exception {
        ByteArrayOutputStream console = new ByteArrayOutputStream();
        try (PagerDutyReceiver receiver = PagerDutyReceiver.start(new PrintStream(console, true, StandardCharsets.UTF_8))) {
            HttpClient http = HttpClient.newHttpClient();
            HttpResponse<String> ok = http.send(post(receiver.url(), io.infersla.core.json.Json.write(trigger())),
                    HttpResponse.BodyHandlers.ofString());
            HttpResponse<String> refused = http.send(post(receiver.url(), "{\"event_action\":\"trigger\"}"),
                    HttpResponse.BodyHandlers.ofString());

            assertThat(ok.statusCode()).isEqualTo(202);
            assertThat(io.infersla.core.json.Json.parse("answer", ok.body())).isEqualTo(
                    Map.of("status", "success", "message", "Event processed", "dedup_key", "episode-1"));
            assertThat(refused.statusCode()).isEqualTo(400);
            assertThat(refused.body()).contains("invalid event");
            assertThat(receiver.events()).extracting(PagerDutyReceiver.Event::dedupKey).containsExactly("episode-1");
            assertThat(console.toString(StandardCharsets.UTF_8))
                    .contains("pagerduty (local): trigger critical dedup_key=episode-1: chatbot TTFT p95 560 ms > 300 ms");
        }
    }

    @Test
    void aScriptedAnswerRefusesEventsUntilItIsLiftedAndRecordsOnlyWhatWasAccepted() throws Exception {
        try (PagerDutyReceiver receiver = PagerDutyReceiver.start(new PrintStream(new ByteArrayOutputStream(), true, StandardCharsets.UTF_8))) {
            HttpClient http = HttpClient.newHttpClient();
            String event = io.infersla.core.json.Json.write(trigger());

            receiver.answerWith(PagerDutyReceiver.Answer.serverError());
            HttpResponse<String> down = http.send(post(receiver.url(), event), HttpResponse.BodyHandlers.ofString());
            receiver.answerWith(PagerDutyReceiver.Answer.throttled(java.time.Duration.ofSeconds(7)));
            HttpResponse<String> throttled = http.send(post(receiver.url(), event), HttpResponse.BodyHandlers.ofString());
            assertThat(receiver.events()).as("nothing refused is recorded as delivered").isEmpty();
            receiver.answerWith(PagerDutyReceiver.Answer.PAGERDUTY);
            HttpResponse<String> accepted = http.send(post(receiver.url(), event), HttpResponse.BodyHandlers.ofString());

            assertThat(down.statusCode()).isEqualTo(500);
            assertThat(throttled.statusCode()).isEqualTo(429);
            assertThat(throttled.headers().firstValue("Retry-After")).hasValue("7");
            assertThat(accepted.statusCode()).isEqualTo(202);
            assertThat(receiver.refusedByScript()).isEqualTo(2);
            assertThat(receiver.events()).extracting(PagerDutyReceiver.Event::dedupKey).containsExactly("episode-1");
        }
    }

    static HttpRequest post(URI base, String body) {
        return HttpRequest.newBuilder(base.resolve(PagerDutyReceiver.PATH))
                .header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString(body)).build();
    }
}
