package io.infersla.alerting.outbox;

import io.infersla.alerting.deliver.RateLimit;
import io.infersla.alerting.deliver.RetryPolicy;
import java.time.Duration;
import java.util.Objects;

/**
 * How the dispatcher works.
 *
 * @param batchSize rows claimed and sent concurrently per round
 * @param pollInterval how long an idle dispatcher waits before looking again ({@link
 *     OutboxDispatcher#wakeUp()} cuts it short)
 * @param retry backoff and giving up
 * @param pagerDutyRate the token bucket per PagerDuty routing key, shared by every dispatcher on the
 *     database (burst + refill per minute ≈ PagerDuty's 120 events/min; see {@link RateLimit})
 * @param workers rounds run concurrently by {@link OutboxDispatcher#start()}: while one waits for
 *     HTTP answers, another claims or records (each round is its own transaction; SKIP LOCKED
 *     keeps them apart). Two roughly double throughput on two cores; see docs/benchmarks.md.
 */
public record DispatcherConfig(int batchSize, Duration pollInterval, RetryPolicy retry, RateLimit pagerDutyRate,
        int workers) {

    public static final DispatcherConfig DEFAULT = new DispatcherConfig(200, Duration.ofMillis(250), RetryPolicy.DEFAULT,
            RateLimit.PAGERDUTY, 2);

    public DispatcherConfig {
        if (batchSize < 1 || batchSize > 10_000) {
            throw new IllegalArgumentException("batchSize must be in [1, 10000], was " + batchSize);
        }
        Objects.requireNonNull(pollInterval, "pollInterval");
        if (pollInterval.isNegative() || pollInterval.isZero()) {
            throw new IllegalArgumentException("pollInterval must be > 0, was " + pollInterval);
        }
        Objects.requireNonNull(retry, "retry");
        Objects.requireNonNull(pagerDutyRate, "pagerDutyRate");
        if (workers < 1 || workers > 64) {
            throw new IllegalArgumentException("workers must be in [1, 64], was " + workers);
        }
    }

    public DispatcherConfig withWorkers(int count) {
        return new DispatcherConfig(batchSize, pollInterval, retry, pagerDutyRate, count);
    }

    public DispatcherConfig withRetry(RetryPolicy policy) {
        return new DispatcherConfig(batchSize, pollInterval, policy, pagerDutyRate, workers);
    }

    public DispatcherConfig withPagerDutyRate(int burst, int perMinute) {
        return new DispatcherConfig(batchSize, pollInterval, retry, new RateLimit(burst, perMinute), workers);
    }

    public DispatcherConfig withBatchSize(int size) {
        return new DispatcherConfig(size, pollInterval, retry, pagerDutyRate, workers);
    }

    public DispatcherConfig withPollInterval(Duration interval) {
        return new DispatcherConfig(batchSize, interval, retry, pagerDutyRate, workers);
    }
}
