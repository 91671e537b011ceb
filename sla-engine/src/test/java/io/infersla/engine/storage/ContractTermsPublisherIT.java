package io.infersla.engine.storage;

import static org.assertj.core.api.Assertions.assertThat;

import io.infersla.core.catalog.Catalog;
import io.infersla.core.contract.ContractTerms;
import io.infersla.core.contract.ContractTermsJson;
import io.infersla.core.request.SeriesKey;
import io.infersla.migrations.Migrations;
import io.infersla.testsupport.KafkaBroker;
import io.infersla.testsupport.PostgresDatabase;
import java.nio.charset.StandardCharsets;
import java.sql.Connection;
import java.sql.Statement;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.UUID;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** Contract rows in a real PostgreSQL → terms records on a real broker's compacted topic. */
class ContractTermsPublisherIT {

    private static final Catalog CATALOG = Catalog.builtIn();
    private static final String GOLD = SeriesKey.contractKey("acme", "gold");

    private final KafkaBroker kafka = KafkaBroker.shared();
    private PostgresDatabase db;
    private String topic;
    private final List<ContractTermsPublisher> publishers = new ArrayList<>();

    @BeforeEach
    void setUp() throws Exception {
        db = PostgresDatabase.create();
        Migrations.apply(db.dataSource());
        topic = "sla.contract-terms-" + UUID.randomUUID().toString().substring(0, 8);
        kafka.createTopic(topic, 1);
    }

    @AfterEach
    void tearDown() {
        publishers.forEach(ContractTermsPublisher::close);
        db.close();
    }

    private ContractTermsPublisher publisher() {
        ContractTermsPublisher p = new ContractTermsPublisher(kafka.bootstrapServers(), topic, db.dataSource(), CATALOG,
                Duration.ofHours(1));
        publishers.add(p);
        return p;
    }

    private void sql(String statement) throws Exception {
        try (Connection c = db.connection(); Statement st = c.createStatement()) {
            st.execute(statement);
        }
    }

    /** The topic as a compacted table: the last value per key, absent after a tombstone. */
    private Map<String, ContractTerms> topicTable() {
        Properties props = new Properties();
        props.put(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, kafka.bootstrapServers());
        Map<String, ContractTerms> table = new LinkedHashMap<>();
        try (KafkaConsumer<byte[], byte[]> consumer = new KafkaConsumer<>(props, new ByteArrayDeserializer(), new ByteArrayDeserializer())) {
            TopicPartition p = new TopicPartition(topic, 0);
            consumer.assign(List.of(p));
            consumer.seekToBeginning(List.of(p));
            long end = consumer.endOffsets(List.of(p)).get(p);
            while (consumer.position(p) < end) {
                for (ConsumerRecord<byte[], byte[]> r : consumer.poll(Duration.ofMillis(500))) {
                    String key = new String(r.key(), StandardCharsets.UTF_8);
                    if (r.value() == null) {
                        table.remove(key);
                    } else {
                        table.put(key, ContractTermsJson.decode(CATALOG, r.value()));
                    }
                }
            }
        }
        return table;
    }

    @Test
    void publishesOverridesAndMaintenanceThenOnlyChanges() throws Exception {
        sql("""
                INSERT INTO sla.contracts (tenant, contract, definition) VALUES
                  ('acme', 'gold', '{"objectives": {"chatbot": {"ttft_p95": {"limit": 250}}}, "alerts": {}}'),
                  ('acme', 'silver', '{}');
                INSERT INTO sla.maintenance_windows (tenant, contract, starts_at, ends_at, service, reason) VALUES
                  ('acme', 'gold', date_trunc('hour', now()) + interval '2 hours', date_trunc('hour', now()) + interval '3 hours',
                   'chat-api', 'driver upgrade'),
                  ('acme', 'gold', now() - interval '30 days', now() - interval '29 days', NULL, 'long over');
                """);
        ContractTermsPublisher publisher = publisher();

        assertThat(publisher.publishOnce()).isEqualTo(2);

        Map<String, ContractTerms> table = topicTable();
        assertThat(table).containsOnlyKeys(GOLD, SeriesKey.contractKey("acme", "silver"));
        ContractTerms gold = table.get(GOLD);
        assertThat(gold.objectives().get("chatbot").get("ttft_p95").limit()).hasValue(250);
        assertThat(gold.maintenance()).singleElement().satisfies(w -> {
            assertThat(Duration.between(Instant.now(), w.start())).isBetween(Duration.ofHours(1), Duration.ofHours(2));
            assertThat(Duration.between(w.start(), w.end())).isEqualTo(Duration.ofHours(1));
            assertThat(w.service()).contains("chat-api");
            assertThat(w.excuse()).endsWith(": driver upgrade");
        });
        assertThat(publisher.publishOnce()).isZero();

        sql("UPDATE sla.contracts SET definition = '{\"objectives\": {\"chatbot\": {\"ttft_p95\": {\"limit\": 240}}}}'"
                + " WHERE contract = 'gold'");
        assertThat(publisher.publishOnce()).isEqualTo(1);
        assertThat(topicTable().get(GOLD).objectives().get("chatbot").get("ttft_p95").limit()).hasValue(240);
    }

    @Test
    void anInvalidDefinitionKeepsTheLastValidObjectivesButNewMaintenanceStillApplies() throws Exception {
        sql("INSERT INTO sla.contracts (tenant, contract, definition) VALUES"
                + " ('acme', 'gold', '{\"objectives\": {\"chatbot\": {\"ttft_p95\": {\"limit\": 250}}}}')");
        ContractTermsPublisher publisher = publisher();
        publisher.publishOnce();

        sql("UPDATE sla.contracts SET definition = '{\"objectives\": {\"chatbot\": {\"ttft_p95\": {\"limt\": 100}}}}';"
                + " INSERT INTO sla.maintenance_windows (tenant, contract, starts_at, ends_at, reason)"
                + " VALUES ('acme', 'gold', now(), now() + interval '1 hour', 'failover drill')");
        assertThat(publisher.publishOnce()).isEqualTo(1);

        ContractTerms gold = topicTable().get(GOLD);
        assertThat(gold.objectives().get("chatbot").get("ttft_p95").limit()).hasValue(250);
        assertThat(gold.maintenance()).singleElement().satisfies(w -> assertThat(w.reason()).isEqualTo("failover drill"));
    }

    @Test
    void aDeletedContractIsTombstonedAndOnlyOneInstancePublishes() throws Exception {
        sql("INSERT INTO sla.contracts (tenant, contract) VALUES ('acme', 'gold'), ('acme', 'silver')");
        ContractTermsPublisher first = publisher();
        ContractTermsPublisher second = publisher();
        assertThat(first.publishOnce()).isEqualTo(2);
        assertThat(second.publishOnce()).as("the lock is held by the first instance").isEqualTo(-1);

        first.close();
        sql("DELETE FROM sla.contracts WHERE contract = 'silver'");
        // the second instance takes over, learns what the topic holds, and sends only the tombstone
        assertThat(second.publishOnce()).isEqualTo(1);
        assertThat(topicTable()).containsOnlyKeys(GOLD);
    }
}
