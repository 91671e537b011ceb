package io.infersla.alerting.deliver;

import java.time.Duration;
import java.util.Objects;
import java.util.Optional;

/**
 * What became of one send: delivered, worth retrying (with the peer's {@code Retry-After} when it
 * gave one), or dead (never retried: PagerDuty's 400, a missing secret, a refused URL). Failure is
 * a value, not an exception, so the dispatcher handles every case in one place.
 */
public sealed interface Outcome {

    record Delivered(int status) implements Outcome {
    }

    record Retry(String reason, Optional<Duration> retryAfter) implements Outcome {
        public Retry {
            Objects.requireNonNull(reason, "reason");
            retryAfter = Objects.requireNonNullElse(retryAfter, Optional.empty());
        }
    }

    record Dead(String reason) implements Outcome {
        public Dead {
            Objects.requireNonNull(reason, "reason");
        }
    }
}
