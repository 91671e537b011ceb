package io.infersla.alerting.payload;

import static io.infersla.alerting.testing.Fixtures.SERIES;
import static io.infersla.alerting.testing.Fixtures.T0;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.entry;

import io.infersla.alerting.testing.Fixtures;
import io.infersla.core.breach.Severity;
import java.net.URI;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class AlertmanagerAlertsTest {

    static final URI DASHBOARD = URI.create("https://grafana.example/d/infersla");

    @Test
    void firingAlertHasTheDocumentedLabelsAndAnnotationsAndNoEndsAt() {
        var alerts = AlertmanagerAlerts.of(Fixtures.opened(Severity.WARNING), Fixtures.facts(), Optional.of(DASHBOARD));

        assertThat(alerts).hasSize(1);
        Map<String, Object> alert = alerts.get(0);
        assertThat((Map<String, Object>) alert.get("labels")).containsExactly(entry("alertname", "InferSLABreach"),
                entry("tenant", "acme"), entry("contract", "gold"), entry("service", "chat-api"),
                entry("model", "llama-3-70b"), entry("category", "chatbot"), entry("metric", "ttft_ms"),
                entry("objective", "ttft_p95"), entry("severity", "warning"), entry("environment", "prod"));
        assertThat((Map<String, Object>) alert.get("annotations")).containsKeys("summary", "description")
                .containsEntry("dashboard", DASHBOARD.toString());
        assertThat(alert).containsEntry("startsAt", "2026-03-01T12:00:00Z").doesNotContainKey("endsAt")
                .containsEntry("generatorURL", DASHBOARD.toString());
    }

    @Test
    void escalationEndsTheWarningAlertAndFiresTheCriticalOne() {
        var alerts = AlertmanagerAlerts.of(Fixtures.escalated(SERIES, T0), Fixtures.facts(), Optional.empty());

        assertThat(alerts).hasSize(2);
        assertThat(((Map<?, ?>) alerts.get(0).get("labels")).get("severity")).isEqualTo("warning");
        assertThat(alerts.get(0)).containsEntry("endsAt", "2026-03-01T12:00:30Z");
        assertThat(((Map<?, ?>) alerts.get(1).get("labels")).get("severity")).isEqualTo("critical");
        assertThat(alerts.get(1)).doesNotContainKey("endsAt");
    }

    @Test
    void resolutionSetsEndsAtToTheResolutionTime() {
        var alerts = AlertmanagerAlerts.of(Fixtures.resolved(Severity.CRITICAL), Fixtures.facts(), Optional.empty());

        assertThat(alerts).singleElement().satisfies(a -> assertThat(a).containsEntry("endsAt", "2026-03-01T12:02:00Z"));
    }

    @Test
    void emptyModelIsLeftOutOfTheLabels() {
        var series = new io.infersla.core.request.SeriesKey("acme", "gold", "chat-api", "", "", "chatbot", "", "");
        var alerts = AlertmanagerAlerts.of(Fixtures.opened(series, T0, Severity.WARNING),
                Fixtures.facts(series, 400, T0), Optional.empty());

        assertThat((Map<String, Object>) alerts.get(0).get("labels")).doesNotContainKeys("model", "environment");
    }
}
