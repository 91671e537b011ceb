package io.infersla.ingest.it;

import io.infersla.core.request.InferenceRequest;
import io.infersla.core.request.RequestBatchCodec;
import io.infersla.core.request.SeriesKey;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.function.BooleanSupplier;
import java.util.function.Predicate;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;

/** Reads a topic of the real broker from the beginning, for assertions on what ingest wrote. */
final class KafkaRecords {

    static final Duration WAIT = Duration.ofSeconds(20);

    private KafkaRecords() {
    }

    /**
     * Every record of the topic that matches, once at least {@code atLeast} have been seen or
     * {@link #WAIT} has passed (then whatever matched, for the assertion to report).
     */
    static List<ConsumerRecord<byte[], byte[]>> read(String bootstrap, String topic,
            Predicate<ConsumerRecord<byte[], byte[]>> matches, int atLeast) {
        List<ConsumerRecord<byte[], byte[]>> found = new ArrayList<>();
        read(bootstrap, topic, record -> matches.test(record) && found.add(record), () -> found.size() >= atLeast);
        return found;
    }

    private static void read(String bootstrap, String topic, Predicate<ConsumerRecord<byte[], byte[]>> collect,
            BooleanSupplier done) {
        Map<String, Object> config = Map.of(
                ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap,
                ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, false,
                ConsumerConfig.ISOLATION_LEVEL_CONFIG, "read_committed");
        try (KafkaConsumer<byte[], byte[]> consumer = new KafkaConsumer<>(config, new ByteArrayDeserializer(),
                new ByteArrayDeserializer())) {
            List<TopicPartition> partitions = consumer.partitionsFor(topic).stream()
                    .map(p -> new TopicPartition(topic, p.partition())).toList();
            consumer.assign(partitions);
            consumer.seekToBeginning(partitions);
            long deadline = System.nanoTime() + WAIT.toNanos();
            while (!done.getAsBoolean() && System.nanoTime() < deadline) {
                for (ConsumerRecord<byte[], byte[]> record : consumer.poll(Duration.ofMillis(200))) {
                    collect.test(record);
                }
            }
        }
    }

    /**
     * The records of {@code sla.requests} whose series has this service name, decoded with the
     * core codec, once they hold at least {@code atLeastRequests} requests (or {@link #WAIT} passed).
     */
    static List<SeriesRequests> requestsOf(String bootstrap, String topic, String service, int atLeastRequests) {
        return requestsOf(bootstrap, topic, service, requests -> requests.size() >= atLeastRequests);
    }

    /**
     * The records of {@code sla.requests} whose series has this service name, decoded, once the
     * requests read so far are {@code complete} (or {@link #WAIT} passed).
     */
    static List<SeriesRequests> requestsOf(String bootstrap, String topic, String service,
            Predicate<List<InferenceRequest>> complete) {
        List<SeriesRequests> found = new ArrayList<>();
        List<InferenceRequest> requests = new ArrayList<>();
        read(bootstrap, topic, record -> {
            SeriesKey series = SeriesKey.fromBytes(record.key());
            if (!series.service().equals(service)) {
                return false;
            }
            List<InferenceRequest> batch = RequestBatchCodec.decode(record.value());
            found.add(new SeriesRequests(series, batch));
            requests.addAll(batch);
            return true;
        }, () -> complete.test(requests));
        return found;
    }

    record SeriesRequests(SeriesKey series, List<InferenceRequest> requests) {
    }
}
