package io.infersla.alerting.deliver;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayDeque;
import java.util.Deque;
import org.junit.jupiter.api.Test;

class RateLimitTest {

    static final Instant T0 = Instant.parse("2026-03-01T12:00:00Z");

    @Test
    void noSixtySecondSpanSeesMoreThan120EventsUnderConstantDemand() {
        RateLimit limit = RateLimit.PAGERDUTY;
        RateLimit.Bucket bucket = limit.full(T0);
        Deque<Instant> accepted = new ArrayDeque<>();
        int maxInAMinute = 0;
        for (long ms = 0; ms < 600_000; ms += 50) { // someone tries 20 times a second for 10 minutes
            Instant now = T0.plusMillis(ms);
            RateLimit.Take take = limit.take(bucket, 1, now);
            bucket = take.bucket();
            if (take.granted() == 1) {
                accepted.addLast(now);
            }
            while (!accepted.isEmpty() && !accepted.peekFirst().isAfter(now.minusSeconds(60))) {
                accepted.removeFirst();
            }
            maxInAMinute = Math.max(maxInAMinute, accepted.size());
        }
        assertThat(maxInAMinute).isBetween(100, 120);
    }

    @Test
    void grantsAtMostTheWholeTokensItHoldsAndKeepsTheRest() {
        RateLimit limit = new RateLimit(5, 60);

        RateLimit.Take first = limit.take(limit.full(T0), 8, T0);
        assertThat(first.granted()).isEqualTo(5);
        assertThat(first.bucket().tokens()).isZero();

        RateLimit.Take later = limit.take(first.bucket(), 8, T0.plusMillis(2500)); // 2.5 tokens refilled
        assertThat(later.granted()).isEqualTo(2);
        assertThat(later.bucket().tokens()).isEqualTo(0.5);
    }

    @Test
    void saysHowLongUntilTheNthToken() {
        RateLimit limit = new RateLimit(1, 60);
        RateLimit.Bucket empty = limit.take(limit.full(T0), 1, T0).bucket();

        assertThat(limit.until(limit.take(empty, 0, T0.plusMillis(400)).bucket(), 1)).contains(Duration.ofMillis(600));
        assertThat(limit.until(empty, 3)).contains(Duration.ofSeconds(3));
        assertThat(limit.take(empty, 1, T0.plusMillis(1000)).granted()).isEqualTo(1);
        assertThat(limit.until(limit.full(T0), 1)).isEmpty();
    }

    @Test
    void aClockBehindTheBucketRefillsNothingAndNeverMovesItBack() {
        RateLimit limit = new RateLimit(2, 60);
        RateLimit.Bucket empty = limit.take(limit.full(T0), 2, T0).bucket();

        RateLimit.Take behind = limit.take(empty, 1, T0.minusSeconds(30));

        assertThat(behind.granted()).isZero();
        assertThat(behind.bucket().at()).isEqualTo(T0);
    }

    @Test
    void refusesABucketThatCouldNeverGrant() {
        assertThatThrownBy(() -> new RateLimit(0, 100)).hasMessage("burst must be >= 1, was 0");
        assertThatThrownBy(() -> new RateLimit(20, 0)).hasMessage("perMinute must be >= 1, was 0");
    }
}
