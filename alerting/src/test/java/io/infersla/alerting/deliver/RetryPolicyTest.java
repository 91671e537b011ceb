package io.infersla.alerting.deliver;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import java.time.Instant;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class RetryPolicyTest {

    static final RetryPolicy POLICY = RetryPolicy.DEFAULT;

    @ParameterizedTest(name = "after {0} failed attempts the delay is in [{1} ms, {2} ms]")
    @CsvSource({
            "1, 500, 1000",
            "2, 1000, 2000",
            "3, 2000, 4000",
            "9, 128000, 256000",
            "10, 150000, 300000",
            "500, 150000, 300000"})
    void delayDoublesWithEqualJitterUpToTheCap(int attempts, long minMs, long maxMs) {
        assertThat(POLICY.delay(attempts, Optional.empty(), 0.0)).isEqualTo(Duration.ofMillis(minMs));
        assertThat(POLICY.delay(attempts, Optional.empty(), 0.999_999).toMillis()).isBetween(minMs, maxMs);
    }

    @Test
    void retryAfterIsHonouredWhenLongerThanTheBackoff() {
        assertThat(POLICY.delay(1, Optional.of(Duration.ofSeconds(30)), 0.5)).isEqualTo(Duration.ofSeconds(30));
    }

    @Test
    void backoffWinsWhenLongerThanRetryAfter() {
        assertThat(POLICY.delay(10, Optional.of(Duration.ofSeconds(1)), 0.0)).isEqualTo(Duration.ofSeconds(150));
    }

    @Test
    void anAbsurdRetryAfterIsCappedAtOneHour() {
        assertThat(POLICY.delay(1, Optional.of(Duration.ofDays(3)), 0.0)).isEqualTo(Duration.ofHours(1));
    }

    @Test
    void rejectsNonsenseWithTheValueInTheMessage() {
        assertThatThrownBy(() -> POLICY.delay(0, Optional.empty(), 0.5)).hasMessage("failedAttempts must be >= 1, was 0");
        assertThatThrownBy(() -> new RetryPolicy(Duration.ofSeconds(10), Duration.ofSeconds(1), Duration.ofHours(1),
                Duration.ofHours(1))).hasMessage("max must be >= initial PT10S, was PT1S");
    }

    @Test
    void retryAfterHeaderReadsSecondsAndHttpDates() {
        Instant now = Instant.parse("2026-03-01T12:00:00Z");

        assertThat(RetryAfter.parse(Optional.of("30"), now)).contains(Duration.ofSeconds(30));
        assertThat(RetryAfter.parse(Optional.of("Sun, 01 Mar 2026 12:01:00 GMT"), now)).contains(Duration.ofMinutes(1));
        assertThat(RetryAfter.parse(Optional.of("Sun, 01 Mar 2026 11:00:00 GMT"), now)).contains(Duration.ZERO);
        assertThat(RetryAfter.parse(Optional.of("soon"), now)).isEmpty();
        assertThat(RetryAfter.parse(Optional.empty(), now)).isEmpty();
    }
}
