package io.infersla.ingest.kafka;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.time.Instant;
import org.apache.kafka.clients.consumer.CommitFailedException;
import org.junit.jupiter.api.Test;

class ConsumerStateTest {

    private static final Instant T0 = Instant.parse("2026-12-06T12:00:00Z");

    @Test
    void failuresInARowKeepTheirFirstMomentAndASuccessfulPollForgetsThem() {
        ConsumerState failing = ConsumerState.starting(T0).polled(T0)
                .failed(T0.plusSeconds(10), new CommitFailedException("rebalanced"))
                .failed(T0.plusSeconds(20), new IllegalStateException());

        assertThat(failing.phase()).isEqualTo(ConsumerState.Phase.FAILING);
        assertThat(failing.since()).isEqualTo(T0.plusSeconds(10));
        assertThat(failing.failures()).isEqualTo(2);
        assertThat(failing.lastError()).isEqualTo("IllegalStateException");

        ConsumerState recovered = failing.polled(T0.plusSeconds(30));
        assertThat(recovered).isEqualTo(new ConsumerState(ConsumerState.Phase.CONSUMING, T0.plusSeconds(30), 0, ""));
        assertThat(recovered.polled(T0.plusSeconds(40))).as("consuming stays consuming since it began").isSameAs(recovered);
    }

    @Test
    void thePauseDoublesPerFailureUpToAMinute() {
        ConsumerState state = ConsumerState.starting(T0);
        Duration first = Duration.ofSeconds(5);
        assertThat(state.backoff(first)).isEqualTo(first);
        state = state.failed(T0, new RuntimeException());
        assertThat(state.backoff(first)).isEqualTo(Duration.ofSeconds(5));
        state = state.failed(T0, new RuntimeException());
        assertThat(state.backoff(first)).isEqualTo(Duration.ofSeconds(10));
        state = state.failed(T0, new RuntimeException()).failed(T0, new RuntimeException());
        assertThat(state.backoff(first)).isEqualTo(Duration.ofSeconds(40));
        for (int i = 0; i < 40; i++) {
            state = state.failed(T0, new RuntimeException());
        }
        assertThat(state.backoff(first)).isEqualTo(Duration.ofMinutes(1));
        assertThat(state.backoff(Duration.ofMinutes(3))).as("a first pause over the cap").isEqualTo(Duration.ofMinutes(1));
    }

    @Test
    void aliveUntilFailingForFiveMinutesOrDead() {
        ConsumerState failing = ConsumerState.starting(T0).failed(T0, new RuntimeException("boom"));
        assertThat(failing.alive(T0.plus(ConsumerState.FAILING_TOO_LONG).minusSeconds(1))).isTrue();
        assertThat(failing.alive(T0.plus(ConsumerState.FAILING_TOO_LONG))).isFalse();
        assertThat(failing.polled(T0.plusSeconds(600)).alive(T0.plusSeconds(600))).isTrue();
        assertThat(ConsumerState.starting(T0).alive(T0.plusSeconds(3600))).isTrue();
        assertThat(ConsumerState.starting(T0).dead(T0, new OutOfMemoryError("Java heap space")).alive(T0)).isFalse();
    }
}
