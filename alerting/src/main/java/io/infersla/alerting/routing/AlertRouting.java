package io.infersla.alerting.routing;

import io.infersla.core.breach.Severity;
import java.net.URI;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.Optional;

/**
 * A contract's alert routing: which sinks hear about its breaches, and from which severity.
 * Secrets are named here, never held: the dispatcher reads them from {@code sla.contracts.secrets}
 * at send time.
 *
 * @param pagerDuty the PagerDuty integration, if any
 * @param pageFrom the lowest severity that pages PagerDuty (default critical)
 * @param alertmanagerUrls Alertmanager base URLs, each sent to directly (no gossip needed between them)
 * @param webhooks generic webhooks
 * @param notifyFrom the lowest severity that goes to Alertmanager and webhooks (default warning)
 * @param dashboardUrl linked from every notification when set
 */
public record AlertRouting(
        Optional<PagerDutyRoute> pagerDuty,
        Severity pageFrom,
        List<URI> alertmanagerUrls,
        List<WebhookRoute> webhooks,
        Severity notifyFrom,
        Optional<URI> dashboardUrl) {

    /** Nothing configured: breaches are recorded, nobody is notified. */
    public static final AlertRouting NONE = new AlertRouting(Optional.empty(), Severity.CRITICAL, List.of(), List.of(),
            Severity.WARNING, Optional.empty());

    public AlertRouting {
        pagerDuty = Objects.requireNonNullElse(pagerDuty, Optional.empty());
        Objects.requireNonNull(pageFrom, "pageFrom");
        alertmanagerUrls = List.copyOf(Objects.requireNonNullElse(alertmanagerUrls, List.of()));
        webhooks = List.copyOf(Objects.requireNonNullElse(webhooks, List.of()));
        Objects.requireNonNull(notifyFrom, "notifyFrom");
        dashboardUrl = Objects.requireNonNullElse(dashboardUrl, Optional.empty());
    }

    public AlertRouting withPagerDuty(PagerDutyRoute route) {
        return new AlertRouting(Optional.of(route), pageFrom, alertmanagerUrls, webhooks, notifyFrom, dashboardUrl);
    }

    public AlertRouting withPageFrom(Severity severity) {
        return new AlertRouting(pagerDuty, severity, alertmanagerUrls, webhooks, notifyFrom, dashboardUrl);
    }

    public AlertRouting withAlertmanagers(List<URI> urls) {
        return new AlertRouting(pagerDuty, pageFrom, urls, webhooks, notifyFrom, dashboardUrl);
    }

    public AlertRouting withWebhooks(List<WebhookRoute> routes) {
        return new AlertRouting(pagerDuty, pageFrom, alertmanagerUrls, routes, notifyFrom, dashboardUrl);
    }

    public AlertRouting withNotifyFrom(Severity severity) {
        return new AlertRouting(pagerDuty, pageFrom, alertmanagerUrls, webhooks, severity, dashboardUrl);
    }

    public AlertRouting withDashboard(URI url) {
        return new AlertRouting(pagerDuty, pageFrom, alertmanagerUrls, webhooks, notifyFrom, Optional.of(url));
    }

    /** Every URL this routing sends to, for the SSRF check at configuration time. */
    /** The names of every secret this routing refers to: each must exist in the contract's secrets. */
    public java.util.SortedSet<String> secretNames() {
        java.util.SortedSet<String> names = new java.util.TreeSet<>();
        pagerDuty.ifPresent(pd -> {
            names.add(pd.routingKeySecret());
            pd.serviceRules().forEach(rule -> names.add(rule.routingKeySecret()));
        });
        webhooks.forEach(w -> names.add(w.signingSecret()));
        return names;
    }

    public List<URI> targets() {
        List<URI> all = new ArrayList<>();
        pagerDuty.ifPresent(p -> all.add(p.enqueueUrl()));
        alertmanagerUrls.forEach(u -> all.add(Router.alertsUrl(u)));
        webhooks.forEach(w -> all.add(w.url()));
        return all;
    }
}
