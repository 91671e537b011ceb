package io.infersla.launcher;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.infersla.loadgen.cli.Cli;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.time.Duration;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class IngestBenchmarkTest {

    @Test
    void defaultsAreTheDocumentedRun() {
        IngestBenchmark.Options o = IngestBenchmark.parse();

        assertThat(o.clients()).containsExactly(8, 16, 32);
        assertThat(o.warmUp()).isEqualTo(Duration.ofSeconds(10));
        assertThat(o.measured()).isEqualTo(Duration.ofSeconds(30));
        assertThat(o.spans()).isEqualTo(100);
        assertThat(o.url()).isEmpty();
        assertThat(o.kafka()).isEmpty();
    }

    @Test
    void readsEveryOption() {
        IngestBenchmark.Options o = IngestBenchmark.parse("--clients", "4, 64", "--warm-up", "500ms",
                "--duration", "2m", "--spans", "50", "--url", "http://10.0.0.7:4318", "--token", "t0ken", "--kafka", "k:9092");

        assertThat(o.clients()).containsExactly(4, 64);
        assertThat(o.warmUp()).isEqualTo(Duration.ofMillis(500));
        assertThat(o.measured()).isEqualTo(Duration.ofMinutes(2));
        assertThat(o.spans()).isEqualTo(50);
        assertThat(o.url()).contains("http://10.0.0.7:4318");
        assertThat(o.token()).contains("t0ken");
        assertThat(o.kafka()).contains("k:9092");
        assertThat(IngestBenchmark.parse("--warm-up", "0").warmUp()).isZero();
    }

    @Test
    void badOptionsNameTheOptionAndTheValue() {
        assertThatThrownBy(() -> IngestBenchmark.parse("--clients", "8,zero"))
                .hasMessage("Invalid value for option '--clients' (N): 'zero' is not an int");
        assertThatThrownBy(() -> IngestBenchmark.parse("--url", "http://x:4318")).hasMessage("--url and --token go together");
        assertThatThrownBy(() -> IngestBenchmark.parse("--spans")).hasMessage("Missing required parameter for option '--spans' (N)");
        assertThatThrownBy(() -> IngestBenchmark.parse("--rate", "5")).hasMessage("Unknown options: '--rate', '5'");
    }

    @Test
    void helpListsEveryOptionWithItsDefault() {
        StringWriter out = new StringWriter();
        StringWriter err = new StringWriter();

        assertThat(Cli.execute(new IngestBenchmark(), new PrintWriter(out), new PrintWriter(err), "--help")).isZero();

        assertThat(err.toString()).isEmpty();
        assertThat(out.toString().replaceAll("\\s+", " ")).startsWith("Usage: ./infersla bench-ingest ").contains(
                "--clients=N[,N...] concurrent closed-loop clients, one run per value, each >= 1 (default: 8,16,32)",
                "--warm-up=D per run, not measured; 0: none (default: 10s)",
                "--duration=D per run, measured, > 0 (default: 30s)",
                "--spans=N spans per export, >= 1 (default: 100)",
                "--url=URL an ingest that is already running (OTLP/HTTP base URL); with --token (default: start one)",
                "--token=TOKEN its bearer token (default: none)",
                "--kafka=HOST:PORT start ingest against this broker instead of starting one (default: a broker of its own)",
                "-h, --help show this help");
    }

    /** Each fails while parsing, before anything starts. */
    @ParameterizedTest(name = "{0}")
    @CsvSource(delimiter = '|', value = {
        "--clients 8,0        | --clients must be whole numbers >= 1, was 0",
        "--clients abc        | Invalid value for option '--clients' (N): 'abc' is not an int",
        "--spans 0            | --spans must be a whole number >= 1, was 0",
        "--spans -1           | --spans must be a whole number >= 1, was -1",
        "--duration 0s        | --duration must be > 0",
        "--duration soon      | Invalid value for option '--duration': 'soon' is not a duration",
        "--warm-up -10s       | Invalid value for option '--warm-up': '-10s' is not a duration",
        "--token t            | --url and --token go together",
        "--rate 5             | Unknown options: '--rate', '5'",
    })
    void aBadOptionIsExit2AndOneLine(String args, String message) {
        StringWriter out = new StringWriter();
        StringWriter err = new StringWriter();

        assertThat(Cli.execute(new IngestBenchmark(), new PrintWriter(out), new PrintWriter(err), args.split(" "))).isEqualTo(2);

        assertThat(out.toString()).isEmpty();
        assertThat(err.toString().lines()).singleElement().asString().startsWith("infersla bench-ingest: " + message)
                .endsWith("; see ./infersla bench-ingest --help");
    }
}
