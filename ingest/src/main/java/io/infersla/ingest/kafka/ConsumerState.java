package io.infersla.ingest.kafka;

import java.time.Duration;
import java.time.Instant;
import java.util.Objects;

/**
 * Where the {@code otlp_spans} consumer is: consuming, failing and about to start over, or dead.
 * The consumer never gives up on its own (its offsets are committed only after the spans are on
 * Kafka, so starting over loses nothing); the liveness check says when it has been failing for too
 * long for that to be a passing fault, so that an orchestrator restarts the process.
 *
 * @param phase what the consumer does now
 * @param since when it entered this phase
 * @param failures failures since the last successful poll
 * @param lastError the last failure, {@code ""} when none since the last successful poll
 */
public record ConsumerState(Phase phase, Instant since, int failures, String lastError) {

    /** Failing longer than this is not a passing fault (a broker restart or a rebalance is). */
    public static final Duration FAILING_TOO_LONG = Duration.ofMinutes(5);

    /** The longest pause between two attempts. */
    static final Duration LONGEST_BACKOFF = Duration.ofMinutes(1);

    public enum Phase { STARTING, CONSUMING, FAILING, DEAD }

    public ConsumerState {
        Objects.requireNonNull(phase, "phase");
        Objects.requireNonNull(since, "since");
        Objects.requireNonNull(lastError, "lastError");
    }

    static ConsumerState starting(Instant now) {
        return new ConsumerState(Phase.STARTING, now, 0, "");
    }

    ConsumerState polled(Instant now) {
        return phase == Phase.CONSUMING ? this : new ConsumerState(Phase.CONSUMING, now, 0, "");
    }

    ConsumerState failed(Instant now, Throwable error) {
        return new ConsumerState(Phase.FAILING, phase == Phase.FAILING ? since : now, failures + 1, describe(error));
    }

    ConsumerState dead(Instant now, Throwable error) {
        return new ConsumerState(Phase.DEAD, now, failures + 1, describe(error));
    }

    /** The pause before the next attempt: {@code first}, doubled per failure in a row, at most a minute. */
    Duration backoff(Duration first) {
        Duration pause = first;
        for (int i = 1; i < failures && pause.compareTo(LONGEST_BACKOFF) < 0; i++) {
            pause = pause.multipliedBy(2);
        }
        return pause.compareTo(LONGEST_BACKOFF) > 0 ? LONGEST_BACKOFF : pause;
    }

    /** False when the consumer is dead or has failed without a successful poll for {@link #FAILING_TOO_LONG}. */
    public boolean alive(Instant now) {
        return switch (phase) {
            case DEAD -> false;
            case FAILING -> since.plus(FAILING_TOO_LONG).isAfter(now);
            case STARTING, CONSUMING -> true;
        };
    }

    private static String describe(Throwable error) {
        String message = error.getMessage();
        return error.getClass().getSimpleName() + (message == null ? "" : ": " + message);
    }
}
