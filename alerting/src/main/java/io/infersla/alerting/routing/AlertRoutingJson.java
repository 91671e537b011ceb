package io.infersla.alerting.routing;

import io.infersla.core.breach.Severity;
import java.net.URI;
import java.net.URISyntaxException;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.function.Supplier;

/**
 * Reads a contract's {@code alerts} section (of {@code sla.contracts.definition}, as parsed by
 * {@code io.infersla.core.json.Json}) into an {@link AlertRouting}. Unknown keys are errors; every
 * error names the path the user wrote, the allowed values and the value found, e.g.
 * {@code contracts[acme/gold].alerts.page_from: must be warning or critical, was 'high'}.
 * The shape is documented in docs/alerting.md.
 */
public final class AlertRoutingJson {

    private static final Set<String> KEYS = Set.of("pagerduty", "alertmanager_urls", "webhooks", "page_from", "notify_from",
            "dashboard_url");
    private static final Set<String> PAGERDUTY_KEYS = Set.of("url", "routing_key_secret", "service_rules");
    private static final Set<String> RULE_KEYS = Set.of("service", "routing_key_secret");
    private static final Set<String> WEBHOOK_KEYS = Set.of("url", "signing_secret");

    private AlertRoutingJson() {
    }

    /**
     * @param where the path of the section, for messages, e.g. {@code contracts[acme/gold].alerts}
     * @param section the parsed JSON object, or null for "no alerts"
     * @throws IllegalArgumentException naming the first problem
     */
    public static AlertRouting parse(String where, Object section) {
        if (section == null) {
            return AlertRouting.NONE;
        }
        Map<?, ?> alerts = object(where, section, KEYS);
        Optional<PagerDutyRoute> pagerDuty = Optional.empty();
        if (alerts.get("pagerduty") != null) {
            String at = where + ".pagerduty";
            Map<?, ?> pd = object(at, alerts.get("pagerduty"), PAGERDUTY_KEYS);
            URI url = pd.get("url") == null ? PagerDutyRoute.DEFAULT_URL : url(at + ".url", pd.get("url"));
            List<PagerDutyRoute.ServiceRule> rules = new ArrayList<>();
            List<?> ruleList = list(at + ".service_rules", pd.get("service_rules"));
            for (int i = 0; i < ruleList.size(); i++) {
                String ruleAt = at + ".service_rules[" + i + "]";
                Map<?, ?> rule = object(ruleAt, ruleList.get(i), RULE_KEYS);
                rules.add(wrap(ruleAt, () -> new PagerDutyRoute.ServiceRule(text(ruleAt + ".service", rule.get("service")),
                        text(ruleAt + ".routing_key_secret", rule.get("routing_key_secret")))));
            }
            pagerDuty = Optional.of(wrap(at, () -> new PagerDutyRoute(url,
                    text(at + ".routing_key_secret", pd.get("routing_key_secret")), rules)));
        }
        List<URI> alertmanagers = new ArrayList<>();
        List<?> amList = list(where + ".alertmanager_urls", alerts.get("alertmanager_urls"));
        for (int i = 0; i < amList.size(); i++) {
            alertmanagers.add(url(where + ".alertmanager_urls[" + i + "]", amList.get(i)));
        }
        List<WebhookRoute> webhooks = new ArrayList<>();
        List<?> hookList = list(where + ".webhooks", alerts.get("webhooks"));
        for (int i = 0; i < hookList.size(); i++) {
            String at = where + ".webhooks[" + i + "]";
            Map<?, ?> hook = object(at, hookList.get(i), WEBHOOK_KEYS);
            URI url = url(at + ".url", hook.get("url"));
            webhooks.add(wrap(at, () -> new WebhookRoute(url, text(at + ".signing_secret", hook.get("signing_secret")))));
        }
        Severity pageFrom = severity(where + ".page_from", alerts.get("page_from"), Severity.CRITICAL);
        Severity notifyFrom = severity(where + ".notify_from", alerts.get("notify_from"), Severity.WARNING);
        Optional<URI> dashboard = alerts.get("dashboard_url") == null ? Optional.empty()
                : Optional.of(url(where + ".dashboard_url", alerts.get("dashboard_url")));
        return new AlertRouting(pagerDuty, pageFrom, alertmanagers, webhooks, notifyFrom, dashboard);
    }

    private static Map<?, ?> object(String at, Object value, Set<String> allowed) {
        if (!(value instanceof Map<?, ?> map)) {
            throw new IllegalArgumentException(at + ": must be an object, was " + kind(value));
        }
        for (Object key : map.keySet()) {
            if (!allowed.contains(String.valueOf(key))) {
                throw new IllegalArgumentException(at + ": unknown field '" + key + "', allowed: " + sorted(allowed));
            }
        }
        return map;
    }

    private static List<?> list(String at, Object value) {
        if (value == null) {
            return List.of();
        }
        if (!(value instanceof List<?> list)) {
            throw new IllegalArgumentException(at + ": must be an array, was " + kind(value));
        }
        return list;
    }

    private static String text(String at, Object value) {
        if (!(value instanceof String s) || s.isEmpty()) {
            throw new IllegalArgumentException(at + ": must be a non-empty string, was " + kind(value));
        }
        return s;
    }

    private static URI url(String at, Object value) {
        String s = text(at, value);
        try {
            URI uri = new URI(s);
            if (uri.getScheme() == null || uri.getHost() == null) {
                throw new IllegalArgumentException(at + ": must be an absolute http(s) URL, was '" + s + "'");
            }
            return uri;
        } catch (URISyntaxException e) {
            throw new IllegalArgumentException(at + ": must be a URL, was '" + s + "' (" + e.getReason() + ")");
        }
    }

    private static Severity severity(String at, Object value, Severity absent) {
        if (value == null) {
            return absent;
        }
        for (Severity s : Severity.values()) {
            if (s.id().equals(value)) {
                return s;
            }
        }
        throw new IllegalArgumentException(at + ": must be warning or critical, was " + kind(value));
    }

    /** Record validation messages get the path prepended (they never contain secret values). */
    private static <T> T wrap(String at, Supplier<T> build) {
        try {
            return build.get();
        } catch (IllegalArgumentException e) {
            if (e.getMessage() != null && e.getMessage().startsWith(at)) {
                throw e;
            }
            throw new IllegalArgumentException(at + ": " + e.getMessage(), e);
        }
    }

    private static String kind(Object value) {
        if (value == null) {
            return "absent";
        }
        if (value instanceof String s) {
            return "'" + s + "'";
        }
        if (value instanceof Map) {
            return "an object";
        }
        if (value instanceof List) {
            return "an array";
        }
        return value.toString();
    }

    private static List<String> sorted(Set<String> keys) {
        return keys.stream().sorted().toList();
    }
}
