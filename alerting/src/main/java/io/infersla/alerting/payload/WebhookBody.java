package io.infersla.alerting.payload;

import io.infersla.core.breach.BreachEvent;
import java.net.URI;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;

/** The generic webhook's JSON body, version 1 (documented field by field in docs/alerting.md). */
public final class WebhookBody {

    public static final int VERSION = 1;

    private WebhookBody() {
    }

    public static Map<String, Object> of(BreachEvent event, AlertFacts facts, Optional<URI> dashboard) {
        var s = facts.series();
        var episode = event.episode();
        Map<String, Object> series = new LinkedHashMap<>();
        series.put("tenant", s.tenant());
        series.put("contract", s.contract());
        series.put("service", s.service());
        series.put("environment", s.environment());
        series.put("model", s.model());
        series.put("category", s.category());
        series.put("hardware", s.hardware());
        series.put("model_size", s.modelSize());

        Map<String, Object> objective = new LinkedHashMap<>();
        objective.put("id", facts.objectiveId());
        objective.put("metric", facts.metric());
        objective.put("unit", facts.unit());
        objective.put("statistic", facts.statistic());
        objective.put("direction", facts.direction());
        objective.put("target", Numbers.json(facts.target()));
        objective.put("limit", Numbers.json(facts.limit()));
        objective.put("window_seconds", facts.window().toSeconds());

        Map<String, Object> evaluation = new LinkedHashMap<>();
        evaluation.put("evaluated_at", facts.evaluatedAt().toString());
        evaluation.put("value", Numbers.json(facts.value()));
        evaluation.put("samples", facts.samples());

        Map<String, Object> body = new LinkedHashMap<>();
        body.put("version", VERSION);
        body.put("event", eventName(event));
        body.put("action", event instanceof BreachEvent.Resolved ? "resolve" : "trigger");
        body.put("at", event.at().toString());
        body.put("episode_id", episode.id());
        body.put("dedup_key", DedupKey.of(episode.id()));
        body.put("severity", episode.severity().id());
        body.put("started_at", episode.startedAt().toString());
        body.put("opened_at", episode.openedAt().toString());
        body.put("resolved_at", episode.resolvedAt().map(Object::toString).orElse(null));
        body.put("peak_value", Numbers.json(episode.peakValue()));
        body.put("peak_at", episode.peakAt().toString());
        body.put("summary", Summary.of(event, facts));
        body.put("series", series);
        body.put("objective", objective);
        body.put("evaluation", evaluation);
        body.put("dashboard_url", dashboard.map(URI::toString).orElse(null));
        return body;
    }

    public static String eventName(BreachEvent event) {
        if (event instanceof BreachEvent.Opened) {
            return "breach.opened";
        }
        if (event instanceof BreachEvent.Escalated) {
            return "breach.escalated";
        }
        return "breach.resolved";
    }
}
