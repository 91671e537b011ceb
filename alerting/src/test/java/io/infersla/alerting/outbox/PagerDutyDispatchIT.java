package io.infersla.alerting.outbox;

import static io.infersla.alerting.testing.Fixtures.SERIES;
import static io.infersla.alerting.testing.Fixtures.T0;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.tuple;

import io.infersla.alerting.routing.AlertRouting;
import io.infersla.alerting.routing.PagerDutyRoute;
import io.infersla.alerting.routing.WebhookRoute;
import io.infersla.alerting.testing.CrashingDataSource;
import io.infersla.alerting.testing.Dispatchers;
import io.infersla.alerting.testing.Fixtures;
import io.infersla.alerting.testing.OutboxRows;
import io.infersla.alerting.testing.PagerDutyServer;
import io.infersla.alerting.testing.PagerDutyServer.Answer;
import io.infersla.alerting.testing.RecordingServer;
import io.infersla.alerting.testing.TestClock;
import io.infersla.core.breach.Severity;
import io.infersla.core.json.Json;
import io.infersla.core.request.SeriesKey;
import io.infersla.migrations.Migrations;
import io.infersla.testsupport.PostgresDatabase;
import java.net.URI;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.AutoClose;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * The outbox against a PagerDuty stand-in that validates every event against the Events API v2
 * schema and answers on script: the real PostgreSQL, the real HTTP client, a hand-moved clock.
 */
class PagerDutyDispatchIT {

    static final String PD_KEY = "R0ut1ngKeyForTests0123456789abcd";
    static final String SECRETS = "{\"pd_key\": \"" + PD_KEY + "\", \"hook\": \"h00k\"}";

    @AutoClose
    static final PostgresDatabase db = PostgresDatabase.create();

    @AutoClose
    static PagerDutyServer pagerDuty;

    @AutoClose
    static RecordingServer webhook;

    final TestClock clock = new TestClock(T0);
    AlertRouting routing;
    BreachRecorder recorder;

    @BeforeAll
    static void setUp() throws Exception {
        Migrations.apply(db.dataSource());
        OutboxRows.contract(db.dataSource(), "acme", "gold", SECRETS);
        pagerDuty = new PagerDutyServer();
        webhook = new RecordingServer();
    }

    @BeforeEach
    void reset() {
        OutboxRows.clear(db.dataSource());
        pagerDuty.reset();
        routing = AlertRouting.NONE.withPagerDuty(new PagerDutyRoute(pagerDuty.baseUrl(), "pd_key", List.of()))
                .withDashboard(URI.create("https://grafana.example/d/infersla"));
        recorder = new BreachRecorder(db.dataSource(), clock);
    }

    @AfterEach
    void everyRequestWasValid() {
        assertThat(pagerDuty.requests()).allSatisfy(r -> assertThat(r.violations()).as(r.rawBody()).isEmpty());
    }

    @Test
    void triggerThenResolveAreDeliveredInOrderUnderOneDedupKey() {
        var opened = Fixtures.opened(Severity.CRITICAL);
        recorder.record(opened, Fixtures.facts(), routing);
        recorder.record(Fixtures.resolved(Severity.CRITICAL), Fixtures.facts(), routing);
        OutboxDispatcher dispatcher = Dispatchers.loopback(db.dataSource(), clock);

        Dispatchers.drain(dispatcher, clock, Duration.ofSeconds(1), 10);

        assertThat(pagerDuty.requests()).extracting(PagerDutyServer.Request::eventAction, PagerDutyServer.Request::dedupKey,
                PagerDutyServer.Request::routingKey, PagerDutyServer.Request::answeredWith).containsExactly(
                tuple("trigger", opened.episode().id(), PD_KEY, 202),
                tuple("resolve", opened.episode().id(), PD_KEY, 202));
        assertThat(OutboxRows.all(db.dataSource())).extracting(OutboxRows.Row::state, OutboxRows.Row::attempts)
                .containsExactly(tuple("delivered", 1), tuple("delivered", 1));
        assertThat(OutboxRows.strings(db.dataSource(), "SELECT delivery_state FROM sla.breaches")).containsExactly("delivered");
    }

    @Test
    void aWarningThatEscalatesPagesOnceAsCritical() {
        recorder.record(Fixtures.opened(Severity.WARNING), Fixtures.facts(), routing);
        recorder.record(Fixtures.escalated(SERIES, T0), Fixtures.facts(), routing);

        Dispatchers.drain(Dispatchers.loopback(db.dataSource(), clock), clock, Duration.ofSeconds(1), 10);

        assertThat(pagerDuty.requests()).singleElement().satisfies(r -> {
            assertThat(r.eventAction()).isEqualTo("trigger");
            assertThat(((Map<?, ?>) r.body().get("payload")).get("severity")).isEqualTo("critical");
        });
    }

    @Test
    void serverErrorsForAWhileThenDeliveredInOrderWithoutDuplicates() {
        pagerDuty.thenAnswer(Answer.status(500), 3).thenAnswer(Answer.status(503), 1);
        var opened = Fixtures.opened(Severity.CRITICAL);
        recorder.record(opened, Fixtures.facts(), routing);
        recorder.record(Fixtures.resolved(Severity.CRITICAL), Fixtures.facts(), routing);
        OutboxDispatcher dispatcher = Dispatchers.loopback(db.dataSource(), clock);

        Dispatchers.drain(dispatcher, clock, Duration.ofMinutes(10), 20);

        assertThat(pagerDuty.requests()).extracting(PagerDutyServer.Request::eventAction,
                PagerDutyServer.Request::answeredWith).containsExactly(
                tuple("trigger", 500), tuple("trigger", 500), tuple("trigger", 500), tuple("trigger", 503),
                tuple("trigger", 202), tuple("resolve", 202));
        assertThat(OutboxRows.all(db.dataSource())).extracting(OutboxRows.Row::action, OutboxRows.Row::state,
                OutboxRows.Row::attempts, OutboxRows.Row::lastError).containsExactly(
                tuple("trigger", "delivered", 5, null), tuple("resolve", "delivered", 1, null));
    }

    @Test
    void retriesBackOffExponentially() {
        pagerDuty.otherwise(Answer.status(500));
        recorder.record(Fixtures.opened(Severity.CRITICAL), Fixtures.facts(), routing);
        OutboxDispatcher dispatcher = Dispatchers.loopback(db.dataSource(), clock);

        List<Duration> delays = new ArrayList<>();
        for (int i = 0; i < 4; i++) {
            dispatcher.dispatchOnce();
            var row = OutboxRows.all(db.dataSource()).get(0);
            delays.add(Duration.between(clock.instant(), row.nextAttemptAt()));
            clock.set(row.nextAttemptAt());
        }

        // Jitter fixed at its minimum (half the delay): 1 s, 2 s, 4 s, 8 s halved.
        assertThat(delays).containsExactly(Duration.ofMillis(500), Duration.ofSeconds(1), Duration.ofSeconds(2),
                Duration.ofSeconds(4));
        assertThat(OutboxRows.all(db.dataSource()).get(0).lastError()).startsWith("HTTP 500");
    }

    @Test
    void tooManyRequestsWaitsAsLongAsRetryAfterSays() {
        pagerDuty.thenAnswer(new Answer(429, Map.of("Retry-After", "30"), "{\"status\":\"throttled\"}"), 1);
        recorder.record(Fixtures.opened(Severity.CRITICAL), Fixtures.facts(), routing);
        OutboxDispatcher dispatcher = Dispatchers.loopback(db.dataSource(), clock);

        dispatcher.dispatchOnce();
        assertThat(OutboxRows.all(db.dataSource()).get(0).nextAttemptAt()).isEqualTo(T0.plusSeconds(30));
        clock.advance(Duration.ofSeconds(29));
        assertThat(dispatcher.dispatchOnce()).isZero();
        clock.advance(Duration.ofSeconds(1));
        assertThat(dispatcher.dispatchOnce()).isOne();

        assertThat(pagerDuty.requests()).extracting(PagerDutyServer.Request::answeredWith).containsExactly(429, 202);
    }

    @Test
    void badRequestIsDeadAtOnceVisibleAndNeverRetried() {
        pagerDuty.thenAnswer(new Answer(400, Map.of(), "{\"status\":\"invalid event\",\"errors\":[\"nope\"]}"), 1);
        recorder.record(Fixtures.opened(Severity.CRITICAL), Fixtures.facts(), routing);
        OutboxDispatcher dispatcher = Dispatchers.loopback(db.dataSource(), clock);

        Dispatchers.drain(dispatcher, clock, Duration.ofHours(1), 5);

        assertThat(pagerDuty.requests()).hasSize(1);
        assertThat(OutboxRows.all(db.dataSource())).singleElement().satisfies(row -> {
            assertThat(row.state()).isEqualTo("failed");
            assertThat(row.attempts()).isOne();
            assertThat(row.lastError()).isEqualTo("HTTP 400: {\"status\":\"invalid event\",\"errors\":[\"nope\"]}");
        });
        assertThat(OutboxRows.strings(db.dataSource(), "SELECT delivery_state FROM sla.breaches")).containsExactly("failed");
        assertThat(OutboxRows.strings(db.dataSource(), "SELECT channel || ' ' || status FROM sla.alert_deliveries_attention"))
                .containsExactly("pagerduty dead");
        assertThat(dispatcher.counters().dead()).isOne();
    }

    @Test
    void aRoutingKeyOfTheWrongLengthIsDeadWithoutBeingSent() {
        OutboxRows.contract(db.dataSource(), "acme", "gold", "{\"pd_key\": \"too-short\"}");
        try {
            recorder.record(Fixtures.opened(Severity.CRITICAL), Fixtures.facts(), routing);

            Dispatchers.loopback(db.dataSource(), clock).dispatchOnce();

            assertThat(pagerDuty.requests()).isEmpty();
            assertThat(OutboxRows.all(db.dataSource()).get(0).lastError()).isEqualTo(
                    "PagerDuty routing key secret 'pd_key' of contract acme/gold must be 32 characters, was 9");
        } finally {
            OutboxRows.contract(db.dataSource(), "acme", "gold", SECRETS);
        }
    }

    @Test
    void aSecretThatDoesNotDecryptIsDeadWithTheReasonAndTheOtherContractsGoOn() {
        // gold's key stored in plain text (never re-encrypted), silver's under the tests' key
        OutboxRows.storedSecrets(db.dataSource(), "acme", "gold", "{\"pd_key\": \"" + PD_KEY + "\"}");
        OutboxRows.contract(db.dataSource(), "acme", "silver", SECRETS);
        try {
            SeriesKey silver = new SeriesKey("acme", "silver", "chat-api", "prod", "llama-3-70b", "chatbot", "gpu", "xl");
            recorder.record(Fixtures.opened(Severity.CRITICAL), Fixtures.facts(), routing);
            var delivered = Fixtures.opened(silver, T0, Severity.CRITICAL);
            recorder.record(delivered, Fixtures.facts(silver, 400, T0), routing);
            OutboxDispatcher dispatcher = Dispatchers.loopback(db.dataSource(), clock);

            dispatcher.dispatchOnce();

            assertThat(pagerDuty.requests()).extracting(PagerDutyServer.Request::dedupKey, PagerDutyServer.Request::routingKey)
                    .containsExactly(tuple(delivered.episode().id(), PD_KEY));
            assertThat(OutboxRows.all(db.dataSource())).extracting(OutboxRows.Row::state, OutboxRows.Row::lastError)
                    .containsExactly(
                            tuple("failed", "contract acme/gold: secret 'pd_key' is not encrypted (v1:<key-id>:<data>)"),
                            tuple("delivered", null));
            assertThat(dispatcher.counters().dead()).isOne();
        } finally {
            OutboxRows.contract(db.dataSource(), "acme", "gold", SECRETS);
        }
    }

    @Test
    void afterARestartExactlyThePendingRowsAreSent() {
        OutboxDispatcher first = Dispatchers.loopback(db.dataSource(), clock);
        var delivered = Fixtures.opened(Fixtures.series("svc-1"), T0, Severity.CRITICAL);
        recorder.record(delivered, Fixtures.facts(Fixtures.series("svc-1"), 400, T0), routing);
        first.dispatchOnce();
        pagerDuty.otherwise(Answer.status(500));
        var pending1 = Fixtures.opened(Fixtures.series("svc-2"), T0, Severity.CRITICAL);
        var pending2 = Fixtures.opened(Fixtures.series("svc-3"), T0, Severity.CRITICAL);
        recorder.record(pending1, Fixtures.facts(Fixtures.series("svc-2"), 400, T0), routing);
        recorder.record(pending2, Fixtures.facts(Fixtures.series("svc-3"), 400, T0), routing);
        first.dispatchOnce();
        first.close();
        pagerDuty.reset();

        OutboxDispatcher second = Dispatchers.loopback(db.dataSource(), clock);
        clock.advance(Duration.ofMinutes(1));
        Dispatchers.drain(second, clock, Duration.ofMinutes(1), 5);

        assertThat(pagerDuty.requests()).extracting(PagerDutyServer.Request::dedupKey)
                .containsExactlyInAnyOrder(pending1.episode().id(), pending2.episode().id());
        assertThat(OutboxRows.all(db.dataSource())).extracting(OutboxRows.Row::state, OutboxRows.Row::attempts)
                .containsExactly(tuple("delivered", 1), tuple("delivered", 2), tuple("delivered", 2));
    }

    @Test
    void aCrashBeforeCommitLeavesTheRowsPendingAndTheResendKeepsTheDedupKey() {
        var opened = Fixtures.opened(Severity.CRITICAL);
        recorder.record(opened, Fixtures.facts(), routing);
        OutboxDispatcher crashing = Dispatchers.loopback(CrashingDataSource.failingCommits(db.dataSource()), clock);

        assertThatThrownBy(crashing::dispatchOnce).isInstanceOf(OutboxException.class);
        assertThat(OutboxRows.all(db.dataSource())).extracting(OutboxRows.Row::state, OutboxRows.Row::attempts)
                .containsExactly(tuple("pending", 0));

        Dispatchers.drain(Dispatchers.loopback(db.dataSource(), clock), clock, Duration.ofSeconds(1), 5);

        // Sent twice (at least once delivery), with the same dedup key: PagerDuty keeps one alert.
        assertThat(pagerDuty.requests()).extracting(PagerDutyServer.Request::dedupKey)
                .containsExactly(opened.episode().id(), opened.episode().id());
        assertThat(OutboxRows.all(db.dataSource())).extracting(OutboxRows.Row::state).containsExactly("delivered");
    }

    @Test
    void aRoutingKeyGetsAboutItsRateAndTheRestWaitsWithoutCountingAttempts() {
        for (int i = 0; i < 25; i++) {
            SeriesKey series = Fixtures.series("svc-" + i);
            recorder.record(Fixtures.opened(series, T0, Severity.CRITICAL), Fixtures.facts(series, 400, T0), routing);
        }
        OutboxDispatcher dispatcher = Dispatchers.loopback(db.dataSource(), clock);

        assertThat(dispatcher.dispatchOnce()).as("a round claims at most the burst of one key").isEqualTo(20);
        assertThat(pagerDuty.requests()).hasSize(20);
        assertThat(dispatcher.dispatchOnce()).as("the rest, at the same instant").isEqualTo(5);

        assertThat(pagerDuty.requests()).hasSize(20);
        assertThat(dispatcher.counters().rateLimited()).isEqualTo(5);
        assertThat(OutboxRows.query(db.dataSource(), "SELECT * FROM sla.alert_outbox WHERE state = 'pending'"))
                .hasSize(5).allSatisfy(r -> assertThat(r.attempts()).isZero());
        clock.advance(Duration.ofSeconds(3));
        Dispatchers.drain(dispatcher, clock, Duration.ofSeconds(1), 10);
        assertThat(pagerDuty.requests()).hasSize(25);
    }

    @Test
    void concurrentDispatchersNeverSendAResolveBeforeItsTrigger() throws Exception {
        // A webhook too, so both dispatchers hold rows of the same episodes at once.
        routing = routing.withNotifyFrom(Severity.WARNING)
                .withWebhooks(List.of(new WebhookRoute(webhook.url("/hook"), "hook")));
        webhook.reset();
        for (int i = 0; i < 40; i++) {
            SeriesKey series = Fixtures.series("svc-" + i);
            recorder.record(Fixtures.opened(series, T0, Severity.CRITICAL), Fixtures.facts(series, 400, T0), routing);
            recorder.record(Fixtures.resolved(series, T0, Severity.CRITICAL), Fixtures.facts(series, 400, T0), routing);
        }
        DispatcherConfig config = DispatcherConfig.DEFAULT.withBatchSize(7).withPagerDutyRate(1000, 60_000)
                .withPollInterval(Duration.ofMillis(10));
        try (OutboxDispatcher a = Dispatchers.loopback(db.dataSource(), clock, config);
                OutboxDispatcher b = Dispatchers.loopback(db.dataSource(), clock, config)) {
            a.start();
            b.start();
            await().atMost(Duration.ofSeconds(30)).pollInterval(Duration.ofMillis(20)).untilAsserted(() -> {
                assertThat(pagerDuty.requests()).as("PagerDuty events").hasSizeGreaterThanOrEqualTo(80);
                assertThat(webhook.requests()).as("webhook calls").hasSizeGreaterThanOrEqualTo(80);
            });
        }

        assertThat(pagerDuty.requests()).hasSize(80);
        assertThat(webhook.requests()).hasSize(80);
        Map<String, List<String>> hookActions = new HashMap<>();
        webhook.requests().forEach(r -> {
            Map<?, ?> body = (Map<?, ?>) Json.parse("hook", r.body());
            hookActions.computeIfAbsent((String) body.get("episode_id"), k -> new ArrayList<>()).add((String) body.get("action"));
        });
        assertThat(hookActions).hasSize(40).allSatisfy((key, actions) -> assertThat(actions).containsExactly("trigger", "resolve"));
        Map<String, List<String>> actionsPerKey = new HashMap<>();
        pagerDuty.requests().forEach(r -> actionsPerKey.computeIfAbsent(r.dedupKey(), k -> new ArrayList<>()).add(r.eventAction()));
        assertThat(actionsPerKey).hasSize(40).allSatisfy((key, actions) -> assertThat(actions).containsExactly("trigger", "resolve"));
        Set<String> states = OutboxRows.all(db.dataSource()).stream().map(OutboxRows.Row::state).collect(Collectors.toSet());
        assertThat(states).containsExactly("delivered");
    }
}
