package io.infersla.engine;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;
import static org.assertj.core.api.Assertions.within;

import io.infersla.core.catalog.Catalog;
import io.infersla.core.measure.Measurement;
import io.infersla.core.measure.Metric;
import io.infersla.core.request.FrameStream;
import io.infersla.core.request.InferenceRequest;
import io.infersla.core.request.RequestBatchCodec;
import io.infersla.core.request.SeriesKey;
import io.infersla.engine.storage.ContractTermsPublisher;
import io.infersla.core.sketch.QuantileSketch;
import io.infersla.engine.storage.ResultWriter;
import io.infersla.engine.topology.EngineSettings;
import io.infersla.engine.topology.SlaTopology;
import io.infersla.engine.topology.StreamsProperties;
import io.infersla.engine.topology.Topics;
import io.infersla.migrations.Migrations;
import io.infersla.testsupport.KafkaBroker;
import io.infersla.testsupport.PostgresDatabase;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Properties;
import java.util.Random;
import java.util.UUID;
import java.util.concurrent.atomic.AtomicBoolean;
import javax.sql.DataSource;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.streams.KafkaStreams;
import org.apache.kafka.streams.StreamsConfig;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * The engine and the storage writer against a real Kafka broker and a real PostgreSQL with the
 * Flyway schema: what lands in the tables must equal an exact oracle computed here from what was
 * sent (counts exact, p95 within the sketch's 1%), across an engine restart and a database outage.
 */
class EngineIT {

    static final KafkaBroker kafka = KafkaBroker.shared();

    private static final Duration WAIT = Duration.ofSeconds(90);
    private static final Catalog CATALOG = Catalog.builtIn();
    private static final SeriesKey CHAT = new SeriesKey("acme", "default", "chat-api", "prod", "llama-70b", "chatbot", "gpu", "xl");
    private static final SeriesKey EMBED = new SeriesKey("acme", "default", "embedder", "prod", "bge", "embeddings", "cpu", "");
    private static final SeriesKey GATE = new SeriesKey("acme", "default", "yolo", "prod", "yolov8n", "object-detection", "gpu", "");

    private PostgresDatabase db;
    private Topics topics;
    private String applicationId;
    private final List<KafkaStreams> engines = new ArrayList<>();
    private ResultWriter writer;
    private Path stateRoot;
    /** metric + slice start → values sent: the oracle. */
    private final Map<String, List<Double>> sent = new HashMap<>();
    /** The last chat record sent, to send again as a client retrying an export would. */
    private byte[] lastChatRecord;
    /** What the writer told its observer (the engine's metrics): evaluation instant and commit time. */
    private final List<Instant[]> observedEvaluations = new java.util.concurrent.CopyOnWriteArrayList<>();

    @BeforeEach
    void setUp() throws Exception {
        db = PostgresDatabase.create();
        Migrations.apply(db.dataSource());
        String suffix = UUID.randomUUID().toString().substring(0, 8);
        topics = new Topics("sla.requests-" + suffix, "sla.requests.dlq-" + suffix, "sla.window-stats-" + suffix,
                "sla.evaluations-" + suffix, "sla.breaches-" + suffix, "sla.contract-terms-" + suffix);
        for (String topic : List.of(topics.requests(), topics.rejected(), topics.windowStats(), topics.evaluations(), topics.breaches(), topics.contractTerms())) {
            kafka.createTopic(topic, 3);
        }
        applicationId = "sla-engine-it-" + suffix;
        stateRoot = Files.createTempDirectory("sla-engine-it");
    }

    @AfterEach
    void tearDown() throws Exception {
        for (KafkaStreams engine : engines) {
            engine.close(Duration.ofSeconds(10));
        }
        if (writer != null) {
            writer.close();
        }
        db.close();
    }

    private KafkaStreams startEngine(String instance) {
        EngineSettings settings = new EngineSettings(CATALOG, topics, EngineSettings.DEFAULT_GRACE,
                EngineSettings.DEFAULT_LATE_BOUND, EngineSettings.DEFAULT_FUTURE_SKEW, EngineSettings.DEFAULT_PERSIST_EVERY,
                Duration.ofSeconds(2), io.infersla.core.breach.BreachPolicy.DEFAULT);
        Properties props = StreamsProperties.of(kafka.bootstrapServers(), applicationId, stateRoot.resolve(instance),
                StreamsConfig.EXACTLY_ONCE_V2, 0);
        props.put(StreamsConfig.COMMIT_INTERVAL_MS_CONFIG, 100);
        // A killed instance is noticed after the session timeout: the broker's minimum keeps the test short.
        props.put(StreamsConfig.consumerPrefix(org.apache.kafka.clients.consumer.ConsumerConfig.SESSION_TIMEOUT_MS_CONFIG), 6000);
        props.put(StreamsConfig.consumerPrefix(org.apache.kafka.clients.consumer.ConsumerConfig.HEARTBEAT_INTERVAL_MS_CONFIG), 1000);
        KafkaStreams engine = new KafkaStreams(SlaTopology.build(settings), props);
        engine.start();
        engines.add(engine);
        return engine;
    }

    private ResultWriter startWriter(DataSource database) {
        writer = new ResultWriter(kafka.bootstrapServers(), applicationId + "-writer", topics, database,
                java.time.Clock.systemUTC(), () -> { }, (took, evaluatedAt, committedAt) -> {
                    for (Instant at : evaluatedAt) {
                        observedEvaluations.add(new Instant[] {at, committedAt});
                    }
                }).start();
        return writer;
    }

    /** The test database, refusing connections (a real refused TCP connection) while {@code down} is set. */
    private DataSource unreachableWhile(AtomicBoolean down) {
        DataSource real = db.dataSource();
        return (DataSource) java.lang.reflect.Proxy.newProxyInstance(DataSource.class.getClassLoader(),
                new Class<?>[] {DataSource.class}, (proxy, method, args) -> {
                    if (method.getName().equals("getConnection") && down.get()) {
                        // nothing listens on port 1
                        return DriverManager.getConnection("jdbc:postgresql://127.0.0.1:1/test?connectTimeout=1", db.user(), db.password());
                    }
                    try {
                        return method.invoke(real, args);
                    } catch (java.lang.reflect.InvocationTargetException e) {
                        throw e.getCause();
                    }
                });
    }

    private KafkaProducer<byte[], byte[]> producer() {
        Properties props = new Properties();
        props.put(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, kafka.bootstrapServers());
        props.put(ProducerConfig.ACKS_CONFIG, "all");
        props.put(ProducerConfig.ENABLE_IDEMPOTENCE_CONFIG, true);
        return new KafkaProducer<>(props, new ByteArraySerializer(), new ByteArraySerializer());
    }

    /** Sends {@code seconds} seconds of traffic from {@code from}: chatbot TTFT and embedding latency, remembered in the oracle. */
    private void sendTraffic(KafkaProducer<byte[], byte[]> producer, Instant from, int seconds, Random random, double ttftScale) {
        for (int s = 0; s < seconds; s++) {
            Instant second = from.plusSeconds(s);
            List<InferenceRequest> chat = new ArrayList<>();
            List<InferenceRequest> embed = new ArrayList<>();
            for (int i = 0; i < 10; i++) {
                Instant at = second.plusMillis(i * 100L);
                double ttft = ttftScale * Math.exp(Math.log(120) + 0.2 * random.nextGaussian()); // p95 ≈ 167 ms: ok
                double e2e = Math.exp(Math.log(12) + 0.4 * random.nextGaussian());
                chat.add(new InferenceRequest(at, List.of(Measurement.of(Metric.TTFT_MS, ttft))));
                embed.add(new InferenceRequest(at, List.of(Measurement.of(Metric.E2E_MS, e2e))));
                remember("ttft_ms", at, ttft);
                remember("e2e_ms", at, e2e);
            }
            byte[] chatRecord = RequestBatchCodec.encode(chat);
            lastChatRecord = chatRecord;
            producer.send(new ProducerRecord<>(topics.requests(), CHAT.toBytes(), chatRecord));
            producer.send(new ProducerRecord<>(topics.requests(), EMBED.toBytes(), RequestBatchCodec.encode(embed)));
        }
        producer.flush();
    }

    /** Waits until the engine's consumer group has committed every record of the requests topic. */
    private void awaitCommittedInput() throws Exception {
        try (org.apache.kafka.clients.admin.Admin admin = org.apache.kafka.clients.admin.Admin.create(
                Map.of(org.apache.kafka.clients.admin.AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, kafka.bootstrapServers()))) {
            Map<org.apache.kafka.common.TopicPartition, org.apache.kafka.clients.admin.OffsetSpec> latest = new HashMap<>();
            for (int p = 0; p < 3; p++) {
                latest.put(new org.apache.kafka.common.TopicPartition(topics.requests(), p),
                        org.apache.kafka.clients.admin.OffsetSpec.latest());
            }
            long end = admin.listOffsets(latest).all().get().values().stream()
                    .mapToLong(org.apache.kafka.clients.admin.ListOffsetsResult.ListOffsetsResultInfo::offset).sum();
            await().atMost(WAIT).pollInterval(Duration.ofMillis(100)).untilAsserted(() -> assertThat(
                    admin.listConsumerGroupOffsets(applicationId).partitionsToOffsetAndMetadata().get().entrySet().stream()
                            .filter(e -> e.getKey().topic().equals(topics.requests()) && e.getValue() != null)
                            .mapToLong(e -> e.getValue().offset()).sum())
                    .as("input records committed by the engine").isGreaterThanOrEqualTo(end));
        }
    }

    private void remember(String metric, Instant at, double value) {
        long minute = Math.floorDiv(at.toEpochMilli(), 60_000L) * 60_000L;
        sent.computeIfAbsent(metric + "@" + minute, k -> new ArrayList<>()).add(value);
    }

    private long windowStatsRows() throws SQLException {
        return queryLong("SELECT count(*) FROM sla.window_stats");
    }

    private long queryLong(String sql) throws SQLException {
        try (Connection c = db.connection(); Statement st = c.createStatement(); ResultSet rs = st.executeQuery(sql)) {
            rs.next();
            return rs.getLong(1);
        }
    }

    private void awaitRows(long expected) throws Exception {
        await().atMost(WAIT).pollInterval(Duration.ofMillis(250)).untilAsserted(() -> {
            assertThat(windowStatsRows()).as("window_stats rows").isGreaterThanOrEqualTo(expected);
            assertThat(storedCountsMatchOracle()).as("stored counts equal the oracle's").isTrue();
        });
    }

    private boolean storedCountsMatchOracle() throws SQLException {
        try (Connection c = db.connection(); Statement st = c.createStatement();
             ResultSet rs = st.executeQuery("SELECT metric, slice_start, count FROM sla.window_stats")) {
            int matched = 0;
            while (rs.next()) {
                List<Double> values = sent.get(rs.getString(1) + "@" + rs.getTimestamp(2).getTime());
                if (values == null || values.size() != rs.getLong(3)) {
                    return false;
                }
                matched++;
            }
            return matched == sent.size();
        }
    }

    private void assertStoredStatisticsEqualTheOracle() throws SQLException {
        try (Connection c = db.connection(); Statement st = c.createStatement();
             ResultSet rs = st.executeQuery("SELECT metric, slice_start, slice_seconds, count, sum, p95, min, max FROM sla.window_stats")) {
            int rows = 0;
            while (rs.next()) {
                rows++;
                double[] values = sent.get(rs.getString(1) + "@" + rs.getTimestamp(2).getTime()).stream()
                        .mapToDouble(Double::doubleValue).sorted().toArray();
                assertThat(rs.getInt(3)).isEqualTo(60);
                assertThat(rs.getLong(4)).isEqualTo(values.length);
                assertThat(rs.getDouble(5)).isCloseTo(Arrays.stream(values).sum(), within(1e-6 * Arrays.stream(values).sum()));
                double exactP95 = QuantileSketch.exactQuantile(values, 0.95);
                assertThat(rs.getDouble(6)).isCloseTo(exactP95, within(exactP95 * 0.01));
                assertThat(rs.getDouble(7)).isEqualTo(values[0]);
                assertThat(rs.getDouble(8)).isEqualTo(values[values.length - 1]);
            }
            assertThat(rows).isEqualTo(sent.size());
        }
    }

    private static Instant minuteAligned(Instant t) {
        return Instant.ofEpochMilli(Math.floorDiv(t.toEpochMilli(), 60_000L) * 60_000L);
    }

    @Test
    void requestsBecomeRowsThatEqualTheOracleAndABreachIsRecordedWithItsAlerts() throws Exception {
        try (Connection c = db.connection(); Statement st = c.createStatement()) {
            st.execute("INSERT INTO sla.contracts (tenant, contract, definition, secrets) VALUES ('acme', 'default', "
                    + "'{\"alerts\": {\"pagerduty\": {\"url\": \"http://127.0.0.1:9\", \"routing_key_secret\": \"pd_key\"}}}', "
                    + "'{\"pd_key\": \"R0UTINGKEY0123456789abcdefABCDEF\"}')");
        }
        startEngine("a");
        startWriter(db.dataSource());
        Instant start = minuteAligned(Instant.now()).minus(Duration.ofMinutes(6));
        Random random = new Random(11);
        try (KafkaProducer<byte[], byte[]> producer = producer()) {
            sendTraffic(producer, start, 240, random, 1.0);
            sendTraffic(producer, start.plusSeconds(240), 60, random, 4.0); // TTFT ≈ 4 × 120 ms > 300 ms
        }
        awaitRows(sent.size());
        assertStoredStatisticsEqualTheOracle();

        assertThat(queryLong("SELECT count(*) FROM sla.evaluations WHERE objective_id = 'ttft_p95' AND status = 'ok'")).isPositive();
        assertThat(queryLong("SELECT count(*) FROM sla.evaluations WHERE objective_id = 'latency_p95_cpu'")).isPositive();
        // the dashboards' series catalog: every evaluated series, its hours covering its evaluations
        assertThat(queryLong("SELECT count(*) FROM sla.series")).isPositive();
        assertThat(queryLong("SELECT count(*) FROM (SELECT series_key, min(evaluated_at) AS first, max(evaluated_at) AS last "
                + "FROM sla.evaluations GROUP BY series_key) e LEFT JOIN sla.series s USING (series_key) "
                + "WHERE s.series_key IS NULL OR e.first < s.first_hour OR e.last >= s.last_hour + interval '1 hour'")).isZero();
        // The evaluation-lag metric is fed every evaluation the writer committed (told right after each commit).
        await().atMost(WAIT).pollInterval(Duration.ofMillis(250)).untilAsserted(() -> {
            java.util.Set<Instant> stored = new java.util.HashSet<>();
            try (Connection c = db.connection(); Statement st = c.createStatement();
                 ResultSet rs = st.executeQuery("SELECT DISTINCT evaluated_at FROM sla.evaluations")) {
                while (rs.next()) {
                    stored.add(rs.getTimestamp(1).toInstant());
                }
            }
            assertThat(observedEvaluations.stream().map(o -> o[0]).collect(java.util.stream.Collectors.toSet()))
                    .as("evaluation instants the writer reported").isEqualTo(stored);
        });
        assertThat(observedEvaluations).allSatisfy(o -> assertThat(o[1]).as("committed after %s", o[0]).isAfterOrEqualTo(o[0]));
        await().atMost(WAIT).pollInterval(Duration.ofMillis(250))
                .until(() -> queryLong("SELECT count(*) FROM sla.breaches WHERE objective_id = 'ttft_p95'") > 0);
        try (Connection c = db.connection(); Statement st = c.createStatement();
             ResultSet rs = st.executeQuery("SELECT severity, series_key, tenant, contract, dedup_key, peak_value, episode_id "
                     + "FROM sla.breaches WHERE objective_id = 'ttft_p95'")) {
            assertThat(rs.next()).as("a ttft_p95 breach row").isTrue();
            assertThat(rs.getString(1)).isEqualTo("critical");
            assertThat(rs.getString(2)).isEqualTo(CHAT.canonical());
            assertThat(rs.getString(3)).isEqualTo("acme");
            // the episode id is short enough to be its own PagerDuty dedup key (≤ 255 characters)
            assertThat(rs.getString(5)).isEqualTo(rs.getString(7)).startsWith(CHAT.canonical() + "|ttft_p95@");
            assertThat(rs.getDouble(6)).isGreaterThan(300);
            assertThat(rs.next()).isFalse();
        }
        // the trigger was queued in the same transaction as the breach row, without the routing key
        try (Connection c = db.connection(); Statement st = c.createStatement();
             ResultSet rs = st.executeQuery("SELECT o.channel, o.action, o.payload::text FROM sla.alert_outbox o "
                     + "JOIN sla.breaches b USING (episode_id) WHERE b.objective_id = 'ttft_p95'")) {
            assertThat(rs.next()).as("an outbox row for the ttft_p95 breach").isTrue();
            assertThat(rs.getString(1)).isEqualTo("pagerduty");
            assertThat(rs.getString(2)).isEqualTo("trigger");
            assertThat(rs.getString(3)).doesNotContain("R0UTINGKEY0123456789abcdefABCDEF");
        }
    }

    @Test
    void aMaintenanceWindowInTheDatabaseExcusesItsEvaluationsAndNothingIsPaged() throws Exception {
        Instant start = minuteAligned(Instant.now()).minus(Duration.ofMinutes(6));
        try (Connection c = db.connection(); Statement st = c.createStatement()) {
            st.execute("INSERT INTO sla.contracts (tenant, contract, definition, secrets) VALUES ('acme', 'default', "
                    + "'{\"alerts\": {\"pagerduty\": {\"url\": \"http://127.0.0.1:9\", \"routing_key_secret\": \"pd_key\"}}}', "
                    + "'{\"pd_key\": \"R0UTINGKEY0123456789abcdefABCDEF\"}')");
            st.execute("INSERT INTO sla.maintenance_windows (tenant, contract, service, starts_at, ends_at, reason) VALUES "
                    + "('acme', 'default', 'chat-api', '" + start.plusSeconds(200) + "', '" + start.plusSeconds(320)
                    + "', 'GPU driver upgrade')");
        }
        try (ContractTermsPublisher publisher = new ContractTermsPublisher(kafka.bootstrapServers(), topics.contractTerms(),
                db.dataSource(), CATALOG, Duration.ofHours(1))) {
            assertThat(publisher.publishOnce()).isEqualTo(1);
        }
        startEngine("a"); // a global store is complete before any task runs
        startWriter(db.dataSource());
        Random random = new Random(13);
        try (KafkaProducer<byte[], byte[]> producer = producer()) {
            sendTraffic(producer, start, 240, random, 1.0);
            sendTraffic(producer, start.plusSeconds(240), 60, random, 4.0); // the same breach as above, inside maintenance
        }
        awaitRows(sent.size());
        String afterMaintenanceBegins = "objective_id = 'ttft_p95' AND evaluated_at > '" + start.plusSeconds(200) + "'";
        // the task clock follows the wall clock once input stops: wait for the evaluation at start + 6 min
        await().atMost(WAIT).pollInterval(Duration.ofMillis(250))
                .until(() -> queryLong("SELECT count(*) FROM sla.evaluations WHERE objective_id = 'ttft_p95' AND evaluated_at >= '"
                        + start.plusSeconds(360) + "'") > 0);
        assertThat(queryLong("SELECT count(*) FROM sla.evaluations WHERE " + afterMaintenanceBegins)).isPositive();
        assertThat(queryLong("SELECT count(*) FROM sla.evaluations WHERE " + afterMaintenanceBegins
                + " AND (status <> 'excused' OR excuse NOT LIKE 'maintenance #%: GPU driver upgrade')")).isZero();
        assertThat(queryLong("SELECT count(*) FROM sla.evaluations WHERE objective_id = 'ttft_p95' AND status = 'ok'"
                + " AND excuse IS NULL")).isPositive();
        // the maintenance covers chat-api only: the embedder, in the same contract, is judged as usual
        assertThat(queryString("SELECT coalesce(string_agg(objective_id, ', '), '') FROM sla.breaches"
                + " WHERE series_key = '" + CHAT.canonical() + "'")).isEmpty();
        assertThat(queryLong("SELECT count(*) FROM sla.alert_outbox o JOIN sla.breaches b USING (episode_id)"
                + " WHERE b.series_key = '" + CHAT.canonical() + "'")).isZero();
        assertThat(queryLong("SELECT count(*) FROM sla.evaluations WHERE series_key = '" + EMBED.canonical()
                + "' AND status = 'excused'")).isZero();
    }

    private String queryString(String sql) throws SQLException {
        try (Connection c = db.connection(); Statement st = c.createStatement(); ResultSet rs = st.executeQuery(sql)) {
            rs.next();
            return rs.getString(1);
        }
    }

    @Test
    void anEngineRestartedMidStreamNeitherLosesNorDoubleCounts() throws Exception {
        KafkaStreams first = startEngine("a");
        startWriter(db.dataSource());
        Instant start = minuteAligned(Instant.now()).minus(Duration.ofMinutes(5));
        Random random = new Random(12);
        try (KafkaProducer<byte[], byte[]> producer = producer()) {
            sendTraffic(producer, start, 90, random, 1.0);
            awaitCommittedInput(); // the first instance has processed and committed all of it
            first.close(Duration.ZERO);
            engines.remove(first);
            // most likely counted by the first instance: the restored one must know it (the oracle counts it once)
            producer.send(new ProducerRecord<>(topics.requests(), CHAT.toBytes(), lastChatRecord));
            sendTraffic(producer, start.plusSeconds(90), 150, random, 1.0);
            startEngine("b"); // a fresh instance with an empty state directory: restores from the changelog
        }
        awaitRows(sent.size());
        assertStoredStatisticsEqualTheOracle();
    }

    /** {@code seconds} seconds of frames from {@code from}: 30 per second of each of two camera streams, one record per second. */
    private void sendFrames(KafkaProducer<byte[], byte[]> producer, Instant from, int seconds) {
        for (int s = 0; s < seconds; s++) {
            Instant second = from.plusSeconds(s);
            List<InferenceRequest> frames = new ArrayList<>();
            for (String camera : List.of("gate-1", "gate-2")) {
                for (int f = 0; f < 30; f++) {
                    frames.add(new InferenceRequest(second.plusMillis(f * 33L), List.of(), Optional.of(FrameStream.named(camera))));
                }
            }
            producer.send(new ProducerRecord<>(topics.requests(), GATE.toBytes(), RequestBatchCodec.encode(frames)));
        }
        producer.flush();
    }

    @Test
    void frameCountsSurviveAnEngineRestartMidStream() throws Exception {
        KafkaStreams first = startEngine("a");
        startWriter(db.dataSource());
        Instant start = minuteAligned(Instant.now()).minus(Duration.ofMinutes(5));
        try (KafkaProducer<byte[], byte[]> producer = producer()) {
            sendFrames(producer, start, 90);
            // The first minute's fps row is committed output of the first instance: from then on, the
            // counts of the seconds after it exist only in its committed state, which the second must restore.
            await().atMost(WAIT).pollInterval(Duration.ofMillis(100))
                    .until(() -> queryLong("SELECT count(*) FROM sla.window_stats WHERE metric = 'fps'") > 0);
            first.close(Duration.ZERO);
            engines.remove(first);
            sendFrames(producer, start.plusSeconds(90), 150);
            startEngine("b");
        }
        // Every second of both streams but each stream's first and last, once, with all its 30 frames:
        // a count lost or doubled across the restart would show as a missing second or a value other than 30.
        long expected = 2 * (240 - 2);
        await().atMost(WAIT).pollInterval(Duration.ofMillis(250))
                .until(() -> { long[] found = fpsTotals(); return found[0] == 4 && found[1] >= expected; });
        assertThat(fpsTotals()).as("minutes, per-second values, min fps, max fps").containsExactly(4, expected, 30, 30);
    }

    private long[] fpsTotals() throws SQLException {
        String sql = "SELECT count(*), coalesce(sum(count), 0), min(min), max(max) FROM sla.window_stats WHERE metric = 'fps'";
        try (Connection c = db.connection(); Statement st = c.createStatement(); ResultSet rs = st.executeQuery(sql)) {
            rs.next();
            return new long[] {rs.getLong(1), rs.getLong(2), rs.getLong(3), rs.getLong(4)};
        }
    }

    @Test
    void anEngineKilledWithSigkillMidStreamIsReplacedWithoutLossOrDoubleCounting() throws Exception {
        String suffix = topics.requests().substring("sla.requests-".length());
        Process killed = new ProcessBuilder(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-cp", System.getProperty("java.class.path"), EngineProcess.class.getName(),
                kafka.bootstrapServers(), applicationId, stateRoot.resolve("killed").toString(), suffix)
                .redirectErrorStream(true).redirectOutput(ProcessBuilder.Redirect.PIPE).start();
        try {
            try (var out = new java.io.BufferedReader(new java.io.InputStreamReader(killed.getInputStream()))) {
                String line;
                long deadline = System.nanoTime() + WAIT.toNanos();
                while ((line = out.readLine()) != null && !line.equals("RUNNING") && System.nanoTime() < deadline) {
                    // skip the child's log until it runs
                }
                assertThat(line).as("the child engine reached RUNNING").isEqualTo("RUNNING");
                startWriter(db.dataSource());
                Instant start = minuteAligned(Instant.now()).minus(Duration.ofMinutes(5));
                Random random = new Random(15);
                try (KafkaProducer<byte[], byte[]> producer = producer()) {
                    // 90 s: the minute [60 s, 120 s) is half in the killed engine's state, half after the kill
                    sendTraffic(producer, start, 90, random, 1.0);
                    // kill it once it has committed work: no final commit, no clean shutdown
                    await().atMost(WAIT).pollInterval(Duration.ofMillis(20)).until(() -> windowStatsRows() > 0);
                    killed.destroyForcibly().waitFor();
                    sendTraffic(producer, start.plusSeconds(90), 150, random, 1.0);
                }
                startEngine("replacement");
                awaitRows(sent.size());
                assertStoredStatisticsEqualTheOracle();
            }
        } finally {
            killed.destroyForcibly();
        }
    }

    @Test
    void twoInstancesShareThePartitionsAndTogetherProduceExactlyTheOracle() throws Exception {
        startEngine("a");
        startEngine("b");
        startWriter(db.dataSource());
        Instant start = minuteAligned(Instant.now()).minus(Duration.ofMinutes(4));
        try (KafkaProducer<byte[], byte[]> producer = producer()) {
            sendTraffic(producer, start, 180, new Random(14), 1.0);
        }
        awaitRows(sent.size());
        assertStoredStatisticsEqualTheOracle();
        long tasks = engines.stream().mapToLong(e -> e.metadataForLocalThreads().stream()
                .mapToLong(t -> t.activeTasks().size()).sum()).sum();
        assertThat(tasks).as("the 3 partitions' tasks, spread over both instances").isEqualTo(3);
        assertThat(engines).allSatisfy(e -> assertThat(e.metadataForLocalThreads().stream()
                .mapToLong(t -> t.activeTasks().size()).sum()).as("each instance has work").isPositive());
    }

    @Test
    void resultsWaitInKafkaWhileTheDatabaseIsAwayAndAllArriveAfterwards() throws Exception {
        AtomicBoolean databaseDown = new AtomicBoolean(true);
        startEngine("a");
        ResultWriter w = startWriter(unreachableWhile(databaseDown));
        Instant start = minuteAligned(Instant.now()).minus(Duration.ofMinutes(4));
        try (KafkaProducer<byte[], byte[]> producer = producer()) {
            sendTraffic(producer, start, 180, new Random(13), 1.0);
        }
        // the database stays away for at least 5 s, whatever the retry count reaches before
        await().pollDelay(Duration.ofSeconds(5)).atMost(WAIT).pollInterval(Duration.ofMillis(100))
                .until(() -> w.databaseFailures() >= 3);
        assertThat(w.databaseFailures()).as("the writer kept retrying while the database was away").isGreaterThanOrEqualTo(3);
        assertThat(windowStatsRows()).isZero();
        databaseDown.set(false);
        awaitRows(sent.size());
        assertStoredStatisticsEqualTheOracle();
    }
}
