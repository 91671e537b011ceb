package io.infersla.alerting.deliver;

import static org.assertj.core.api.Assertions.assertThat;

import io.infersla.alerting.deliver.StatusPolicy.Verdict;
import io.infersla.alerting.routing.Channel;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class StatusPolicyTest {

    @ParameterizedTest(name = "{0} HTTP {1} -> {2}")
    @CsvSource({
            "PAGERDUTY, 202, DELIVERED",
            "PAGERDUTY, 400, DEAD",
            "PAGERDUTY, 429, RETRY",
            "PAGERDUTY, 500, RETRY",
            "PAGERDUTY, 503, RETRY",
            "PAGERDUTY, 403, DEAD",
            "PAGERDUTY, 302, DEAD",
            "ALERTMANAGER, 200, DELIVERED",
            "ALERTMANAGER, 400, DEAD",
            "ALERTMANAGER, 502, RETRY",
            "WEBHOOK, 204, DELIVERED",
            "WEBHOOK, 408, RETRY",
            "WEBHOOK, 429, RETRY",
            "WEBHOOK, 404, DEAD"})
    void classifiesStatuses(Channel channel, int status, Verdict verdict) {
        assertThat(StatusPolicy.classify(channel, status)).isEqualTo(verdict);
    }
}
