package io.infersla.core.measure;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.api.Test;

class MeasurementTest {

    @ParameterizedTest(name = "{0} is rejected as {1}")
    @CsvSource({
        "-1.0, negative",
        "-0.0001, negative",
        "NaN, nan",
        "Infinity, infinite",
        "-Infinity, infinite",
    })
    void invalidValuesAreRejectedWithANamedReason(double value, String reason) {
        assertThat(MeasurementCheck.firstProblem(value, 1)).map(RejectReason::id).hasValue(reason);
        assertThatThrownBy(() -> Measurement.of(Metric.TTFT_MS, value))
                .isInstanceOfSatisfying(InvalidMeasurementException.class,
                        e -> assertThat(e.reason().id()).isEqualTo(reason))
                .hasMessageContaining("ttft_ms")
                .hasMessageContaining(String.valueOf(value));
    }

    @ParameterizedTest(name = "weight {0} is rejected")
    @CsvSource({"0", "-3", "NaN", "Infinity"})
    void weightsMustBePositiveAndFinite(double weight) {
        assertThatThrownBy(() -> new Measurement(Metric.WER, 0.1, weight))
                .isInstanceOfSatisfying(InvalidMeasurementException.class,
                        e -> assertThat(e.reason()).isEqualTo(RejectReason.INVALID_WEIGHT))
                .hasMessage("wer: weight must be finite and > 0, was " + weight);
    }

    @Test
    void zeroAndHugeValuesAreValid() {
        assertThat(Measurement.of(Metric.E2E_MS, 0).value()).isZero();
        assertThat(Measurement.of(Metric.TOKENS, 1e18).value()).isEqualTo(1e18);
    }

    @Test
    void metricIdsAreTheWireNames() {
        assertThat(Metric.fromId("ttft_ms")).hasValue(Metric.TTFT_MS);
        assertThat(Metric.fromId("job_duration_h")).hasValue(Metric.JOB_DURATION_H);
        assertThat(Metric.fromId("TTFT")).isEmpty();
        assertThat(Metric.fromId("items_per_s")).hasValue(Metric.ITEMS_PER_S);
        assertThat(Metric.values()).hasSize(18);
    }
}
