package io.infersla.engine.topology;

import static org.assertj.core.api.Assertions.assertThat;

import io.infersla.core.breach.BreachPolicy;
import io.infersla.core.catalog.Catalog;
import java.time.Duration;
import java.time.Instant;
import org.junit.jupiter.api.Test;

class TaskClockTest {

    private static final EngineSettings SETTINGS = EngineSettings.defaults(Catalog.builtIn());
    private static final long T0 = Instant.parse("2026-11-02T10:00:00Z").toEpochMilli();
    private static final long GRACE = SETTINGS.grace().toMillis();
    private static final long LATE_BOUND = SETTINGS.lateBound().toMillis();
    private static final long SKEW = SETTINGS.futureSkew().toMillis();
    private static final long IDLE = SETTINGS.idleAfter().toMillis();
    private static final long SWEEP = TaskClock.sweepGranularity(SETTINGS);

    @Test
    void anAdmittedTimeMovesTheClockOnlyForward() {
        TaskClock clock = new TaskClock(SETTINGS);
        assertThat(clock.nowMs()).isEqualTo(TaskClock.UNSET);

        assertThat(clock.admit(T0, T0)).isEqualTo(TaskClock.Admission.ADMITTED);
        assertThat(clock.admit(T0 - 1_000, T0)).isEqualTo(TaskClock.Admission.ADMITTED);

        assertThat(clock.nowMs()).isEqualTo(T0);
    }

    @Test
    void aTimeBeyondTheFutureSkewIsNotAdmittedAndDoesNotMoveTheClock() {
        TaskClock clock = new TaskClock(SETTINGS);

        assertThat(clock.admit(T0 + SKEW + 1, T0)).isEqualTo(TaskClock.Admission.FUTURE);
        assertThat(clock.nowMs()).isEqualTo(TaskClock.UNSET);
        assertThat(clock.admit(T0 + SKEW, T0)).isEqualTo(TaskClock.Admission.ADMITTED);
        assertThat(clock.nowMs()).isEqualTo(T0 + SKEW);
    }

    @Test
    void aTimeBeyondTheLateBoundIsNotAdmittedOnceTheClockIsSet() {
        TaskClock clock = new TaskClock(SETTINGS);
        // before any time was admitted there is nothing to be late against
        assertThat(clock.admit(T0 - 10 * LATE_BOUND, T0)).isEqualTo(TaskClock.Admission.ADMITTED);
        clock.admit(T0, T0);

        assertThat(clock.admit(T0 - LATE_BOUND - 1, T0)).isEqualTo(TaskClock.Admission.LATE);
        assertThat(clock.admit(T0 - LATE_BOUND, T0)).isEqualTo(TaskClock.Admission.ADMITTED);
        assertThat(clock.nowMs()).isEqualTo(T0);
    }

    @Test
    void sweepsFallOnTheGridPlusTheGrace() {
        TaskClock clock = new TaskClock(SETTINGS);
        clock.restore(T0); // T0 is on the grid: the slice ending at T0 is swept at T0 + grace
        long due = T0 + GRACE;

        clock.admit(due - 1, due);
        assertThat(clock.sweepDueAfterInput()).isFalse();
        clock.admit(due, due);
        assertThat(clock.sweepDueAfterInput()).isTrue();

        clock.swept();
        clock.admit(due + SWEEP - 1, due + SWEEP);
        assertThat(clock.sweepDueAfterInput()).isFalse();
        clock.admit(due + SWEEP, due + SWEEP);
        assertThat(clock.sweepDueAfterInput()).isTrue();
    }

    @Test
    void theClockFollowsTheWallClockOnlyAfterIdleAfterWithoutInput() {
        TaskClock clock = new TaskClock(SETTINGS);
        clock.restore(T0 - 60_000);
        clock.inputAt(T0);

        assertThat(clock.tick(T0 + IDLE - 1)).isFalse();
        assertThat(clock.nowMs()).isEqualTo(T0 - 60_000);

        assertThat(clock.tick(T0 + IDLE)).isTrue();
        assertThat(clock.nowMs()).isEqualTo(T0 + IDLE);
    }

    @Test
    void theWallClockNeverMovesTheClockBack() {
        TaskClock clock = new TaskClock(SETTINGS);
        clock.inputAt(T0);
        clock.admit(T0 + SKEW, T0); // a client clock ahead of the engine, within the skew

        clock.tick(T0 + IDLE);

        assertThat(clock.nowMs()).isEqualTo(T0 + SKEW);
    }

    @Test
    void aWallClockTickNeverSweepsWithoutAClock() {
        TaskClock clock = new TaskClock(SETTINGS);
        clock.inputAt(T0);

        assertThat(clock.tick(T0 + 1)).isFalse();
        assertThat(clock.nowMs()).isEqualTo(TaskClock.UNSET);
    }

    @Test
    void theSweepGranularityDividesThePersistenceResolution() {
        // persistence every 15 s against the catalog's 10 s, 1 min and 5 min steps: only a 5 s grid hits them all
        EngineSettings settings = new EngineSettings(Catalog.builtIn(), Topics.DEFAULT, SETTINGS.grace(), SETTINGS.lateBound(),
                SETTINGS.futureSkew(), Duration.ofSeconds(15), SETTINGS.idleAfter(), BreachPolicy.DEFAULT);

        assertThat(TaskClock.sweepGranularity(settings)).isEqualTo(5_000);
    }
}
