package io.infersla.alerting.deliver;

import java.time.Duration;
import java.util.Objects;
import java.util.Optional;

/**
 * When to try again after a retryable failure: exponential backoff with "equal jitter" (half the
 * delay fixed, half random, so retries of many rows spread out yet never come back immediately),
 * never sooner than the peer's {@code Retry-After}. Pure: the random number is a parameter.
 *
 * <p>Defaults: 1 s, 2 s, 4 s, … capped at 5 min; a {@code Retry-After} above 1 h is capped at
 * 1 h; a row still failing 24 h after it was written is given up (state {@code failed}). With
 * the 5-minute cap (2.5–5 min after jitter) that is some 380 attempts, so a PagerDuty outage of a
 * day is ridden out.
 *
 * @param initial the delay before the second attempt (before jitter)
 * @param max the largest backoff delay
 * @param maxRetryAfter the largest {@code Retry-After} honoured
 * @param giveUpAfter how long after the row was written it stops being retried
 */
public record RetryPolicy(Duration initial, Duration max, Duration maxRetryAfter, Duration giveUpAfter) {

    public static final RetryPolicy DEFAULT = new RetryPolicy(Duration.ofSeconds(1), Duration.ofMinutes(5),
            Duration.ofHours(1), Duration.ofHours(24));

    public RetryPolicy {
        positive("initial", initial);
        positive("max", max);
        positive("maxRetryAfter", maxRetryAfter);
        positive("giveUpAfter", giveUpAfter);
        if (max.compareTo(initial) < 0) {
            throw new IllegalArgumentException("max must be >= initial " + initial + ", was " + max);
        }
    }

    /**
     * @param failedAttempts attempts made so far, including the one that just failed (>= 1)
     * @param retryAfter what the peer asked for, if anything
     * @param random uniform in [0, 1)
     */
    public Duration delay(int failedAttempts, Optional<Duration> retryAfter, double random) {
        if (failedAttempts < 1) {
            throw new IllegalArgumentException("failedAttempts must be >= 1, was " + failedAttempts);
        }
        if (!(random >= 0 && random < 1)) {
            throw new IllegalArgumentException("random must be in [0, 1), was " + random);
        }
        long maxMs = max.toMillis();
        long backoffMs = initial.toMillis();
        for (int i = 1; i < failedAttempts && backoffMs < maxMs; i++) {
            backoffMs *= 2;
        }
        backoffMs = Math.min(backoffMs, maxMs);
        long jitteredMs = backoffMs / 2 + (long) (random * (backoffMs - backoffMs / 2));
        Duration delay = Duration.ofMillis(Math.max(1, jitteredMs));
        if (retryAfter.isPresent()) {
            Duration asked = retryAfter.get().compareTo(maxRetryAfter) > 0 ? maxRetryAfter : retryAfter.get();
            if (asked.compareTo(delay) > 0) {
                delay = asked;
            }
        }
        return delay;
    }

    private static void positive(String name, Duration d) {
        Objects.requireNonNull(d, name);
        if (d.isNegative() || d.isZero()) {
            throw new IllegalArgumentException(name + " must be > 0, was " + d);
        }
    }
}
