package io.infersla.engine.app;

import io.infersla.engine.storage.ResultWriter;
import io.micrometer.core.instrument.FunctionCounter;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import io.quarkus.runtime.ShutdownEvent;
import io.quarkus.runtime.StartupEvent;
import jakarta.annotation.Priority;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import jakarta.enterprise.inject.Instance;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

/**
 * Whether the engine keeps up, on {@code /q/metrics} (Prometheus names):
 * <ul>
 *   <li>{@code infersla_engine_consumer_lag_records{group,topic}}: records the topology's and the
 *       storage writer's consumer groups are behind ({@link ConsumerLag});</li>
 *   <li>{@code infersla_engine_evaluation_lag_seconds} (histogram): per evaluation stored, from
 *       its instant (the step boundary it judges) to the writer's commit, so it covers the whole
 *       way: waiting for {@code grace}, the topology, Kafka and the database;</li>
 *   <li>{@code infersla_engine_db_write_seconds} (histogram): the writer's committed transactions;
 *       {@code infersla_engine_db_write_failures_total}: its failed attempts (each retried);
 *       {@code infersla_engine_db_rows_written_total}.</li>
 * </ul>
 * All are registered at start for the parts that run in this process, so they exist before the
 * first result.
 */
@ApplicationScoped
public class EngineMetrics implements ResultWriter.Observer {

    /** As often as Prometheus scrapes (docs/dashboards.md); each reading is a few admin requests. */
    static final Duration LAG_EVERY = Duration.ofSeconds(15);

    private final MeterRegistry registry;
    private final Timer evaluationLag;
    private final Timer dbWrite;
    private ConsumerLag consumerLag;

    EngineMetrics(Instance<MeterRegistry> registries) {
        this.registry = registries.isResolvable() ? registries.get() : null;
        if (registry == null) {
            evaluationLag = null;
            dbWrite = null;
            return;
        }
        // Fixed buckets rather than Micrometer's ~70 percentile buckets: the rule and panels read a
        // p99 and a few thresholds, and every bucket is a series in Prometheus.
        evaluationLag = Timer.builder("infersla.engine.evaluation.lag")
                .description("From an evaluation's instant (its step boundary) to its row being committed")
                .serviceLevelObjectives(seconds(1, 2, 5, 10, 15, 30, 60, 120, 300, 600, 1800, 3600))
                .register(registry);
        dbWrite = Timer.builder("infersla.engine.db.write")
                .description("Committed transactions of the storage writer (one per poll of result records)")
                .serviceLevelObjectives(Duration.ofMillis(5), Duration.ofMillis(10), Duration.ofMillis(25), Duration.ofMillis(50),
                        Duration.ofMillis(100), Duration.ofMillis(250), Duration.ofMillis(500), Duration.ofSeconds(1),
                        Duration.ofMillis(2500), Duration.ofSeconds(5), Duration.ofSeconds(10))
                .register(registry);
    }

    private static Duration[] seconds(long... values) {
        Duration[] out = new Duration[values.length];
        for (int i = 0; i < values.length; i++) {
            out[i] = Duration.ofSeconds(values[i]);
        }
        return out;
    }

    @Override
    public void committed(Duration took, List<Instant> evaluatedAt, Instant committedAt) {
        if (registry == null) {
            return;
        }
        dbWrite.record(took);
        for (Instant at : evaluatedAt) {
            // A replayed backlog is stored long after its instants: that is lag too, and shows as such.
            Duration lag = Duration.between(at, committedAt);
            evaluationLag.record(lag.isNegative() ? Duration.ZERO : lag);
        }
    }

    /** After {@link EngineLifecycle} started the writer (observers of lower priority run first). */
    void register(@Observes @Priority(3000) StartupEvent event, EngineLifecycle lifecycle, EngineConfig config) {
        if (registry == null) {
            return;
        }
        lifecycle.writer().ifPresent(writer -> {
            FunctionCounter.builder("infersla.engine.db.write.failures", writer, ResultWriter::databaseFailures)
                    .description("Failed write attempts of the storage writer; each is retried with backoff").register(registry);
            FunctionCounter.builder("infersla.engine.db.rows.written", writer, ResultWriter::rowsWritten)
                    .description("Rows written by the storage writer (window stats, evaluations, breach changes)").register(registry);
        });
        List<ConsumerLag.Group> groups = new ArrayList<>();
        EngineConfig.Topics topics = config.kafka().topics();
        if (config.engine().enabled()) {
            groups.add(new ConsumerLag.Group(config.engine().applicationId(), List.of(topics.requests())));
        }
        if (config.storage().enabled()) {
            groups.add(new ConsumerLag.Group(config.storage().consumerGroup(),
                    List.of(topics.windowStats(), topics.evaluations(), topics.breaches())));
        }
        if (!groups.isEmpty()) {
            consumerLag = ConsumerLag.start(config.kafka().bootstrapServers(), groups, LAG_EVERY, registry);
        }
    }

    void stop(@Observes ShutdownEvent event) {
        if (consumerLag != null) {
            consumerLag.close();
        }
    }
}
