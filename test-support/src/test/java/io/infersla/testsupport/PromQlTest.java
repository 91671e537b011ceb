package io.infersla.testsupport;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Set;
import org.junit.jupiter.api.Test;

class PromQlTest {

    @Test
    void namesBeforeMatchersRangesWhiteSpaceOperatorsOrTheEnd() {
        assertThat(PromQl.metricNames("up{job=~\"infersla-ingest|infersla-engine\"} == 0")).containsExactly("up");
        assertThat(PromQl.metricNames("max by (group, topic) (min_over_time(lag_records[15m])) > 1000\n"
                + "  and max by (group, topic) (deriv(lag_records [15m])) > 0")).containsExactly("lag_records");
        assertThat(PromQl.metricNames("max(evaluation_lag_seconds_max)")).containsExactly("evaluation_lag_seconds_max");
        assertThat(PromQl.metricNames("a_total / b_total+c")).containsExactly("a_total", "b_total", "c");
    }

    @Test
    void notFunctionsKeywordsLabelsLabelValuesNumbersOrGrafanaVariables() {
        assertThat(PromQl.metricNames("histogram_quantile(0.99, sum by (le, job) (rate(x_seconds_bucket{uri=\"/v1/traces\", a='up{b}'}"
                + "[$__rate_interval]))) / clamp_min(sum without (instance) (y_total offset 5m), 1e-9) > bool 2 unless on (job) z"))
                .containsExactly("x_seconds_bucket", "y_total", "z");
        assertThat(PromQl.metricNames("sum(rate(q[${__range}])) * $factor")).containsExactly("q");
    }

    @Test
    void exposedNamesAreTheSamplesNotTheFamilies() {
        Set<String> exposed = PromQl.exposedNames("""
                # HELP t_seconds Timer
                # TYPE t_seconds histogram
                t_seconds_bucket{le="0.5"} 1.0
                t_seconds_count 1.0
                # TYPE c counter
                c_total{outcome="dead"} 0.0
                g NaN
                """);
        assertThat(exposed).containsExactlyInAnyOrder("t_seconds_bucket", "t_seconds_count", "c_total", "g");
    }

    @Test
    void aSampleOfAFamilyCountsAsExposedByTheFamily() {
        Set<String> registered = Set.of("t_seconds", "c_total", "g");
        assertThat(PromQl.isExposed("t_seconds_sum", registered)).as("a timer's sum, by its family").isTrue();
        assertThat(PromQl.isExposed("t_seconds_bucket", registered)).isTrue();
        assertThat(PromQl.isExposed("g", registered)).isTrue();
        assertThat(PromQl.isExposed("c", registered)).as("a counter without its _total").isFalse();
        assertThat(PromQl.isExposed("h_seconds_bucket", registered)).isFalse();
    }
}
