package io.infersla.alerting.deliver;

import java.time.Duration;
import java.time.Instant;
import java.util.HashMap;
import java.util.Map;
import java.util.Optional;

/**
 * A token bucket per key (PagerDuty allows about 120 events per minute per routing key). With
 * capacity {@code burst} and {@code perMinute} tokens refilled per minute, no 60-second span
 * sees more than {@code burst + perMinute} events: the defaults 20 + 100 keep that at 120.
 * Pure apart from its own state: time is a parameter. Keys are opaque strings: callers pass a
 * hash of the routing key, never the key itself.
 */
public final class KeyRateLimiter {

    public static final int DEFAULT_BURST = 20;
    public static final int DEFAULT_PER_MINUTE = 100;

    private final int burst;
    private final double perMilli;
    private final Map<String, Bucket> buckets = new HashMap<>();

    private static final class Bucket {
        double tokens;
        Instant at;

        Bucket(double tokens, Instant at) {
            this.tokens = tokens;
            this.at = at;
        }
    }

    public KeyRateLimiter(int burst, int perMinute) {
        if (burst < 1) {
            throw new IllegalArgumentException("burst must be >= 1, was " + burst);
        }
        if (perMinute < 1) {
            throw new IllegalArgumentException("perMinute must be >= 1, was " + perMinute);
        }
        this.burst = burst;
        this.perMilli = perMinute / 60_000.0;
    }

    public static KeyRateLimiter pagerDutyDefault() {
        return new KeyRateLimiter(DEFAULT_BURST, DEFAULT_PER_MINUTE);
    }

    /** Takes one token for {@code key} and returns empty, or returns how long until one is available. */
    public synchronized Optional<Duration> tryAcquire(String key, Instant now) {
        Bucket b = buckets.computeIfAbsent(key, k -> new Bucket(burst, now));
        long elapsed = Math.max(0, Duration.between(b.at, now).toMillis());
        b.tokens = Math.min(burst, b.tokens + elapsed * perMilli);
        b.at = now.isAfter(b.at) ? now : b.at;
        if (b.tokens >= 1) {
            b.tokens -= 1;
            return Optional.empty();
        }
        return Optional.of(Duration.ofMillis((long) Math.ceil((1 - b.tokens) / perMilli)));
    }
}
