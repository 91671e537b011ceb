package io.infersla.loadgen;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import io.infersla.core.catalog.Catalog;
import io.infersla.loadgen.cli.Cli;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import picocli.CommandLine.ParameterException;

class LoadgenCommandTest {

    static final Catalog CATALOG = Catalog.builtIn();

    @TempDir
    Path dataDir;

    @Test
    void defaultsToAllCategoriesAt50RequestsPerSecondUntilStopped() {
        LoadSettings s = LoadgenCommand.parse(new String[] {"--token", "t"}, Map.of(), CATALOG);

        assertThat(s.categories()).hasSize(20);
        assertThat(s.rate()).isEqualTo(50);
        assertThat(s.duration()).isEmpty();
        assertThat(s.url()).isEqualTo("http://127.0.0.1:4318");
    }

    @Test
    void readsTheLocalStacksTokenWhenNoneIsGiven() throws Exception {
        Files.writeString(dataDir.resolve(LoadgenCommand.TOKEN_FILE), "isla_local\n");

        assertThat(LoadgenCommand.parse(new String[] {"--data-dir", dataDir.toString()}, Map.of(), CATALOG).token())
                .isEqualTo("isla_local");
        assertThat(LoadgenCommand.parse(new String[] {"--data-dir", dataDir.toString()}, Map.of("INFERSLA_TOKEN", "env"),
                CATALOG).token()).isEqualTo("env");
    }

    @Test
    void readsCategoriesRateDurationAndBreaches() {
        LoadSettings s = LoadgenCommand.parse(new String[] {"--token", "t", "--categories", "chatbot,embeddings", "--rate", "20",
                "--duration", "10m", "--breach", "chatbot:ttft_ms:x3@60s+120s"}, Map.of(), CATALOG);

        assertThat(s.categories()).containsExactly("chatbot", "embeddings");
        assertThat(s.rate()).isEqualTo(20);
        assertThat(s.duration()).contains(Duration.ofMinutes(10));
        assertThat(s.plan().injections()).hasSize(1);
    }

    @Test
    void grpcDefaultsToIngestsGrpcPortAndAGivenUrlWins() {
        LoadSettings grpc = LoadgenCommand.parse(new String[] {"--token", "t", "--protocol", "grpc"}, Map.of(), CATALOG);
        LoadSettings given = LoadgenCommand.parse(new String[] {"--token", "t", "--protocol", "grpc", "--url", "http://10.0.0.5:14317"},
                Map.of(), CATALOG);

        assertThat(grpc.protocol()).isEqualTo(Protocol.GRPC);
        assertThat(grpc.url()).isEqualTo("http://127.0.0.1:4317");
        assertThat(given.url()).isEqualTo("http://10.0.0.5:14317");
        assertThat(LoadgenCommand.parse(new String[] {"--token", "t"}, Map.of(), CATALOG).protocol()).isEqualTo(Protocol.HTTP);
        assertThatThrownBy(() -> LoadgenCommand.parse(new String[] {"--token", "t", "--protocol", "grpc-web"}, Map.of(), CATALOG))
                .hasMessage("--protocol must be http or grpc, was 'grpc-web'");
    }

    @Test
    void refusesABreachOfACategoryThatIsNotGenerated() {
        assertThatThrownBy(() -> LoadgenCommand.parse(new String[] {"--token", "t", "--categories", "embeddings",
                "--breach", "chatbot:ttft_ms:x3@60s+120s"}, Map.of(), CATALOG))
                .hasMessageContaining("category chatbot is not among --categories embeddings");
    }

    @Test
    void refusesUnknownCategoriesAndOptionsAndAMissingToken() {
        assertThatThrownBy(() -> LoadgenCommand.parse(new String[] {"--token", "t", "--categories", "chat"}, Map.of(), CATALOG))
                .hasMessageContaining("unknown category 'chat'");
        assertThatThrownBy(() -> LoadgenCommand.parse(new String[] {"--speed", "3"}, Map.of(), CATALOG))
                .hasMessage("Unknown options: '--speed', '3'");
        assertThatThrownBy(() -> LoadgenCommand.parse(new String[] {"--data-dir", dataDir.toString()}, Map.of(), CATALOG))
                .hasMessageContaining("no bearer token");
    }

    @Test
    void theSeedIsALongAndDurationsTakeTheOneSyntax() {
        LoadSettings s = LoadgenCommand.parse(new String[] {"--token", "t", "--seed", "42", "--progress", "0", "--duration", "500ms"},
                Map.of(), CATALOG);

        assertThat(s.seed()).isEqualTo(42L);
        assertThat(LoadgenCommand.parse(new String[] {"--token", "t", "--seed", "9007199254740993"}, Map.of(), CATALOG).seed())
                .isEqualTo(9_007_199_254_740_993L); // not representable as a double
        assertThat(s.progressEvery()).isZero();
        assertThat(s.duration()).contains(Duration.ofMillis(500));
        assertThat(LoadgenCommand.parse(new String[] {"--token", "t", "--duration", "1d"}, Map.of(), CATALOG).duration())
                .contains(Duration.ofDays(1));
        assertThatThrownBy(() -> LoadgenCommand.parse(new String[] {"--token", "t", "--seed", "4.2"}, Map.of(), CATALOG))
                .isInstanceOf(ParameterException.class).hasMessageContaining("'4.2' is not a long");
    }

    @Test
    void helpListsEveryOptionWithItsDefault() {
        StringWriter out = new StringWriter();
        StringWriter err = new StringWriter();

        int status = Cli.execute(new LoadgenCommand(Map.of(), CATALOG), new PrintWriter(out), new PrintWriter(err), "--help");

        assertThat(status).isZero();
        assertThat(err.toString()).isEmpty();
        String help = out.toString().replaceAll("\\s+", " ");
        assertThat(help).startsWith("Usage: ./infersla loadgen ").contains(
                "--protocol=P http (OTLP/HTTP protobuf) or grpc (OTLP/gRPC) (default: http)",
                "--url=URL ingest's base URL (default: http://127.0.0.1:4318, with grpc http://127.0.0.1:4317)",
                "--token=TOKEN bearer token (default: $INFERSLA_TOKEN, else the local stack's, from --data-dir)",
                "--data-dir=DIR the local stack's data directory (default: ~/.infersla/local)",
                "--categories=LIST comma-separated category ids, or all (default: all)",
                "--rate=N requests per second over all categories, > 0 (default: 50)",
                "--duration=D how long to run, > 0, e.g. 90s or 10m (default: until Ctrl-C)",
                "--breach=SPEC category:metric:xFACTOR@START+DURATION, e.g. chatbot:ttft_ms:x3@60s+120s (repeatable; default: none)",
                "--seed=N random seed, a whole number (default: time-based)",
                "--progress=D progress line interval; 0: none (default: 5s)",
                "--environment=NAME deployment.environment.name of the generated services (default: local)",
                "-h, --help");
    }

    @ParameterizedTest(name = "{0}")
    @CsvSource(delimiter = '|', value = {
        "--rate abc        | Invalid value for option '--rate': 'abc' is not a double",
        "--speed 3         | Unknown options: '--speed', '3'",
        "--seed 1e3        | Invalid value for option '--seed': '1e3' is not a long",
        "--duration -5s    | Invalid value for option '--duration': '-5s' is not a duration",
        "--progress 5sec   | Invalid value for option '--progress': '5sec' is not a duration",
        "--duration 0s     | --duration must be > 0",
        "--rate 0          | --rate must be a number > 0, was 0.0",
        "--rate            | Missing required parameter for option '--rate' (N)",
        "--categories chat | --categories: unknown category 'chat'",
    })
    void aBadOptionIsExit2AndOneLine(String args, String message) {
        StringWriter out = new StringWriter();
        StringWriter err = new StringWriter();

        int status = Cli.execute(new LoadgenCommand(Map.of(), CATALOG), new PrintWriter(out), new PrintWriter(err),
                ("--token t " + args).split(" "));

        assertThat(status).isEqualTo(2);
        assertThat(out.toString()).isEmpty();
        assertThat(err.toString().lines()).singleElement().asString().startsWith("infersla loadgen: ").contains(message)
                .endsWith("; see ./infersla loadgen --help");
    }

    @Test
    void theRateIsSharedByLoadClassAndAddsUpToTheTotal() {
        Map<String, Double> rates = LoadGenerator.shareRate(CATALOG, List.of("chatbot", "object-detection", "fine-tuning"), 100);

        assertThat(rates.values().stream().mapToDouble(Double::doubleValue).sum()).isCloseTo(100, within(1e-9));
        assertThat(rates.get("object-detection")).isCloseTo(3 * rates.get("chatbot"), within(1e-9)); // steady vs low
        assertThat(rates.get("fine-tuning")).isLessThan(rates.get("chatbot") / 10); // jobs are rare
    }
}
