package io.infersla.testsupport;

import java.time.Duration;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.stream.Collectors;

import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.common.test.KafkaClusterTestKit;
import org.apache.kafka.common.test.TestKitNodes;
import org.apache.kafka.metadata.bootstrap.BootstrapMetadata;
import org.apache.kafka.server.common.Feature;
import org.apache.kafka.server.common.MetadataVersion;

/**
 * A real Apache Kafka broker running in this JVM: one node that is both broker and KRaft
 * controller, built with Kafka's own {@link KafkaClusterTestKit}.
 *
 * <p>Start-up takes a few seconds, so test classes share one broker per JVM:
 *
 * <pre>{@code
 * class WindowStatsWriterIT {
 *     static final KafkaBroker kafka = KafkaBroker.shared();
 *
 *     @Test
 *     void writesOneRowPerSlice() {
 *         kafka.createTopic("sla.window-stats-" + UUID.randomUUID(), 3);
 *         ... kafka.bootstrapServers() ...
 *     }
 * }
 * }</pre>
 *
 * Because the broker is shared, each test should use its own topic names (and consumer group
 * ids). {@link #start()} gives a private broker for the rare test that must stop it; a test
 * that must start it again uses {@link RestartableKafkaBroker}.
 *
 * <p>The broker is configured like a single-node production cluster: production metadata
 * version and features (no unstable APIs), replication factor 1 for the internal topics so that
 * consumer groups and transactions (Kafka Streams {@code exactly_once_v2}) work, no initial
 * rebalance delay. Listeners bind to ports the kit reserves up front (port 0), so parallel
 * builds cannot collide.
 */
public final class KafkaBroker implements AutoCloseable {

    private static final System.Logger LOG = System.getLogger(KafkaBroker.class.getName());

    /** Overrides of broker defaults; everything else is Kafka's default. */
    static final Map<String, String> BROKER_CONFIG = Map.ofEntries(
            // One node: internal topics cannot have more than one replica.
            Map.entry("offsets.topic.replication.factor", "1"),
            Map.entry("transaction.state.log.replication.factor", "1"),
            Map.entry("transaction.state.log.min.isr", "1"),
            Map.entry("share.coordinator.state.topic.replication.factor", "1"),
            Map.entry("share.coordinator.state.topic.min.isr", "1"),
            // 50 partitions each by default: creating them costs seconds on the first group or
            // transaction, for no benefit on one node.
            Map.entry("offsets.topic.num.partitions", "4"),
            Map.entry("transaction.state.log.num.partitions", "4"),
            // The default 3 s delay only helps large groups; tests would wait for it every time.
            Map.entry("group.initial.rebalance.delay.ms", "0"),
            // The kit enables unreleased protocol versions by default; production brokers do not.
            Map.entry("unstable.api.versions.enable", "false"),
            Map.entry("unstable.feature.versions.enable", "false"));

    private static KafkaBroker shared;

    private final KafkaClusterTestKit cluster;
    private final String bootstrapServers;
    private final Admin admin;
    private final AtomicBoolean closed = new AtomicBoolean();

    private KafkaBroker(KafkaClusterTestKit cluster) {
        this.cluster = cluster;
        this.bootstrapServers = cluster.bootstrapServers();
        this.admin = Admin.create(Map.of(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers));
    }

    /**
     * Returns the broker shared by every test class of this JVM, starting it on first use. It is
     * stopped (and its data deleted) when the JVM exits; do not close it yourself.
     */
    public static synchronized KafkaBroker shared() {
        if (shared == null) {
            KafkaBroker broker = start();
            Runtime.getRuntime().addShutdownHook(new Thread(broker::close, "kafka-broker-shutdown"));
            shared = broker;
        }
        return shared;
    }

    /** Starts a private broker; the caller must {@link #close()} it. */
    public static KafkaBroker start() {
        long started = System.nanoTime();
        KafkaClusterTestKit cluster = null;
        try {
            TestKitNodes nodes = new TestKitNodes.Builder(productionBootstrapMetadata())
                    .setCombined(true)
                    .setNumBrokerNodes(1)
                    .setNumControllerNodes(1)
                    .build();
            KafkaClusterTestKit.Builder builder = new KafkaClusterTestKit.Builder(nodes);
            BROKER_CONFIG.forEach(builder::setConfigProp);
            cluster = builder.build();
            cluster.format();
            cluster.startup();
            cluster.waitForReadyBrokers();
            KafkaBroker broker = new KafkaBroker(cluster);
            LOG.log(System.Logger.Level.INFO, "Kafka broker {0} (KRaft, broker+controller, metadata {1}) ready in {2} ms",
                    cluster.bootstrapServers(), MetadataVersion.latestProduction(),
                    String.valueOf(TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - started)));
            return broker;
        } catch (Exception e) {
            if (e instanceof InterruptedException) {
                Thread.currentThread().interrupt();
            }
            IllegalStateException failure = new IllegalStateException("Kafka broker failed to start: " + e, e);
            if (cluster != null) {
                try {
                    cluster.close();
                } catch (Exception closing) {
                    failure.addSuppressed(closing);
                }
            }
            throw failure;
        }
    }

    private static BootstrapMetadata productionBootstrapMetadata() {
        MetadataVersion version = MetadataVersion.latestProduction();
        Map<String, Short> features = Feature.PRODUCTION_FEATURES.stream()
                .collect(Collectors.toMap(Feature::featureName, feature -> feature.defaultLevel(version)));
        return BootstrapMetadata.fromVersions(version, features, "infersla-test-support");
    }

    /** {@code host:port} for the {@code bootstrap.servers} client setting. */
    public String bootstrapServers() {
        return bootstrapServers;
    }

    /**
     * Creates a topic with replication factor 1 and returns once the broker serves every
     * partition, so producers, consumers and Kafka Streams see it immediately.
     *
     * @throws IllegalStateException if the topic exists already or is not ready within 30 s
     */
    public void createTopic(String name, int partitions) {
        Topics.create(admin, name, partitions);
    }

    /** Stops the broker and deletes its data. Safe to call more than once. */
    @Override
    public void close() {
        if (!closed.compareAndSet(false, true)) {
            return;
        }
        admin.close(Duration.ofSeconds(5));
        try {
            cluster.close();
        } catch (Exception e) {
            throw new IllegalStateException("Kafka broker " + bootstrapServers() + " did not stop cleanly: " + e, e);
        }
    }
}
