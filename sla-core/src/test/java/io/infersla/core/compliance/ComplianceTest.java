package io.infersla.core.compliance;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import io.infersla.core.breach.BreachEpisode;
import io.infersla.core.breach.Severity;
import io.infersla.core.evaluate.Status;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class ComplianceTest {

    private static final Instant MONTH_START = Instant.parse("2026-11-01T00:00:00Z");
    private static final Instant MONTH_END = Instant.parse("2026-12-01T00:00:00Z");

    @Test
    void attainmentCountsWarningsAsCompliantAndIgnoresUnjudgedEvaluations() {
        List<Status> statuses = new ArrayList<>();
        statuses.addAll(Collections.nCopies(990, Status.OK));
        statuses.addAll(Collections.nCopies(5, Status.WARNING));
        statuses.addAll(Collections.nCopies(5, Status.BREACH));
        statuses.addAll(Collections.nCopies(300, Status.INSUFFICIENT_DATA));
        statuses.addAll(Collections.nCopies(40, Status.EXCUSED));
        statuses.addAll(Collections.nCopies(7, Status.REPORTED));
        Attainment attainment = Attainment.of(statuses);
        assertThat(attainment).isEqualTo(new Attainment(995, 1000));
        assertThat(attainment.ratio().getAsDouble()).isCloseTo(0.995, within(1e-12));
        assertThat(attainment.meets(0.995)).isTrue();
        assertThat(attainment.meets(0.999)).isFalse();
    }

    @Test
    void aMonthWithNothingJudgedHasNoAttainmentAndIsNotMet() {
        Attainment none = Attainment.of(List.of(Status.INSUFFICIENT_DATA, Status.EXCUSED));
        assertThat(none.ratio()).isEmpty();
        assertThat(none.meets(0.9)).isFalse();
    }

    @Test
    void breachTimeIsTheUnionOfEpisodesClippedToTheMonth() {
        List<BreachEpisode> episodes = List.of(
                episode("2026-10-31T23:50:00Z", Optional.of("2026-11-01T00:20:00Z")), // 20 min inside
                episode("2026-11-10T10:00:00Z", Optional.of("2026-11-10T10:30:00Z")), // 30 min
                episode("2026-11-10T10:15:00Z", Optional.of("2026-11-10T10:45:00Z")), // overlaps: +15 min
                episode("2026-11-30T23:00:00Z", Optional.empty()));                  // still open: 60 min
        assertThat(BreachTime.within(episodes, MONTH_START, MONTH_END)).isEqualTo(Duration.ofMinutes(125));
        assertThat(BreachTime.within(List.of(), MONTH_START, MONTH_END)).isZero();
    }

    @Test
    void creditIsTheLowestTierTheAttainmentFallsUnder() {
        CreditSchedule schedule = new CreditSchedule(List.of(
                new CreditTier(0.995, 10), new CreditTier(0.95, 100), new CreditTier(0.99, 25)));
        assertThat(schedule.creditPercentFor(0.999)).isZero();
        assertThat(schedule.creditPercentFor(0.995)).isZero();
        assertThat(schedule.creditPercentFor(0.994)).isEqualTo(10);
        assertThat(schedule.creditPercentFor(0.98)).isEqualTo(25);
        assertThat(schedule.creditPercentFor(0.5)).isEqualTo(100);
    }

    @Test
    void creditSchedulesThatShrinkAsAttainmentFallsAreRejected() {
        assertThatThrownBy(() -> new CreditSchedule(List.of(new CreditTier(0.99, 50), new CreditTier(0.95, 10))))
                .hasMessage("credit must not shrink as attainment falls: below 0.95 gives 10.0% but below 0.99 gives 50.0%");
        assertThatThrownBy(() -> new CreditTier(1.5, 10)).hasMessage("attainmentBelow must be in (0, 1], was 1.5");
    }

    private static BreachEpisode episode(String started, Optional<String> resolved) {
        Instant start = Instant.parse(started);
        return new BreachEpisode("k@" + start.getEpochSecond(), Severity.CRITICAL, start, start.plusSeconds(10), 400,
                start, resolved.map(Instant::parse));
    }
}
