package io.infersla.alerting.payload;

import io.infersla.core.breach.BreachEvent;
import io.infersla.core.breach.Severity;
import java.net.URI;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Alertmanager API v2 bodies ({@code POST /api/v2/alerts}: a JSON array of postable alerts).
 *
 * <p>Identity: Alertmanager identifies an alert by its label set. {@code severity} is one of the
 * labels, so an escalation is a different alert: its body resolves the warning alert
 * ({@code endsAt} = escalation time) and fires the critical one. Firing alerts carry no
 * {@code endsAt}: Alertmanager then keeps them for its {@code resolve_timeout} (5 m by default)
 * after the last time they were sent, which is why open episodes are re-sent periodically.
 */
public final class AlertmanagerAlerts {

    public static final String ALERTNAME = "InferSLABreach";

    private AlertmanagerAlerts() {
    }

    public static List<Map<String, Object>> of(BreachEvent event, AlertFacts facts, Optional<URI> dashboard) {
        var episode = event.episode();
        List<Map<String, Object>> alerts = new ArrayList<>(2);
        if (event instanceof BreachEvent.Escalated escalated) {
            alerts.add(alert(event, facts, dashboard, Severity.WARNING, Optional.of(escalated.at().toString())));
            alerts.add(alert(event, facts, dashboard, Severity.CRITICAL, Optional.empty()));
        } else if (event instanceof BreachEvent.Resolved resolved) {
            alerts.add(alert(event, facts, dashboard, episode.severity(), Optional.of(resolved.at().toString())));
        } else {
            alerts.add(alert(event, facts, dashboard, episode.severity(), Optional.empty()));
        }
        return alerts;
    }

    private static Map<String, Object> alert(BreachEvent event, AlertFacts facts, Optional<URI> dashboard,
            Severity severity, Optional<String> endsAt) {
        var s = facts.series();
        Map<String, Object> labels = new LinkedHashMap<>();
        labels.put("alertname", ALERTNAME);
        labels.put("tenant", s.tenant());
        labels.put("contract", s.contract());
        labels.put("service", s.service());
        labels.put("model", s.model());
        labels.put("category", s.category());
        labels.put("metric", facts.metric());
        labels.put("objective", facts.objectiveId());
        labels.put("severity", severity.id());
        if (!s.environment().isEmpty()) {
            labels.put("environment", s.environment());
        }
        // Alertmanager drops empty label values; leaving them out keeps the label set identical
        // to what Alertmanager reports back.
        labels.values().removeIf(v -> ((String) v).isEmpty());

        Map<String, Object> annotations = new LinkedHashMap<>();
        annotations.put("summary", Summary.of(event, facts));
        annotations.put("description", description(event, facts));
        dashboard.ifPresent(url -> annotations.put("dashboard", url.toString()));
        annotations.put("dedup_key", DedupKey.of(event.episode().id()));

        Map<String, Object> alert = new LinkedHashMap<>();
        alert.put("labels", labels);
        alert.put("annotations", annotations);
        alert.put("startsAt", event.episode().startedAt().toString());
        endsAt.ifPresent(e -> alert.put("endsAt", e));
        dashboard.ifPresent(url -> alert.put("generatorURL", url.toString()));
        return alert;
    }

    static String description(BreachEvent event, AlertFacts facts) {
        var episode = event.episode();
        var format = facts.format();
        return "Objective " + facts.objectiveId() + " of " + facts.series().category() + ": " + facts.statistic()
                + " of " + facts.metric() + " over " + Summary.window(facts.window()) + " was "
                + format.format(facts.value()) + " at " + facts.evaluatedAt() + " (" + facts.samples()
                + " samples; target " + format.format(facts.target()) + ", limit " + format.format(facts.limit())
                + "). Episode " + episode.id() + " since " + episode.startedAt() + ", peak "
                + format.format(episode.peakValue()) + ".";
    }
}
