package io.infersla.alerting.outbox;

import io.infersla.alerting.deliver.HttpPost;
import io.infersla.alerting.deliver.Outcome;
import io.infersla.alerting.routing.Channel;
import io.infersla.core.json.Json;
import java.lang.System.Logger.Level;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import javax.sql.DataSource;

/**
 * Re-sends Alertmanager alerts as Alertmanager expects: a firing alert without {@code endsAt} is
 * dropped {@code resolve_timeout} (5 m by default) after it was last received, so every open
 * episode's latest delivered alert is re-sent every {@code interval} (default 60 s), and a
 * resolved one for {@code resolvedFor} (default 5 min) after its resolution was delivered, so an
 * Alertmanager that missed the resolve (restarted, partitioned) still learns it.
 *
 * <p>The outbox stays the source of truth: the alerts re-sent are exactly the delivered rows'
 * payloads, all alerts for one Alertmanager in one request. A failed refresh is logged and left
 * to the next round; no state is kept, so a restart just refreshes at once.
 */
public final class AlertmanagerRefresher implements AutoCloseable {

    private static final System.Logger LOG = System.getLogger(AlertmanagerRefresher.class.getName());

    public static final Duration DEFAULT_INTERVAL = Duration.ofSeconds(60);
    public static final Duration DEFAULT_RESOLVED_FOR = Duration.ofMinutes(5);

    /** The latest row per episode and Alertmanager, when delivered and still worth repeating. */
    private static final String DUE = """
            SELECT target, payload FROM (
                SELECT DISTINCT ON (o.episode_id, o.target) o.target, o.payload::text AS payload, o.action, o.state,
                       o.delivered_at
                FROM sla.alert_outbox o
                JOIN sla.breaches b ON b.episode_id = o.episode_id
                WHERE o.channel = 'alertmanager'
                  AND (b.resolved_at IS NULL
                       OR EXISTS (SELECT 1 FROM sla.alert_outbox r
                                  WHERE r.episode_id = o.episode_id AND r.channel = 'alertmanager'
                                    AND r.action = 'resolve' AND r.delivered_at > ?))
                ORDER BY o.episode_id, o.target, o.id DESC) latest
            WHERE state = 'delivered' AND delivered_at <= ?
              AND (action = 'trigger' OR delivered_at > ?)
            ORDER BY target
            """;

    private final DataSource dataSource;
    private final HttpPost http;
    private final Duration interval;
    private final Duration resolvedFor;
    private final Clock clock;
    private final AtomicBoolean closed = new AtomicBoolean();
    private ScheduledExecutorService timer;

    public AlertmanagerRefresher(DataSource dataSource, HttpPost http, Duration interval,
            Duration resolvedFor, Clock clock) {
        if (interval.isNegative() || interval.isZero()) {
            throw new IllegalArgumentException("interval must be > 0, was " + interval);
        }
        if (resolvedFor.isNegative()) {
            throw new IllegalArgumentException("resolvedFor must be >= 0, was " + resolvedFor);
        }
        this.dataSource = dataSource;
        this.http = http;
        this.interval = interval;
        this.resolvedFor = resolvedFor;
        this.clock = clock;
    }

    /**
     * Re-sends what is due now.
     *
     * @return how many alerts were re-sent successfully
     */
    public int refreshOnce() {
        Instant now = clock.instant();
        Map<String, List<Object>> byTarget = new LinkedHashMap<>();
        try (Connection connection = dataSource.getConnection();
                PreparedStatement select = connection.prepareStatement(DUE)) {
            Timestamp resolvedSince = Timestamp.from(now.minus(resolvedFor));
            select.setTimestamp(1, resolvedSince);
            // Not re-sent within one interval of its own delivery: it is fresh at Alertmanager.
            select.setTimestamp(2, Timestamp.from(now.minus(interval)));
            select.setTimestamp(3, resolvedSince);
            try (ResultSet rs = select.executeQuery()) {
                while (rs.next()) {
                    List<?> alerts = (List<?>) Json.parse("alertmanager outbox payload", rs.getString("payload"));
                    byTarget.computeIfAbsent(rs.getString("target"), t -> new ArrayList<>()).addAll(alerts);
                }
            }
        } catch (SQLException e) {
            throw new OutboxException("reading alerts to re-send to Alertmanager failed: " + e.getMessage(), e);
        }
        int sent = 0;
        for (Map.Entry<String, List<Object>> entry : byTarget.entrySet()) {
            URI target = URI.create(entry.getKey());
            Outcome outcome = http.post(Channel.ALERTMANAGER, target,
                    Json.writeCompact(entry.getValue()).getBytes(StandardCharsets.UTF_8), Map.of(), Optional.empty()).join();
            if (outcome instanceof Outcome.Delivered) {
                sent += entry.getValue().size();
            } else {
                LOG.log(Level.INFO, () -> "re-sending " + entry.getValue().size() + " alerts to " + target.getHost()
                        + " failed, next round in " + interval.toSeconds() + " s: " + outcome);
            }
        }
        return sent;
    }

    /** Refreshes every {@code interval} in the background. */
    public synchronized void start() {
        if (closed.get()) {
            throw new IllegalStateException("refresher is closed");
        }
        if (timer != null) {
            return;
        }
        timer = Executors.newSingleThreadScheduledExecutor(r -> {
            Thread t = new Thread(r, "infersla-alertmanager-refresh");
            t.setDaemon(true);
            return t;
        });
        timer.scheduleWithFixedDelay(() -> {
            try {
                refreshOnce();
            } catch (RuntimeException e) {
                LOG.log(Level.WARNING, "Alertmanager refresh round failed: " + e.getMessage());
            }
        }, interval.toMillis(), interval.toMillis(), TimeUnit.MILLISECONDS);
    }

    /** Idempotent. */
    @Override
    public synchronized void close() {
        if (closed.compareAndSet(false, true) && timer != null) {
            timer.shutdownNow();
        }
    }
}
