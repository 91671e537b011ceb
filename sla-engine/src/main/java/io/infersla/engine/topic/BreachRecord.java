package io.infersla.engine.topic;

import io.infersla.core.breach.BreachEpisode;
import io.infersla.core.breach.BreachEvent;
import io.infersla.core.evaluate.Evaluation;
import io.infersla.core.json.Json;
import io.infersla.core.json.JsonFields;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalDouble;

/**
 * A value on {@code sla.breaches}: one change of a breach episode (opened, escalated, resolved)
 * of the series in the record key, with the evaluation that caused it, as JSON.
 */
public record BreachRecord(
        String event,
        String episodeId,
        String objectiveId,
        String metric,
        String statistic,
        String direction,
        String severity,
        Instant startedAt,
        Instant openedAt,
        Optional<Instant> resolvedAt,
        double peakValue,
        Instant peakAt,
        Instant evaluatedAt,
        OptionalDouble value,
        OptionalDouble target,
        OptionalDouble limit,
        long windowSeconds,
        long samples) {

    public static BreachRecord of(BreachEvent event, Evaluation cause) {
        BreachEpisode e = event.episode();
        String name = event instanceof BreachEvent.Opened ? "opened"
                : event instanceof BreachEvent.Escalated ? "escalated"
                : "resolved";
        return new BreachRecord(name, e.id(), cause.objective().id(), cause.objective().metric().id(),
                cause.objective().statistic().id(), cause.objective().direction().id(), e.severity().id(), e.startedAt(), e.openedAt(), e.resolvedAt(),
                e.peakValue(), e.peakAt(), cause.evaluatedAt(), cause.value(), cause.target(), cause.limit(),
                cause.objective().window().toSeconds(), cause.samples());
    }

    /** The episode change as the core's event, e.g. to record it with its alert outbox rows. */
    public BreachEvent toEvent() {
        BreachEpisode episode = new BreachEpisode(episodeId,
                io.infersla.core.breach.Severity.valueOf(severity.toUpperCase(java.util.Locale.ROOT)),
                startedAt, openedAt, peakValue, peakAt, resolvedAt);
        return switch (event) {
            case "opened" -> new BreachEvent.Opened(episode);
            case "escalated" -> new BreachEvent.Escalated(episode, evaluatedAt);
            case "resolved" -> new BreachEvent.Resolved(episode);
            default -> throw new IllegalArgumentException("breach record event must be opened, escalated or resolved, was " + event);
        };
    }

    public byte[] toBytes() {
        Map<String, Object> out = new LinkedHashMap<>();
        out.put("event", event);
        out.put("episode_id", episodeId);
        out.put("objective_id", objectiveId);
        out.put("metric", metric);
        out.put("statistic", statistic);
        out.put("direction", direction);
        out.put("severity", severity);
        out.put("started_at", startedAt.toString());
        out.put("opened_at", openedAt.toString());
        out.put("resolved_at", resolvedAt.map(Instant::toString).orElse(null));
        out.put("peak_value", Double.isNaN(peakValue) ? null : peakValue);
        out.put("peak_at", peakAt.toString());
        out.put("evaluated_at", evaluatedAt.toString());
        out.put("value", Json.nullable(value));
        out.put("target", Json.nullable(target));
        out.put("limit", Json.nullable(limit));
        out.put("window_seconds", windowSeconds);
        out.put("samples", samples);
        return Json.writeCompact(out).getBytes(StandardCharsets.UTF_8);
    }

    /** @throws IllegalArgumentException naming every missing or mistyped field (the engine wrote it: a bug) */
    public static BreachRecord fromBytes(byte[] bytes) {
        JsonFields in = JsonFields.parse("breach record", bytes);
        String event = in.string("event", true);
        String episodeId = in.string("episode_id", true);
        String objectiveId = in.string("objective_id", true);
        String metric = in.string("metric", true);
        String statistic = in.string("statistic", true);
        String direction = in.string("direction", true);
        String severity = in.string("severity", true);
        Instant startedAt = in.instant("started_at", true);
        Instant openedAt = in.instant("opened_at", true);
        Optional<Instant> resolvedAt = in.optionalInstant("resolved_at");
        double peakValue = in.optionalNumber("peak_value").orElse(Double.NaN);
        Instant peakAt = in.instant("peak_at", true);
        Instant evaluatedAt = in.instant("evaluated_at", true);
        OptionalDouble value = in.optionalNumber("value");
        OptionalDouble target = in.optionalNumber("target");
        OptionalDouble limit = in.optionalNumber("limit");
        Long windowSeconds = in.longInteger("window_seconds", true);
        Long samples = in.longInteger("samples", true);
        in.requireValid();
        return new BreachRecord(event, episodeId, objectiveId, metric, statistic, direction, severity, startedAt, openedAt,
                resolvedAt, peakValue, peakAt, evaluatedAt, value, target, limit, windowSeconds, samples);
    }
}
