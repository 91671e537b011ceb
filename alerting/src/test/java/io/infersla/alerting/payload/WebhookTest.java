package io.infersla.alerting.payload;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.entry;

import io.infersla.alerting.secret.Secret;
import io.infersla.alerting.testing.Fixtures;
import io.infersla.core.breach.Severity;
import java.nio.charset.StandardCharsets;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class WebhookTest {

    @Test
    void signatureIsHmacSha256HexOfTheBody() {
        // Known-answer vector (HMAC-SHA256, key "key", Wikipedia's "quick brown fox" example).
        byte[] body = "The quick brown fox jumps over the lazy dog".getBytes(StandardCharsets.UTF_8);

        assertThat(WebhookSignature.sign(body, Secret.of("key")))
                .isEqualTo("sha256=f7bc83f430538424b13298e6aa6fb143ef4d59a14946175997479dbc2d1a3cd8");
    }

    @Test
    void bodyNamesTheEventEpisodeSeriesObjectiveAndEvaluation() {
        var event = Fixtures.resolved(Severity.CRITICAL);

        Map<String, Object> body = WebhookBody.of(event, Fixtures.facts(), Optional.empty());

        assertThat(body).contains(entry("version", 1), entry("event", "breach.resolved"), entry("action", "resolve"),
                entry("episode_id", event.episode().id()), entry("severity", "critical"),
                entry("resolved_at", "2026-03-01T12:02:00Z"));
        assertThat((Map<String, Object>) body.get("objective")).contains(entry("id", "ttft_p95"),
                entry("unit", "ms"), entry("limit", 300.0), entry("window_seconds", 300L));
        assertThat((Map<String, Object>) body.get("evaluation")).contains(entry("value", 412.5), entry("samples", 1234L));
    }

    @Test
    void eventNamesFollowTheLifecycle() {
        assertThat(WebhookBody.eventName(Fixtures.opened(Severity.WARNING))).isEqualTo("breach.opened");
        assertThat(WebhookBody.eventName(Fixtures.escalated(Fixtures.SERIES, Fixtures.T0))).isEqualTo("breach.escalated");
    }
}
