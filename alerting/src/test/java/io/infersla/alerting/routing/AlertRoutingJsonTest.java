package io.infersla.alerting.routing;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.infersla.core.breach.Severity;
import io.infersla.core.json.Json;
import java.net.URI;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class AlertRoutingJsonTest {

    static final String WHERE = "contracts[acme/gold].alerts";

    static AlertRouting parse(String json) {
        return AlertRoutingJson.parse(WHERE, Json.parse("test", json));
    }

    @Test
    void readsTheDocumentedShape() {
        AlertRouting routing = parse("""
                {
                  "pagerduty": {
                    "routing_key_secret": "pagerduty_routing_key",
                    "service_rules": [{"service": "search-api", "routing_key_secret": "pd_search"}]
                  },
                  "page_from": "critical",
                  "notify_from": "warning",
                  "alertmanager_urls": ["http://alertmanager-0:9093", "http://alertmanager-1:9093"],
                  "webhooks": [{"url": "https://hooks.example/infersla", "signing_secret": "webhook_secret"}],
                  "dashboard_url": "https://grafana.example/d/infersla"
                }""");

        assertThat(routing.pagerDuty()).hasValueSatisfying(pd -> {
            assertThat(pd.url()).isEqualTo(PagerDutyRoute.DEFAULT_URL);
            assertThat(pd.routingKeySecretFor("search-api")).isEqualTo("pd_search");
            assertThat(pd.routingKeySecretFor("chat-api")).isEqualTo("pagerduty_routing_key");
        });
        assertThat(routing.alertmanagerUrls()).containsExactly(URI.create("http://alertmanager-0:9093"),
                URI.create("http://alertmanager-1:9093"));
        assertThat(routing.webhooks()).containsExactly(
                new WebhookRoute(URI.create("https://hooks.example/infersla"), "webhook_secret"));
        assertThat(routing.dashboardUrl()).contains(URI.create("https://grafana.example/d/infersla"));
        assertThat(routing.pageFrom()).isEqualTo(Severity.CRITICAL);
    }

    @Test
    void absentSectionMeansNoAlertsAndAbsentSeveritiesTakeTheDefaults() {
        assertThat(AlertRoutingJson.parse(WHERE, null)).isEqualTo(AlertRouting.NONE);
        AlertRouting routing = parse("{\"alertmanager_urls\": [\"http://am:9093\"]}");
        assertThat(routing.pageFrom()).isEqualTo(Severity.CRITICAL);
        assertThat(routing.notifyFrom()).isEqualTo(Severity.WARNING);
        assertThat(routing.pagerDuty()).isEqualTo(Optional.empty());
    }

    @Test
    void errorsNameThePathTheAllowedValuesAndTheValueFound() {
        assertThatThrownBy(() -> parse("{\"page_from\": \"high\"}"))
                .hasMessage("contracts[acme/gold].alerts.page_from: must be one of warning, critical, was 'high'");
        assertThatThrownBy(() -> parse("{\"pager_duty\": {}}"))
                .hasMessage("contracts[acme/gold].alerts.pager_duty: unknown field; allowed: pagerduty, alertmanager_urls, "
                        + "webhooks, page_from, notify_from, dashboard_url");
        assertThatThrownBy(() -> parse("{\"webhooks\": [{\"url\": \"https://h.example/x\"}]}"))
                .hasMessage("contracts[acme/gold].alerts.webhooks[0].signing_secret: is required");
        assertThatThrownBy(() -> parse("{\"alertmanager_urls\": \"http://am:9093\"}"))
                .hasMessage("contracts[acme/gold].alerts.alertmanager_urls: must be an array, was the string 'http://am:9093'");
    }

    @Test
    void everyProblemOfTheSectionIsNamedInOneRound() {
        assertThatThrownBy(() -> parse("""
                {"page_from": "high", "alertmanager_urls": ["am:9093", 7],
                 "webhooks": [{"url": "", "signing_secret": "hook_secret"}, "x"],
                 "pagerduty": {"service_rules": [{"service": "chat-api"}]}}"""))
                .hasMessage("contracts[acme/gold].alerts.pagerduty.service_rules[0].routing_key_secret: is required; "
                        + "contracts[acme/gold].alerts.pagerduty.routing_key_secret: is required; "
                        + "contracts[acme/gold].alerts.alertmanager_urls[0]: must be an absolute http(s) URL, was 'am:9093'; "
                        + "contracts[acme/gold].alerts.alertmanager_urls[1]: must be a string, was 7; "
                        + "contracts[acme/gold].alerts.webhooks[1]: must be an object, was the string 'x'; "
                        + "contracts[acme/gold].alerts.webhooks[0].url: must be a non-empty string; "
                        + "contracts[acme/gold].alerts.page_from: must be one of warning, critical, was 'high'");
    }

    @Test
    void aRoutingKeyPastedWhereItsNameBelongsIsRejectedWithoutBeingRepeated() {
        String key = "R0UTINGKEY0123456789ABCDEFGHIJKL";

        assertThatThrownBy(() -> parse("{\"pagerduty\": {\"routing_key_secret\": \"" + key + "\"}}"))
                .hasMessageStartingWith("contracts[acme/gold].alerts.pagerduty: pagerduty routing_key_secret must name a secret")
                .hasMessageNotContaining(key);
    }
}
