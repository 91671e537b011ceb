package io.infersla.alerting.outbox;

import static io.infersla.alerting.testing.Fixtures.SERIES;
import static io.infersla.alerting.testing.Fixtures.T0;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.tuple;

import io.infersla.alerting.routing.AlertRouting;
import io.infersla.alerting.routing.PagerDutyRoute;
import io.infersla.alerting.routing.WebhookRoute;
import io.infersla.alerting.testing.Fixtures;
import io.infersla.alerting.testing.OutboxRows;
import io.infersla.alerting.testing.TestClock;
import io.infersla.core.breach.Severity;
import io.infersla.migrations.Migrations;
import io.infersla.testsupport.PostgresDatabase;
import java.net.URI;
import java.util.List;
import org.junit.jupiter.api.AutoClose;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** Recording a breach event: breach row and outbox rows together, once, whatever the replays. */
class BreachRecorderIT {

    static final String PD_KEY = "0123456789abcdef0123456789abcdef";

    @AutoClose
    static final PostgresDatabase db = PostgresDatabase.create();

    static final AlertRouting ROUTING = AlertRouting.NONE
            .withPagerDuty(new PagerDutyRoute(URI.create("https://events.pagerduty.com"), "pd_key", List.of()))
            .withAlertmanagers(List.of(URI.create("http://am.example:9093")))
            .withWebhooks(List.of(new WebhookRoute(URI.create("https://hooks.example/x"), "hook_secret")));

    final TestClock clock = new TestClock(T0);
    final BreachRecorder recorder = new BreachRecorder(db.dataSource(), clock);

    @BeforeAll
    static void migrate() {
        Migrations.apply(db.dataSource());
        OutboxRows.contract(db.dataSource(), "acme", "gold", "{\"pd_key\": \"" + PD_KEY + "\"}");
    }

    @BeforeEach
    void clear() {
        OutboxRows.clear(db.dataSource());
    }

    @Test
    void openedCriticalWritesTheBreachAndOneOutboxRowPerSink() {
        var event = Fixtures.opened(Severity.CRITICAL);

        var recorded = recorder.record(event, Fixtures.facts(), ROUTING);

        assertThat(recorded).isEqualTo(new BreachRecorder.Recorded(true, 3));
        assertThat(OutboxRows.strings(db.dataSource(), """
                SELECT episode_id || ' ' || severity || ' ' || opened_at || ' ' || coalesce(resolved_at::text, '-') || ' '
                       || dedup_key || ' ' || delivery_state FROM sla.breaches"""))
                .containsExactly(event.episode().id() + " critical 2026-03-01 12:00:10+00 - " + event.episode().id() + " pending");
        assertThat(OutboxRows.all(db.dataSource())).extracting(OutboxRows.Row::channel, OutboxRows.Row::action,
                OutboxRows.Row::target, OutboxRows.Row::secretRef, OutboxRows.Row::state, OutboxRows.Row::nextAttemptAt)
                .containsExactly(
                        tuple("pagerduty", "trigger", "https://events.pagerduty.com/v2/enqueue", "pd_key", "pending", T0),
                        tuple("alertmanager", "trigger", "http://am.example:9093/api/v2/alerts", null, "pending", T0),
                        tuple("webhook", "trigger", "https://hooks.example/x", "hook_secret", "pending", T0));
    }

    @Test
    void replayingAnEventIsANoOp() {
        var event = Fixtures.opened(Severity.CRITICAL);
        recorder.record(event, Fixtures.facts(), ROUTING);
        var before = OutboxRows.all(db.dataSource());

        var replay = recorder.record(event, Fixtures.facts(), ROUTING);

        assertThat(replay).isEqualTo(new BreachRecorder.Recorded(false, 0));
        assertThat(OutboxRows.all(db.dataSource())).isEqualTo(before);
    }

    @Test
    void fullLifecycleWithReplaysInsideItKeepsOneRowPerNotification() {
        var opened = Fixtures.opened(Severity.WARNING);
        var escalated = Fixtures.escalated(SERIES, T0);
        var resolved = Fixtures.resolved(Severity.CRITICAL);

        recorder.record(opened, Fixtures.facts(), ROUTING);
        recorder.record(escalated, Fixtures.facts(), ROUTING);
        recorder.record(opened, Fixtures.facts(), ROUTING);
        recorder.record(resolved, Fixtures.facts(), ROUTING);
        recorder.record(escalated, Fixtures.facts(), ROUTING);
        recorder.record(resolved, Fixtures.facts(), ROUTING);

        assertThat(OutboxRows.all(db.dataSource())).extracting(OutboxRows.Row::channel, OutboxRows.Row::action)
                .containsExactly(
                        tuple("alertmanager", "trigger"), tuple("webhook", "trigger"),
                        tuple("pagerduty", "trigger"), tuple("alertmanager", "trigger"), tuple("webhook", "trigger"),
                        tuple("pagerduty", "resolve"), tuple("alertmanager", "resolve"), tuple("webhook", "resolve"));
        assertThat(OutboxRows.strings(db.dataSource(),
                "SELECT severity || ' ' || resolved_at || ' ' || peak_value FROM sla.breaches"))
                .containsExactly("critical 2026-03-01 12:02:00+00 512");
    }

    @Test
    void aReplayedOpenDoesNotReopenAResolvedEpisode() {
        recorder.record(Fixtures.opened(Severity.CRITICAL), Fixtures.facts(), ROUTING);
        recorder.record(Fixtures.resolved(Severity.CRITICAL), Fixtures.facts(), ROUTING);

        var replay = recorder.record(Fixtures.opened(Severity.CRITICAL), Fixtures.facts(), ROUTING);

        assertThat(replay.outboxRowsInserted()).isZero();
        assertThat(OutboxRows.strings(db.dataSource(), "SELECT resolved_at::text FROM sla.breaches"))
                .containsExactly("2026-03-01 12:02:00+00");
    }

    @Test
    void payloadsAreStoredWithoutSecrets() {
        recorder.record(Fixtures.opened(Severity.CRITICAL), Fixtures.facts(), ROUTING);

        assertThat(OutboxRows.all(db.dataSource())).extracting(OutboxRows.Row::payload)
                .allSatisfy(p -> assertThat(p).doesNotContain(PD_KEY).doesNotContain("routing_key"));
    }

    @Test
    void aFailingOutboxInsertLeavesNoBreachRowBehind() {
        // The database refuses outbox rows for one webhook: the breach upsert before it must roll back too.
        OutboxRows.execute(db.dataSource(), """
                CREATE OR REPLACE FUNCTION pg_temp_refuse() RETURNS trigger LANGUAGE plpgsql AS $$
                BEGIN
                    IF NEW.target = 'https://refused.example/x' THEN RAISE EXCEPTION 'refused by test trigger'; END IF;
                    RETURN NEW;
                END $$;
                CREATE TRIGGER refuse_target BEFORE INSERT ON sla.alert_outbox FOR EACH ROW EXECUTE FUNCTION pg_temp_refuse();
                """);
        try {
            var routing = ROUTING.withWebhooks(List.of(new WebhookRoute(URI.create("https://refused.example/x"), "hook_secret")));

            assertThatThrownBy(() -> recorder.record(Fixtures.opened(Severity.CRITICAL), Fixtures.facts(), routing))
                    .isInstanceOf(OutboxException.class).hasMessageContaining("refused by test trigger");

            assertThat(OutboxRows.strings(db.dataSource(), "SELECT count(*) FROM sla.breaches")).containsExactly("0");
            assertThat(OutboxRows.all(db.dataSource())).isEmpty();
        } finally {
            OutboxRows.execute(db.dataSource(), "DROP TRIGGER refuse_target ON sla.alert_outbox; DROP FUNCTION pg_temp_refuse()");
        }
    }

    @Test
    void anEpisodeWithoutRoutingIsRecordedWithDeliveryStateNone() {
        recorder.record(Fixtures.opened(Severity.WARNING), Fixtures.facts(), AlertRouting.NONE);

        assertThat(OutboxRows.strings(db.dataSource(), "SELECT delivery_state FROM sla.breaches")).containsExactly("none");
        assertThat(OutboxRows.all(db.dataSource())).isEmpty();
    }
}
