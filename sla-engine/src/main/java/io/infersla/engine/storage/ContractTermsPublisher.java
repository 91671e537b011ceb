package io.infersla.engine.storage;

import io.infersla.core.catalog.Catalog;
import io.infersla.core.contract.ContractTerms;
import io.infersla.core.contract.ContractTermsJson;
import io.infersla.core.contract.MaintenanceWindow;
import io.infersla.core.contract.ObjectiveTerms;
import io.infersla.core.json.Json;
import io.infersla.core.request.SeriesKey;
import java.nio.charset.StandardCharsets;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Properties;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import org.jboss.logging.Logger;
import javax.sql.DataSource;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.clients.producer.RecordMetadata;
import org.apache.kafka.common.PartitionInfo;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.ByteArraySerializer;

/**
 * Publishes each contract's terms (the {@code objectives} section of
 * {@code sla.contracts.definition} and its {@code sla.maintenance_windows}) to the compacted
 * contract-terms topic that every engine task reads as a global table. The topology never reads
 * the database: evaluation stays a function of Kafka input.
 *
 * <p>One publisher at a time: the engine instance that holds a PostgreSQL advisory lock
 * publishes, so two instances never race an older view of a contract over a newer one. It
 * compares the database with what the topic holds and sends only the differences (a tombstone
 * for a deleted contract). A definition whose objectives are invalid is reported with every
 * problem and its last valid objectives stay in force; its maintenance windows still publish.
 */
public final class ContractTermsPublisher implements AutoCloseable {

    private static final Logger LOG = Logger.getLogger(ContractTermsPublisher.class);
    /** Ended windows still matter for late or replayed data evaluated at event time. */
    static final Duration KEEP_ENDED_MAINTENANCE = Duration.ofDays(7);
    private static final long LOCK_ID = 0x1f5_7e57_c0deL;

    private final String bootstrapServers;
    private final String topic;
    private final DataSource database;
    private final Catalog catalog;
    private final Duration every;
    private final KafkaProducer<byte[], byte[]> producer;
    private final ScheduledExecutorService thread = Executors.newSingleThreadScheduledExecutor(r -> {
        Thread t = new Thread(r, "infersla-contract-terms");
        t.setDaemon(true);
        return t;
    });
    /** What the topic holds, by key; known only while this instance holds the lock. */
    private Map<String, byte[]> published;
    private final SessionLock lock;
    /** The invalid definition last reported per contract, so each one is logged once, not every round. */
    private final Map<String, String> reported = new HashMap<>();

    public ContractTermsPublisher(String bootstrapServers, String topic, DataSource database, Catalog catalog, Duration every) {
        this(bootstrapServers, topic, database, database, catalog, every);
    }

    /**
     * @param database where contracts are read (the engine's pool)
     * @param lockConnections where the publisher lock's own connection comes from: unpooled, so the
     *     lock ends with its session (see {@code EngineDatabase})
     */
    public ContractTermsPublisher(String bootstrapServers, String topic, DataSource database, DataSource lockConnections,
            Catalog catalog, Duration every) {
        if (every == null || every.isNegative() || every.isZero()) {
            throw new IllegalArgumentException("infersla.storage.contracts-refresh must be > 0, was " + every);
        }
        this.bootstrapServers = bootstrapServers;
        this.topic = topic;
        this.database = database;
        this.catalog = catalog;
        this.every = every;
        this.lock = new SessionLock(lockConnections, LOCK_ID);
        Properties props = new Properties();
        props.put(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers);
        props.put(ProducerConfig.ACKS_CONFIG, "all");
        props.put(ProducerConfig.ENABLE_IDEMPOTENCE_CONFIG, "true");
        props.put(ProducerConfig.CLIENT_ID_CONFIG, "infersla-contract-terms");
        this.producer = new KafkaProducer<>(props, new ByteArraySerializer(), new ByteArraySerializer());
    }

    public ContractTermsPublisher start() {
        thread.scheduleWithFixedDelay(this::publishQuietly, 0, every.toMillis(), TimeUnit.MILLISECONDS);
        return this;
    }

    private void publishQuietly() {
        try {
            publishOnce();
        } catch (Exception e) {
            LOG.warn("contract terms not published this round (retried in " + every + "): " + e.getMessage());
            releaseLock();
        }
    }

    /**
     * One round: when this instance holds (or takes) the publisher lock, sends every contract
     * whose terms differ from the topic's.
     *
     * @return how many records were sent, or -1 when another instance publishes
     */
    public synchronized int publishOnce() throws Exception {
        if (!lock.hold()) {
            return -1;
        }
        if (published == null) {
            published = readTopic();
        }
        Map<String, byte[]> wanted = wantedTerms();
        List<Future<RecordMetadata>> sends = new ArrayList<>();
        Map<String, byte[]> sent = new LinkedHashMap<>();
        for (Map.Entry<String, byte[]> e : wanted.entrySet()) {
            if (!Arrays.equals(published.get(e.getKey()), e.getValue())) {
                sends.add(producer.send(new ProducerRecord<>(topic, key(e.getKey()), e.getValue())));
                sent.put(e.getKey(), e.getValue());
            }
        }
        for (String gone : published.keySet()) {
            if (!wanted.containsKey(gone)) {
                sends.add(producer.send(new ProducerRecord<>(topic, key(gone), null)));
                sent.put(gone, null);
            }
        }
        producer.flush();
        for (Future<RecordMetadata> send : sends) {
            send.get(30, TimeUnit.SECONDS);
        }
        sent.forEach((key, value) -> {
            if (value == null) {
                published.remove(key);
            } else {
                published.put(key, value);
            }
        });
        if (!sent.isEmpty()) {
            LOG.info("published terms of " + sent.size() + " contract(s): " + sent.keySet());
        }
        return sent.size();
    }

    private void releaseLock() {
        published = null; // another instance may publish meanwhile: read the topic again when the lock is back
        lock.release();
    }

    private Map<String, byte[]> readTopic() {
        Properties props = new Properties();
        props.put(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers);
        props.put(ConsumerConfig.ISOLATION_LEVEL_CONFIG, "read_committed");
        props.put(ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, "false");
        Map<String, byte[]> current = new HashMap<>();
        try (KafkaConsumer<byte[], byte[]> consumer = new KafkaConsumer<>(props, new ByteArrayDeserializer(), new ByteArrayDeserializer())) {
            List<TopicPartition> partitions = new ArrayList<>();
            for (PartitionInfo p : consumer.partitionsFor(topic, Duration.ofSeconds(30))) {
                partitions.add(new TopicPartition(topic, p.partition()));
            }
            consumer.assign(partitions);
            consumer.seekToBeginning(partitions);
            Map<TopicPartition, Long> end = consumer.endOffsets(partitions, Duration.ofSeconds(30));
            long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(60);
            while (partitions.stream().anyMatch(p -> consumer.position(p) < end.get(p))) {
                if (System.nanoTime() > deadline) {
                    throw new IllegalStateException("could not read " + topic + " to its end within 60 s");
                }
                for (ConsumerRecord<byte[], byte[]> r : consumer.poll(Duration.ofMillis(500))) {
                    String key = new String(r.key(), StandardCharsets.UTF_8);
                    if (r.value() == null) {
                        current.remove(key);
                    } else {
                        current.put(key, r.value());
                    }
                }
            }
        }
        return current;
    }

    private Map<String, byte[]> wantedTerms() throws SQLException {
        Map<String, List<MaintenanceWindow>> maintenance = new HashMap<>();
        Map<String, String[]> contracts = new LinkedHashMap<>();
        try (Connection db = database.getConnection(); Statement st = db.createStatement()) {
            try (ResultSet rs = st.executeQuery("SELECT tenant, contract, definition::text FROM sla.contracts ORDER BY tenant, contract")) {
                while (rs.next()) {
                    contracts.put(SeriesKey.contractKey(rs.getString(1), rs.getString(2)),
                            new String[] {rs.getString(1), rs.getString(2), rs.getString(3)});
                }
            }
            try (ResultSet rs = st.executeQuery("""
                    SELECT id, tenant, contract, starts_at, ends_at, service, category, model, reason
                    FROM sla.maintenance_windows
                    WHERE ends_at > now() - make_interval(secs => %d)
                    ORDER BY tenant, contract, starts_at, id""".formatted(KEEP_ENDED_MAINTENANCE.toSeconds()))) {
                while (rs.next()) {
                    maintenance.computeIfAbsent(SeriesKey.contractKey(rs.getString(2), rs.getString(3)), k -> new ArrayList<>())
                            .add(new MaintenanceWindow(rs.getLong(1), rs.getTimestamp(4).toInstant(), rs.getTimestamp(5).toInstant(),
                                    Optional.ofNullable(rs.getString(6)), Optional.ofNullable(rs.getString(7)),
                                    Optional.ofNullable(rs.getString(8)), rs.getString(9)));
                }
            }
        }
        Map<String, byte[]> wanted = new LinkedHashMap<>();
        contracts.forEach((key, row) -> {
            Map<String, Map<String, ObjectiveTerms>> objectives = objectivesOf(key, row[0], row[1], row[2]);
            wanted.put(key, ContractTermsJson.encode(new ContractTerms(row[0], row[1], objectives,
                    maintenance.getOrDefault(key, List.of()))));
        });
        return wanted;
    }

    private Map<String, Map<String, ObjectiveTerms>> objectivesOf(String key, String tenant, String contract, String definition) {
        String where = "sla.contracts[" + tenant + "/" + contract + "].definition";
        try {
            Map<String, Map<String, ObjectiveTerms>> objectives =
                    ContractTermsJson.objectives(catalog, where, Json.parse(where, definition));
            reported.remove(key);
            return objectives;
        } catch (IllegalArgumentException e) {
            if (!definition.equals(reported.put(key, definition))) {
                LOG.error(e.getMessage() + "\n  the contract's last valid objectives stay in force");
            }
            byte[] previous = published.get(key);
            if (previous == null) {
                return Map.of();
            }
            try {
                return ContractTermsJson.decode(catalog, previous).objectives();
            } catch (IllegalArgumentException unreadable) {
                return Map.of();
            }
        }
    }

    private static byte[] key(String key) {
        return key.getBytes(StandardCharsets.UTF_8);
    }

    @Override
    public void close() {
        thread.shutdownNow();
        try {
            thread.awaitTermination(10, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        synchronized (this) {
            releaseLock();
        }
        producer.close(Duration.ofSeconds(10));
    }
}
