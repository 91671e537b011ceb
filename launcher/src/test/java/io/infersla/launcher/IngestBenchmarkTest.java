package io.infersla.launcher;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import org.junit.jupiter.api.Test;

class IngestBenchmarkTest {

    @Test
    void defaultsAreTheDocumentedRun() {
        IngestBenchmark.Options o = IngestBenchmark.parse(new String[0]);

        assertThat(o.clients()).containsExactly(8, 16, 32);
        assertThat(o.warmUp()).isEqualTo(Duration.ofSeconds(10));
        assertThat(o.measured()).isEqualTo(Duration.ofSeconds(30));
        assertThat(o.spans()).isEqualTo(100);
        assertThat(o.url()).isEmpty();
        assertThat(o.kafka()).isEmpty();
    }

    @Test
    void readsEveryOption() {
        IngestBenchmark.Options o = IngestBenchmark.parse(new String[] {"--clients", "4, 64", "--warm-up", "5s",
                "--duration", "2m", "--spans", "50", "--url", "http://10.0.0.7:4318", "--token", "t0ken", "--kafka", "k:9092"});

        assertThat(o.clients()).containsExactly(4, 64);
        assertThat(o.warmUp()).isEqualTo(Duration.ofSeconds(5));
        assertThat(o.measured()).isEqualTo(Duration.ofMinutes(2));
        assertThat(o.spans()).isEqualTo(50);
        assertThat(o.url()).contains("http://10.0.0.7:4318");
        assertThat(o.token()).contains("t0ken");
        assertThat(o.kafka()).contains("k:9092");
    }

    @Test
    void badOptionsNameTheOptionAndTheValue() {
        assertThatThrownBy(() -> IngestBenchmark.parse(new String[] {"--clients", "8,zero"}))
                .hasMessage("--clients must be a whole number >= 1, was 'zero'");
        assertThatThrownBy(() -> IngestBenchmark.parse(new String[] {"--duration", "soon"}))
                .hasMessage("--duration must be a duration such as 30s or 2m, was 'soon'");
        assertThatThrownBy(() -> IngestBenchmark.parse(new String[] {"--url", "http://x:4318"}))
                .hasMessage("--url and --token go together");
        assertThatThrownBy(() -> IngestBenchmark.parse(new String[] {"--spans"})).hasMessage("--spans needs a value");
        assertThatThrownBy(() -> IngestBenchmark.parse(new String[] {"--rate", "5"})).hasMessage("unknown option --rate");
    }
}
