package io.infersla.ingest.config;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.infersla.core.catalog.Catalog;
import io.infersla.core.auth.BearerAuthenticator;
import io.infersla.core.auth.TokenDigest;
import io.infersla.ingest.mapping.CategoryRoute;
import io.quarkus.runtime.configuration.DurationConverter;
import io.quarkus.runtime.configuration.MemorySize;
import io.quarkus.runtime.configuration.MemorySizeConverter;
import io.smallrye.config.PropertiesConfigSource;
import io.smallrye.config.SmallRyeConfig;
import io.smallrye.config.SmallRyeConfigBuilder;
import java.time.Duration;
import java.util.HashMap;
import java.util.Map;
import org.junit.jupiter.api.Test;

class IngestSettingsTest {

    static final Catalog CATALOG = Catalog.builtIn();

    static IngestSettings settings(Map<String, String> properties) {
        SmallRyeConfig config = new SmallRyeConfigBuilder()
                .withMapping(IngestConfig.class)
                .withConverter(Duration.class, 200, new DurationConverter())
                .withConverter(MemorySize.class, 200, new MemorySizeConverter())
                .withSources(new PropertiesConfigSource(properties, "test", 100))
                .build();
        return IngestSettings.from(config.getConfigMapping(IngestConfig.class), CATALOG);
    }

    @Test
    void defaultsAreTheDesignDocumentsOnes() {
        IngestSettings settings = settings(Map.of());

        assertThat(settings.bootstrapServers()).isEqualTo("localhost:9092");
        assertThat(settings.requestsTopic()).isEqualTo("sla.requests");
        assertThat(settings.rejectedTopic()).isEqualTo("sla.requests.dlq");
        assertThat(settings.otlpSpansTopic()).isEqualTo("otlp_spans");
        assertThat(settings.maxBodyBytes()).isEqualTo(16L * 1024 * 1024);
        assertThat(settings.grpcPort()).isEqualTo(4317);
        assertThat(settings.otlpSpansEncoding()).isEqualTo(IngestSettings.OtlpSpansEncoding.OTLP_PROTO);
        assertThat(settings.mappingRules().defaultContract()).isEqualTo("default");
        assertThat(settings.tokenDigests()).isEmpty();
    }

    @Test
    void tokensAreDigestsAndTheDevelopmentTokenMapsToTheDevelopmentTenant() {
        String acme = TokenDigest.of("acme-secret-token");
        IngestSettings settings = settings(Map.of(
                "infersla.ingest.tokens.acme", acme.toUpperCase(),
                "infersla.ingest.dev-token", "local-development-token"));
        BearerAuthenticator auth = new BearerAuthenticator(settings.tokenDigests());

        assertThat(auth.tenant("Bearer acme-secret-token")).contains("acme");
        assertThat(auth.tenant("Bearer local-development-token")).contains("local");
        assertThat(auth.tenant("Bearer " + acme)).isEmpty();
        assertThat(auth.tenant("Bearer ")).isEmpty();
        assertThat(auth.tenant(null)).isEmpty();
    }

    @Test
    void routesAreReadInOrder() {
        IngestSettings settings = settings(Map.of(
                "infersla.ingest.routes[0].service", "whisper",
                "infersla.ingest.routes[0].category", "speech-to-text",
                "infersla.ingest.routes[1].model", "llama-3.1-8b",
                "infersla.ingest.routes[1].operation", "chat",
                "infersla.ingest.routes[1].category", "chatbot"));

        assertThat(settings.mappingRules().routes()).containsExactly(
                new CategoryRoute("whisper", null, null, "speech-to-text"),
                new CategoryRoute(null, "llama-3.1-8b", "chat", "chatbot"));
    }

    @Test
    void everyInvalidValueIsReportedWithItsKeyAndValue() {
        Map<String, String> bad = new HashMap<>();
        bad.put("infersla.kafka.bootstrap-servers", "no port");
        bad.put("infersla.kafka.topics.requests", "bad topic!");
        bad.put("infersla.ingest.tokens.acme", "abc");
        bad.put("infersla.ingest.dev-token", "short");
        bad.put("infersla.ingest.max-body-size", "10");
        bad.put("infersla.ingest.max-spans-per-request", "0");
        bad.put("infersla.ingest.kafka-ack-timeout", "0s");
        bad.put("infersla.ingest.routes[0].service", "x");
        bad.put("infersla.ingest.routes[0].category", "telepathy");
        bad.put("infersla.ingest.grpc.port", "70000");
        bad.put("infersla.ingest.otlp-spans.encoding", "otlp_xml");
        bad.put("infersla.ingest.otlp-spans.enabled", "true");

        assertThatThrownBy(() -> settings(bad))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContainingAll(
                        "infersla.kafka.bootstrap-servers: must be host:port[,host:port...], was 'no port'",
                        "infersla.kafka.topics.requests: must be a Kafka topic name",
                        "infersla.ingest.tokens.acme: must be the SHA-256 of the token as 64 hex digits, was 'abc'",
                        "infersla.ingest.dev-token: must be at least 16 characters, was 5",
                        "infersla.ingest.max-body-size: must be 1K..256M, was 10 bytes",
                        "infersla.ingest.max-spans-per-request: must be >= 1, was 0",
                        "infersla.ingest.kafka-ack-timeout: must be > 0, was PT0S",
                        "infersla.ingest.routes[0].category: must be a catalog category id, was 'telepathy'",
                        "infersla.ingest.grpc.port: must be 0..65535, was 70000",
                        "infersla.ingest.otlp-spans.encoding: must be otlp_proto or otlp_json, was 'otlp_xml'",
                        "infersla.ingest.otlp-spans.tenant: must be set when infersla.ingest.otlp-spans.enabled=true");
    }

    @Test
    void sameTokenForTwoTenantsIsRefused() {
        String digest = TokenDigest.of("shared-token-0000");

        assertThatThrownBy(() -> settings(Map.of("infersla.ingest.tokens.a", digest, "infersla.ingest.tokens.b", digest)))
                .hasMessageContaining("the same token digest is configured for tenant");
    }
}
