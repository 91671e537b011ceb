package io.infersla.core.breach;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import io.infersla.core.catalog.Catalog;
import io.infersla.core.catalog.Objective;
import io.infersla.core.window.RollingWindow;
import io.infersla.core.window.Slice;
import io.infersla.core.window.WindowStats;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class BurnRateTest {

    private static final Objective TTFT = Catalog.builtIn().category("chatbot").orElseThrow().objective("ttft_p95").orElseThrow();
    private static final Instant NOW = Instant.parse("2026-11-02T12:00:00Z");

    /** A window where {@code badShare} of 1,000 requests take 500 ms (limit 300) and the rest 100 ms. */
    private static WindowStats window(Duration length, double badShare) {
        Slice slice = new Slice(NOW.minus(length));
        int bad = (int) Math.round(1000 * badShare);
        for (int i = 0; i < 1000; i++) {
            slice.record(i < bad ? 500 : 100, 1);
        }
        return RollingWindow.merge(NOW, length, List.of(slice));
    }

    @Test
    void p95ObjectiveHasAFivePercentBudget() {
        assertThat(TTFT.allowedShareBeyondLimit().getAsDouble()).isCloseTo(0.05, within(1e-12));
        Objective fps = Catalog.builtIn().category("object-detection").orElseThrow().objective("fps_p5").orElseThrow();
        assertThat(fps.allowedShareBeyondLimit().getAsDouble()).isCloseTo(0.05, within(1e-12));
        Objective wer = Catalog.builtIn().category("speech-to-text").orElseThrow().objective("wer").orElseThrow();
        assertThat(wer.allowedShareBeyondLimit()).isEmpty();
    }

    @Test
    void shareBeyondLimitComesFromTheSketch() {
        assertThat(BurnRate.shareBeyondLimit(window(Duration.ofMinutes(5), 0.2), TTFT.threshold().orElseThrow()).getAsDouble())
                .isCloseTo(0.2, within(1e-9));
    }

    @Test
    void fastBurnOverBothWindowsPagesCritical() {
        // 80% of requests over the limit = 16× the 5% budget: above 14.4 on both 1 h and 5 m.
        Map<Duration, Double> shares = Map.of(Duration.ofHours(1), 0.8, Duration.ofMinutes(5), 0.8);
        assertThat(BurnRate.firing(TTFT, BurnRateRule.SRE_WORKBOOK, d -> window(d, shares.getOrDefault(d, 0.0))))
                .hasValue(BurnRateRule.SRE_WORKBOOK.get(0));
    }

    @Test
    void aBurnThatAlreadyStoppedDoesNotPage() {
        // the long window still burns, the short window has recovered
        Map<Duration, Double> shares = Map.of(Duration.ofHours(1), 0.8, Duration.ofMinutes(5), 0.0,
                Duration.ofHours(6), 0.2, Duration.ofMinutes(30), 0.0);
        assertThat(BurnRate.firing(TTFT, BurnRateRule.SRE_WORKBOOK, d -> window(d, shares.getOrDefault(d, 0.0)))).isEmpty();
    }

    @Test
    void slowLeakOpensATicketLevelWarning() {
        // 6% over the limit = 1.2× budget over 3 d and 6 h; far below 6× and 14.4×.
        assertThat(BurnRate.firing(TTFT, BurnRateRule.SRE_WORKBOOK, d -> window(d, 0.06)))
                .hasValueSatisfying(rule -> assertThat(rule.severity()).isEqualTo(Severity.WARNING));
    }

    @Test
    void objectivesWithoutBudgetNeverFire() {
        Objective tailRatio = Catalog.builtIn().category("chatbot").orElseThrow().objective("ttft_tail_ratio").orElseThrow();
        assertThat(BurnRate.firing(tailRatio, BurnRateRule.SRE_WORKBOOK, d -> window(d, 1.0))).isEmpty();
    }

    @Test
    void rulesAndBudgetsAreValidated() {
        assertThatThrownBy(() -> new BurnRateRule(2, Duration.ofMinutes(5), Duration.ofHours(1), Severity.CRITICAL))
                .hasMessage("windows must satisfy 0 < shortWindow < longWindow, were PT1H and PT5M");
        assertThatThrownBy(() -> BurnRate.burnRate(0.1, 0)).hasMessage("allowed share must be in (0, 1), was 0.0");
        assertThat(BurnRate.burnRate(0.1, 0.05)).isCloseTo(2.0, within(1e-12));
    }
}
