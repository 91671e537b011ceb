package io.infersla.ingest.it;

import io.infersla.core.auth.TokenDigest;
import io.infersla.testsupport.KafkaBroker;
import io.quarkus.test.common.QuarkusTestResourceLifecycleManager;
import java.util.Map;
import java.util.UUID;

/**
 * Runs ingest against the real in-process Kafka broker of test-support, with topics of its own
 * (the broker is shared by every test of the JVM) and two tenants. Tests read the effective
 * topic names and bootstrap servers from the application's {@code IngestSettings}.
 */
public class KafkaTestResource implements QuarkusTestResourceLifecycleManager {

    public static final String ACME_TOKEN = "acme-test-token-0123456789abcdef";
    public static final String GLOBEX_TOKEN = "globex-test-token-0123456789abcdef";
    public static final String COLLECTOR_TENANT = "collector-tenant";

    @Override
    public Map<String, String> start() {
        KafkaBroker kafka = KafkaBroker.shared();
        String suffix = UUID.randomUUID().toString().substring(0, 8);
        String requests = "sla.requests-" + suffix;
        String rejected = "sla.requests.dlq-" + suffix;
        String otlpSpans = "otlp_spans-" + suffix;
        kafka.createTopic(requests, 3);
        kafka.createTopic(rejected, 1);
        kafka.createTopic(otlpSpans, 2);
        return Map.ofEntries(
                Map.entry("infersla.kafka.bootstrap-servers", kafka.bootstrapServers()),
                Map.entry("infersla.kafka.topics.requests", requests),
                Map.entry("infersla.kafka.topics.rejected", rejected),
                Map.entry("infersla.kafka.topics.otlp-spans", otlpSpans),
                Map.entry("infersla.ingest.tokens.acme", TokenDigest.of(ACME_TOKEN)),
                Map.entry("infersla.ingest.tokens.globex", TokenDigest.of(GLOBEX_TOKEN).toUpperCase()),
                Map.entry("infersla.ingest.grpc.port", "0"),
                Map.entry("infersla.ingest.otlp-spans.enabled", "true"),
                Map.entry("infersla.ingest.otlp-spans.tenant", COLLECTOR_TENANT),
                Map.entry("infersla.ingest.otlp-spans.group-id", "ingest-test-" + suffix));
    }

    @Override
    public void stop() {
        // The shared broker stops at JVM exit; the topics go with it.
    }
}
