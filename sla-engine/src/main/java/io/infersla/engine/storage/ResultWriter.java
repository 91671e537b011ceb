package io.infersla.engine.storage;

import io.infersla.alerting.outbox.BreachRecorder;
import io.infersla.alerting.payload.AlertFacts;
import io.infersla.core.request.SeriesKey;
import io.infersla.engine.storage.ResultRows.Keyed;
import io.infersla.reports.store.RollupMarks;
import io.infersla.engine.topic.BreachRecord;
import io.infersla.engine.topic.EvaluationRecord;
import io.infersla.engine.topic.SliceRecord;
import io.infersla.engine.topology.Topics;
import java.sql.Connection;
import java.sql.SQLException;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Function;
import org.jboss.logging.Logger;
import javax.sql.DataSource;
import org.apache.kafka.clients.consumer.CommitFailedException;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.ConsumerRecords;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.errors.WakeupException;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;

/**
 * Moves the engine's results from Kafka into PostgreSQL/TimescaleDB: window statistics,
 * evaluations (and the series catalog the dashboards filter by) and breach episodes with their
 * alert outbox rows, each poll written in one
 * transaction of idempotent upserts.
 * Offsets are committed only after the database committed, so while the database is away the
 * writer retries with backoff and Kafka keeps everything: results are delayed, never lost.
 */
public final class ResultWriter implements AutoCloseable {

    private static final Logger LOG = Logger.getLogger(ResultWriter.class);
    private static final Duration FIRST_BACKOFF = Duration.ofMillis(200);
    private static final Duration MAX_BACKOFF = Duration.ofSeconds(10);

    private final KafkaConsumer<byte[], byte[]> consumer;
    private final Topics topics;
    private final DataSource database;
    private final BreachRecorder breachRecorder;
    private final ContractAlertRouting routing;
    private final Runnable afterBreaches;
    private final Observer observer;
    private final Clock clock;
    private final Thread thread;
    private volatile boolean running = true;
    private final AtomicLong rowsWritten = new AtomicLong();
    private final AtomicLong recordsSkipped = new AtomicLong();
    private final AtomicLong databaseFailures = new AtomicLong();

    /** What the writer reports of each transaction it committed; the app turns it into metrics. */
    public interface Observer {
        /**
         * @param took the transaction, from taking a connection to the commit
         * @param evaluatedAt the instants (step boundaries) of the evaluations it stored
         * @param committedAt the clock's time right after the commit
         */
        void committed(Duration took, List<Instant> evaluatedAt, Instant committedAt);
    }

    /**
     * @param afterBreaches runs after a transaction that recorded breach changes (and so, maybe,
     *     alert outbox rows) committed: the place to wake the outbox dispatcher
     * @param observer told of every committed transaction
     */
    public ResultWriter(String bootstrapServers, String groupId, Topics topics, DataSource database, Clock clock,
            Runnable afterBreaches, Observer observer) {
        Properties props = new Properties();
        props.put(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers);
        props.put(ConsumerConfig.GROUP_ID_CONFIG, groupId);
        props.put(ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, false);
        // The engine writes in transactions (exactly_once_v2): read only what it committed.
        props.put(ConsumerConfig.ISOLATION_LEVEL_CONFIG, "read_committed");
        props.put(ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "earliest");
        props.put(ConsumerConfig.MAX_POLL_RECORDS_CONFIG, 2000);
        this.consumer = new KafkaConsumer<>(props, new ByteArrayDeserializer(), new ByteArrayDeserializer());
        this.topics = topics;
        this.database = database;
        this.breachRecorder = new BreachRecorder(database, clock);
        this.routing = new ContractAlertRouting(clock);
        this.afterBreaches = afterBreaches;
        this.observer = observer;
        this.clock = clock;
        this.thread = new Thread(this::run, "sla-result-writer");
    }

    public ResultWriter start() {
        thread.start();
        return this;
    }

    public long rowsWritten() {
        return rowsWritten.get();
    }

    public long recordsSkipped() {
        return recordsSkipped.get();
    }

    public long databaseFailures() {
        return databaseFailures.get();
    }

    private void run() {
        try {
            consumer.subscribe(List.of(topics.windowStats(), topics.evaluations(), topics.breaches()));
            while (running) {
                ConsumerRecords<byte[], byte[]> records = consumer.poll(Duration.ofMillis(500));
                if (records.isEmpty()) {
                    continue;
                }
                if (writeUntilStored(records)) {
                    commit(records);
                }
            }
        } catch (WakeupException e) {
            if (running) {
                throw e;
            }
        } finally {
            consumer.close(Duration.ofSeconds(5));
        }
    }

    /** @return false only when the writer is closing before the records were stored */
    private boolean writeUntilStored(ConsumerRecords<byte[], byte[]> records) {
        Duration backoff = FIRST_BACKOFF;
        boolean paused = false;
        while (running) {
            try {
                write(records);
                if (paused) {
                    consumer.resume(consumer.assignment());
                }
                return true;
            } catch (SQLException e) {
                databaseFailures.incrementAndGet();
                LOG.warn("cannot write results to the database, retrying in " + backoff.toMillis()
                        + " ms: " + e.getMessage());
                if (!paused) {
                    consumer.pause(consumer.assignment());
                    paused = true;
                }
                sleepPolling(backoff);
                backoff = backoff.multipliedBy(2).compareTo(MAX_BACKOFF) > 0 ? MAX_BACKOFF : backoff.multipliedBy(2);
            }
        }
        return false;
    }

    /** Waits while staying a live group member (paused partitions return nothing). */
    private void sleepPolling(Duration wait) {
        long until = System.nanoTime() + wait.toNanos();
        while (running && System.nanoTime() < until) {
            consumer.poll(Duration.ofMillis(Math.min(200, Math.max(1, (until - System.nanoTime()) / 1_000_000))));
        }
    }

    private void write(ConsumerRecords<byte[], byte[]> records) throws SQLException {
        List<Keyed<SliceRecord>> slices = decode(records, topics.windowStats(), SliceRecord::fromBytes);
        List<Keyed<EvaluationRecord>> evaluations = decode(records, topics.evaluations(), EvaluationRecord::fromBytes);
        List<Keyed<BreachRecord>> breaches = decode(records, topics.breaches(), BreachRecord::fromBytes);
        long started = System.nanoTime();
        try (Connection db = database.getConnection()) {
            db.setAutoCommit(false);
            try {
                if (!slices.isEmpty()) {
                    ResultRows.writeWindowStats(db, slices);
                }
                if (!evaluations.isEmpty()) {
                    ResultRows.writeEvaluations(db, evaluations);
                    ResultRows.writeSeries(db, evaluations);
                }
                for (Keyed<BreachRecord> breach : breaches) {
                    record(db, breach);
                }
                markForRollup(db, slices, evaluations);
                db.commit();
            } catch (SQLException | RuntimeException e) {
                db.rollback();
                throw e;
            }
        }
        Duration took = Duration.ofNanos(System.nanoTime() - started);
        rowsWritten.addAndGet(slices.size() + evaluations.size() + breaches.size());
        observer.committed(took, evaluations.stream().map(e -> e.value().evaluatedAt()).toList(), clock.instant());
        if (!breaches.isEmpty()) {
            afterBreaches.run();
        }
    }

    /** The breach row and its alert outbox rows, in the caller's transaction: no breach without its alerts. */
    /** Hours these rows change are read raw by reports until the rollup job has rolled them up again. */
    private static void markForRollup(Connection db, List<Keyed<SliceRecord>> slices, List<Keyed<EvaluationRecord>> evaluations)
            throws SQLException {
        RollupMarks marks = new RollupMarks();
        for (Keyed<SliceRecord> slice : slices) {
            marks.windowStats(slice.series(), slice.value().slice().start());
        }
        for (Keyed<EvaluationRecord> evaluation : evaluations) {
            marks.evaluation(evaluation.series(), evaluation.value().evaluatedAt());
        }
        marks.write(db);
    }

    private void record(Connection db, Keyed<BreachRecord> keyed) throws SQLException {
        SeriesKey series = keyed.series();
        BreachRecord b = keyed.value();
        AlertFacts facts = new AlertFacts(series, b.objectiveId(), b.metric(), b.statistic(), b.direction(), b.value(),
                b.target(), b.limit(), Duration.ofSeconds(b.windowSeconds()), b.samples(), b.evaluatedAt());
        breachRecorder.record(db, b.toEvent(), facts, routing.routingFor(db, series.tenant(), series.contract()));
    }

    private <T> List<Keyed<T>> decode(ConsumerRecords<byte[], byte[]> records, String topic, Function<byte[], T> decoder) {
        List<Keyed<T>> out = new ArrayList<>();
        for (ConsumerRecord<byte[], byte[]> record : records.records(topic)) {
            try {
                out.add(new Keyed<>(SeriesKey.fromBytes(record.key()), decoder.apply(record.value())));
            } catch (RuntimeException e) {
                // Only the engine writes these topics; a record it cannot have written is skipped, counted and logged
                // rather than blocking every result behind it.
                recordsSkipped.incrementAndGet();
                LOG.error("skipping an undecodable record at " + record.topic() + "-" + record.partition()
                        + "@" + record.offset() + ": " + e.getMessage());
            }
        }
        return out;
    }

    private void commit(ConsumerRecords<byte[], byte[]> records) {
        Map<TopicPartition, OffsetAndMetadata> offsets = new HashMap<>();
        for (TopicPartition partition : records.partitions()) {
            List<ConsumerRecord<byte[], byte[]>> inPartition = records.records(partition);
            offsets.put(partition, new OffsetAndMetadata(inPartition.get(inPartition.size() - 1).offset() + 1));
        }
        try {
            consumer.commitSync(offsets);
        } catch (CommitFailedException e) {
            // The partitions moved to another writer during a long retry; it re-reads them and the upserts are idempotent.
            LOG.info("offsets not committed after a rebalance; the new owner rewrites the same rows: " + e.getMessage());
        }
    }

    @Override
    public void close() throws InterruptedException {
        running = false;
        consumer.wakeup();
        thread.join(Duration.ofSeconds(15).toMillis());
    }
}
