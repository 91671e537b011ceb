package io.infersla.alerting.payload;

import io.infersla.core.breach.BreachEvent;
import java.net.URI;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * PagerDuty Events API v2 bodies (https://developer.pagerduty.com/docs/events-api-v2/trigger-events/),
 * without {@code routing_key}: that is a secret, added by the notifier at send time.
 *
 * <p>Severity mapping: a critical episode is PagerDuty {@code critical}, a warning episode
 * {@code warning}; PagerDuty's {@code error} and {@code info} are not used. An escalation
 * re-triggers with the same {@code dedup_key} and severity {@code critical}, which updates the
 * open alert instead of opening a second one.
 */
public final class PagerDutyEvents {

    public static final String CLIENT = "InferSLA";

    private PagerDutyEvents() {
    }

    public static Map<String, Object> trigger(BreachEvent event, AlertFacts facts, Optional<URI> dashboard) {
        var s = facts.series();
        var episode = event.episode();
        Map<String, Object> payload = new LinkedHashMap<>();
        payload.put("summary", Summary.of(event, facts));
        payload.put("source", source(facts));
        payload.put("severity", episode.severity().id());
        payload.put("timestamp", event.at().toString());
        payload.put("component", s.service());
        payload.put("group", s.category());
        payload.put("class", facts.metric());
        payload.put("custom_details", customDetails(event, facts));

        Map<String, Object> body = new LinkedHashMap<>();
        body.put("event_action", "trigger");
        body.put("dedup_key", DedupKey.of(episode.id()));
        body.put("payload", payload);
        body.put("client", CLIENT);
        dashboard.ifPresent(url -> {
            body.put("client_url", url.toString());
            body.put("links", List.of(Map.of("href", url.toString(), "text", "InferSLA dashboard")));
        });
        return body;
    }

    public static Map<String, Object> resolve(BreachEvent event) {
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("event_action", "resolve");
        body.put("dedup_key", DedupKey.of(event.episode().id()));
        return body;
    }

    /** The same body with {@code routing_key} first, as sent. */
    public static Map<String, Object> withRoutingKey(Map<String, Object> body, String routingKey) {
        Map<String, Object> sent = new LinkedHashMap<>();
        sent.put("routing_key", routingKey);
        body.forEach((k, v) -> {
            if (!k.equals("routing_key")) {
                sent.put(k, v);
            }
        });
        return sent;
    }

    /** Where the problem is: the service, and its environment when known. */
    static String source(AlertFacts facts) {
        var s = facts.series();
        return s.environment().isEmpty() ? s.service() : s.service() + " (" + s.environment() + ")";
    }

    static Map<String, Object> customDetails(BreachEvent event, AlertFacts facts) {
        var s = facts.series();
        var episode = event.episode();
        Map<String, Object> d = new LinkedHashMap<>();
        d.put("statistic", facts.statistic());
        d.put("value", Numbers.json(facts.value()));
        d.put("target", Numbers.json(facts.target()));
        d.put("limit", Numbers.json(facts.limit()));
        d.put("unit", facts.unit());
        d.put("direction", facts.direction());
        d.put("window", Summary.window(facts.window()));
        d.put("sample_count", facts.samples());
        d.put("tenant", s.tenant());
        d.put("contract", s.contract());
        d.put("service", s.service());
        d.put("model", s.model());
        d.put("environment", s.environment());
        d.put("category", s.category());
        d.put("metric", facts.metric());
        d.put("objective", facts.objectiveId());
        d.put("evaluation_time", facts.evaluatedAt().toString());
        d.put("episode_id", episode.id());
        d.put("started_at", episode.startedAt().toString());
        d.put("peak_value", Numbers.json(episode.peakValue()));
        if (!s.hardware().isEmpty()) {
            d.put("hardware", s.hardware());
        }
        return d;
    }
}
