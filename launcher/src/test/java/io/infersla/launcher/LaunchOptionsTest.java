package io.infersla.launcher;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.infersla.core.config.PostgresUrl;
import io.infersla.loadgen.cli.Cli;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.net.URI;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import picocli.CommandLine.ParameterException;

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
        assertThat(o.home()).isEqualTo(HOME);
        assertThat(new int[] {o.otlpHttpPort(), o.otlpGrpcPort(), o.apiPort(), o.kafkaPort()})
                .containsExactly(4318, 4317, 8080, 9092);
        assertThat(o.demoRate()).isEqualTo(40);
    }

    @Test
    void readsEveryDocumentedOption() {
        LaunchOptions o = parse("--demo", "--pg-url", "jdbc:postgresql://db:5432/infersla", "--pg-user", "u", "--pg-password", "p",
                "--kafka", "k1:9092,k2:9092", "--pagerduty-url", "https://events.pagerduty.com/", "--alertmanager-url",
                "http://127.0.0.1:9093", "--data-dir", "/tmp/x", "--home", "/srv/infersla", "--otlp-http-port", "14318",
                "--otlp-grpc-port", "14317", "--api-port", "0", "--kafka-port", "19092", "--demo-rate", "2.5");

        assertThat(o.demo()).isTrue();
        assertThat(o.pgUrl()).contains(new PostgresUrl("jdbc:postgresql://db:5432/infersla", "u", "p"));
        assertThat(o.kafka()).contains("k1:9092,k2:9092");
        assertThat(o.pagerDutyUrl()).contains(URI.create("https://events.pagerduty.com"));
        assertThat(o.alertmanagerUrl()).contains(URI.create("http://127.0.0.1:9093"));
        assertThat(o.dataDir()).isEqualTo(Path.of("/tmp/x"));
        assertThat(o.home()).isEqualTo(Path.of("/srv/infersla"));
        assertThat(new int[] {o.otlpHttpPort(), o.otlpGrpcPort(), o.apiPort(), o.kafkaPort()})
                .containsExactly(14318, 14317, 0, 19092);
        assertThat(o.demoRate()).isEqualTo(2.5);
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
        assertThatThrownBy(() -> parse("--pg-url", "postgresql://u:hunter2@db:abc/x")).isInstanceOf(ParameterException.class)
                .hasMessage("--pg-url: port must be a number 1..65535, was 'abc'");
        assertThatThrownBy(() -> parse("--pg-url", "hots=db")).hasMessageStartingWith("--pg-url: unknown key 'hots'");
        assertThatThrownBy(() -> parse("--pg-url", "mysql://db/x")).hasMessageStartingWith("--pg-url must be");
        assertThatThrownBy(() -> parse("--kafka", "localhost")).hasMessageContaining("--kafka must be HOST:PORT");
        assertThatThrownBy(() -> parse("--api-port", "70000")).hasMessage("--api-port must be a port in 0..65535, was 70000");
        assertThatThrownBy(() -> parse("--pagerduty-url", "events.pagerduty.com")).hasMessageContaining("http://");
        assertThatThrownBy(() -> parse("--data-dir")).hasMessage("Missing required parameter for option '--data-dir' (DIR)");
        assertThatThrownBy(() -> parse("--frobnicate")).hasMessage("Unknown option: '--frobnicate'");
        assertThatThrownBy(() -> parse("--demo-rate", "0")).hasMessage("--demo-rate must be a number > 0, was 0.0");
    }

    static String run(int expectedStatus, StringWriter out, String... args) {
        StringWriter err = new StringWriter();
        assertThat(Cli.execute(new LocalCommand(DATA, HOME), new PrintWriter(out), new PrintWriter(err), args))
                .isEqualTo(expectedStatus);
        return err.toString();
    }

    @Test
    void helpListsEveryOptionWithItsDefault() {
        StringWriter out = new StringWriter();

        assertThat(run(0, out, "--help")).isEmpty();

        assertThat(out.toString().replaceAll("\\s+", " ")).startsWith("Usage: ./infersla local ").contains(
                "--demo also run the load generator",
                "--data-dir=DIR Kafka, PostgreSQL, logs and the token (default: ~/.infersla/local)",
                "--pg-url=URL use this PostgreSQL instead of embedded binaries: jdbc:postgresql://host:port/db, "
                        + "postgresql://user:password@host:port/db or host=... dbname=... (default: embedded)",
                "--pg-user=USER the user of --pg-url (default: the URL's, else postgres)",
                "--pg-password=PASSWORD the password of --pg-url (default: the URL's, else none)",
                "--kafka=HOST:PORT use this Kafka cluster (HOST:PORT[,HOST:PORT...]) instead of starting a broker (default: a broker of its own)",
                "--pagerduty-url=URL page there (PagerDuty Events v2 base URL) instead of the built-in local receiver (default: the local receiver)",
                "--alertmanager-url=URL also send alerts to this Alertmanager (base URL) (default: none)",
                "--otlp-http-port=N ingest OTLP/HTTP port, 0..65535; 0: any free port (default: 4318)",
                "--otlp-grpc-port=N ingest OTLP/gRPC port, 0..65535; 0: any free port (default: 4317)",
                "--api-port=N sla-engine API port, 0..65535; 0: any free port (default: 8080)",
                "--kafka-port=N the broker's port, 0..65535; 0: any free port (default: 9092)",
                "--demo-rate=N requests/s of the demo load, > 0 (default: 40)",
                "--home=DIR the InferSLA checkout (default: the current directory)",
                "-h, --help show this help");
    }

    /** Each fails while parsing, before anything starts. */
    @ParameterizedTest(name = "{0}")
    @CsvSource(delimiter = '|', value = {
        "--api-port abc          | Invalid value for option '--api-port': 'abc' is not an int",
        "--api-port -1           | --api-port must be a port in 0..65535, was -1",
        "--demo-rate abc         | Invalid value for option '--demo-rate': 'abc' is not a double",
        "--frobnicate            | Unknown option: '--frobnicate'",
        "extra                   | Unmatched argument at index 0: 'extra'",
        "--kafka localhost       | --kafka must be HOST:PORT[,HOST:PORT...], was 'localhost'",
        "--pagerduty-url x.y     | --pagerduty-url must start with http:// or https://, was x.y",
    })
    void aBadOptionIsExit2AndOneLine(String args, String message) {
        StringWriter out = new StringWriter();

        String err = run(2, out, args.split(" "));

        assertThat(out.toString()).isEmpty();
        assertThat(err).isEqualTo("infersla local: " + message + "; see ./infersla local --help" + System.lineSeparator());
    }
}
