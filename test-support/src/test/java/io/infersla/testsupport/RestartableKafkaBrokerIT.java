package io.infersla.testsupport;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.clients.producer.RecordMetadata;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.junit.jupiter.api.Test;

class RestartableKafkaBrokerIT {

    @Test
    void oneProducerKeepsWorkingAcrossARestartAndNothingAcknowledgedIsLost() throws Exception {
        try (RestartableKafkaBroker kafka = RestartableKafkaBroker.start();
                KafkaProducer<String, String> producer = new KafkaProducer<>(Map.of(
                        ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, kafka.bootstrapServers(),
                        ProducerConfig.ACKS_CONFIG, "all",
                        ProducerConfig.MAX_BLOCK_MS_CONFIG, 2000,
                        ProducerConfig.REQUEST_TIMEOUT_MS_CONFIG, 1000,
                        ProducerConfig.DELIVERY_TIMEOUT_MS_CONFIG, 3000),
                        new StringSerializer(), new StringSerializer())) {
            kafka.createTopic("events", 2);
            producer.send(new ProducerRecord<>("events", "before")).get(30, TimeUnit.SECONDS);

            kafka.stop();
            Future<RecordMetadata> whileDown = producer.send(new ProducerRecord<>("events", "while-down"));
            assertThatThrownBy(() -> whileDown.get(30, TimeUnit.SECONDS)).isInstanceOf(ExecutionException.class);

            kafka.restart();
            producer.send(new ProducerRecord<>("events", "after")).get(60, TimeUnit.SECONDS);

            assertThat(values(kafka.bootstrapServers(), "events", 2)).containsExactlyInAnyOrder("before", "after");
        }
    }

    @Test
    void stoppingAStoppedBrokerIsRefused() {
        try (RestartableKafkaBroker kafka = RestartableKafkaBroker.start()) {
            kafka.stop();
            assertThatThrownBy(kafka::stop).isInstanceOf(IllegalStateException.class).hasMessageContaining("not running");
        }
    }

    private static List<String> values(String bootstrap, String topic, int expected) {
        List<String> values = new ArrayList<>();
        try (KafkaConsumer<String, String> consumer = new KafkaConsumer<>(Map.of(
                ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap), new StringDeserializer(), new StringDeserializer())) {
            List<TopicPartition> partitions = List.of(new TopicPartition(topic, 0), new TopicPartition(topic, 1));
            consumer.assign(partitions);
            consumer.seekToBeginning(partitions);
            long deadline = System.nanoTime() + Duration.ofSeconds(30).toNanos();
            while (values.size() < expected && System.nanoTime() < deadline) {
                for (ConsumerRecord<String, String> record : consumer.poll(Duration.ofMillis(200))) {
                    values.add(record.value());
                }
            }
            // One more poll: a duplicate or a stray record would show here.
            consumer.poll(Duration.ofMillis(500)).forEach(record -> values.add(record.value()));
        }
        return values;
    }
}
