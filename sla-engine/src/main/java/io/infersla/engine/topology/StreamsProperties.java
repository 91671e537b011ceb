package io.infersla.engine.topology;

import java.nio.file.Path;
import java.util.Properties;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.common.serialization.Serdes;
import org.apache.kafka.streams.StreamsConfig;

/** The Kafka Streams configuration of the engine, in one place for the application and the tests. */
public final class StreamsProperties {

    private StreamsProperties() {
    }

    /**
     * @param guarantee {@code exactly_once_v2} (default) or {@code at_least_once}
     * @param standbyReplicas warm copies of each task's state on other instances, for fast fail-over
     */
    public static Properties of(String bootstrapServers, String applicationId, Path stateDir, String guarantee,
            int standbyReplicas) {
        if (!guarantee.equals(StreamsConfig.EXACTLY_ONCE_V2) && !guarantee.equals(StreamsConfig.AT_LEAST_ONCE)) {
            throw new IllegalArgumentException("infersla.engine.processing-guarantee must be exactly_once_v2 or at_least_once, was "
                    + guarantee);
        }
        if (standbyReplicas < 0) {
            throw new IllegalArgumentException("infersla.engine.standby-replicas must be >= 0, was " + standbyReplicas);
        }
        Properties props = new Properties();
        props.put(StreamsConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers);
        props.put(StreamsConfig.APPLICATION_ID_CONFIG, applicationId);
        props.put(StreamsConfig.STATE_DIR_CONFIG, stateDir.toString());
        props.put(StreamsConfig.PROCESSING_GUARANTEE_CONFIG, guarantee);
        props.put(StreamsConfig.NUM_STANDBY_REPLICAS_CONFIG, standbyReplicas);
        props.put(StreamsConfig.DEFAULT_KEY_SERDE_CLASS_CONFIG, Serdes.ByteArraySerde.class);
        props.put(StreamsConfig.DEFAULT_VALUE_SERDE_CLASS_CONFIG, Serdes.ByteArraySerde.class);
        // The topology keeps its own hot state; the DSL record cache would only add a copy.
        props.put(StreamsConfig.STATESTORE_CACHE_MAX_BYTES_CONFIG, 0);
        props.put(StreamsConfig.consumerPrefix(ConsumerConfig.AUTO_OFFSET_RESET_CONFIG), "earliest");
        props.put(StreamsConfig.producerPrefix(ProducerConfig.LINGER_MS_CONFIG), 5);
        return props;
    }
}
