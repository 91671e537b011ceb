package io.infersla.launcher;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.Optional;

/**
 * When a part of the local stack that died is started again, the way a process supervisor or a
 * container restart policy does it: after a delay that doubles from {@code firstDelay} up to
 * {@code maxDelay}, until it has died {@code maxFailures} times within {@code window} — a part
 * that cannot stay up is reported rather than restarted forever.
 */
final class RestartPolicy {

    /** Three deaths within a minute give up; delays 1 s, 2 s, 4 s, ... at most 30 s. */
    static RestartPolicy standard() {
        return new RestartPolicy(3, Duration.ofMinutes(1), Duration.ofSeconds(1), Duration.ofSeconds(30));
    }

    private final int maxFailures;
    private final Duration window;
    private final Duration firstDelay;
    private final Duration maxDelay;
    private final Deque<Instant> failures = new ArrayDeque<>();

    RestartPolicy(int maxFailures, Duration window, Duration firstDelay, Duration maxDelay) {
        if (maxFailures < 1) {
            throw new IllegalArgumentException("maxFailures must be >= 1, was " + maxFailures);
        }
        if (window.isNegative() || window.isZero() || firstDelay.isNegative() || maxDelay.compareTo(firstDelay) < 0) {
            throw new IllegalArgumentException("window must be > 0 and 0 <= firstDelay <= maxDelay, were " + window + ", "
                    + firstDelay + ", " + maxDelay);
        }
        this.maxFailures = maxFailures;
        this.window = window;
        this.firstDelay = firstDelay;
        this.maxDelay = maxDelay;
    }

    /**
     * Records a death at {@code now}: the delay before the restart, or empty when the part died
     * {@code maxFailures} times within the window (give up).
     */
    synchronized Optional<Duration> onDeath(Instant now) {
        failures.addLast(now);
        while (!failures.isEmpty() && failures.peekFirst().isBefore(now.minus(window))) {
            failures.removeFirst();
        }
        if (failures.size() >= maxFailures) {
            return Optional.empty();
        }
        // The backoff grows with deaths in a row, and starts over once the part stayed up a window.
        Duration delay = firstDelay.multipliedBy(1L << Math.min(failures.size() - 1, 20));
        return Optional.of(delay.compareTo(maxDelay) > 0 ? maxDelay : delay);
    }

    /** How many deaths within the window give up. */
    int maxFailures() {
        return maxFailures;
    }

    /** The deaths counted now (those within the window of the latest). */
    synchronized int recentDeaths() {
        return failures.size();
    }
}
