package io.infersla.testsupport;

import java.io.IOException;
import java.io.PrintStream;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Comparator;
import java.util.Map;
import java.util.Properties;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import kafka.server.KafkaConfig;
import kafka.server.KafkaRaftServer;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.common.Uuid;
import org.apache.kafka.common.utils.Time;
import org.apache.kafka.metadata.storage.Formatter;
import org.apache.kafka.server.common.MetadataVersion;

/**
 * A real Kafka broker in this JVM that a test can {@link #stop()} and {@link #restart()}: one
 * KRaft node (broker and controller, like {@link KafkaBroker}) on fixed loopback ports with a log
 * directory of its own, so that after a restart clients find it at the same address and every
 * acknowledged record is still there. For tests of what happens while Kafka is away:
 *
 * <pre>{@code
 * try (RestartableKafkaBroker kafka = RestartableKafkaBroker.start()) {
 *     kafka.createTopic("sla.requests", 3);
 *     ... clients on kafka.bootstrapServers() ...
 *     kafka.stop();       // listeners closed; clients see a dead broker
 *     kafka.restart();    // same ports, same data; returns once it serves clients again
 * }
 * }</pre>
 *
 * <p>{@link KafkaBroker} cannot do this: Kafka's test kit reserves its ports by pre-binding
 * sockets that a stopped node gives up for good. Here the ports are chosen once (free at start)
 * and written into the node's configuration, and every start is a fresh {@link KafkaRaftServer}
 * on that configuration, as a restarted production broker would be. Start-up takes a few
 * seconds; use this only where the broker must stop, and {@link KafkaBroker#shared()} elsewhere.
 */
public final class RestartableKafkaBroker implements AutoCloseable {

    private static final System.Logger LOG = System.getLogger(RestartableKafkaBroker.class.getName());
    private static final String HOST = "127.0.0.1";
    private static final int NODE_ID = 1;
    private static final Duration READY_TIMEOUT = Duration.ofSeconds(60);

    private final Path logDir;
    private final KafkaConfig config;
    private final String bootstrapServers;
    private final Admin admin;
    private KafkaRaftServer server;
    private boolean closed;

    private RestartableKafkaBroker(Path logDir, KafkaConfig config, String bootstrapServers) {
        this.logDir = logDir;
        this.config = config;
        this.bootstrapServers = bootstrapServers;
        this.admin = Admin.create(Map.of(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers,
                AdminClientConfig.REQUEST_TIMEOUT_MS_CONFIG, "5000",
                AdminClientConfig.DEFAULT_API_TIMEOUT_MS_CONFIG, "30000"));
    }

    /** Formats a new log directory, starts the node and returns once it serves clients. */
    public static RestartableKafkaBroker start() {
        Path logDir;
        try {
            logDir = Files.createTempDirectory("infersla-kafka-");
        } catch (IOException e) {
            throw new UncheckedIOException("cannot create a log directory for Kafka: " + e.getMessage(), e);
        }
        int port = freePort();
        int controllerPort = freePort();
        KafkaConfig config = KafkaConfig.fromProps(properties(port, controllerPort, logDir), false);
        format(config, logDir);
        RestartableKafkaBroker broker = new RestartableKafkaBroker(logDir, config, HOST + ":" + port);
        broker.restart();
        return broker;
    }

    static Properties properties(int port, int controllerPort, Path logDir) {
        Properties properties = new Properties();
        properties.putAll(KafkaBroker.BROKER_CONFIG);
        properties.putAll(Map.of(
                "process.roles", "broker,controller",
                "node.id", Integer.toString(NODE_ID),
                "listeners", "PLAINTEXT://" + HOST + ":" + port + ",CONTROLLER://" + HOST + ":" + controllerPort,
                "advertised.listeners", "PLAINTEXT://" + HOST + ":" + port,
                "controller.listener.names", "CONTROLLER",
                "listener.security.protocol.map", "CONTROLLER:PLAINTEXT,PLAINTEXT:PLAINTEXT",
                // A static quorum of this one node: nothing to agree on at start-up.
                "controller.quorum.voters", NODE_ID + "@" + HOST + ":" + controllerPort,
                "log.dirs", logDir.toString()));
        return properties;
    }

    private static void format(KafkaConfig config, Path logDir) {
        try {
            new Formatter()
                    .setPrintStream(new PrintStream(PrintStream.nullOutputStream()))
                    .setNodeId(NODE_ID)
                    .setClusterId(Uuid.randomUuid().toString())
                    .addDirectory(logDir.toString())
                    .setMetadataLogDirectory(logDir.toString())
                    .setControllerListenerName("CONTROLLER")
                    .setReleaseVersion(MetadataVersion.latestProduction())
                    .setUnstableFeatureVersionsEnabled(false)
                    .run();
        } catch (Exception e) {
            throw new IllegalStateException("cannot format Kafka's log directory " + logDir + ": " + e, e);
        }
    }

    private static int freePort() {
        try (ServerSocket socket = new ServerSocket(0, 1, InetAddress.getByName(HOST))) {
            return socket.getLocalPort();
        } catch (IOException e) {
            throw new UncheckedIOException("no free port: " + e.getMessage(), e);
        }
    }

    /** {@code host:port} for the {@code bootstrap.servers} client setting; the same across restarts. */
    public String bootstrapServers() {
        return bootstrapServers;
    }

    /** Creates a topic with replication factor 1 and returns once every partition has a leader. */
    public void createTopic(String name, int partitions) {
        Topics.create(admin, name, partitions);
    }

    /** Stops the node (controlled shutdown) and returns once its ports are closed. */
    public synchronized void stop() {
        if (server == null) {
            throw new IllegalStateException("the broker at " + bootstrapServers + " is not running");
        }
        long started = System.nanoTime();
        server.shutdown();
        server.awaitShutdown();
        server = null;
        LOG.log(System.Logger.Level.INFO, "Kafka broker {0} stopped in {1} ms", bootstrapServers,
                String.valueOf(TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - started)));
    }

    /**
     * Starts the node on the same ports and log directory and returns once it answers clients
     * (at most a minute).
     */
    public synchronized void restart() {
        if (closed) {
            throw new IllegalStateException("the broker at " + bootstrapServers + " is closed");
        }
        if (server != null) {
            throw new IllegalStateException("the broker at " + bootstrapServers + " is running");
        }
        long started = System.nanoTime();
        KafkaRaftServer fresh = new KafkaRaftServer(config, Time.SYSTEM);
        fresh.startup();
        server = fresh;
        awaitReady();
        LOG.log(System.Logger.Level.INFO, "Kafka broker {0} (KRaft, broker+controller, data in {1}) ready in {2} ms",
                bootstrapServers, logDir, String.valueOf(TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - started)));
    }

    private void awaitReady() {
        long deadline = System.nanoTime() + READY_TIMEOUT.toNanos();
        Exception last = null;
        while (System.nanoTime() < deadline) {
            try {
                if (!admin.describeCluster().nodes().get(5, TimeUnit.SECONDS).isEmpty()) {
                    return;
                }
            } catch (ExecutionException | java.util.concurrent.TimeoutException e) {
                last = e;
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new IllegalStateException("interrupted while waiting for Kafka at " + bootstrapServers, e);
            }
        }
        throw new IllegalStateException("Kafka at " + bootstrapServers + " not ready within " + READY_TIMEOUT + ": " + last);
    }

    /** Stops the node if it runs and deletes its data. Safe to call more than once. */
    @Override
    public synchronized void close() {
        if (closed) {
            return;
        }
        closed = true;
        admin.close(Duration.ofSeconds(5));
        if (server != null) {
            stop();
        }
        try (Stream<Path> files = Files.walk(logDir)) {
            files.sorted(Comparator.reverseOrder()).forEach(path -> path.toFile().delete());
        } catch (IOException e) {
            throw new UncheckedIOException("cannot delete Kafka's log directory " + logDir + ": " + e.getMessage(), e);
        }
    }
}
