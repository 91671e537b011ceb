package io.infersla.alerting.outbox;

import io.infersla.alerting.payload.AlertFacts;
import io.infersla.alerting.payload.AlertmanagerAlerts;
import io.infersla.alerting.payload.DedupKey;
import io.infersla.alerting.payload.PagerDutyEvents;
import io.infersla.alerting.payload.WebhookBody;
import io.infersla.alerting.routing.Action;
import io.infersla.alerting.routing.AlertRouting;
import io.infersla.alerting.routing.Delivery;
import io.infersla.alerting.routing.Router;
import io.infersla.core.breach.BreachEvent;
import io.infersla.core.json.Json;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.sql.Types;
import java.time.Clock;
import java.time.Instant;
import java.util.List;
import java.util.Objects;
import javax.sql.DataSource;

/**
 * Records a breach event: upserts its {@code sla.breaches} row and inserts its
 * {@code sla.alert_outbox} rows in one transaction, so there is no breach without its
 * notifications and nothing is sent that was not committed.
 *
 * <p>Idempotent under replay. The breach row is an upsert keyed by episode id that never
 * reopens a resolved episode nor lowers its severity; each outbox row has an idempotency key
 * (episode, channel, target, action, severity), so a replayed event inserts nothing.
 *
 * <pre>{@code
 * BreachRecorder recorder = new BreachRecorder(dataSource, Clock.systemUTC());
 * transition.event().ifPresent(event -> recorder.record(event, AlertFacts.of(series, evaluation), routing));
 * dispatcher.wakeUp();   // optional: send now instead of at the next poll
 * }</pre>
 */
public final class BreachRecorder {

    /** What one call changed: whether the breach row changed and how many outbox rows are new. */
    public record Recorded(boolean breachChanged, int outboxRowsInserted) {
    }

    private static final String UPSERT_BREACH = """
            INSERT INTO sla.breaches (episode_id, tenant, contract, series_key, objective_id, severity, opened_at,
                                      resolved_at, peak_value, peak_at, dedup_key, delivery_state)
            VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, 'none')
            ON CONFLICT (episode_id) DO UPDATE SET
                severity = CASE WHEN sla.breaches.severity = 'critical' OR EXCLUDED.severity = 'critical'
                                THEN 'critical' ELSE 'warning' END,
                resolved_at = EXCLUDED.resolved_at,
                peak_value = CASE WHEN EXCLUDED.peak_at >= sla.breaches.peak_at
                                  THEN EXCLUDED.peak_value ELSE sla.breaches.peak_value END,
                peak_at = GREATEST(EXCLUDED.peak_at, sla.breaches.peak_at),
                written_at = now()
            WHERE sla.breaches.resolved_at IS NULL
              AND (EXCLUDED.resolved_at IS NOT NULL
                   OR EXCLUDED.severity IS DISTINCT FROM sla.breaches.severity
                   OR EXCLUDED.peak_at > sla.breaches.peak_at)
            """;

    private static final String INSERT_OUTBOX = """
            INSERT INTO sla.alert_outbox (episode_id, channel, action, idempotency_key, payload, target, secret_ref,
                                          next_attempt_at, created_at)
            VALUES (?, ?, ?, ?, ?::jsonb, ?, ?, ?, ?)
            ON CONFLICT (idempotency_key) DO NOTHING
            """;

    private final DataSource dataSource;
    private final Clock clock;

    public BreachRecorder(DataSource dataSource, Clock clock) {
        this.dataSource = Objects.requireNonNull(dataSource, "dataSource");
        this.clock = Objects.requireNonNull(clock, "clock");
    }

    /** Records the event in a transaction of its own. */
    public Recorded record(BreachEvent event, AlertFacts facts, AlertRouting routing) {
        try (Connection connection = dataSource.getConnection()) {
            connection.setAutoCommit(false);
            try {
                Recorded recorded = record(connection, event, facts, routing);
                connection.commit();
                return recorded;
            } catch (SQLException | RuntimeException e) {
                connection.rollback();
                throw e;
            }
        } catch (SQLException e) {
            throw new OutboxException("recording " + describe(event) + " failed: " + e.getMessage(), e);
        }
    }

    /**
     * Records the event inside the caller's transaction (the caller commits), for a writer that
     * stores evaluations and breaches together.
     */
    public Recorded record(Connection connection, BreachEvent event, AlertFacts facts, AlertRouting routing)
            throws SQLException {
        var episode = event.episode();
        var series = facts.series();
        boolean changed;
        try (PreparedStatement upsert = connection.prepareStatement(UPSERT_BREACH)) {
            upsert.setString(1, episode.id());
            upsert.setString(2, series.tenant());
            upsert.setString(3, series.contract());
            upsert.setString(4, series.canonical());
            upsert.setString(5, facts.objectiveId());
            upsert.setString(6, episode.severity().id());
            upsert.setTimestamp(7, Timestamp.from(episode.openedAt()));
            if (episode.resolvedAt().isPresent()) {
                upsert.setTimestamp(8, Timestamp.from(episode.resolvedAt().get()));
            } else {
                upsert.setNull(8, Types.TIMESTAMP_WITH_TIMEZONE);
            }
            upsert.setDouble(9, episode.peakValue());
            upsert.setTimestamp(10, Timestamp.from(episode.peakAt()));
            upsert.setString(11, DedupKey.of(episode.id()));
            changed = upsert.executeUpdate() > 0;
        }

        List<Delivery> deliveries = Router.route(event, routing, series.service());
        int inserted = 0;
        if (!deliveries.isEmpty()) {
            Instant now = clock.instant();
            try (PreparedStatement insert = connection.prepareStatement(INSERT_OUTBOX)) {
                for (Delivery d : deliveries) {
                    insert.setString(1, episode.id());
                    insert.setString(2, d.channel().id());
                    insert.setString(3, d.action().id());
                    insert.setString(4, idempotencyKey(event, d));
                    insert.setString(5, payload(event, facts, routing, d));
                    insert.setString(6, d.target().toString());
                    insert.setString(7, d.secretRef().orElse(null));
                    insert.setTimestamp(8, Timestamp.from(now));
                    insert.setTimestamp(9, Timestamp.from(now));
                    insert.addBatch();
                }
                for (int count : insert.executeBatch()) {
                    inserted += count > 0 ? count : 0;
                }
            }
        }
        if (changed || inserted > 0) {
            DeliveryState.refresh(connection, List.of(episode.id()));
        }
        return new Recorded(changed, inserted);
    }

    /** Same event, same sink, same action and severity: the same row. */
    static String idempotencyKey(BreachEvent event, Delivery delivery) {
        return event.episode().id() + "|" + delivery.channel().id() + "|" + delivery.target() + "|"
                + delivery.action().id() + "|" + event.episode().severity().id();
    }

    private static String payload(BreachEvent event, AlertFacts facts, AlertRouting routing, Delivery d) {
        Object body = switch (d.channel()) {
            case PAGERDUTY -> d.action() == Action.RESOLVE
                    ? PagerDutyEvents.resolve(event)
                    : PagerDutyEvents.trigger(event, facts, routing.dashboardUrl());
            case ALERTMANAGER -> AlertmanagerAlerts.of(event, facts, routing.dashboardUrl());
            case WEBHOOK -> WebhookBody.of(event, facts, routing.dashboardUrl());
        };
        return Json.writeCompact(body);
    }

    private static String describe(BreachEvent event) {
        return event.getClass().getSimpleName() + " of episode " + event.episode().id();
    }
}
