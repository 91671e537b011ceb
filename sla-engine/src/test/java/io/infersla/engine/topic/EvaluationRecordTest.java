package io.infersla.engine.topic;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.infersla.core.evaluate.Status;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.Optional;
import java.util.OptionalDouble;
import org.junit.jupiter.api.Test;

class EvaluationRecordTest {

    @Test
    void aRecordReadsBackAsWritten() {
        EvaluationRecord record = new EvaluationRecord("ttft_p95", "ttft", "p95", Instant.parse("2026-11-02T10:00:00Z"), 300,
                OptionalDouble.of(412.5), OptionalDouble.of(400), OptionalDouble.empty(), 9_000_000_000L, Status.EXCUSED,
                Optional.of("maintenance #12: GPU driver upgrade"));

        assertThat(EvaluationRecord.fromBytes(record.toBytes())).isEqualTo(record);
    }

    @Test
    void aBrokenRecordFailsWithEveryProblemNamed() {
        byte[] broken = """
                {"objective_id": "ttft_p95", "metric": 7, "statistic": "p95", "evaluated_at": "yesterday",
                 "window_seconds": 300.5, "value": "412", "samples": 10, "status": "fine"}"""
                .getBytes(StandardCharsets.UTF_8);

        assertThatThrownBy(() -> EvaluationRecord.fromBytes(broken)).isInstanceOf(IllegalArgumentException.class)
                .hasMessage("evaluation record.metric: must be a string, was 7; "
                        + "evaluation record.evaluated_at: must be an ISO-8601 instant like 2026-11-02T10:00:00Z, was 'yesterday'; "
                        + "evaluation record.window_seconds: must be an integer, was 300.5; "
                        + "evaluation record.value: must be a number, was the string '412'; "
                        + "evaluation record.status: must be one of ok, warning, breach, insufficient_data, excused, reported, "
                        + "was 'fine'");
    }

    @Test
    void aRecordThatIsNotAnObjectIsRefused() {
        assertThatThrownBy(() -> EvaluationRecord.fromBytes("[1]".getBytes(StandardCharsets.UTF_8)))
                .hasMessage("evaluation record: must be an object, was an array");
    }
}
