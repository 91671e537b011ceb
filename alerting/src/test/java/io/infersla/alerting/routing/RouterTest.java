package io.infersla.alerting.routing;

import static io.infersla.alerting.testing.Fixtures.SERIES;
import static io.infersla.alerting.testing.Fixtures.T0;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.tuple;

import io.infersla.alerting.testing.Fixtures;
import io.infersla.core.breach.Severity;
import java.net.URI;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class RouterTest {

    static final URI AM1 = URI.create("http://am-1.example:9093");
    static final URI AM2 = URI.create("http://am-2.example:9093/");
    static final WebhookRoute HOOK = new WebhookRoute(URI.create("https://hooks.example/infersla"), "hook_secret");

    static final AlertRouting ALL = AlertRouting.NONE
            .withPagerDuty(new PagerDutyRoute(URI.create("https://events.pagerduty.com"), "pd_default",
                    List.of(new PagerDutyRoute.ServiceRule("search-api", "pd_search"))))
            .withAlertmanagers(List.of(AM1, AM2))
            .withWebhooks(List.of(HOOK));

    @Test
    void warningGoesToAlertmanagersAndWebhooksButDoesNotPageByDefault() {
        var deliveries = Router.route(Fixtures.opened(Severity.WARNING), ALL, SERIES.service());

        assertThat(deliveries).extracting(Delivery::channel, Delivery::action, Delivery::target).containsExactly(
                tuple(Channel.ALERTMANAGER, Action.TRIGGER, URI.create("http://am-1.example:9093/api/v2/alerts")),
                tuple(Channel.ALERTMANAGER, Action.TRIGGER, URI.create("http://am-2.example:9093/api/v2/alerts")),
                tuple(Channel.WEBHOOK, Action.TRIGGER, HOOK.url()));
    }

    @Test
    void criticalAlsoPagesPagerDutyWithTheContractRoutingKey() {
        var deliveries = Router.route(Fixtures.opened(Severity.CRITICAL), ALL, SERIES.service());

        assertThat(deliveries).hasSize(4);
        assertThat(deliveries.get(0)).isEqualTo(new Delivery(Channel.PAGERDUTY, Action.TRIGGER,
                URI.create("https://events.pagerduty.com/v2/enqueue"), Optional.of("pd_default")));
    }

    @Test
    void aServiceRulePicksItsOwnRoutingKey() {
        var deliveries = Router.route(Fixtures.opened(Fixtures.series("search-api"), T0, Severity.CRITICAL), ALL,
                "search-api");

        assertThat(deliveries.get(0).secretRef()).contains("pd_search");
    }

    @Test
    void escalationToCriticalPagesEvenWhenTheWarningDidNot() {
        var deliveries = Router.route(Fixtures.escalated(SERIES, T0), ALL, SERIES.service());

        assertThat(deliveries).extracting(Delivery::channel)
                .containsExactly(Channel.PAGERDUTY, Channel.ALERTMANAGER, Channel.ALERTMANAGER, Channel.WEBHOOK);
        assertThat(deliveries).allSatisfy(d -> assertThat(d.action()).isEqualTo(Action.TRIGGER));
    }

    @Test
    void resolutionResolvesExactlyTheSinksThatWereTriggered() {
        var warningOnly = Router.route(Fixtures.resolved(Severity.WARNING), ALL, SERIES.service());
        var paged = Router.route(Fixtures.resolved(Severity.CRITICAL), ALL, SERIES.service());

        assertThat(warningOnly).extracting(Delivery::channel)
                .containsExactly(Channel.ALERTMANAGER, Channel.ALERTMANAGER, Channel.WEBHOOK);
        assertThat(paged).extracting(Delivery::channel)
                .containsExactly(Channel.PAGERDUTY, Channel.ALERTMANAGER, Channel.ALERTMANAGER, Channel.WEBHOOK);
        assertThat(paged).allSatisfy(d -> assertThat(d.action()).isEqualTo(Action.RESOLVE));
    }

    @Test
    void aContractCanPageFromWarningAndKeepWarningsOffOtherSinks() {
        var routing = ALL.withPageFrom(Severity.WARNING).withNotifyFrom(Severity.CRITICAL);

        assertThat(Router.route(Fixtures.opened(Severity.WARNING), routing, SERIES.service()))
                .extracting(Delivery::channel).containsExactly(Channel.PAGERDUTY);
    }

    @Test
    void noRoutingMeansNoDeliveries() {
        assertThat(Router.route(Fixtures.opened(Severity.CRITICAL), AlertRouting.NONE, SERIES.service())).isEmpty();
    }

    @Test
    void secretNamesThatLookLikePastedKeysAreRejectedWithoutEchoingThem() {
        String pastedKey = "R0UTINGKEY0123456789ABCDEFGHIJKL";

        assertThatThrownBy(() -> PagerDutyRoute.of(pastedKey))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("routing_key_secret must name a secret")
                .hasMessageNotContaining(pastedKey);
    }

    @Test
    void aLowercaseKeyPastedAsASecretNameIsRejectedToo() {
        String pastedKey = "e93facc04764012d7bfb002500d5d1a6";

        assertThatThrownBy(() -> new WebhookRoute(URI.create("https://hooks.example/x"), pastedKey))
                .hasMessageContaining("must name a secret, not hold one")
                .hasMessageNotContaining(pastedKey);
    }

    @Test
    void targetsListsEveryUrlForTheConfigurationCheck() {
        assertThat(ALL.targets()).containsExactly(URI.create("https://events.pagerduty.com/v2/enqueue"),
                URI.create("http://am-1.example:9093/api/v2/alerts"), URI.create("http://am-2.example:9093/api/v2/alerts"),
                HOOK.url());
    }
}
