package io.infersla.alerting.deliver;

import java.time.Duration;
import java.time.Instant;
import java.util.Objects;
import java.util.Optional;

/**
 * A token bucket (PagerDuty allows about 120 events per minute per routing key). With capacity
 * {@code burst} and {@code perMinute} tokens refilled per minute, no 60-second span sees more
 * than {@code burst + perMinute} events: the defaults 20 + 100 keep that at 120. Pure: the
 * bucket is a value and time a parameter, so where the bucket lives (the database, shared by
 * every dispatcher) is the caller's business.
 */
public record RateLimit(int burst, int perMinute) {

    public static final RateLimit PAGERDUTY = new RateLimit(20, 100);

    /** Tokens left at {@code at}. */
    public record Bucket(double tokens, Instant at) {
        public Bucket {
            Objects.requireNonNull(at, "at");
        }
    }

    /**
     * The outcome of asking for tokens.
     *
     * @param granted how many of the wanted tokens were taken (0 .. wanted)
     * @param bucket the bucket after taking them, to store
     */
    public record Take(int granted, Bucket bucket) {
    }

    public RateLimit {
        if (burst < 1) {
            throw new IllegalArgumentException("burst must be >= 1, was " + burst);
        }
        if (perMinute < 1) {
            throw new IllegalArgumentException("perMinute must be >= 1, was " + perMinute);
        }
    }

    /** A key not seen before starts with a full bucket. */
    public Bucket full(Instant now) {
        return new Bucket(burst, now);
    }

    /**
     * Refills {@code bucket} up to {@code now} and takes up to {@code wanted} whole tokens. A clock
     * behind the bucket's (another instance's) refills nothing and never moves the bucket back.
     */
    public Take take(Bucket bucket, int wanted, Instant now) {
        if (wanted < 0) {
            throw new IllegalArgumentException("wanted must be >= 0, was " + wanted);
        }
        long elapsed = Math.max(0, Duration.between(bucket.at(), now).toMillis());
        double tokens = Math.min(burst, bucket.tokens() + elapsed * perMilli());
        int granted = (int) Math.min(wanted, Math.floor(tokens));
        Instant at = now.isAfter(bucket.at()) ? now : bucket.at();
        return new Take(granted, new Bucket(tokens - granted, at));
    }

    /**
     * How long after {@code bucket.at()} until it holds {@code n} whole tokens; empty when it holds
     * them already. {@code n} above {@code burst} is reached too (the bucket is taken from meanwhile).
     */
    public Optional<Duration> until(Bucket bucket, int n) {
        double missing = n - bucket.tokens();
        if (missing <= 0) {
            return Optional.empty();
        }
        return Optional.of(Duration.ofMillis((long) Math.ceil(missing / perMilli())));
    }

    private double perMilli() {
        return perMinute / 60_000.0;
    }
}
