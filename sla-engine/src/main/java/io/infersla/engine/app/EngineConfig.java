package io.infersla.engine.app;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;
import io.smallrye.config.WithName;
import java.time.Duration;
import java.util.Optional;

/**
 * The engine's configuration ({@code infersla.*}), converted at start-up into the core's and the
 * topology's validated records; every error names the key the user typed.
 */
@ConfigMapping(prefix = "infersla")
public interface EngineConfig {

    Kafka kafka();

    Engine engine();

    Storage storage();

    Alerts alerts();

    Api api();

    Reports reports();

    Secrets secrets();

    /**
     * The key contract secrets are encrypted under (docs/security.md, "Secrets at rest"); read and
     * validated by {@link io.infersla.core.secret.SecretKeys}. No default: the engine does not
     * start with storage and without a key.
     */
    interface Secrets {
        /** Base64 of 32 random bytes ({@code head -c 32 /dev/urandom | base64}). */
        Optional<String> key();

        /** A file holding that instead (a mounted secret). */
        @WithName("key-file")
        Optional<String> keyFile();

        /** The id stored with every value; default: the first 8 hex digits of the key's SHA-256. */
        @WithName("key-id")
        Optional<String> keyId();

        /** Id → base64 key of keys values may still be under: they are re-encrypted at start. */
        @WithName("previous-keys")
        java.util.Map<String, String> previousKeys();

        /** Id → file of such keys. */
        @WithName("previous-key-files")
        java.util.Map<String, String> previousKeyFiles();
    }

    /** Monthly compliance reports (docs/reports.md), made by the instance that holds the reports lock. */
    interface Reports {
        /** Regenerate every contract's current month (provisional) and finalize closed months. */
        @WithDefault("true")
        boolean enabled();

        /** How often every contract's current month is regenerated; at most a day. */
        @WithDefault("1h")
        Duration every();

        /** How often marked hours are rolled up into the hourly tables reports read. */
        @WithName("rollup-every")
        @WithDefault("1m")
        Duration rollupEvery();

        /** How long after its end plus the engine's late-data bound a month stays provisional. */
        @WithName("final-grace")
        @WithDefault("1h")
        Duration finalGrace();
    }

    /** The REST API's credentials, read like ingest's: a bearer token decides the tenant. */
    interface Api {
        /** Tenant → SHA-256 (hex) of its bearer token; tokens themselves are never configured. */
        java.util.Map<String, String> tokens();

        /** A plain-text token for local development (the launcher prints it); absent in production. */
        @WithName("dev-token")
        Optional<String> devToken();

        @WithName("dev-tenant")
        @WithDefault("local")
        String devTenant();
    }

    interface Kafka {
        /** host:port[,host:port...] of the Kafka cluster. */
        @WithName("bootstrap-servers")
        @WithDefault("localhost:9092")
        String bootstrapServers();

        /** Create the engine's topics at start-up when they are missing (local and test setups). */
        @WithName("create-topics")
        @WithDefault("true")
        boolean createTopics();

        /** Partitions of topics created at start-up: the unit of scale-out. */
        @WithDefault("3")
        int partitions();

        @WithName("replication-factor")
        @WithDefault("1")
        short replicationFactor();

        /** Topic names, under the same keys as ingest's ({@code infersla.kafka.topics.*}). */
        Topics topics();
    }

    interface Topics {
        @WithDefault("sla.requests")
        String requests();

        @WithDefault("sla.requests.dlq")
        String rejected();

        @WithName("window-stats")
        @WithDefault("sla.window-stats")
        String windowStats();

        @WithDefault("sla.evaluations")
        String evaluations();

        @WithDefault("sla.breaches")
        String breaches();

        /** Compacted; each contract's objective overrides and maintenance windows, published by the engine. */
        @WithName("contract-terms")
        @WithDefault("sla.contract-terms")
        String contractTerms();
    }

    interface Engine {
        /** Run the Kafka Streams topology in this process. */
        @WithDefault("true")
        boolean enabled();

        @WithName("application-id")
        @WithDefault("infersla-sla-engine")
        String applicationId();

        @WithName("state-dir")
        Optional<String> stateDir();

        @WithName("processing-guarantee")
        @WithDefault("exactly_once_v2")
        String processingGuarantee();

        @WithName("standby-replicas")
        @WithDefault("0")
        int standbyReplicas();

        @WithDefault("5s")
        Duration grace();

        @WithName("late-bound")
        @WithDefault("10m")
        Duration lateBound();

        @WithName("future-skew")
        @WithDefault("2m")
        Duration futureSkew();

        @WithName("persist-every")
        @WithDefault("1m")
        Duration persistEvery();

        @WithName("idle-after")
        @WithDefault("10s")
        Duration idleAfter();

        @WithName("breach-open-after")
        @WithDefault("2")
        int breachOpenAfter();

        @WithName("breach-resolve-after")
        @WithDefault("3")
        int breachResolveAfter();

        /** A breach this factor beyond the limit opens (or escalates) at once; 0 turns it off. */
        @WithName("breach-severe-factor")
        @WithDefault("2")
        double breachSevereFactor();
    }

    interface Storage {
        /** Run the storage writer (sla.window-stats, sla.evaluations, sla.breaches → database) in this process. */
        @WithDefault("true")
        boolean enabled();

        /**
         * PostgreSQL / TimescaleDB: a JDBC URL, a libpq URI ({@code postgresql://user:password@host/db})
         * or libpq key=value pairs, read by {@link io.infersla.core.config.PostgresUrl}.
         */
        @WithName("jdbc-url")
        @WithDefault("jdbc:postgresql://127.0.0.1:5432/infersla")
        String jdbcUrl();

        /** Wins over a user in the URL; without either, {@code infersla}. */
        Optional<String> user();

        /** Wins over a password in the URL; without either, none. */
        Optional<String> password();

        /**
         * Most connections the engine's pool opens (writer, contract-terms publisher, report
         * scheduler, alert workers, Alertmanager refresher and the REST API share it); the two
         * session locks hold one unpooled connection each on top.
         */
        @WithName("pool-size")
        @WithDefault("" + EngineDatabase.DEFAULT_POOL_SIZE)
        int poolSize();

        /** Apply the Flyway migrations at start-up (local stack); production runs them as a deployment step. */
        @WithName("migrate-at-start")
        @WithDefault("false")
        boolean migrateAtStart();

        @WithName("consumer-group")
        @WithDefault("infersla-storage-writer")
        String consumerGroup();

        /**
         * How often contract objective overrides and maintenance windows are copied from the
         * database to the contract-terms topic: the longest a change takes to reach evaluation.
         */
        @WithName("contracts-refresh")
        @WithDefault("5s")
        java.time.Duration contractsRefresh();
    }

    interface Alerts {
        /** Deliver the alert outbox (PagerDuty, Alertmanager, webhooks) from this process. */
        @WithDefault("true")
        boolean enabled();

        /** Hosts notifications may go to (exact names or *.domain), besides loopback when allowed. */
        @WithName("allowed-hosts")
        @WithDefault("events.pagerduty.com,events.eu.pagerduty.com")
        java.util.List<String> allowedHosts();

        /** Loopback targets (the local stack's receivers); off in production. */
        @WithName("allow-loopback")
        @WithDefault("false")
        boolean allowLoopback();

        @WithName("allow-private-networks")
        @WithDefault("false")
        boolean allowPrivateNetworks();

        /** Plain http:// targets (an Alertmanager inside the cluster, the local stack). */
        @WithName("allow-plain-http")
        @WithDefault("false")
        boolean allowPlainHttp();

        @WithDefault("2")
        int workers();

        /** How often firing alerts are re-sent to Alertmanager. */
        @WithName("alertmanager-resend")
        @WithDefault("60s")
        Duration alertmanagerResend();
    }
}
