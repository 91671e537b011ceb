package io.infersla.launcher;

import java.time.Duration;
import java.time.Instant;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.ListOffsetsResult;
import org.apache.kafka.clients.admin.OffsetSpec;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;

/**
 * How far a consumer group is behind on a topic, in records and in time: the records between its
 * committed offsets and the ends of the partitions, and the age of the oldest record it has not
 * consumed yet (now minus that record's timestamp; zero when it has consumed everything). The
 * time is what says whether the engine keeps up: a lag of a few thousand records is a fraction of
 * a second at a high rate, while an age that grows from sample to sample means it does not.
 */
final class ConsumerLag implements AutoCloseable {

    /** One reading. */
    record Reading(long records, Duration age) {
    }

    private final Admin admin;
    private final KafkaConsumer<byte[], byte[]> peek;

    ConsumerLag(String bootstrapServers) {
        this.admin = Admin.create(Map.of(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers,
                AdminClientConfig.REQUEST_TIMEOUT_MS_CONFIG, "5000", AdminClientConfig.DEFAULT_API_TIMEOUT_MS_CONFIG, "10000"));
        Properties props = new Properties();
        props.put(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers);
        props.put(ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, false);
        props.put(ConsumerConfig.MAX_POLL_RECORDS_CONFIG, 1);
        props.put(ConsumerConfig.ISOLATION_LEVEL_CONFIG, "read_committed");
        this.peek = new KafkaConsumer<>(props, new ByteArrayDeserializer(), new ByteArrayDeserializer());
    }

    /** The lag of {@code group} on {@code topic} now. A group that has committed nothing yet is behind by everything. */
    Reading of(String group, String topic) throws InterruptedException {
        try {
            Map<TopicPartition, OffsetAndMetadata> committed = admin.listConsumerGroupOffsets(group)
                    .partitionsToOffsetAndMetadata().get(10, TimeUnit.SECONDS);
            List<TopicPartition> partitions = admin.describeTopics(List.of(topic)).allTopicNames().get(10, TimeUnit.SECONDS)
                    .get(topic).partitions().stream().map(p -> new TopicPartition(topic, p.partition())).toList();
            Map<TopicPartition, OffsetSpec> latest = new HashMap<>();
            partitions.forEach(p -> latest.put(p, OffsetSpec.latest()));
            Map<TopicPartition, ListOffsetsResult.ListOffsetsResultInfo> ends = admin.listOffsets(latest).all()
                    .get(10, TimeUnit.SECONDS);
            long records = 0;
            Duration age = Duration.ZERO;
            Instant now = Instant.now();
            for (TopicPartition p : partitions) {
                long end = ends.get(p).offset();
                long position = committed.containsKey(p) && committed.get(p) != null ? committed.get(p).offset() : 0;
                if (position >= end) {
                    continue;
                }
                records += end - position;
                Instant oldest = timestampAt(p, position);
                if (oldest != null && Duration.between(oldest, now).compareTo(age) > 0) {
                    age = Duration.between(oldest, now);
                }
            }
            return new Reading(records, age);
        } catch (ExecutionException | TimeoutException e) {
            throw new IllegalStateException("cannot read the lag of " + group + " on " + topic + ": " + e.getMessage(), e);
        }
    }

    /** The timestamp of the first record at or after {@code offset}, or null if none came within a second. */
    private Instant timestampAt(TopicPartition partition, long offset) {
        peek.assign(List.of(partition));
        peek.seek(partition, offset);
        for (ConsumerRecord<byte[], byte[]> r : peek.poll(Duration.ofSeconds(1))) {
            return Instant.ofEpochMilli(r.timestamp());
        }
        return null;
    }

    @Override
    public void close() {
        peek.close(Duration.ofSeconds(2));
        admin.close(Duration.ofSeconds(2));
    }
}
