package io.infersla.engine.topic;

import io.infersla.core.evaluate.Evaluation;
import io.infersla.core.evaluate.Status;
import io.infersla.core.json.Json;
import io.infersla.core.json.JsonFields;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalDouble;

/**
 * A value on {@code sla.evaluations}: one evaluation of one objective of the series in the
 * record key, as JSON (readable with any Kafka tool). {@code value}, {@code target} and
 * {@code limit} are null when absent; {@code excuse} names why an {@code excused} evaluation was
 * not judged (e.g. {@code maintenance #12: GPU driver upgrade}).
 */
public record EvaluationRecord(
        String objectiveId,
        String metric,
        String statistic,
        Instant evaluatedAt,
        long windowSeconds,
        OptionalDouble value,
        OptionalDouble target,
        OptionalDouble limit,
        long samples,
        Status status,
        Optional<String> excuse) {

    public static EvaluationRecord of(Evaluation e) {
        return new EvaluationRecord(e.objective().id(), e.objective().metric().id(), e.objective().statistic().id(),
                e.evaluatedAt(), e.objective().window().toSeconds(), e.value(), e.target(), e.limit(), e.samples(), e.status(),
                e instanceof Evaluation.Excused excused ? Optional.of(excused.reason()) : Optional.empty());
    }

    public byte[] toBytes() {
        Map<String, Object> out = new LinkedHashMap<>();
        out.put("objective_id", objectiveId);
        out.put("metric", metric);
        out.put("statistic", statistic);
        out.put("evaluated_at", evaluatedAt.toString());
        out.put("window_seconds", windowSeconds);
        out.put("value", Json.nullable(value));
        out.put("target", Json.nullable(target));
        out.put("limit", Json.nullable(limit));
        out.put("samples", samples);
        out.put("status", status.id());
        excuse.ifPresent(reason -> out.put("excuse", reason));
        return Json.writeCompact(out).getBytes(StandardCharsets.UTF_8);
    }

    /** @throws IllegalArgumentException naming every missing or mistyped field (the engine wrote it: a bug) */
    public static EvaluationRecord fromBytes(byte[] bytes) {
        JsonFields in = JsonFields.parse("evaluation record", bytes);
        String objectiveId = in.string("objective_id", true);
        String metric = in.string("metric", true);
        String statistic = in.string("statistic", true);
        Instant evaluatedAt = in.instant("evaluated_at", true);
        Long windowSeconds = in.longInteger("window_seconds", true);
        OptionalDouble value = in.optionalNumber("value");
        OptionalDouble target = in.optionalNumber("target");
        OptionalDouble limit = in.optionalNumber("limit");
        Long samples = in.longInteger("samples", true);
        Status status = in.enumeration("status", true, Status.values(), Status::id);
        Optional<String> excuse = in.optionalString("excuse");
        in.requireValid();
        return new EvaluationRecord(objectiveId, metric, statistic, evaluatedAt, windowSeconds, value, target, limit, samples,
                status, excuse);
    }
}
