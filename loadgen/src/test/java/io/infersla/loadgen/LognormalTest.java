package io.infersla.loadgen;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import java.util.Arrays;
import java.util.Random;
import org.junit.jupiter.api.Test;

class LognormalTest {

    @Test
    void sampledP95MatchesTheRequestedP95WithinTwoPercent() {
        Lognormal d = Lognormal.withP95(120, 0.3);
        Random random = new Random(42);
        double[] xs = new double[100_000];
        for (int i = 0; i < xs.length; i++) {
            xs[i] = d.sample(random);
        }
        Arrays.sort(xs);

        assertThat(d.p95()).isCloseTo(120, within(1e-9));
        assertThat(xs[94_999]).isCloseTo(120, within(120 * 0.02));
        assertThat(xs[49_999]).isCloseTo(d.median(), within(d.median() * 0.02));
    }

    @Test
    void zeroSpreadAlwaysGivesTheMedian() {
        Lognormal d = new Lognormal(5, 0);
        assertThat(d.sample(new Random(1))).isEqualTo(5.0);
        assertThat(d.p95()).isEqualTo(5.0);
    }

    @Test
    void rejectsANonPositiveMedianAndANegativeSpread() {
        assertThatThrownBy(() -> new Lognormal(0, 0.3)).hasMessageContaining("median").hasMessageContaining("0.0");
        assertThatThrownBy(() -> new Lognormal(1, -0.1)).hasMessageContaining("sigma");
        assertThatThrownBy(() -> new Lognormal(Double.NaN, 0.1)).hasMessageContaining("median");
    }
}
