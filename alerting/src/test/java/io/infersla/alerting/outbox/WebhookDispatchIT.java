package io.infersla.alerting.outbox;

import static io.infersla.alerting.testing.Fixtures.T0;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.tuple;

import io.infersla.alerting.payload.WebhookSignature;
import io.infersla.alerting.routing.AlertRouting;
import io.infersla.alerting.routing.WebhookRoute;
import io.infersla.alerting.secret.Secret;
import io.infersla.alerting.testing.Dispatchers;
import io.infersla.alerting.testing.Fixtures;
import io.infersla.alerting.testing.OutboxRows;
import io.infersla.alerting.testing.RecordingServer;
import io.infersla.alerting.testing.TestClock;
import io.infersla.core.breach.Severity;
import io.infersla.core.json.Json;
import io.infersla.migrations.Migrations;
import io.infersla.testsupport.PostgresDatabase;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AutoClose;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

class WebhookDispatchIT {

    static final String HOOK_SECRET = "whsec-for-tests-5f1c0a";

    @AutoClose
    static final PostgresDatabase db = PostgresDatabase.create();

    @AutoClose
    static RecordingServer receiver;

    final TestClock clock = new TestClock(T0);
    AlertRouting routing;

    @BeforeAll
    static void setUp() throws Exception {
        Migrations.apply(db.dataSource());
        OutboxRows.contract(db.dataSource(), "acme", "gold", "{\"hook\": \"" + HOOK_SECRET + "\"}");
        receiver = new RecordingServer();
    }

    @BeforeEach
    void reset() {
        OutboxRows.clear(db.dataSource());
        receiver.reset();
        routing = AlertRouting.NONE.withWebhooks(List.of(new WebhookRoute(receiver.url("/hooks/infersla"), "hook")));
    }

    @Test
    void eachRequestIsSignedOverItsExactBodyAndCarriesItsDeliveryId() {
        var recorder = new BreachRecorder(db.dataSource(), clock);
        recorder.record(Fixtures.opened(Severity.WARNING), Fixtures.facts(), routing);
        recorder.record(Fixtures.resolved(Severity.WARNING), Fixtures.facts(), routing);

        Dispatchers.drain(Dispatchers.loopback(db.dataSource(), clock), clock, Duration.ofSeconds(1), 10);

        var rows = OutboxRows.all(db.dataSource());
        assertThat(receiver.requests()).hasSize(2).allSatisfy(r -> {
            assertThat(r.header("Content-Type")).isEqualTo("application/json");
            assertThat(r.header(WebhookSignature.HEADER)).isEqualTo(
                    WebhookSignature.sign(r.body().getBytes(StandardCharsets.UTF_8), Secret.of(HOOK_SECRET)));
            assertThat(r.body()).doesNotContain(HOOK_SECRET);
        });
        assertThat(receiver.requests()).extracting(r -> r.header("X-InferSLA-Delivery"), r -> r.header("X-InferSLA-Event"),
                r -> ((Map<?, ?>) Json.parse("body", r.body())).get("event")).containsExactly(
                tuple(Long.toString(rows.get(0).id()), "trigger", "breach.opened"),
                tuple(Long.toString(rows.get(1).id()), "resolve", "breach.resolved"));
    }

    @Test
    void serverErrorsAreRetriedWithTheSameBodyAndSignature() {
        receiver.thenAnswer(503, 2);
        new BreachRecorder(db.dataSource(), clock).record(Fixtures.opened(Severity.WARNING), Fixtures.facts(), routing);

        Dispatchers.drain(Dispatchers.loopback(db.dataSource(), clock), clock, Duration.ofMinutes(1), 10);

        assertThat(receiver.requests()).hasSize(3);
        assertThat(receiver.requests()).extracting(RecordingServer.Request::body).containsOnly(receiver.requests().get(0).body());
        assertThat(OutboxRows.all(db.dataSource())).extracting(OutboxRows.Row::state, OutboxRows.Row::attempts)
                .containsExactly(tuple("delivered", 3));
    }

    @Test
    void aClientErrorIsDead() {
        receiver.thenAnswer(410, 1);
        new BreachRecorder(db.dataSource(), clock).record(Fixtures.opened(Severity.WARNING), Fixtures.facts(), routing);

        Dispatchers.drain(Dispatchers.loopback(db.dataSource(), clock), clock, Duration.ofMinutes(1), 10);

        assertThat(receiver.requests()).hasSize(1);
        assertThat(OutboxRows.all(db.dataSource())).extracting(OutboxRows.Row::state, OutboxRows.Row::lastError)
                .containsExactly(tuple("failed", "HTTP 410"));
    }

    @Test
    void withoutItsSecretAWebhookIsNeverSentUnsigned() {
        var unsigned = AlertRouting.NONE.withWebhooks(List.of(new WebhookRoute(receiver.url("/x"), "missing_secret")));
        new BreachRecorder(db.dataSource(), clock).record(Fixtures.opened(Severity.WARNING), Fixtures.facts(), unsigned);

        Dispatchers.loopback(db.dataSource(), clock).dispatchOnce();

        assertThat(receiver.requests()).isEmpty();
        assertThat(OutboxRows.all(db.dataSource()).get(0).lastError())
                .isEqualTo("webhook signing secret 'missing_secret' of contract acme/gold is not set");
    }
}
