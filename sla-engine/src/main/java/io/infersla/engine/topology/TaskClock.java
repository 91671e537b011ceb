package io.infersla.engine.topology;

import io.infersla.core.catalog.Category;
import io.infersla.core.catalog.Objective;

/**
 * A stream task's clock and its sweep schedule.
 *
 * <p>The clock is the latest completion time accepted (event time), so a replayed backlog is
 * evaluated as it happened; it follows the wall clock only while no input arrives for
 * {@code idle-after} (so silent series still close their windows). A completion time more than the
 * future skew ahead of the wall clock, or more than the late bound behind the clock, is not
 * admitted and cannot move it.
 *
 * <p>Sweeps fall on a grid of {@link #sweepGranularity} plus the grace, so every slice end, step
 * boundary and persistence boundary is swept as soon as the clock has passed it plus the grace.
 */
final class TaskClock {

    /** The clock before any completion time was admitted (and before a restored one). */
    static final long UNSET = Long.MIN_VALUE;

    /** Whether a completion time is admitted, and why not. */
    enum Admission {
        ADMITTED,
        /** More than the future skew after the wall clock. */
        FUTURE,
        /** More than the late bound before the task clock. */
        LATE
    }

    private final long graceMs;
    private final long lateBoundMs;
    private final long futureSkewMs;
    private final long idleAfterMs;
    private final long sweepEveryMs;

    private long nowMs = UNSET;
    private long nextSweepMs = UNSET;
    private long lastInputWallMs;

    TaskClock(EngineSettings settings) {
        this.graceMs = settings.grace().toMillis();
        this.lateBoundMs = settings.lateBound().toMillis();
        this.futureSkewMs = settings.futureSkew().toMillis();
        this.idleAfterMs = settings.idleAfter().toMillis();
        this.sweepEveryMs = sweepGranularity(settings);
    }

    /** The greatest common divisor of every step and the persistence resolution: no boundary falls between sweeps. */
    static long sweepGranularity(EngineSettings settings) {
        long gcd = settings.persistEvery().toMillis();
        for (Category category : settings.catalog().categories()) {
            for (Objective o : category.objectives()) {
                gcd = gcd(gcd, o.step().toMillis());
            }
        }
        return gcd;
    }

    private static long gcd(long a, long b) {
        return b == 0 ? a : gcd(b, a % b);
    }

    /** The clock in epoch millis, or {@link #UNSET}. */
    long nowMs() {
        return nowMs;
    }

    long lateBoundMs() {
        return lateBoundMs;
    }

    /** Continues from the clock the last commit stored (a restarted or moved task). */
    void restore(long clockMs) {
        nowMs = clockMs;
        nextSweepMs = nextSweepAfter(clockMs);
    }

    /** Input arrived at this wall time: the clock stops following the wall clock for {@code idle-after}. */
    void inputAt(long wallNowMs) {
        lastInputWallMs = wallNowMs;
    }

    /** Admits a completion time or says why not; an admitted one later than the clock moves it. */
    Admission admit(long completedMs, long wallNowMs) {
        if (completedMs > wallNowMs + futureSkewMs) {
            return Admission.FUTURE;
        }
        if (nowMs != UNSET && completedMs < nowMs - lateBoundMs) {
            return Admission.LATE;
        }
        if (completedMs > nowMs) {
            nowMs = completedMs;
        }
        return Admission.ADMITTED;
    }

    /**
     * Whether a sweep is due after a record. Unlike {@link #tick} this does not require a set clock:
     * a first record with nothing admitted sweeps once (finding nothing to do), as it always has.
     */
    boolean sweepDueAfterInput() {
        return nowMs >= nextSweepMs;
    }

    /** The wall-clock punctuation: follows the wall clock when idle; whether a sweep is due. */
    boolean tick(long wallNowMs) {
        if (wallNowMs - lastInputWallMs >= idleAfterMs && wallNowMs > nowMs) {
            nowMs = wallNowMs;
        }
        return nowMs != UNSET && nowMs >= nextSweepMs;
    }

    /** A sweep at the current clock is done: the next one falls on the next grid point plus the grace. */
    void swept() {
        nextSweepMs = nextSweepAfter(nowMs);
    }

    private long nextSweepAfter(long clockMs) {
        return Math.floorDiv(clockMs - graceMs, sweepEveryMs) * sweepEveryMs + sweepEveryMs + graceMs;
    }
}
