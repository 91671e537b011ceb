package io.infersla.loadgen;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import io.infersla.core.catalog.Catalog;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

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
                .hasMessageContaining("unknown option --speed");
        assertThatThrownBy(() -> LoadgenCommand.parse(new String[] {"--data-dir", dataDir.toString()}, Map.of(), CATALOG))
                .hasMessageContaining("no bearer token");
    }

    @Test
    void theRateIsSharedByLoadClassAndAddsUpToTheTotal() {
        Map<String, Double> rates = LoadGenerator.shareRate(CATALOG, List.of("chatbot", "object-detection", "fine-tuning"), 100);

        assertThat(rates.values().stream().mapToDouble(Double::doubleValue).sum()).isCloseTo(100, within(1e-9));
        assertThat(rates.get("object-detection")).isCloseTo(3 * rates.get("chatbot"), within(1e-9)); // steady vs low
        assertThat(rates.get("fine-tuning")).isLessThan(rates.get("chatbot") / 10); // jobs are rare
    }
}
