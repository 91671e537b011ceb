package io.infersla.launcher;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.net.URI;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;

class LaunchOptionsTest {

    static final Path DATA = Path.of("/var/tmp/infersla-data");
    static final Path HOME = Path.of("/opt/infersla");

    static LaunchOptions parse(String... args) {
        return LaunchOptions.parse(args, DATA, HOME);
    }

    @Test
    void defaultsAreTheDocumentedPortsAndAnEmbeddedStack() {
        LaunchOptions o = parse();

        assertThat(o.demo()).isFalse();
        assertThat(o.pgUrl()).isEmpty();
        assertThat(o.kafka()).isEmpty();
        assertThat(o.pagerDutyUrl()).isEmpty();
        assertThat(o.dataDir()).isEqualTo(DATA);
        assertThat(new int[] {o.otlpHttpPort(), o.otlpGrpcPort(), o.apiPort(), o.kafkaPort()})
                .containsExactly(4318, 4317, 8080, 9092);
    }

    @Test
    void readsEveryDocumentedOption() {
        LaunchOptions o = parse("--demo", "--pg-url", "jdbc:postgresql://db:5432/infersla", "--kafka", "k1:9092,k2:9092",
                "--pagerduty-url", "https://events.pagerduty.com/", "--alertmanager-url", "http://127.0.0.1:9093",
                "--data-dir", "/tmp/x", "--api-port", "0");

        assertThat(o.demo()).isTrue();
        assertThat(o.pgUrl()).contains("jdbc:postgresql://db:5432/infersla");
        assertThat(o.kafka()).contains("k1:9092,k2:9092");
        assertThat(o.pagerDutyUrl()).contains(URI.create("https://events.pagerduty.com"));
        assertThat(o.alertmanagerUrl()).contains(URI.create("http://127.0.0.1:9093"));
        assertThat(o.dataDir()).isEqualTo(Path.of("/tmp/x"));
        assertThat(o.apiPort()).isZero();
    }

    @Test
    void rejectsBadValuesNamingTheOption() {
        assertThatThrownBy(() -> parse("--pg-url", "postgres://db/x")).hasMessageContaining("--pg-url")
                .hasMessageContaining("postgres://db/x");
        assertThatThrownBy(() -> parse("--kafka", "localhost")).hasMessageContaining("--kafka must be HOST:PORT");
        assertThatThrownBy(() -> parse("--api-port", "70000")).hasMessageContaining("--api-port")
                .hasMessageContaining("70000");
        assertThatThrownBy(() -> parse("--pagerduty-url", "events.pagerduty.com")).hasMessageContaining("http://");
        assertThatThrownBy(() -> parse("--data-dir")).hasMessageContaining("--data-dir needs a value");
        assertThatThrownBy(() -> parse("--frobnicate", "1")).hasMessageContaining("unknown option --frobnicate");
    }
}
