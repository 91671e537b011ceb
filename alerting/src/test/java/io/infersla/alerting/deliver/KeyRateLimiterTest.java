package io.infersla.alerting.deliver;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayDeque;
import java.util.Deque;
import org.junit.jupiter.api.Test;

class KeyRateLimiterTest {

    static final Instant T0 = Instant.parse("2026-03-01T12:00:00Z");

    @Test
    void noSixtySecondSpanSeesMoreThan120EventsPerKeyUnderConstantDemand() {
        KeyRateLimiter limiter = KeyRateLimiter.pagerDutyDefault();
        Deque<Instant> accepted = new ArrayDeque<>();
        int maxInAMinute = 0;
        for (long ms = 0; ms < 600_000; ms += 50) { // someone tries 20 times a second for 10 minutes
            Instant now = T0.plusMillis(ms);
            if (limiter.tryAcquire("key-a", now).isEmpty()) {
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
    void keysAreLimitedIndependently() {
        KeyRateLimiter limiter = new KeyRateLimiter(1, 60);

        assertThat(limiter.tryAcquire("a", T0)).isEmpty();
        assertThat(limiter.tryAcquire("b", T0)).isEmpty();
        assertThat(limiter.tryAcquire("a", T0)).contains(Duration.ofSeconds(1));
    }

    @Test
    void saysHowLongUntilTheNextToken() {
        KeyRateLimiter limiter = new KeyRateLimiter(1, 60);
        limiter.tryAcquire("a", T0);

        assertThat(limiter.tryAcquire("a", T0.plusMillis(400))).contains(Duration.ofMillis(600));
        assertThat(limiter.tryAcquire("a", T0.plusMillis(1000))).isEmpty();
    }
}
