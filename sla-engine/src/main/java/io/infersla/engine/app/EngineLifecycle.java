package io.infersla.engine.app;

import io.infersla.core.breach.BreachPolicy;
import io.infersla.core.catalog.Catalog;
import io.infersla.engine.storage.ResultWriter;
import io.infersla.engine.topology.EngineSettings;
import io.infersla.engine.topology.SlaTopology;
import io.infersla.engine.topology.StreamsProperties;
import io.infersla.engine.topology.Topics;
import io.infersla.migrations.Migrations;
import io.quarkus.runtime.ShutdownEvent;
import io.quarkus.runtime.StartupEvent;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import java.nio.file.Path;
import java.sql.DriverManager;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.streams.KafkaStreams;
import org.jboss.logging.Logger;

/**
 * Starts and stops the engine's parts in this process: migrations (when asked), the Kafka
 * Streams topology and the storage writer. Configuration is validated before anything starts;
 * a bad value stops start-up with a message naming its key.
 */
@ApplicationScoped
public class EngineLifecycle {

    private static final Logger LOG = Logger.getLogger(EngineLifecycle.class);

    private final EngineConfig config;
    private KafkaStreams streams;
    private ResultWriter writer;

    EngineLifecycle(EngineConfig config) {
        this.config = config;
    }

    void onStart(@Observes StartupEvent event) throws Exception {
        Catalog catalog = Catalog.builtIn();
        EngineSettings settings = settings(config, catalog);
        EngineConfig.Storage storage = config.storage();
        if (storage.enabled() && storage.migrateAtStart()) {
            int applied = Migrations.apply(storage.jdbcUrl(), storage.user(), storage.password().orElse(""));
            LOG.infof("database schema up to date (%d migration(s) applied) at %s", applied, storage.jdbcUrl());
        }
        if (config.kafka().createTopics()) {
            createMissingTopics(settings.topics());
        }
        if (config.engine().enabled()) {
            Path stateDir = config.engine().stateDir().map(Path::of)
                    .orElse(Path.of(System.getProperty("java.io.tmpdir"), "infersla-engine"));
            streams = new KafkaStreams(SlaTopology.build(settings), StreamsProperties.of(config.kafka().bootstrapServers(),
                    config.engine().applicationId(), stateDir, config.engine().processingGuarantee(),
                    config.engine().standbyReplicas()));
            streams.start();
            LOG.infof("SLA engine started: %d categories, guarantee %s, state in %s", catalog.categories().size(),
                    config.engine().processingGuarantee(), stateDir);
        }
        if (storage.enabled()) {
            writer = new ResultWriter(config.kafka().bootstrapServers(), storage.consumerGroup(), settings.topics(),
                    () -> DriverManager.getConnection(withBatchRewrite(storage.jdbcUrl()), storage.user(), storage.password().orElse("")))
                    .start();
            LOG.infof("storage writer started: results go to %s", storage.jdbcUrl());
        }
    }

    void onStop(@Observes ShutdownEvent event) throws InterruptedException {
        if (streams != null) {
            streams.close(Duration.ofSeconds(30));
        }
        if (writer != null) {
            writer.close();
        }
    }

    /** The engine's running state for health checks, or empty when the engine is disabled here. */
    public Optional<KafkaStreams.State> streamsState() {
        return Optional.ofNullable(streams).map(KafkaStreams::state);
    }

    /** Builds and validates the topology's settings; errors name the configuration key. */
    static EngineSettings settings(EngineConfig config, Catalog catalog) {
        EngineConfig.Engine e = config.engine();
        EngineConfig.Topics t = config.kafka().topics();
        BreachPolicy policy;
        try {
            policy = new BreachPolicy(e.breachOpenAfter(), e.breachResolveAfter(), e.breachSevereFactor());
        } catch (IllegalArgumentException ex) {
            throw new IllegalArgumentException("infersla.engine.breach-open-after / breach-resolve-after / breach-severe-factor: " + ex.getMessage(), ex);
        }
        if (config.kafka().partitions() < 1) {
            throw new IllegalArgumentException("infersla.kafka.partitions must be >= 1, was " + config.kafka().partitions());
        }
        return new EngineSettings(catalog, new Topics(t.requests(), t.rejected(), t.windowStats(), t.evaluations(), t.breaches()),
                e.grace(), e.lateBound(), e.futureSkew(), e.persistEvery(), e.idleAfter(), policy);
    }

    private void createMissingTopics(Topics topics) throws InterruptedException, ExecutionException {
        try (Admin admin = Admin.create(Map.of(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, config.kafka().bootstrapServers()))) {
            Set<String> existing = admin.listTopics().names().get(30, TimeUnit.SECONDS);
            List<NewTopic> missing = new ArrayList<>();
            for (String name : List.of(topics.requests(), topics.rejected(), topics.windowStats(), topics.evaluations(), topics.breaches())) {
                if (!existing.contains(name)) {
                    missing.add(new NewTopic(name, config.kafka().partitions(), config.kafka().replicationFactor()));
                }
            }
            if (!missing.isEmpty()) {
                admin.createTopics(missing).all().get(30, TimeUnit.SECONDS);
                LOG.infof("created topics %s", missing.stream().map(NewTopic::name).toList());
            }
        } catch (TimeoutException ex) {
            throw new IllegalStateException("infersla.kafka.bootstrap-servers: no Kafka cluster answered at "
                    + config.kafka().bootstrapServers() + " within 30 s", ex);
        } catch (ExecutionException ex) {
            if (!(ex.getCause() instanceof org.apache.kafka.common.errors.TopicExistsException)) {
                throw ex;
            }
        }
    }

    /** Multi-row inserts for the writer's batches (an order of magnitude fewer round trips). */
    static String withBatchRewrite(String jdbcUrl) {
        if (jdbcUrl.contains("reWriteBatchedInserts")) {
            return jdbcUrl;
        }
        return jdbcUrl + (jdbcUrl.contains("?") ? "&" : "?") + "reWriteBatchedInserts=true";
    }
}
