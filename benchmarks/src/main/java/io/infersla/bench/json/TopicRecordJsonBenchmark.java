package io.infersla.bench.json;

import io.infersla.core.evaluate.Status;
import io.infersla.core.json.Json;
import io.infersla.core.json.JsonFields;
import java.math.BigDecimal;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalDouble;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.Warmup;

/**
 * The engine's hot-path JSON, before and after sla-core moved to Jackson: one value of
 * {@code sla.evaluations} (the shape of {@code io.infersla.engine.topic.EvaluationRecord}, which
 * lives in the Quarkus module) decoded to typed fields and encoded again. {@code *HandWritten}
 * is the former parser/writer with the engine's former fail-fast field reader;
 * {@code *Jackson} is {@link Json} and {@link JsonFields} as the engine uses them now.
 */
@State(Scope.Thread)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
@Fork(value = 1, jvmArgsAppend = {"-Xms1g", "-Xmx1g"})
@Warmup(iterations = 3, time = 1)
@Measurement(iterations = 5, time = 1)
public class TopicRecordJsonBenchmark {

    /** The fields of an evaluation record, as the engine writes and reads them. */
    public record Evaluation(String objectiveId, String metric, String statistic, Instant evaluatedAt, long windowSeconds,
            OptionalDouble value, OptionalDouble target, OptionalDouble limit, long samples, Status status,
            Optional<String> excuse) {
    }

    private Evaluation evaluation;
    private byte[] bytes;

    @Setup
    public void setUp() {
        evaluation = new Evaluation("ttft_p95", "ttft", "p95", Instant.parse("2026-11-02T10:15:30Z"), 300,
                OptionalDouble.of(412.73046875), OptionalDouble.of(400), OptionalDouble.of(800), 18_342, Status.WARNING,
                Optional.empty());
        bytes = encodeJackson();
        if (!new String(bytes, StandardCharsets.UTF_8).equals(new String(encodeHandWritten(), StandardCharsets.UTF_8))
                || !decodeJackson().equals(evaluation) || !decodeHandWritten().equals(evaluation)) {
            throw new IllegalStateException("the two implementations disagree on " + new String(bytes, StandardCharsets.UTF_8));
        }
    }

    @Benchmark
    public Evaluation decodeHandWritten() {
        Object parsed = HandWrittenJson.parse("evaluation record", new String(bytes, StandardCharsets.UTF_8));
        if (!(parsed instanceof Map<?, ?> map)) {
            throw new IllegalArgumentException("evaluation record must be a JSON object");
        }
        FailFastFields in = new FailFastFields(map);
        return new Evaluation(in.string("objective_id"), in.string("metric"), in.string("statistic"),
                Instant.parse(in.string("evaluated_at")), in.longValue("window_seconds"), in.optionalNumber("value"),
                in.optionalNumber("target"), in.optionalNumber("limit"), in.longValue("samples"),
                Status.fromId(in.string("status")).orElseThrow(), Optional.ofNullable((String) map.get("excuse")));
    }

    @Benchmark
    public Evaluation decodeJackson() {
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
        return new Evaluation(objectiveId, metric, statistic, evaluatedAt, windowSeconds, value, target, limit, samples,
                status, excuse);
    }

    @Benchmark
    public byte[] encodeHandWritten() {
        return HandWrittenJson.writeCompact(fields(evaluation)).getBytes(StandardCharsets.UTF_8);
    }

    @Benchmark
    public byte[] encodeJackson() {
        return Json.writeCompact(fields(evaluation)).getBytes(StandardCharsets.UTF_8);
    }

    private static Map<String, Object> fields(Evaluation e) {
        Map<String, Object> out = new LinkedHashMap<>();
        out.put("objective_id", e.objectiveId());
        out.put("metric", e.metric());
        out.put("statistic", e.statistic());
        out.put("evaluated_at", e.evaluatedAt().toString());
        out.put("window_seconds", e.windowSeconds());
        out.put("value", Json.nullable(e.value()));
        out.put("target", Json.nullable(e.target()));
        out.put("limit", Json.nullable(e.limit()));
        out.put("samples", e.samples());
        out.put("status", e.status().id());
        e.excuse().ifPresent(reason -> out.put("excuse", reason));
        return out;
    }

    /** The engine's former field reader (io.infersla.engine.topic.JsonFields): the first problem throws. */
    private record FailFastFields(Map<?, ?> map) {

        private Object required(String field) {
            Object value = map.get(field);
            if (value == null) {
                throw new IllegalArgumentException("evaluation record." + field + " is required");
            }
            return value;
        }

        String string(String field) {
            if (required(field) instanceof String s) {
                return s;
            }
            throw new IllegalArgumentException("evaluation record." + field + " must be a string");
        }

        long longValue(String field) {
            if (required(field) instanceof BigDecimal n) {
                return n.longValueExact();
            }
            throw new IllegalArgumentException("evaluation record." + field + " must be a number");
        }

        OptionalDouble optionalNumber(String field) {
            Object value = map.get(field);
            if (value == null) {
                return OptionalDouble.empty();
            }
            if (value instanceof BigDecimal n) {
                return OptionalDouble.of(n.doubleValue());
            }
            throw new IllegalArgumentException("evaluation record." + field + " must be a number or null");
        }
    }
}
