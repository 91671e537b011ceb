package io.infersla.core.evaluate;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import io.infersla.core.catalog.Catalog;
import io.infersla.core.catalog.Direction;
import io.infersla.core.catalog.Objective;
import io.infersla.core.catalog.Statistic;
import io.infersla.core.catalog.Threshold;
import io.infersla.core.measure.Metric;
import io.infersla.core.window.RollingWindow;
import io.infersla.core.window.Slice;
import io.infersla.core.window.WindowStats;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class ObjectiveEvaluatorTest {

    private static final Instant END = Instant.parse("2026-11-02T10:05:00Z");
    private static final Objective TTFT = Catalog.builtIn().category("chatbot").orElseThrow().objective("ttft_p95").orElseThrow();

    private static WindowStats window(double... values) {
        Slice slice = new Slice(END.minusSeconds(10));
        for (double v : values) {
            slice.record(v, 1);
        }
        return RollingWindow.merge(END, Duration.ofMinutes(5), List.of(slice));
    }

    private static double[] repeat(double value, int n) {
        double[] values = new double[n];
        java.util.Arrays.fill(values, value);
        return values;
    }

    @Test
    void outcomeCarriesValueTargetLimitSamplesAndTime() {
        Evaluation e = ObjectiveEvaluator.evaluate(TTFT, window(repeat(250, 40)));
        assertThat(e).isInstanceOf(Evaluation.Warning.class);
        assertThat(e.value().getAsDouble()).isCloseTo(250, within(2.5));
        assertThat(e.target()).hasValue(200);
        assertThat(e.limit()).hasValue(300);
        assertThat(e.samples()).isEqualTo(40);
        assertThat(e.evaluatedAt()).isEqualTo(END);
    }

    @Test
    void emptyWindowIsInsufficientDataNeverABreach() {
        Evaluation e = ObjectiveEvaluator.evaluate(TTFT, window());
        assertThat(e).isInstanceOfSatisfying(Evaluation.InsufficientData.class, i -> {
            assertThat(i.samples()).isZero();
            assertThat(i.required()).isEqualTo(20);
        });
        assertThat(e.value()).isEmpty();
    }

    @Test
    void excusedWindowIsNotJudgedEvenWhenFarOverTheLimit() {
        Evaluation e = ObjectiveEvaluator.evaluate(TTFT, window(repeat(5000, 50)), Optional.of("maintenance: node upgrade"));
        assertThat(e).isInstanceOfSatisfying(Evaluation.Excused.class,
                x -> assertThat(x.reason()).isEqualTo("maintenance: node upgrade"));
        assertThat(e.status().isJudged()).isFalse();
        assertThat(e.value().getAsDouble()).isCloseTo(5000, within(50.0));
    }

    @Test
    void tailRatioWithZeroMeanIsInsufficientDataNotInfinity() {
        Objective ratio = Catalog.builtIn().category("chatbot").orElseThrow().objective("ttft_tail_ratio").orElseThrow();
        assertThat(ObjectiveEvaluator.evaluate(ratio, window(repeat(0, 50))).status()).isEqualTo(Status.INSUFFICIENT_DATA);
    }

    @Test
    void valuesExactlyAtTheLimitAreNotABreach() {
        Objective objective = new Objective("e2e", Metric.E2E_MS, new Statistic.Max(), Direction.UPPER_BOUND,
                Optional.of(new Threshold(Direction.UPPER_BOUND, 100, 200)), Duration.ofMinutes(5), Duration.ofSeconds(10), 1,
                List.of(), "");
        assertThat(ObjectiveEvaluator.evaluate(objective, window(200)).status()).isEqualTo(Status.WARNING);
        assertThat(ObjectiveEvaluator.evaluate(objective, window(100)).status()).isEqualTo(Status.OK);
        assertThat(ObjectiveEvaluator.evaluate(objective, window(200.001)).status()).isEqualTo(Status.BREACH);
    }

    @Test
    void lowerBoundFpsBreachesWhenTheFifthPercentileFallsBelowTheLimit() {
        Objective fps = Catalog.builtIn().category("object-detection").orElseThrow().objective("fps_p5").orElseThrow();
        double[] mostlyFast = new double[100];
        java.util.Arrays.fill(mostlyFast, 120);
        for (int i = 0; i < 10; i++) {
            mostlyFast[i] = 20; // 10% of seconds at 20 FPS: the p5 is 20
        }
        assertThat(ObjectiveEvaluator.evaluate(fps, window(mostlyFast)).status()).isEqualTo(Status.BREACH);
        for (int i = 0; i < 10; i++) {
            mostlyFast[i] = i < 3 ? 20 : 120; // 3%: the p5 stays at 120
        }
        assertThat(ObjectiveEvaluator.evaluate(fps, window(mostlyFast)).status()).isEqualTo(Status.OK);
    }

    @Test
    void aLowPercentileWithinTheSketchsErrorBelowItsLimitIsJudgedAtTheLimit() {
        Objective fps = Catalog.builtIn().category("object-detection").orElseThrow().objective("fps_p5").orElseThrow();
        Threshold t = fps.threshold().orElseThrow(); // limit 30, target 100
        // 0.5% below the limit: the true p5 may be at the limit, so not a breach; the estimate is kept
        Evaluation near = ObjectiveEvaluator.evaluate(fps, Windows.withStatistic(fps, 29.85, 200));
        assertThat(near.status()).isEqualTo(Status.WARNING);
        assertThat(near.value().getAsDouble()).isLessThan(30);
        assertThat(ObjectiveEvaluator.judgedAs(fps, t, 29.71)).isEqualTo(30);
        // beyond the sketch's 1%: a breach
        assertThat(ObjectiveEvaluator.judgedAs(fps, t, 29.69)).isEqualTo(29.69);
        assertThat(ObjectiveEvaluator.evaluate(fps, Windows.withStatistic(fps, 29.4, 200)).status()).isEqualTo(Status.BREACH);
        // upper bounds and non-percentiles are judged as estimated
        Objective ttft = Catalog.builtIn().category("chatbot").orElseThrow().objective("ttft_p95").orElseThrow();
        assertThat(ObjectiveEvaluator.judgedAs(ttft, ttft.threshold().orElseThrow(), 301)).isEqualTo(301);
    }

    @Test
    void costPerMillionTokensIsTotalCostOverTotalTokens() {
        Objective cost = Catalog.builtIn().category("batch-inference").orElseThrow().objective("cost_per_mtok").orElseThrow();
        Slice slice = new Slice(END.minusSeconds(60));
        for (int i = 0; i < 30; i++) {
            slice.record(0.002, 1000);  // $0.002 for 1,000 tokens
            slice.record(0.010, 9000);  // $0.010 for 9,000 tokens
        }
        WindowStats stats = RollingWindow.merge(END, cost.window(), List.of(slice));
        // Σ cost = 30 × 0.012 = 0.36; Σ tokens = 300,000 → $1.20 per million tokens
        assertThat(ObjectiveEvaluator.evaluate(cost, stats).value().getAsDouble()).isCloseTo(1.2, within(1e-9));
    }
}
