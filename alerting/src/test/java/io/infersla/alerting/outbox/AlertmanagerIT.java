package io.infersla.alerting.outbox;

import static io.infersla.alerting.testing.Fixtures.T0;
import static org.assertj.core.api.Assertions.assertThat;

import io.infersla.alerting.routing.AlertRouting;
import io.infersla.alerting.testing.AlertmanagerProcess;
import io.infersla.alerting.testing.Dispatchers;
import io.infersla.alerting.testing.Fixtures;
import io.infersla.alerting.testing.OutboxRows;
import io.infersla.alerting.testing.RecordingServer;
import io.infersla.alerting.testing.TestClock;
import io.infersla.core.breach.Severity;
import io.infersla.core.json.Json;
import io.infersla.migrations.Migrations;
import io.infersla.testsupport.PostgresDatabase;
import java.net.URI;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AutoClose;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** Alerts through the outbox into a real Alertmanager, read back through its own API. */
class AlertmanagerIT {

    @AutoClose
    static final PostgresDatabase db = PostgresDatabase.create();

    @AutoClose
    static AlertmanagerProcess alertmanager;

    @AutoClose
    static RecordingServer secondAlertmanager;

    final TestClock clock = new TestClock(T0);

    @BeforeAll
    static void setUp() throws Exception {
        Migrations.apply(db.dataSource());
        alertmanager = AlertmanagerProcess.start();
        secondAlertmanager = new RecordingServer();
    }

    @BeforeEach
    void reset() {
        OutboxRows.clear(db.dataSource());
        secondAlertmanager.reset();
    }

    @Test
    @SuppressWarnings("unchecked")
    void anOpenedEpisodeIsActiveInAlertmanagerAndItsResolutionEndsIt() throws Exception {
        AlertRouting routing = AlertRouting.NONE.withAlertmanagers(List.of(alertmanager.baseUrl(),
                secondAlertmanager.url("/"))).withDashboard(URI.create("https://grafana.example/d/infersla"));
        var recorder = new BreachRecorder(db.dataSource(), clock);
        OutboxDispatcher dispatcher = Dispatchers.loopback(db.dataSource(), clock);

        recorder.record(Fixtures.opened(Severity.WARNING), Fixtures.facts(), routing);
        Dispatchers.drain(dispatcher, clock, Duration.ofSeconds(1), 5);

        List<Map<String, Object>> active = (List<Map<String, Object>>) Json.parse("alerts", alertmanager.alerts());
        assertThat(active).singleElement().satisfies(alert -> {
            assertThat((Map<String, Object>) alert.get("labels")).containsEntry("alertname", "InferSLABreach")
                    .containsEntry("tenant", "acme").containsEntry("contract", "gold").containsEntry("service", "chat-api")
                    .containsEntry("model", "llama-3-70b").containsEntry("category", "chatbot")
                    .containsEntry("metric", "ttft_ms").containsEntry("objective", "ttft_p95")
                    .containsEntry("severity", "warning");
            assertThat((Map<String, Object>) alert.get("annotations")).containsKeys("summary", "description")
                    .containsEntry("dashboard", "https://grafana.example/d/infersla");
            assertThat(((Map<String, Object>) alert.get("status")).get("state")).isEqualTo("active");
            assertThat(alert.get("startsAt").toString()).startsWith("2026-03-01T12:00:00");
        });

        recorder.record(Fixtures.resolved(Severity.WARNING), Fixtures.facts(), routing);
        Dispatchers.drain(dispatcher, clock, Duration.ofSeconds(1), 5);

        // Alertmanager lists only alerts that have not ended: the resolved one is gone.
        assertThat((List<?>) Json.parse("alerts", alertmanager.alerts())).isEmpty();
        // Each Alertmanager was sent to directly: the second got the trigger and the resolve too.
        assertThat(secondAlertmanager.requests()).extracting(RecordingServer.Request::path)
                .containsExactly("/api/v2/alerts", "/api/v2/alerts");
        assertThat(OutboxRows.all(db.dataSource())).extracting(OutboxRows.Row::state).containsOnly("delivered").hasSize(4);
    }

    @Test
    void firingAlertsAreReSentEveryIntervalAndResolvedOnesForFiveMinutes() {
        AlertRouting routing = AlertRouting.NONE.withAlertmanagers(List.of(secondAlertmanager.url("/")));
        var recorder = new BreachRecorder(db.dataSource(), clock);
        OutboxDispatcher dispatcher = Dispatchers.loopback(db.dataSource(), clock);
        var refresher = new AlertmanagerRefresher(db.dataSource(), Dispatchers.http(clock), Duration.ofSeconds(60), Duration.ofMinutes(5), clock);
        recorder.record(Fixtures.opened(Severity.WARNING), Fixtures.facts(), routing);
        dispatcher.dispatchOnce();

        assertThat(refresher.refreshOnce()).as("just delivered: nothing to repeat yet").isZero();
        clock.advance(Duration.ofSeconds(61));
        assertThat(refresher.refreshOnce()).isOne();
        clock.advance(Duration.ofSeconds(61));
        assertThat(refresher.refreshOnce()).isOne();

        recorder.record(Fixtures.resolved(Severity.WARNING), Fixtures.facts(), routing);
        dispatcher.dispatchOnce();
        clock.advance(Duration.ofSeconds(61));
        assertThat(refresher.refreshOnce()).as("resolved 61 s ago: repeated").isOne();
        clock.advance(Duration.ofMinutes(5));
        assertThat(refresher.refreshOnce()).as("resolved over 5 minutes ago: left alone").isZero();

        var requests = secondAlertmanager.requests();
        assertThat(requests).hasSize(5);
        // trigger, two repeats of it, resolve, one repeat of the resolve
        assertThat(json(requests.get(1))).isEqualTo(json(requests.get(0))).isEqualTo(json(requests.get(2)));
        assertThat(requests.get(0).body()).doesNotContain("endsAt");
        assertThat(json(requests.get(4))).isEqualTo(json(requests.get(3)));
        assertThat(requests.get(3).body()).contains("endsAt");
    }

    static Object json(RecordingServer.Request request) {
        return Json.parse("request", request.body());
    }
}
