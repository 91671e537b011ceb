package io.infersla.engine.app;

import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.OptionalLong;
import java.util.Properties;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.ListOffsetsOptions;
import org.apache.kafka.clients.admin.ListOffsetsResult.ListOffsetsResultInfo;
import org.apache.kafka.clients.admin.OffsetSpec;
import org.apache.kafka.clients.admin.TopicDescription;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.common.IsolationLevel;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.jboss.logging.Logger;

/**
 * How far the engine's consumer groups are behind, per group and topic, in records and in time:
 * the records between each partition's committed offset and its last stable offset (summed over
 * the topic's partitions), and the age of the oldest record not consumed yet (now minus its
 * timestamp, the largest over the partitions; 0 when the group has read everything). The age is
 * what says whether the group keeps up at any rate: a few thousand records are a fraction of a
 * second at a high rate, while an age that grows means the group does not keep up. Record
 * timestamps are event time (ingest's completion time, the engine's slice and evaluation
 * instants), so a replayed backlog shows as old as it is.
 *
 * <p>Read from outside the consumers, with an admin client and a consumer that only peeks,
 * because a stalled consumer (a dead stream thread, a writer paused while the database is away)
 * stops updating its own fetch metrics, and that is exactly when the lag matters. Published as
 * the gauges {@code infersla_engine_consumer_lag_records{group,topic}} and
 * {@code infersla_engine_consumer_lag_seconds{group,topic}}; NaN until the first reading and
 * after a reading failed (Kafka unreachable), rather than a stale number.
 */
public final class ConsumerLag implements AutoCloseable {

    private static final Logger LOG = Logger.getLogger(ConsumerLag.class);
    private static final Duration CALL_TIMEOUT = Duration.ofSeconds(10);
    /** How long a reading waits for the first records of the partitions behind. */
    private static final Duration PEEK = Duration.ofSeconds(2);

    /** A consumer group and the topics it reads. */
    public record Group(String id, List<String> topics) {
    }

    /**
     * One partition as the group sees it: the first offset still in the log, the last stable
     * offset, and the group's committed offset (none before its first commit).
     */
    record PartitionOffsets(long logStart, long end, OptionalLong committed) {

        /**
         * Records the group still has to read. Without a commit, or with one that retention has
         * deleted past, the group starts at the log start (the engine's consumers reset to earliest).
         */
        long behind() {
            return Math.max(0, end - next());
        }

        /** The first offset the group has not consumed. */
        long next() {
            return committed.isPresent() ? Math.max(committed.getAsLong(), logStart) : logStart;
        }
    }

    private final List<Group> groups;
    private final Admin admin;
    private final KafkaConsumer<byte[], byte[]> peek;
    private final ScheduledExecutorService timer;
    private final Map<String, Double> behind = new ConcurrentHashMap<>();
    private final Map<String, Double> age = new ConcurrentHashMap<>();
    private volatile boolean failing;

    private ConsumerLag(String bootstrapServers, List<Group> groups) {
        this.groups = List.copyOf(groups);
        this.admin = Admin.create(Map.of(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers,
                AdminClientConfig.REQUEST_TIMEOUT_MS_CONFIG, (int) CALL_TIMEOUT.toMillis() / 2,
                AdminClientConfig.DEFAULT_API_TIMEOUT_MS_CONFIG, (int) CALL_TIMEOUT.toMillis()));
        Properties props = new Properties();
        props.put(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers);
        props.put(ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, false);
        props.put(ConsumerConfig.ISOLATION_LEVEL_CONFIG, "read_committed");
        // Only the first record of each partition is wanted.
        props.put(ConsumerConfig.MAX_PARTITION_FETCH_BYTES_CONFIG, 64 * 1024);
        this.peek = new KafkaConsumer<>(props, new ByteArrayDeserializer(), new ByteArrayDeserializer());
        this.timer = Executors.newSingleThreadScheduledExecutor(r -> {
            Thread t = new Thread(r, "consumer-lag");
            t.setDaemon(true);
            return t;
        });
    }

    /** Registers one gauge per group and topic and reads the offsets every {@code every}, the first time at once. */
    public static ConsumerLag start(String bootstrapServers, List<Group> groups, Duration every, MeterRegistry registry) {
        ConsumerLag lag = new ConsumerLag(bootstrapServers, groups);
        for (Group group : lag.groups) {
            for (String topic : group.topics()) {
                Gauge.builder("infersla.engine.consumer.lag.records", lag, l -> l.recordsBehind(group.id(), topic))
                        .description("Records between the group's committed offset and the end of the topic (last stable offset), "
                                + "summed over partitions; with exactly-once, up to one transaction marker per partition")
                        .tag("group", group.id()).tag("topic", topic).register(registry);
                Gauge.builder("infersla.engine.consumer.lag.seconds", lag, l -> l.secondsBehind(group.id(), topic))
                        .description("Age of the oldest record the group has not consumed (now minus its event-time timestamp), "
                                + "the largest over partitions; 0 when it has consumed everything")
                        .tag("group", group.id()).tag("topic", topic).register(registry);
            }
        }
        lag.timer.scheduleWithFixedDelay(lag::readSafely, 0, every.toMillis(), TimeUnit.MILLISECONDS);
        return lag;
    }

    /** The last reading for this group and topic, NaN when there is none or it failed. */
    public double recordsBehind(String group, String topic) {
        return behind.getOrDefault(key(group, topic), Double.NaN);
    }

    /** The last reading's age of the oldest record not consumed, in seconds; NaN when there is none or it failed. */
    public double secondsBehind(String group, String topic) {
        return age.getOrDefault(key(group, topic), Double.NaN);
    }

    private void readSafely() {
        try {
            Map<String, Double> records = new HashMap<>();
            Map<String, Double> seconds = new HashMap<>();
            for (Group group : groups) {
                read(group, records, seconds);
            }
            behind.putAll(records);
            age.putAll(seconds);
            if (failing) {
                LOG.info("consumer lag readable again");
            }
            failing = false;
        } catch (Exception e) {
            if (e instanceof InterruptedException) {
                Thread.currentThread().interrupt();
                return;
            }
            behind.replaceAll((k, v) -> Double.NaN);
            age.replaceAll((k, v) -> Double.NaN);
            if (!failing) {
                // Once per outage: Kafka being away is logged (and alerted on) elsewhere too.
                LOG.warn("cannot read the consumer groups' offsets, consumer lag is NaN until it can: " + e);
            }
            failing = true;
        }
    }

    private void read(Group group, Map<String, Double> records, Map<String, Double> seconds) throws Exception {
        long timeout = CALL_TIMEOUT.toMillis();
        Map<String, TopicDescription> topics = admin.describeTopics(group.topics()).allTopicNames().get(timeout, TimeUnit.MILLISECONDS);
        Map<TopicPartition, OffsetSpec> latest = new HashMap<>();
        Map<TopicPartition, OffsetSpec> earliest = new HashMap<>();
        topics.forEach((name, description) -> description.partitions().forEach(p -> {
            latest.put(new TopicPartition(name, p.partition()), OffsetSpec.latest());
            earliest.put(new TopicPartition(name, p.partition()), OffsetSpec.earliest());
        }));
        // The engine's consumers read committed only: an open transaction's records are not behind yet.
        ListOffsetsOptions committedOnly = new ListOffsetsOptions(IsolationLevel.READ_COMMITTED);
        Map<TopicPartition, ListOffsetsResultInfo> ends = admin.listOffsets(latest, committedOnly).all().get(timeout, TimeUnit.MILLISECONDS);
        Map<TopicPartition, ListOffsetsResultInfo> starts = admin.listOffsets(earliest, committedOnly).all().get(timeout, TimeUnit.MILLISECONDS);
        Map<TopicPartition, OffsetAndMetadata> commits = admin.listConsumerGroupOffsets(group.id()).partitionsToOffsetAndMetadata()
                .get(timeout, TimeUnit.MILLISECONDS);
        Map<TopicPartition, Long> lagging = new HashMap<>();
        for (String topic : group.topics()) {
            records.put(key(group.id(), topic), 0.0);
            seconds.put(key(group.id(), topic), 0.0);
        }
        ends.forEach((partition, end) -> {
            OffsetAndMetadata commit = commits.get(partition);
            PartitionOffsets offsets = new PartitionOffsets(starts.get(partition).offset(), end.offset(),
                    commit == null ? OptionalLong.empty() : OptionalLong.of(commit.offset()));
            records.merge(key(group.id(), partition.topic()), (double) offsets.behind(), Double::sum);
            if (offsets.behind() > 0) {
                lagging.put(partition, offsets.next());
            }
        });
        long now = System.currentTimeMillis();
        oldestTimestamps(lagging).forEach((partition, timestamp) ->
                seconds.merge(key(group.id(), partition.topic()), Math.max(0, now - timestamp) / 1000.0, Math::max));
    }

    /**
     * The timestamp of the first record at each partition's offset. A partition whose only
     * "records" are transaction markers yields none, and so counts as caught up; the wait for them
     * is bounded by {@link #PEEK}.
     */
    private Map<TopicPartition, Long> oldestTimestamps(Map<TopicPartition, Long> offsets) {
        Map<TopicPartition, Long> out = new HashMap<>();
        if (offsets.isEmpty()) {
            return out;
        }
        peek.assign(offsets.keySet());
        offsets.forEach(peek::seek);
        long deadline = System.nanoTime() + PEEK.toNanos();
        while (out.size() < offsets.size() && System.nanoTime() < deadline) {
            for (ConsumerRecord<byte[], byte[]> r : peek.poll(Duration.ofMillis(100))) {
                TopicPartition partition = new TopicPartition(r.topic(), r.partition());
                if (out.putIfAbsent(partition, r.timestamp()) == null) {
                    peek.pause(List.of(partition));
                }
            }
        }
        peek.assign(List.of());
        return out;
    }

    private static String key(String group, String topic) {
        return group + '\u0000' + topic;
    }

    @Override
    public void close() {
        timer.shutdownNow();
        try {
            timer.awaitTermination(5, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        peek.close(Duration.ofSeconds(5));
        admin.close(Duration.ofSeconds(5));
    }
}
