package io.infersla.engine.app;

import io.infersla.alerting.deliver.AlertmanagerNotifier;
import io.infersla.alerting.deliver.HttpPost;
import io.infersla.alerting.deliver.Notifier;
import io.infersla.alerting.deliver.PagerDutyNotifier;
import io.infersla.alerting.deliver.UrlGuard;
import io.infersla.alerting.deliver.UrlPolicy;
import io.infersla.alerting.deliver.WebhookNotifier;
import io.infersla.alerting.outbox.AlertmanagerRefresher;
import io.infersla.alerting.outbox.DispatcherConfig;
import io.infersla.alerting.outbox.OutboxDispatcher;
import io.infersla.alerting.routing.Channel;
import io.infersla.core.breach.BreachPolicy;
import io.infersla.core.catalog.Catalog;
import io.infersla.core.config.PostgresUrl;
import io.infersla.core.config.TlsFiles;
import io.infersla.core.secret.SecretCipher;
import io.infersla.engine.storage.ContractTermsPublisher;
import io.infersla.engine.storage.ReportScheduler;
import io.infersla.engine.storage.ResultWriter;
import io.infersla.engine.storage.SecretsAtRest;
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
import java.security.SecureRandom;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import javax.sql.DataSource;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.streams.KafkaStreams;
import org.eclipse.microprofile.config.Config;
import org.eclipse.microprofile.config.ConfigProvider;
import org.jboss.logging.Logger;

/**
 * Starts and stops the engine's parts in this process: migrations (when asked), the Kafka
 * Streams topology, the storage writer, and alert delivery from the outbox, all on the one
 * connection pool of {@link EngineDatabase}. Configuration is validated before anything starts;
 * a bad value stops start-up with a message naming its key.
 */
@ApplicationScoped
public class EngineLifecycle {

    private static final Logger LOG = Logger.getLogger(EngineLifecycle.class);

    private final EngineConfig config;
    private final EngineDatabase database;
    private final EngineSecrets secrets;
    private final EngineMetrics metrics;
    private KafkaStreams streams;
    private ResultWriter writer;
    private OutboxDispatcher dispatcher;
    private AlertmanagerRefresher refresher;
    private HttpPost alertHttp;
    private ContractTermsPublisher contractTerms;
    private ReportScheduler reports;

    EngineLifecycle(EngineConfig config, EngineDatabase database, EngineSecrets secrets, EngineMetrics metrics) {
        this.config = config;
        this.database = database;
        this.secrets = secrets;
        this.metrics = metrics;
    }

    void onStart(@Observes StartupEvent event) throws Exception {
        Config quarkusConfig = ConfigProvider.getConfig();
        TlsFiles.from(key -> quarkusConfig.getOptionalValue(key, String.class))
                .ifPresent(tls -> LOG.infof("the API serves TLS only, certificate %s", tls.certificate()));
        Catalog catalog = Catalog.builtIn();
        EngineSettings settings = settings(config, catalog);
        EngineConfig.Storage storage = config.storage();
        PostgresUrl db = storage.enabled() ? database(storage) : null;
        int poolSize = EngineDatabase.poolSize(config);
        if (storage.enabled() && storage.migrateAtStart()) {
            int applied = Migrations.apply(db.jdbcUrl(), db.user(), db.password());
            LOG.infof("database schema up to date (%d migration(s) applied) at %s", applied, db.jdbcUrl());
        }
        // No plaintext fallback: with a database to store secrets in, no key means no start.
        SecretCipher cipher = storage.enabled() || secrets.configured() ? secrets.cipher() : null;
        if (storage.enabled()) {
            int reencrypted = SecretsAtRest.reencrypt(database.pool(), cipher);
            LOG.infof("contract secrets encrypted under key id %s (%d value(s) re-encrypted at start)", cipher.keyId(),
                    reencrypted);
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
            DataSource database = this.database.pool();
            DataSource locks = this.database.lockConnections();
            if (config.alerts().enabled()) {
                startAlertDelivery(database, cipher);
            }
            OutboxDispatcher wake = dispatcher;
            writer = new ResultWriter(config.kafka().bootstrapServers(), storage.consumerGroup(), settings.topics(),
                    database, Clock.systemUTC(), () -> {
                        if (wake != null) {
                            wake.wakeUp();
                        }
                    }, metrics).start();
            LOG.infof("storage writer started: results go to %s (pool of up to %d connections, plus one per held lock)",
                    db.jdbcUrl(), poolSize);
            contractTerms = new ContractTermsPublisher(config.kafka().bootstrapServers(), settings.topics().contractTerms(),
                    database, locks, catalog, storage.contractsRefresh()).start();
            EngineConfig.Reports reports = config.reports();
            if (reports.enabled()) {
                this.reports = new ReportScheduler(database, locks, catalog, reports.every(), reports.rollupEvery(),
                        config.engine().lateBound().plus(reports.finalGrace()), Clock.systemUTC()).start();
                LOG.infof("reports started: current months regenerated every %s, hours rolled up every %s",
                        reports.every(), reports.rollupEvery());
            }
        }
    }

    private void startAlertDelivery(DataSource database, SecretCipher cipher) {
        EngineConfig.Alerts alerts = config.alerts();
        UrlGuard guard;
        try {
            guard = new UrlGuard(new UrlPolicy(Set.copyOf(alerts.allowedHosts()), alerts.allowLoopback(),
                    alerts.allowPrivateNetworks(), alerts.allowPlainHttp()));
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException("infersla.alerts.allowed-hosts: " + e.getMessage(), e);
        }
        if (alerts.workers() < 1) {
            throw new IllegalArgumentException("infersla.alerts.workers must be >= 1, was " + alerts.workers());
        }
        HttpPost http = new HttpPost(guard, Duration.ofSeconds(10), Clock.systemUTC());
        alertHttp = http;
        Map<Channel, Notifier> notifiers = Map.of(Channel.PAGERDUTY, new PagerDutyNotifier(http),
                Channel.ALERTMANAGER, new AlertmanagerNotifier(http), Channel.WEBHOOK, new WebhookNotifier(http));
        SecureRandom jitter = new SecureRandom();
        dispatcher = new OutboxDispatcher(database, notifiers, DispatcherConfig.DEFAULT.withWorkers(alerts.workers()),
                Clock.systemUTC(), jitter::nextDouble, cipher);
        dispatcher.start();
        refresher = new AlertmanagerRefresher(database, http, alerts.alertmanagerResend(),
                AlertmanagerRefresher.DEFAULT_RESOLVED_FOR, Clock.systemUTC());
        refresher.start();
        LOG.infof("alert delivery started: %d worker(s), allowed hosts %s%s", alerts.workers(), alerts.allowedHosts(),
                alerts.allowLoopback() ? " and loopback" : "");
    }

    /** The user of {@code infersla.storage.jdbc-url} when neither it nor {@code infersla.storage.user} names one. */
    static final String DEFAULT_USER = "infersla";

    /**
     * {@code infersla.storage.jdbc-url} (a JDBC URL, a libpq URI or libpq key=value pairs) with its
     * credentials: {@code infersla.storage.user} / {@code password} when configured, else the URL's,
     * else user {@value #DEFAULT_USER} and no password.
     *
     * @throws IllegalArgumentException naming {@code infersla.storage.jdbc-url} and what is wrong with it
     */
    static PostgresUrl database(EngineConfig.Storage storage) {
        return PostgresUrl.parse("infersla.storage.jdbc-url", storage.jdbcUrl(), DEFAULT_USER)
                .withCredentials(storage.user(), storage.password());
    }

    void onStop(@Observes ShutdownEvent event) throws InterruptedException {
        if (streams != null) {
            streams.close(Duration.ofSeconds(30));
        }
        if (contractTerms != null) {
            contractTerms.close();
        }
        if (reports != null) {
            reports.close();
        }
        if (writer != null) {
            writer.close();
        }
        if (refresher != null) {
            refresher.close();
        }
        if (dispatcher != null) {
            dispatcher.close();
        }
        if (alertHttp != null) {
            alertHttp.close();
        }
        // Last, after the parts that use it; an API request still running now answers 503.
        database.close();
    }

    /** Delivery outcomes of the alert outbox, or empty when alerts are not delivered from here. */
    public Optional<io.infersla.alerting.outbox.DeliveryCounters> deliveryCounters() {
        return Optional.ofNullable(dispatcher).map(OutboxDispatcher::counters);
    }

    /** The storage writer, or empty when it does not run here. */
    public Optional<ResultWriter> writer() {
        return Optional.ofNullable(writer);
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
        return new EngineSettings(catalog, new Topics(t.requests(), t.rejected(), t.windowStats(), t.evaluations(), t.breaches(),
                t.contractTerms()),
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
            if (!existing.contains(topics.contractTerms())) {
                // One small record per contract, read whole by every instance: compacted, one partition.
                missing.add(new NewTopic(topics.contractTerms(), 1, config.kafka().replicationFactor())
                        .configs(Map.of("cleanup.policy", "compact")));
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
