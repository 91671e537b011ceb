package io.infersla.launcher;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The fault scripts: the issue's faults, within their time budgets. */
class ChaosPlanTest {

    @Test
    void theFullRunHasEveryFaultOfTheIssueWithinItsThirtyMinutes() {
        ChaosPlan plan = ChaosPlan.fullRun(1);

        assertThat(plan.faults()).filteredOn(f -> f.kind() == ChaosPlan.Kind.KILL_ENGINE).hasSize(3);
        assertThat(plan.faults()).filteredOn(f -> f.kind() == ChaosPlan.Kind.STOP_POSTGRES)
                .extracting(ChaosPlan.Fault::length).containsExactly(Duration.ofSeconds(60), Duration.ofSeconds(300));
        assertThat(plan.faults()).filteredOn(f -> f.kind() == ChaosPlan.Kind.KILL_BROKER)
                .extracting(ChaosPlan.Fault::length).containsExactly(Duration.ofSeconds(70));
        assertThat(plan.faults()).filteredOn(f -> f.kind() == ChaosPlan.Kind.KILL_INGEST).hasSize(1);
        assertThat(plan.pagerDuty().length()).isEqualTo(Duration.ofMinutes(10));
        assertThat(plan.pagerDuty().throttled()).isPositive();
        assertThat(plan.breaches()).hasSize(3);
        // 30 minutes in all, with start-up (about a minute) and settling (at most 5 minutes, usually much less).
        assertThat(plan.load()).isLessThanOrEqualTo(Duration.ofMinutes(25));
        assertThat(lastEnd(plan)).isLessThan(plan.load());
    }

    @Test
    void theEngineKillMomentsComeFromTheSeedAndNoFaultBeginsWhileTheOneBeforeIsStillOn() {
        assertThat(ChaosPlan.fullRun(1).faults()).isEqualTo(ChaosPlan.fullRun(1).faults());
        assertThat(ChaosPlan.fullRun(1).faults()).isNotEqualTo(ChaosPlan.fullRun(2).faults());
        for (ChaosPlan plan : List.of(ChaosPlan.fullRun(1), ChaosPlan.fullRun(7), ChaosPlan.shortRun())) {
            List<ChaosPlan.Fault> faults = plan.faults();
            for (int i = 1; i < faults.size(); i++) {
                // a restart takes some 30 s on a loaded machine: the steps are that far apart at least
                assertThat(faults.get(i).at()).as("%s: %s", plan.name(), faults.get(i).describe())
                        .isGreaterThanOrEqualTo(faults.get(i - 1).at().plus(faults.get(i - 1).length()).plusSeconds(15));
            }
        }
    }

    @Test
    void theShortRunHasOneFaultOfEachKindAndFitsInFiveMinutes() {
        ChaosPlan plan = ChaosPlan.shortRun();

        assertThat(plan.faults()).extracting(ChaosPlan.Fault::kind).containsExactlyInAnyOrder(ChaosPlan.Kind.values());
        assertThat(plan.pagerDuty().length()).isPositive();
        assertThat(plan.breaches()).hasSize(1);
        // load (up to a minute more, to end at a minute boundary) + start-up + settling: under 5 minutes on a quiet machine
        assertThat(plan.load()).isLessThanOrEqualTo(Duration.ofSeconds(120));
        assertThat(lastEnd(plan)).isLessThan(plan.load());
    }

    private static Duration lastEnd(ChaosPlan plan) {
        Duration faults = plan.faults().stream().map(f -> f.at().plus(f.length())).max(Duration::compareTo).orElseThrow();
        return faults.compareTo(plan.pagerDuty().end()) > 0 ? faults : plan.pagerDuty().end();
    }
}
