package io.infersla.loadgen;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.infersla.core.measure.Metric;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;

class BreachInjectionTest {

    @Test
    void parsesTheDocumentedExample() {
        BreachInjection b = BreachInjection.parse("chatbot:ttft_ms:x3@60s+120s");

        assertThat(b.category()).isEqualTo("chatbot");
        assertThat(b.metric()).isEqualTo(Metric.TTFT_MS);
        assertThat(b.factor()).isEqualTo(3.0);
        assertThat(b.start()).isEqualTo(Duration.ofSeconds(60));
        assertThat(b.duration()).isEqualTo(Duration.ofSeconds(120));
    }

    @Test
    void acceptsFractionalFactorsAndMinutes() {
        BreachInjection b = BreachInjection.parse("object-detection:fps:x0.2@1m+500ms");

        assertThat(b.factor()).isEqualTo(0.2);
        assertThat(b.start()).isEqualTo(Duration.ofMinutes(1));
        assertThat(b.duration()).isEqualTo(Duration.ofMillis(500));
    }

    @Test
    void isActiveFromItsStartUntilJustBeforeItsEnd() {
        BreachInjection b = BreachInjection.parse("chatbot:ttft_ms:x3@60s+120s");

        assertThat(b.activeAt(Duration.ofSeconds(59))).isFalse();
        assertThat(b.activeAt(Duration.ofSeconds(60))).isTrue();
        assertThat(b.activeAt(Duration.ofSeconds(179))).isTrue();
        assertThat(b.activeAt(Duration.ofSeconds(180))).isFalse();
    }

    @Test
    void aPlanMultipliesOnlyTheNamedCategoryAndMetricWhileActive() {
        BreachPlan plan = new BreachPlan(List.of(BreachInjection.parse("chatbot:ttft_ms:x3@10s+10s")));

        assertThat(plan.factor("chatbot", Metric.TTFT_MS, Duration.ofSeconds(15))).isEqualTo(3.0);
        assertThat(plan.factor("chatbot", Metric.TPOT_MS, Duration.ofSeconds(15))).isEqualTo(1.0);
        assertThat(plan.factor("code-completion", Metric.TTFT_MS, Duration.ofSeconds(15))).isEqualTo(1.0);
        assertThat(plan.factor("chatbot", Metric.TTFT_MS, Duration.ofSeconds(25))).isEqualTo(1.0);
    }

    @Test
    void rejectsMalformedTextNamingTheExpectedForm() {
        assertThatThrownBy(() -> BreachInjection.parse("chatbot:ttft_ms:3@60s+120s"))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("category:metric:xFACTOR@STARTs+DURATIONs")
                .hasMessageContaining("chatbot:ttft_ms:3@60s+120s");
    }

    @Test
    void rejectsAnUnknownMetricListingTheKnownOnes() {
        assertThatThrownBy(() -> BreachInjection.parse("chatbot:latency:x3@60s+120s"))
                .hasMessageContaining("ttft_ms").hasMessageContaining("'latency'");
    }

    @Test
    void rejectsAZeroFactorAndAnEmptyDuration() {
        assertThatThrownBy(() -> BreachInjection.parse("chatbot:ttft_ms:x0@60s+120s")).hasMessageContaining("factor");
        assertThatThrownBy(() -> BreachInjection.parse("chatbot:ttft_ms:x2@60s+0s")).hasMessageContaining("duration");
    }
}
