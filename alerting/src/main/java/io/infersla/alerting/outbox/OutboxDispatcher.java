package io.infersla.alerting.outbox;

import io.infersla.alerting.deliver.Notifier;
import io.infersla.alerting.deliver.OutboundMessage;
import io.infersla.alerting.deliver.Outcome;
import io.infersla.alerting.deliver.RateLimit;
import io.infersla.alerting.routing.Action;
import io.infersla.alerting.routing.Channel;
import io.infersla.alerting.secret.Secret;
import io.infersla.core.secret.SecretCipher;
import io.infersla.core.secret.SecretCipherException;
import java.lang.System.Logger.Level;
import java.net.URI;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.function.DoubleSupplier;
import javax.sql.DataSource;

/**
 * Delivers {@code sla.alert_outbox}: claims due rows, sends them, records the outcome.
 *
 * <p>One round ({@link #dispatchOnce()}) is one transaction: it claims up to {@code batchSize}
 * due rows with {@code FOR UPDATE SKIP LOCKED} (so several dispatchers never send the same row),
 * taking per episode, channel and target only the oldest pending row (so a trigger is always
 * delivered before its resolve), sends them concurrently, then writes delivered / failed /
 * attempts / next_attempt_at / last_error and commits. A crash before the commit leaves the rows
 * pending, and they are simply claimed again after a restart: delivery is at least once, and
 * PagerDuty and Alertmanager absorb a repeat by dedup key and label set.
 *
 * <p>PagerDuty events are limited per routing key (token bucket, about 120 per minute) in
 * {@code sla.alert_rate_limit}, so the limit holds across dispatchers and engine instances; a
 * row over the limit is pushed back without counting an attempt. Where a request may go is
 * checked by the notifiers' {@link io.infersla.alerting.deliver.HttpPost} (SSRF guard).
 */
public final class OutboxDispatcher implements AutoCloseable {

    private static final System.Logger LOG = System.getLogger(OutboxDispatcher.class.getName());

    /*
     * Per PagerDuty routing-key secret, at most as many rows per round as the key's burst: a key
     * with a backlog waiting for tokens must not fill the batch (ORDER BY id) and starve the
     * rows of other keys and channels behind it. The outer conditions repeat the inner ones so
     * that a row another dispatcher changed meanwhile is re-checked when it is locked.
     */
    private static final String CLAIM = """
            SELECT o.id, o.episode_id, b.tenant, b.contract, o.channel, o.action, o.target, o.payload::text AS payload,
                   o.secret_ref, c.secrets ->> o.secret_ref AS secret, o.attempts, o.created_at
            FROM sla.alert_outbox o
            JOIN sla.breaches b ON b.episode_id = o.episode_id
            LEFT JOIN sla.contracts c ON c.tenant = b.tenant AND c.contract = b.contract
            WHERE o.state = 'pending' AND o.next_attempt_at <= ?
              AND NOT EXISTS (SELECT 1 FROM sla.alert_outbox p
                              WHERE p.state = 'pending' AND p.episode_id = o.episode_id AND p.channel = o.channel
                                AND p.target = o.target AND p.id < o.id)
              AND o.id IN (SELECT due.id FROM (
                      SELECT q.id, row_number() OVER (
                                 PARTITION BY CASE WHEN q.channel = 'pagerduty'
                                                   THEN qb.tenant || '|' || qb.contract || '|' || coalesce(q.secret_ref, '')
                                                   ELSE q.id::text END
                                 ORDER BY q.id) AS nth
                      FROM sla.alert_outbox q
                      JOIN sla.breaches qb ON qb.episode_id = q.episode_id
                      WHERE q.state = 'pending' AND q.next_attempt_at <= ?
                        AND NOT EXISTS (SELECT 1 FROM sla.alert_outbox p
                                        WHERE p.state = 'pending' AND p.episode_id = q.episode_id AND p.channel = q.channel
                                          AND p.target = q.target AND p.id < q.id)) due
                  WHERE due.nth <= ?)
            ORDER BY o.id
            LIMIT ?
            FOR UPDATE OF o SKIP LOCKED
            """;

    private static final String DELIVERED = """
            UPDATE sla.alert_outbox SET state = 'delivered', attempts = attempts + 1, delivered_at = ?, last_error = NULL
            WHERE id = ?
            """;
    private static final String RETRY = """
            UPDATE sla.alert_outbox SET attempts = attempts + 1, next_attempt_at = ?, last_error = ? WHERE id = ?
            """;
    private static final String DEAD = """
            UPDATE sla.alert_outbox SET state = 'failed', attempts = attempts + 1, last_error = ? WHERE id = ?
            """;
    private static final String DEFER = "UPDATE sla.alert_outbox SET next_attempt_at = ? WHERE id = ?";

    private final DataSource dataSource;
    private final Map<Channel, Notifier> notifiers;
    private final DispatcherConfig config;
    private final Clock clock;
    private final DoubleSupplier random;
    private final SharedRateLimit pagerDutyLimit;
    private final SecretCipher secrets;
    private final DeliveryCounters counters = new DeliveryCounters();

    private final Semaphore wake = new Semaphore(0);
    private final AtomicBoolean running = new AtomicBoolean();
    private final AtomicBoolean closed = new AtomicBoolean();
    private final List<Thread> loops = new ArrayList<>();

    /**
     * @param notifiers one per channel; a row of a channel without a notifier is dead
     * @param random uniform in [0, 1), for backoff jitter
     * @param secrets decrypts the contracts' secrets (stored encrypted, docs/security.md)
     */
    public OutboxDispatcher(DataSource dataSource, Map<Channel, Notifier> notifiers, DispatcherConfig config, Clock clock,
            DoubleSupplier random, SecretCipher secrets) {
        this.dataSource = dataSource;
        this.secrets = secrets;
        this.notifiers = new EnumMap<>(notifiers);
        this.config = config;
        this.clock = clock;
        this.random = random;
        this.pagerDutyLimit = new SharedRateLimit(dataSource, config.pagerDutyRate());
    }

    /** Counts of outcomes since start, for metrics. */
    public DeliveryCounters counters() {
        return counters;
    }

    /**
     * Claims, sends and records one batch.
     *
     * @return how many rows were claimed (0: nothing was due)
     */
    public int dispatchOnce() {
        try (Connection connection = dataSource.getConnection()) {
            connection.setAutoCommit(false);
            try {
                int claimed = dispatch(connection);
                connection.commit();
                return claimed;
            } catch (SQLException | RuntimeException e) {
                connection.rollback();
                throw e;
            }
        } catch (SQLException e) {
            throw new OutboxException("dispatching the alert outbox failed: " + e.getMessage(), e);
        }
    }

    private int dispatch(Connection connection) throws SQLException {
        Instant now = clock.instant();
        List<Claimed> claimed = claim(connection, now);
        if (claimed.isEmpty()) {
            return 0;
        }
        List<CompletableFuture<Outcome>> sends = new ArrayList<>(claimed.size());
        for (Claimed row : claimed) {
            sends.add(send(row, now));
        }
        CompletableFuture.allOf(sends.toArray(CompletableFuture[]::new)).join();

        Instant done = clock.instant();
        Set<String> episodes = new LinkedHashSet<>();
        try (PreparedStatement delivered = connection.prepareStatement(DELIVERED);
                PreparedStatement retry = connection.prepareStatement(RETRY);
                PreparedStatement dead = connection.prepareStatement(DEAD);
                PreparedStatement defer = connection.prepareStatement(DEFER)) {
            for (int i = 0; i < claimed.size(); i++) {
                Claimed row = claimed.get(i);
                Outcome outcome = sends.get(i).join();
                episodes.add(row.message().episodeId());
                record(row, outcome, done, delivered, retry, dead, defer);
            }
            delivered.executeBatch();
            retry.executeBatch();
            dead.executeBatch();
            defer.executeBatch();
        }
        DeliveryState.refresh(connection, episodes);
        return claimed.size();
    }

    /** A claimed row and, for PagerDuty, the rate-limit decision taken before sending. */
    private record Claimed(OutboundMessage message, Instant createdAt, Optional<Duration> deferBy,
            Optional<String> unreadableSecret) {
    }

    private List<Claimed> claim(Connection connection, Instant now) throws SQLException {
        List<OutboundMessage> messages = new ArrayList<>();
        Map<Long, Instant> createdAt = new LinkedHashMap<>();
        Map<Long, String> unreadable = new LinkedHashMap<>();
        try (PreparedStatement select = connection.prepareStatement(CLAIM)) {
            select.setTimestamp(1, Timestamp.from(now));
            select.setTimestamp(2, Timestamp.from(now));
            select.setInt(3, config.pagerDutyRate().burst());
            select.setInt(4, config.batchSize());
            try (ResultSet rs = select.executeQuery()) {
                while (rs.next()) {
                    long id = rs.getLong("id");
                    String tenant = rs.getString("tenant");
                    String contract = rs.getString("contract");
                    Optional<String> secretRef = Optional.ofNullable(rs.getString("secret_ref"));
                    String stored = rs.getString("secret");
                    Optional<Secret> secret = Optional.empty();
                    if (stored != null && !stored.isEmpty() && secretRef.isPresent()) {
                        try {
                            secret = Optional.of(Secret.of(secrets.decrypt(tenant, contract, secretRef.get(), stored)));
                        } catch (SecretCipherException | IllegalArgumentException e) {
                            // Another attempt reads the same row with the same keys: dead now, with the reason.
                            unreadable.put(id, "contract " + tenant + "/" + contract + ": " + e.getMessage());
                        }
                    }
                    OutboundMessage message = new OutboundMessage(
                            id, rs.getString("episode_id"), tenant, contract,
                            Channel.fromId(rs.getString("channel")), Action.fromId(rs.getString("action")),
                            URI.create(rs.getString("target")), rs.getString("payload"), secretRef, secret,
                            rs.getInt("attempts"));
                    messages.add(message);
                    createdAt.put(message.id(), rs.getTimestamp("created_at").toInstant());
                }
            }
        }
        Map<Long, Duration> deferrals = rateLimit(messages, now);
        List<Claimed> rows = new ArrayList<>(messages.size());
        for (OutboundMessage message : messages) {
            rows.add(new Claimed(message, createdAt.get(message.id()), Optional.ofNullable(deferrals.get(message.id())),
                    Optional.ofNullable(unreadable.get(message.id()))));
        }
        return rows;
    }

    /**
     * Takes one token per PagerDuty row from its routing key's shared bucket, oldest rows first;
     * the rows beyond the tokens granted wait, each until the bucket will hold a token for it.
     */
    private Map<Long, Duration> rateLimit(List<OutboundMessage> messages, Instant now) throws SQLException {
        Map<String, List<Long>> byKey = new LinkedHashMap<>();
        for (OutboundMessage message : messages) {
            // A row without its key is dead in the notifier, before any request: it needs no token.
            if (message.channel() == Channel.PAGERDUTY && message.secret().isPresent()) {
                byKey.computeIfAbsent(rateKey(message.secret().get()), k -> new ArrayList<>()).add(message.id());
            }
        }
        Map<Long, Duration> deferrals = new LinkedHashMap<>();
        for (Map.Entry<String, List<Long>> key : byKey.entrySet()) {
            List<Long> ids = key.getValue();
            RateLimit.Take take = pagerDutyLimit.take(key.getKey(), ids.size(), now);
            for (int i = take.granted(); i < ids.size(); i++) {
                Duration wait = pagerDutyLimit.limit().until(take.bucket(), i - take.granted() + 1).orElse(Duration.ZERO)
                        .plus(Duration.between(now, take.bucket().at()));
                deferrals.put(ids.get(i), wait);
            }
        }
        return deferrals;
    }

    private CompletableFuture<Outcome> send(Claimed row, Instant now) {
        if (row.deferBy().isPresent()) {
            return CompletableFuture.completedFuture(null); // rate limited: not sent, not an attempt
        }
        OutboundMessage message = row.message();
        if (row.unreadableSecret().isPresent()) {
            return CompletableFuture.completedFuture(new Outcome.Dead(row.unreadableSecret().get()));
        }
        Notifier notifier = notifiers.get(message.channel());
        if (notifier == null) {
            return CompletableFuture.completedFuture(new Outcome.Dead("no notifier configured for channel " + message.channel().id()));
        }
        try {
            return notifier.send(message).exceptionally(e -> new Outcome.Retry(
                    redact(message, "notifier failed: " + e.getClass().getSimpleName()), Optional.empty()));
        } catch (RuntimeException e) {
            // A payload that cannot be read will not become readable: dead, visibly.
            return CompletableFuture.completedFuture(new Outcome.Dead(
                    redact(message, "cannot send: " + e.getClass().getSimpleName() + ": " + e.getMessage())));
        }
    }

    private void record(Claimed row, Outcome outcome, Instant now, PreparedStatement delivered, PreparedStatement retry,
            PreparedStatement dead, PreparedStatement defer) throws SQLException {
        OutboundMessage m = row.message();
        if (row.deferBy().isPresent()) {
            counters.rateLimited.increment();
            defer.setTimestamp(1, Timestamp.from(now.plus(row.deferBy().get())));
            defer.setLong(2, m.id());
            defer.addBatch();
            return;
        }
        int attempt = m.attempts() + 1;
        if (outcome instanceof Outcome.Delivered d) {
            counters.delivered.increment();
            LOG.log(Level.DEBUG, () -> describe(m) + " delivered (HTTP " + d.status() + ", attempt " + attempt + ")");
            delivered.setTimestamp(1, Timestamp.from(now));
            delivered.setLong(2, m.id());
            delivered.addBatch();
        } else if (outcome instanceof Outcome.Retry r) {
            if (Duration.between(row.createdAt(), now).compareTo(config.retry().giveUpAfter()) >= 0) {
                String reason = "gave up after " + attempt + " attempts over " + config.retry().giveUpAfter() + ": " + r.reason();
                markDead(m, reason, dead);
                return;
            }
            counters.retried.increment();
            Duration delay = config.retry().delay(attempt, r.retryAfter(), random.getAsDouble());
            LOG.log(Level.INFO, () -> describe(m) + " failed (attempt " + attempt + "), retrying in " + delay.toMillis()
                    + " ms: " + r.reason());
            retry.setTimestamp(1, Timestamp.from(now.plus(delay)));
            retry.setString(2, r.reason());
            retry.setLong(3, m.id());
            retry.addBatch();
        } else if (outcome instanceof Outcome.Dead d) {
            markDead(m, d.reason(), dead);
        }
    }

    private void markDead(OutboundMessage m, String reason, PreparedStatement dead) throws SQLException {
        counters.dead.increment();
        LOG.log(Level.WARNING, () -> describe(m) + " is dead, not retried: " + reason);
        dead.setString(1, reason);
        dead.setLong(2, m.id());
        dead.addBatch();
    }

    private static String describe(OutboundMessage m) {
        return "alert " + m.channel().id() + " " + m.action().id() + " #" + m.id() + " of episode " + m.episodeId()
                + " to " + m.target().getHost();
    }

    private static String redact(OutboundMessage m, String text) {
        return m.secret().map(s -> s.redact(text)).orElse(text);
    }

    /** The routing key's hash: the limiter and its table never hold a key. */
    private static String rateKey(Secret routingKey) {
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(routingKey.bytes()));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 is required of every JVM", e);
        }
    }

    /**
     * Starts {@code workers} background loops: rounds back to back while there is work, else one
     * per poll interval.
     */
    public synchronized void start() {
        if (closed.get()) {
            throw new IllegalStateException("dispatcher is closed");
        }
        if (!running.compareAndSet(false, true)) {
            return;
        }
        for (int i = 0; i < config.workers(); i++) {
            Thread loop = new Thread(this::run, "infersla-alert-dispatcher-" + i);
            loop.setDaemon(true);
            loops.add(loop);
            loop.start();
        }
    }

    /** Look now instead of at the end of the poll interval (e.g. right after recording a breach). */
    public void wakeUp() {
        wake.release();
    }

    private void run() {
        while (running.get()) {
            int claimed = 0;
            try {
                claimed = dispatchOnce();
            } catch (RuntimeException e) {
                LOG.log(Level.WARNING, "alert dispatch round failed, retrying after " + config.pollInterval().toMillis()
                        + " ms: " + e.getMessage());
            }
            if (claimed < config.batchSize()) {
                try {
                    wake.tryAcquire(config.pollInterval().toMillis(), TimeUnit.MILLISECONDS);
                    wake.drainPermits();
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                    return;
                }
            }
        }
    }

    /** Stops the loop after its current round. Idempotent. */
    @Override
    public void close() {
        if (!closed.compareAndSet(false, true)) {
            return;
        }
        running.set(false);
        List<Thread> started;
        synchronized (this) {
            started = List.copyOf(loops);
        }
        wake.release(started.size());
        for (Thread t : started) {
            try {
                t.join(Duration.ofSeconds(30).toMillis());
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return;
            }
        }
    }
}
