package io.infersla.alerting.payload;

import static org.assertj.core.api.Assertions.assertThat;

import io.infersla.alerting.testing.Fixtures;
import io.infersla.core.catalog.Direction;
import io.infersla.core.catalog.Objective;
import io.infersla.core.catalog.Statistic;
import io.infersla.core.catalog.Threshold;
import io.infersla.core.evaluate.Evaluation;
import io.infersla.core.measure.Metric;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.OptionalDouble;
import org.junit.jupiter.api.Test;

class AlertFactsTest {

    static final Objective TTFT_P95 = new Objective("ttft_p95", Metric.TTFT_MS, new Statistic.Quantile(0.95, "p95"),
            Direction.UPPER_BOUND, Optional.of(new Threshold(Direction.UPPER_BOUND, 200, 300)), Duration.ofMinutes(5),
            Duration.ofSeconds(10), 20, List.of(), "");

    @Test
    void takesEverythingANotificationNeedsFromTheEvaluation() {
        var breach = new Evaluation.Breach(TTFT_P95, Fixtures.T0, 412.5, 1234);

        AlertFacts facts = AlertFacts.of(Fixtures.SERIES, breach);

        assertThat(facts).isEqualTo(new AlertFacts(Fixtures.SERIES, "ttft_p95", "ttft_ms", "p95", "upper",
                OptionalDouble.of(412.5), OptionalDouble.of(200), OptionalDouble.of(300), Duration.ofMinutes(5), 1234,
                Fixtures.T0));
    }

    @Test
    void anEvaluationWithoutSamplesHasNoValue() {
        var none = new Evaluation.InsufficientData(TTFT_P95, Fixtures.T0, 0);

        assertThat(AlertFacts.of(Fixtures.SERIES, none).value()).isEmpty();
    }
}
