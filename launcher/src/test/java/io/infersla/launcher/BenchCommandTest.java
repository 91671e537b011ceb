package io.infersla.launcher;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.infersla.loadgen.Protocol;
import java.time.Duration;
import org.junit.jupiter.api.Test;

class BenchCommandTest {

    @Test
    void withoutBreachesTheLoadRunsThreeMinutesAt1000RequestsPerSecondOverHttp() {
        BenchCommand.BenchOptions o = BenchCommand.parse(new String[0]);

        assertThat(o.rate()).isEqualTo(1000);
        assertThat(o.duration()).isEqualTo(Duration.ofMinutes(3));
        assertThat(o.protocol()).isEqualTo(Protocol.HTTP);
        assertThat(o.dataDir()).isEmpty();
    }

    @Test
    void withBreachesTheLoadRunsUntil90SecondsAfterTheLastBreachBegins() {
        BenchCommand.BenchOptions o = BenchCommand.parse(new String[] {"--breaches", "6", "--breach-after", "5m", "--protocol", "grpc"});

        // 5 breaches 13 s apart after the first at 300 s: the last begins at 365 s.
        assertThat(o.duration()).isEqualTo(Duration.ofSeconds(300 + 5 * 13 + 90));
        assertThat(o.protocol()).isEqualTo(Protocol.GRPC);
    }

    @Test
    void refusesADurationThatLeavesNothingAfterTheWarmUpAndUnknownOptions() {
        assertThatThrownBy(() -> BenchCommand.parse(new String[] {"--duration", "60s"}))
                .hasMessage("--duration 60 s leaves nothing to measure after --warmup 60 s");
        assertThatThrownBy(() -> BenchCommand.parse(new String[] {"--speed", "3"})).hasMessage("unknown option --speed");
        assertThatThrownBy(() -> BenchCommand.parse(new String[] {"--rate", "-5"})).hasMessage("--rate must be a number > 0, was '-5'");
    }
}
