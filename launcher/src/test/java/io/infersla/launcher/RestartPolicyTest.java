package io.infersla.launcher;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import java.time.Instant;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class RestartPolicyTest {

    private static final Instant T0 = Instant.parse("2026-12-06T12:00:00Z");

    @Test
    void theDelayDoublesWithDeathsInARowAndTheThirdWithinAMinuteGivesUp() {
        RestartPolicy policy = RestartPolicy.standard();

        assertThat(policy.onDeath(T0)).contains(Duration.ofSeconds(1));
        assertThat(policy.onDeath(T0.plusSeconds(20))).contains(Duration.ofSeconds(2));
        assertThat(policy.onDeath(T0.plusSeconds(59))).as("third death within a minute").isEmpty();
    }

    @Test
    void deathsOlderThanTheWindowNoLongerCount() {
        RestartPolicy policy = RestartPolicy.standard();

        assertThat(policy.onDeath(T0)).contains(Duration.ofSeconds(1));
        assertThat(policy.onDeath(T0.plusSeconds(30))).contains(Duration.ofSeconds(2));
        assertThat(policy.onDeath(T0.plusSeconds(89))).as("the first is more than a minute old").contains(Duration.ofSeconds(2));
        assertThat(policy.onDeath(T0.plusSeconds(300))).as("stayed up for minutes: starts over").contains(Duration.ofSeconds(1));
        assertThat(policy.recentDeaths()).isEqualTo(1);
    }

    @Test
    void theDelayIsCappedAtTheMaximum() {
        RestartPolicy policy = new RestartPolicy(100, Duration.ofHours(1), Duration.ofSeconds(1), Duration.ofSeconds(30));
        Optional<Duration> last = Optional.empty();
        for (int i = 0; i < 10; i++) {
            last = policy.onDeath(T0.plusSeconds(i));
        }
        assertThat(last).contains(Duration.ofSeconds(30));
    }

    @Test
    void badSettingsAreRefusedNamingThem() {
        assertThatThrownBy(() -> new RestartPolicy(0, Duration.ofMinutes(1), Duration.ofSeconds(1), Duration.ofSeconds(2)))
                .hasMessage("maxFailures must be >= 1, was 0");
        assertThatThrownBy(() -> new RestartPolicy(3, Duration.ofMinutes(1), Duration.ofSeconds(5), Duration.ofSeconds(2)))
                .hasMessageStartingWith("window must be > 0 and 0 <= firstDelay <= maxDelay");
    }
}
