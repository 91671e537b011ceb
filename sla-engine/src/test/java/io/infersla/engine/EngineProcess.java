package io.infersla.engine;

import io.infersla.core.breach.BreachPolicy;
import io.infersla.core.catalog.Catalog;
import io.infersla.engine.topology.EngineSettings;
import io.infersla.engine.topology.SlaTopology;
import io.infersla.engine.topology.StreamsProperties;
import io.infersla.engine.topology.Topics;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Properties;
import java.util.concurrent.CountDownLatch;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.streams.KafkaStreams;
import org.apache.kafka.streams.StreamsConfig;

/**
 * The topology in a JVM of its own, so that a test can kill it for real (SIGKILL: no shutdown
 * hook, no final commit). Arguments: bootstrap servers, application id, state directory, topic
 * suffix. Prints "RUNNING" once Kafka Streams runs.
 */
public final class EngineProcess {

    public static void main(String[] args) throws InterruptedException {
        String suffix = args[3];
        Topics topics = new Topics("sla.requests-" + suffix, "sla.requests.dlq-" + suffix, "sla.window-stats-" + suffix,
                "sla.evaluations-" + suffix, "sla.breaches-" + suffix, "sla.contract-terms-" + suffix);
        EngineSettings settings = new EngineSettings(Catalog.builtIn(), topics, EngineSettings.DEFAULT_GRACE,
                EngineSettings.DEFAULT_LATE_BOUND, EngineSettings.DEFAULT_FUTURE_SKEW, EngineSettings.DEFAULT_PERSIST_EVERY,
                Duration.ofSeconds(2), BreachPolicy.DEFAULT);
        Properties props = StreamsProperties.of(args[0], args[1], Path.of(args[2]), StreamsConfig.EXACTLY_ONCE_V2, 0);
        props.put(StreamsConfig.COMMIT_INTERVAL_MS_CONFIG, 100);
        props.put(StreamsConfig.consumerPrefix(ConsumerConfig.SESSION_TIMEOUT_MS_CONFIG), 6000);
        props.put(StreamsConfig.consumerPrefix(ConsumerConfig.HEARTBEAT_INTERVAL_MS_CONFIG), 1000);
        KafkaStreams streams = new KafkaStreams(SlaTopology.build(settings), props);
        CountDownLatch running = new CountDownLatch(1);
        streams.setStateListener((now, before) -> {
            if (now == KafkaStreams.State.RUNNING) {
                running.countDown();
            }
        });
        streams.start();
        running.await();
        System.out.println("RUNNING");
        System.out.flush();
        Thread.sleep(Long.MAX_VALUE);
    }
}
