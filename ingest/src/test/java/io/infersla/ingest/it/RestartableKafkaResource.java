package io.infersla.ingest.it;

import io.infersla.core.auth.TokenDigest;
import io.infersla.testsupport.RestartableKafkaBroker;
import io.quarkus.test.common.QuarkusTestResourceLifecycleManager;
import java.util.Map;

/**
 * Runs ingest against a broker of its own that the test stops and restarts
 * ({@link RestartableKafkaBroker}, injected into the test's field of that type). A short ack
 * timeout, so that exports fail fast while the broker is away.
 */
public class RestartableKafkaResource implements QuarkusTestResourceLifecycleManager {

    static final String RETRY_AFTER_SECONDS = "1";

    private RestartableKafkaBroker kafka;

    @Override
    public Map<String, String> start() {
        kafka = RestartableKafkaBroker.start();
        kafka.createTopic("sla.requests", 3);
        kafka.createTopic("sla.requests.dlq", 1);
        return Map.of(
                "infersla.kafka.bootstrap-servers", kafka.bootstrapServers(),
                "infersla.ingest.kafka-ack-timeout", "3s",
                "infersla.ingest.retry-after", RETRY_AFTER_SECONDS + "s",
                "infersla.ingest.tokens.acme", TokenDigest.of(KafkaTestResource.ACME_TOKEN),
                "infersla.ingest.grpc.port", "0");
    }

    @Override
    public void inject(TestInjector testInjector) {
        testInjector.injectIntoFields(kafka, new TestInjector.MatchesType(RestartableKafkaBroker.class));
    }

    @Override
    public void stop() {
        if (kafka != null) {
            kafka.close();
        }
    }
}
