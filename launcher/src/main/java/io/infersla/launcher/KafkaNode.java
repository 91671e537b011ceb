package io.infersla.launcher;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.common.Uuid;
import org.apache.kafka.common.errors.TopicExistsException;

/**
 * The Kafka cluster of the local stack: the one given with {@code --kafka}, or a real Apache
 * Kafka broker started here. The broker is Kafka's own {@code kafka.Kafka} main in a child JVM
 * (classes from this module's runtime classpath: the Maven Central jars), one node that is both
 * broker and KRaft controller, with a plain {@code server.properties} and its log directory in
 * {@code <data-dir>/kafka}: formatted once with {@code kafka-storage format --standalone}, then
 * reused, so topics, offsets and the engine's changelogs survive restarts.
 */
final class KafkaNode implements AutoCloseable {

    static final List<String> TOPICS = List.of("otlp_spans", "sla.requests", "sla.requests.dlq", "sla.window-stats",
            "sla.evaluations", "sla.breaches");
    static final int PARTITIONS = 3;
    private static final Duration STOP_GRACE = Duration.ofSeconds(30);

    private final String bootstrapServers;
    private volatile Optional<ChildProcess> broker;
    private final List<String> brokerCommand;
    private final DataDirectory data;
    private Admin admin;

    private KafkaNode(String bootstrapServers, Optional<ChildProcess> broker, List<String> brokerCommand, DataDirectory data) {
        this.bootstrapServers = bootstrapServers;
        this.broker = broker;
        this.brokerCommand = brokerCommand;
        this.data = data;
    }

    static KafkaNode external(String bootstrapServers) {
        return new KafkaNode(bootstrapServers, Optional.empty(), List.of(), null);
    }

    /** Formats the log directory if new, then starts the broker; {@link #awaitReady} waits for it. */
    static KafkaNode start(DataDirectory data, int requestedPort, String classpath) {
        int port = Ports.resolve(requestedPort);
        Ports.requireFree(port, "Kafka", "--kafka-port");
        int controllerPort = Integer.parseInt(data.remember("kafka.controller.port", () -> Integer.toString(Ports.free())));
        Ports.requireFree(controllerPort, "the Kafka controller (kept in " + data.resolve(DataDirectory.STATE_FILE) + ")", null);
        String clusterId = data.remember("kafka.cluster.id", () -> Uuid.randomUuid().toString());
        Path dir = data.resolve("kafka");
        Path logDir = dir.resolve("data");
        Path config = dir.resolve("server.properties");
        try {
            Files.createDirectories(logDir);
            Files.writeString(config, serverProperties(port, controllerPort, logDir), StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write " + config + ": " + e.getMessage(), e);
        }
        if (!Files.exists(logDir.resolve("meta.properties"))) {
            format(data, classpath, clusterId, config);
        }
        List<String> command = jvm(classpath, data);
        command.add("kafka.Kafka");
        command.add(config.toString());
        ChildProcess broker = ChildProcess.start("kafka", command, dir, data);
        return new KafkaNode(Ports.LOOPBACK + ":" + port, Optional.of(broker), List.copyOf(command), data);
    }

    /**
     * Starts the broker again on the same ports, configuration and log directory, after its
     * process died; clients reconnect to the same address.
     */
    void restartBroker() {
        ChildProcess dead = broker.orElseThrow(() -> new IllegalStateException("the broker at " + bootstrapServers
                + " was not started here"));
        if (dead.isAlive()) {
            throw new IllegalStateException("the Kafka broker is still running (pid " + dead.pid() + ")");
        }
        broker = Optional.of(ChildProcess.start("kafka", brokerCommand, data.resolve("kafka"), data));
    }

    /** A single-node production configuration; only what differs from Kafka's defaults. */
    static String serverProperties(int port, int controllerPort, Path logDir) {
        return String.join("\n",
                "# Written by the InferSLA launcher at every start; edit the launcher, not this file.",
                "process.roles=broker,controller",
                "node.id=1",
                "listeners=PLAINTEXT://" + Ports.LOOPBACK + ":" + port + ",CONTROLLER://" + Ports.LOOPBACK + ":" + controllerPort,
                "advertised.listeners=PLAINTEXT://" + Ports.LOOPBACK + ":" + port,
                "controller.listener.names=CONTROLLER",
                "listener.security.protocol.map=CONTROLLER:PLAINTEXT,PLAINTEXT:PLAINTEXT",
                "controller.quorum.bootstrap.servers=" + Ports.LOOPBACK + ":" + controllerPort,
                "log.dirs=" + logDir,
                "num.partitions=" + PARTITIONS,
                // One node: internal topics cannot have more than one replica.
                "offsets.topic.replication.factor=1",
                "transaction.state.log.replication.factor=1",
                "transaction.state.log.min.isr=1",
                "share.coordinator.state.topic.replication.factor=1",
                "share.coordinator.state.topic.min.isr=1",
                // 50 partitions each by default: seconds of start-up for nothing on one node.
                "offsets.topic.num.partitions=4",
                "transaction.state.log.num.partitions=4",
                "group.initial.rebalance.delay.ms=0",
                // A laptop's disk: a week or 1 GiB per partition, whichever comes first.
                "log.retention.hours=168",
                "log.retention.bytes=1073741824",
                "") ;
    }

    private static void format(DataDirectory data, String classpath, String clusterId, Path config) {
        List<String> command = jvm(classpath, data);
        command.addAll(List.of("kafka.tools.StorageTool", "format", "--standalone", "-t", clusterId, "-c", config.toString()));
        ChildProcess tool = ChildProcess.start("kafka-format", command, config.getParent(), data);
        try {
            if (!tool.handle().onExit().get(120, TimeUnit.SECONDS).isAlive()
                    && Files.exists(config.getParent().resolve("data/meta.properties"))) {
                return;
            }
        } catch (Exception e) {
            tool.stop(Duration.ofSeconds(5));
            if (e instanceof InterruptedException) {
                Thread.currentThread().interrupt();
            }
        }
        throw new IllegalStateException("formatting Kafka's log directory failed; the end of " + tool.logFile() + ":\n"
                + tool.tail(30));
    }

    private static List<String> jvm(String classpath, DataDirectory data) {
        List<String> command = new ArrayList<>(List.of(ChildProcess.java(), "-Xms128m", "-Xmx512m",
                "-Dinfersla-launcher.data-dir=" + data.root(),
                "-Dorg.slf4j.simpleLogger.defaultLogLevel=info",
                "-Dorg.slf4j.simpleLogger.showDateTime=true",
                "-Dorg.slf4j.simpleLogger.dateTimeFormat=yyyy-MM-dd'T'HH:mm:ss.SSSZ",
                "-cp", classpath));
        return command;
    }

    String bootstrapServers() {
        return bootstrapServers;
    }

    Optional<ChildProcess> broker() {
        return broker;
    }

    /** Waits until the cluster answers an admin request with at least one broker. */
    void awaitReady(Duration timeout) throws InterruptedException {
        if (admin == null) {
            admin = Admin.create(Map.of(
                    AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers,
                    AdminClientConfig.REQUEST_TIMEOUT_MS_CONFIG, "5000",
                    AdminClientConfig.DEFAULT_API_TIMEOUT_MS_CONFIG, "10000"));
        }
        long deadline = System.nanoTime() + timeout.toNanos();
        String last = "no answer yet";
        while (System.nanoTime() < deadline) {
            broker.ifPresent(ChildProcess::requireAlive);
            try {
                if (!admin.describeCluster().nodes().get(5, TimeUnit.SECONDS).isEmpty()) {
                    return;
                }
            } catch (ExecutionException | java.util.concurrent.TimeoutException e) {
                last = String.valueOf(e.getCause() == null ? e : e.getCause());
            }
            Thread.sleep(100);
        }
        throw new IllegalStateException("Kafka at " + bootstrapServers + " not ready within " + timeout.toSeconds() + " s ("
                + last + ")" + broker.map(b -> "; the end of " + b.logFile() + ":\n" + b.tail(30)).orElse(""));
    }

    /** Creates the pipeline's topics that do not exist yet ({@value #PARTITIONS} partitions, one replica). */
    void createTopics() throws InterruptedException {
        List<NewTopic> topics = TOPICS.stream().map(t -> new NewTopic(t, PARTITIONS, (short) 1)).toList();
        for (var entry : admin.createTopics(topics).values().entrySet()) {
            try {
                entry.getValue().get(30, TimeUnit.SECONDS);
            } catch (ExecutionException e) {
                if (!(e.getCause() instanceof TopicExistsException)) {
                    throw new IllegalStateException("cannot create topic " + entry.getKey() + ": " + e.getCause(), e.getCause());
                }
            } catch (java.util.concurrent.TimeoutException e) {
                throw new IllegalStateException("topic " + entry.getKey() + " not created within 30 s", e);
            }
        }
    }

    /** Stops the broker if it was started here (controlled shutdown, at most 30 s). Idempotent. */
    @Override
    public void close() {
        if (admin != null) {
            admin.close(Duration.ofSeconds(2));
            admin = null;
        }
        broker.ifPresent(b -> b.stop(STOP_GRACE));
    }
}
