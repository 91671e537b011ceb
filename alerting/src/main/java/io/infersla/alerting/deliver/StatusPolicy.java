package io.infersla.alerting.deliver;

import io.infersla.alerting.routing.Channel;

/**
 * Which HTTP statuses are retried, per channel. Pure.
 *
 * <ul>
 *   <li>PagerDuty Events v2 (https://developer.pagerduty.com/docs/events-api-v2/overview/#response-codes--retry-logic):
 *       202 accepted; 400 invalid event, never retried; 429 throttled and 5xx, retried. Any
 *       other status (401/403/404/413) will not get better by itself either: dead.
 *   <li>Alertmanager v2: 200 accepted, 400 invalid alerts (dead); 5xx and 429 retried.
 *   <li>Webhook: 2xx delivered; 408, 425, 429 and 5xx retried; any other status dead.
 * </ul>
 */
public final class StatusPolicy {

    public enum Verdict { DELIVERED, RETRY, DEAD }

    private StatusPolicy() {
    }

    public static Verdict classify(Channel channel, int status) {
        if (status >= 200 && status < 300) {
            return Verdict.DELIVERED;
        }
        if (status == 429 || (status >= 500 && status < 600)) {
            return Verdict.RETRY;
        }
        if (channel == Channel.WEBHOOK && (status == 408 || status == 425)) {
            return Verdict.RETRY;
        }
        return Verdict.DEAD;
    }
}
