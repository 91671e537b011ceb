package io.infersla.launcher;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.infersla.loadgen.Protocol;
import io.infersla.loadgen.cli.Cli;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Path;
import java.time.Duration;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class BenchCommandTest {

    @Test
    void withoutBreachesTheLoadRunsThreeMinutesAt1000RequestsPerSecondOverHttp() {
        BenchCommand.BenchOptions o = BenchCommand.parse();

        assertThat(o.rate()).isEqualTo(1000);
        assertThat(o.breaches()).isZero();
        assertThat(o.breachFactor()).isEqualTo(8);
        assertThat(o.breachAfter()).isEqualTo(Duration.ofMinutes(5));
        assertThat(o.warmup()).isEqualTo(Duration.ofSeconds(60));
        assertThat(o.duration()).isEqualTo(Duration.ofMinutes(3));
        assertThat(o.protocol()).isEqualTo(Protocol.HTTP);
        assertThat(o.dataDir()).isEmpty();
    }

    @Test
    void theDocumentedDefaultOfNoBreachesCanBeGiven() {
        BenchCommand.BenchOptions o = BenchCommand.parse("--breaches", "0");

        assertThat(o.breaches()).isZero();
        assertThat(o.duration()).isEqualTo(Duration.ofMinutes(3));
    }

    @Test
    void withBreachesTheLoadRunsUntil90SecondsAfterTheLastBreachBegins() {
        BenchCommand.BenchOptions o = BenchCommand.parse("--breaches", "6", "--breach-after", "5m", "--protocol", "grpc");

        // 5 breaches 13 s apart after the first at 300 s: the last begins at 365 s.
        assertThat(o.duration()).isEqualTo(Duration.ofSeconds(300 + 5 * 13 + 90));
        assertThat(o.protocol()).isEqualTo(Protocol.GRPC);
    }

    @Test
    void readsEveryOption() {
        BenchCommand.BenchOptions o = BenchCommand.parse("--rate", "2500.5", "--breaches", "2", "--breach-factor", "20",
                "--breach-after", "0", "--duration", "2h", "--warmup", "0s", "--data-dir", "/tmp/b", "--home", "/srv/infersla");

        assertThat(o.rate()).isEqualTo(2500.5);
        assertThat(o.breaches()).isEqualTo(2);
        assertThat(o.breachFactor()).isEqualTo(20);
        assertThat(o.breachAfter()).isZero();
        assertThat(o.duration()).isEqualTo(Duration.ofHours(2));
        assertThat(o.warmup()).isZero();
        assertThat(o.dataDir()).contains(Path.of("/tmp/b"));
        assertThat(o.home()).isEqualTo(Path.of("/srv/infersla"));
    }

    @Test
    void refusesADurationThatLeavesNothingAfterTheWarmUpAndUnknownOptions() {
        assertThatThrownBy(() -> BenchCommand.parse("--duration", "60s"))
                .hasMessage("--duration 60 s leaves nothing to measure after --warmup 60 s");
        assertThatThrownBy(() -> BenchCommand.parse("--speed", "3")).hasMessage("Unknown options: '--speed', '3'");
        assertThatThrownBy(() -> BenchCommand.parse("--rate", "-5")).hasMessage("--rate must be a number > 0, was -5.0");
    }

    @Test
    void helpListsEveryOptionWithItsDefault() {
        StringWriter out = new StringWriter();
        StringWriter err = new StringWriter();

        assertThat(Cli.execute(new BenchCommand(Path.of("")), new PrintWriter(out), new PrintWriter(err), "--help")).isZero();

        assertThat(err.toString()).isEmpty();
        assertThat(out.toString().replaceAll("\\s+", " ")).startsWith("Usage: ./infersla bench ").contains(
                "--rate=N background requests/s over all 20 categories, > 0 (default: 1000)",
                "--breaches=N chatbots whose TTFT goes xF for 60 s, each a series of its own, >= 0 (default: 0)",
                "--breach-factor=F the TTFT factor of the breaches, > 0 (default: 8)",
                "--breach-after=D when the first breach begins, 0 allowed (default: 5m: a full window of healthy history)",
                "--duration=D how long the load runs, > 0 (default: 3m, or until 90 s after the last breach begins)",
                "--warmup=D left out of the throughput and CPU figures, 0 allowed (default: 60s)",
                "--protocol=P http or grpc (default: http)",
                "--data-dir=DIR where the stack keeps its data (default: a fresh directory, deleted at the end)",
                "--home=DIR the InferSLA checkout (default: the current directory)",
                "-h, --help show this help");
    }

    /** Each fails while parsing, before the stack starts. */
    @ParameterizedTest(name = "{0}")
    @CsvSource(delimiter = '|', value = {
        "--rate abc             | Invalid value for option '--rate': 'abc' is not a double",
        "--rate 0               | --rate must be a number > 0, was 0.0",
        "--breaches -1          | --breaches must be a whole number >= 0, was -1",
        "--breaches 1.5         | Invalid value for option '--breaches': '1.5' is not an int",
        "--breach-factor 0      | --breach-factor must be a number > 0, was 0.0",
        "--breach-after -5m     | Invalid value for option '--breach-after': '-5m' is not a duration",
        "--duration 0           | --duration must be > 0",
        "--duration 90          | Invalid value for option '--duration': '90' is not a duration",
        "--warmup 1w            | Invalid value for option '--warmup': '1w' is not a duration",
        "--protocol grpc-web    | --protocol must be http or grpc, was 'grpc-web'",
        "--speed 3              | Unknown options: '--speed', '3'",
        "--duration 60s         | --duration 60 s leaves nothing to measure after --warmup 60 s",
    })
    void aBadOptionIsExit2AndOneLine(String args, String message) {
        StringWriter out = new StringWriter();
        StringWriter err = new StringWriter();

        assertThat(Cli.execute(new BenchCommand(Path.of("")), new PrintWriter(out), new PrintWriter(err), args.split(" "))).isEqualTo(2);

        assertThat(out.toString()).isEmpty();
        assertThat(err.toString().lines()).singleElement().asString().startsWith("infersla bench: " + message)
                .endsWith("; see ./infersla bench --help");
    }
}
