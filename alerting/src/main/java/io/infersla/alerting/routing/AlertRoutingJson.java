package io.infersla.alerting.routing;

import io.infersla.core.breach.Severity;
import io.infersla.core.json.JsonFields;
import java.net.URI;
import java.net.URISyntaxException;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.function.Supplier;

/**
 * Reads a contract's {@code alerts} section (of {@code sla.contracts.definition}, as parsed by
 * {@code io.infersla.core.json.Json}) into an {@link AlertRouting}, through {@link JsonFields}:
 * unknown keys are errors, and every problem is named by the path the user wrote, the allowed
 * values and the value found, e.g. {@code contracts[acme/gold].alerts.page_from: must be one of
 * warning, critical, was 'high'}. The shape is documented in docs/alerting.md.
 */
public final class AlertRoutingJson {

    private AlertRoutingJson() {
    }

    /**
     * @param where the path of the section, for messages, e.g. {@code contracts[acme/gold].alerts}
     * @param section the parsed JSON object, or null for "no alerts"
     * @throws IllegalArgumentException naming every problem, separated by {@code "; "}
     */
    public static AlertRouting parse(String where, Object section) {
        List<String> problems = new ArrayList<>();
        AlertRouting routing = read(where, section, problems);
        if (!problems.isEmpty()) {
            throw new IllegalArgumentException(String.join("; ", problems));
        }
        return routing;
    }

    /** Reads the section, adding every problem to {@code problems}; null when there was one. */
    public static AlertRouting read(String where, Object section, List<String> problems) {
        if (section == null) {
            return AlertRouting.NONE;
        }
        int before = problems.size();
        JsonFields alerts = JsonFields.of(section, where, problems);
        if (alerts == null) {
            return null;
        }
        alerts.allowOnly("pagerduty", "alertmanager_urls", "webhooks", "page_from", "notify_from", "dashboard_url");
        Optional<PagerDutyRoute> pagerDuty = Optional.ofNullable(alerts.object("pagerduty", false)).map(AlertRoutingJson::pagerDuty);
        List<URI> alertmanagers = new ArrayList<>();
        List<Object> amList = alerts.list("alertmanager_urls", false);
        for (int i = 0; amList != null && i < amList.size(); i++) {
            String at = alerts.at("alertmanager_urls") + "[" + i + "]";
            if (amList.get(i) instanceof String s) {
                url(at, s, problems).ifPresent(alertmanagers::add);
            } else {
                problems.add(at + ": must be a string, was " + JsonFields.describe(amList.get(i)));
            }
        }
        List<WebhookRoute> webhooks = new ArrayList<>();
        for (JsonFields hook : alerts.objects("webhooks", false)) {
            hook.allowOnly("url", "signing_secret");
            Optional<URI> url = url(hook, "url");
            String secret = text(hook, "signing_secret");
            if (url.isPresent() && secret != null) {
                build(hook.path(), problems, () -> new WebhookRoute(url.get(), secret)).ifPresent(webhooks::add);
            }
        }
        Severity pageFrom = severity(alerts, "page_from", Severity.CRITICAL);
        Severity notifyFrom = severity(alerts, "notify_from", Severity.WARNING);
        Optional<URI> dashboard = alerts.map().get("dashboard_url") == null ? Optional.empty() : url(alerts, "dashboard_url");
        if (problems.size() > before) {
            return null;
        }
        return new AlertRouting(pagerDuty, pageFrom, alertmanagers, webhooks, notifyFrom, dashboard);
    }

    private static PagerDutyRoute pagerDuty(JsonFields pd) {
        pd.allowOnly("url", "routing_key_secret", "service_rules");
        URI url = pd.map().get("url") == null ? PagerDutyRoute.DEFAULT_URL : url(pd, "url").orElse(null);
        List<PagerDutyRoute.ServiceRule> rules = new ArrayList<>();
        for (JsonFields rule : pd.objects("service_rules", false)) {
            rule.allowOnly("service", "routing_key_secret");
            String service = text(rule, "service");
            String secret = text(rule, "routing_key_secret");
            if (service != null && secret != null) {
                build(rule.path(), pd.problems(), () -> new PagerDutyRoute.ServiceRule(service, secret)).ifPresent(rules::add);
            }
        }
        String secret = text(pd, "routing_key_secret");
        if (url == null || secret == null) {
            return null;
        }
        return build(pd.path(), pd.problems(), () -> new PagerDutyRoute(url, secret, rules)).orElse(null);
    }

    private static String text(JsonFields fields, String key) {
        String s = fields.string(key, true);
        if (s != null && s.isEmpty()) {
            fields.problem(key, "must be a non-empty string");
            return null;
        }
        return s;
    }

    private static Optional<URI> url(JsonFields fields, String key) {
        String s = text(fields, key);
        return s == null ? Optional.empty() : url(fields.at(key), s, fields.problems());
    }

    private static Optional<URI> url(String at, String s, List<String> problems) {
        try {
            URI uri = new URI(s);
            if (uri.getScheme() == null || uri.getHost() == null) {
                problems.add(at + ": must be an absolute http(s) URL, was '" + s + "'");
                return Optional.empty();
            }
            return Optional.of(uri);
        } catch (URISyntaxException e) {
            problems.add(at + ": must be a URL, was '" + s + "' (" + e.getReason() + ")");
            return Optional.empty();
        }
    }

    private static Severity severity(JsonFields alerts, String key, Severity absent) {
        Severity severity = alerts.enumeration(key, false, Severity.values(), Severity::id);
        return severity == null ? absent : severity;
    }

    /** A record's own validation message gets the path prepended (they never contain secret values). */
    private static <T> Optional<T> build(String at, List<String> problems, Supplier<T> build) {
        try {
            return Optional.of(build.get());
        } catch (IllegalArgumentException e) {
            boolean named = e.getMessage() != null && e.getMessage().startsWith(at);
            problems.add(named ? e.getMessage() : at + ": " + e.getMessage());
            return Optional.empty();
        }
    }
}
