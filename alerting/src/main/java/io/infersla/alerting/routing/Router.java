package io.infersla.alerting.routing;

import io.infersla.core.breach.BreachEvent;
import io.infersla.core.breach.Severity;
import java.net.URI;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * Which notifications a breach event causes under a contract's routing. Pure: no clock, no I/O.
 *
 * <ul>
 *   <li>Opened and Escalated trigger every sink whose threshold the episode's severity reaches:
 *       Alertmanager and webhooks from {@code notifyFrom} (default warning), PagerDuty from
 *       {@code pageFrom} (default critical). A warning episode that escalates therefore pages
 *       PagerDuty at escalation, with the episode's dedup key.
 *   <li>Resolved resolves exactly the sinks that were triggered: an episode never de-escalates,
 *       so its severity at resolution is the highest it had, and a sink was triggered iff that
 *       severity reaches the sink's threshold.
 * </ul>
 */
public final class Router {

    private Router() {
    }

    public static List<Delivery> route(BreachEvent event, AlertRouting routing, String service) {
        Action action = event instanceof BreachEvent.Resolved ? Action.RESOLVE : Action.TRIGGER;
        Severity severity = event.episode().severity();
        List<Delivery> out = new ArrayList<>();
        if (reaches(severity, routing.pageFrom())) {
            routing.pagerDuty().ifPresent(pd -> out.add(new Delivery(Channel.PAGERDUTY, action, pd.enqueueUrl(),
                    Optional.of(pd.routingKeySecretFor(service)))));
        }
        if (reaches(severity, routing.notifyFrom())) {
            for (URI url : routing.alertmanagerUrls()) {
                out.add(new Delivery(Channel.ALERTMANAGER, action, alertsUrl(url), Optional.empty()));
            }
            for (WebhookRoute webhook : routing.webhooks()) {
                out.add(new Delivery(Channel.WEBHOOK, action, webhook.url(), Optional.of(webhook.signingSecret())));
            }
        }
        return out;
    }

    /** Whether {@code severity} is at least {@code threshold} (critical reaches warning). */
    public static boolean reaches(Severity severity, Severity threshold) {
        return severity.compareTo(threshold) >= 0;
    }

    public static URI alertsUrl(URI alertmanagerBase) {
        return Endpoints.append(alertmanagerBase, "/api/v2/alerts");
    }
}
