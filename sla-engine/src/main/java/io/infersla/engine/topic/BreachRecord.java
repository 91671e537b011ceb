package io.infersla.engine.topic;

import io.infersla.core.breach.BreachEpisode;
import io.infersla.core.breach.BreachEvent;
import io.infersla.core.evaluate.Evaluation;
import io.infersla.core.json.Json;
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
        out.put("value", JsonFields.number(value));
        out.put("target", JsonFields.number(target));
        out.put("limit", JsonFields.number(limit));
        out.put("window_seconds", windowSeconds);
        out.put("samples", samples);
        return Json.writeCompact(out).getBytes(StandardCharsets.UTF_8);
    }

    public static BreachRecord fromBytes(byte[] bytes) {
        JsonFields in = JsonFields.parse("breach record", bytes);
        return new BreachRecord(in.string("event"), in.string("episode_id"), in.string("objective_id"),
                in.string("metric"), in.string("statistic"), in.string("direction"), in.string("severity"), in.instant("started_at"),
                in.instant("opened_at"), in.optionalInstant("resolved_at"),
                in.optionalNumber("peak_value").orElse(Double.NaN), in.instant("peak_at"), in.instant("evaluated_at"),
                in.optionalNumber("value"), in.optionalNumber("target"), in.optionalNumber("limit"),
                in.longValue("window_seconds"), in.longValue("samples"));
    }
}
