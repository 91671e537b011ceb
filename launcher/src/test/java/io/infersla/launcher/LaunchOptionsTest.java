package io.infersla.launcher;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.infersla.core.config.PostgresUrl;
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
        assertThat(o.pgUrl()).contains(new PostgresUrl("jdbc:postgresql://db:5432/infersla", "postgres", ""));
        assertThat(o.kafka()).contains("k1:9092,k2:9092");
        assertThat(o.pagerDutyUrl()).contains(URI.create("https://events.pagerduty.com"));
        assertThat(o.alertmanagerUrl()).contains(URI.create("http://127.0.0.1:9093"));
        assertThat(o.dataDir()).isEqualTo(Path.of("/tmp/x"));
        assertThat(o.apiPort()).isZero();
    }

    @Test
    void takesALibpqUriAsPgUrl() {
        assertThat(parse("--pg-url", "postgresql://user@host/db").pgUrl())
                .contains(new PostgresUrl("jdbc:postgresql://host/db", "user", ""));
        assertThat(parse("--pg-url", "postgres://u:p%40ss@db:6543/infersla?sslmode=require").pgUrl())
                .contains(new PostgresUrl("jdbc:postgresql://db:6543/infersla?sslmode=require", "u", "p@ss"));
    }

    @Test
    void takesLibpqKeyValuePairsAsPgUrl() {
        assertThat(parse("--pg-url", "host=db port=5432 dbname=infersla user=u password='p w' sslmode=require").pgUrl())
                .contains(new PostgresUrl("jdbc:postgresql://db:5432/infersla?sslmode=require", "u", "p w"));
    }

    @Test
    void pgUserAndPgPasswordWinOverTheUrlsWhichWinsOverPostgres() {
        assertThat(parse("--pg-url", "postgresql://u:p@db/x", "--pg-user", "admin", "--pg-password", "secret").pgUrl())
                .contains(new PostgresUrl("jdbc:postgresql://db/x", "admin", "secret"));
        assertThat(parse("--pg-url", "postgresql://u:p@db/x", "--pg-password", "secret").pgUrl())
                .contains(new PostgresUrl("jdbc:postgresql://db/x", "u", "secret"));
        assertThat(parse("--pg-password", "secret", "--pg-url", "jdbc:postgresql://db/x").pgUrl())
                .contains(new PostgresUrl("jdbc:postgresql://db/x", "postgres", "secret"));
        assertThatThrownBy(() -> parse("--pg-user", "admin")).hasMessage("--pg-user needs --pg-url (the embedded PostgreSQL"
                + " has its own user)");
    }

    @Test
    void rejectsBadValuesNamingTheOption() {
        assertThatThrownBy(() -> parse("--pg-url", "postgresql://u:hunter2@db:abc/x"))
                .hasMessage("--pg-url: port must be a number 1..65535, was 'abc'");
        assertThatThrownBy(() -> parse("--pg-url", "hots=db")).hasMessageStartingWith("--pg-url: unknown key 'hots'");
        assertThatThrownBy(() -> parse("--pg-url", "mysql://db/x")).hasMessageStartingWith("--pg-url must be");
        assertThatThrownBy(() -> parse("--kafka", "localhost")).hasMessageContaining("--kafka must be HOST:PORT");
        assertThatThrownBy(() -> parse("--api-port", "70000")).hasMessageContaining("--api-port")
                .hasMessageContaining("70000");
        assertThatThrownBy(() -> parse("--pagerduty-url", "events.pagerduty.com")).hasMessageContaining("http://");
        assertThatThrownBy(() -> parse("--data-dir")).hasMessageContaining("--data-dir needs a value");
        assertThatThrownBy(() -> parse("--frobnicate", "1")).hasMessageContaining("unknown option --frobnicate");
    }
}
