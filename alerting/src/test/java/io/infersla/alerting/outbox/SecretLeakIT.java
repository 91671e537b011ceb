package io.infersla.alerting.outbox;

import static io.infersla.alerting.testing.Fixtures.T0;
import static org.assertj.core.api.Assertions.assertThat;

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
import io.infersla.migrations.Migrations;
import io.infersla.testsupport.PostgresDatabase;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.URI;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.logging.Handler;
import java.util.logging.Level;
import java.util.logging.LogRecord;
import java.util.logging.Logger;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AutoClose;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * A seeded PagerDuty routing key and webhook secret go through every path that can print
 * something (delivery, retry, dead letter, network error, crash before commit, peers that echo
 * the secret back) and are then searched for in every log line, exception, outbox payload,
 * last_error, breach row and the deliveries view. They must only ever reach the wire.
 */
class SecretLeakIT {

    static final String PD_KEY = "LeAkC4nary0123456789abcdefABCDEF";
    static final String HOOK_SECRET = "whsec_leak_canary_9f8e7d6c";

    @AutoClose
    static final PostgresDatabase db = PostgresDatabase.create();

    @AutoClose
    static PagerDutyServer pagerDuty;

    @AutoClose
    static RecordingServer webhook;

    static final List<String> logged = new CopyOnWriteArrayList<>();
    static final Logger ROOT = Logger.getLogger("io.infersla");
    static Level previousLevel;
    static final Handler CAPTURE = new Handler() {
        @Override
        public void publish(LogRecord record) {
            StringWriter text = new StringWriter();
            text.append(record.getMessage());
            if (record.getParameters() != null) {
                for (Object p : record.getParameters()) {
                    text.append(' ').append(String.valueOf(p));
                }
            }
            if (record.getThrown() != null) {
                record.getThrown().printStackTrace(new PrintWriter(text));
            }
            logged.add(text.toString());
        }

        @Override
        public void flush() {
        }

        @Override
        public void close() {
        }
    };

    @BeforeAll
    static void setUp() throws Exception {
        Migrations.apply(db.dataSource());
        OutboxRows.contract(db.dataSource(), "acme", "gold",
                "{\"pd_key\": \"" + PD_KEY + "\", \"hook\": \"" + HOOK_SECRET + "\"}");
        pagerDuty = new PagerDutyServer();
        webhook = new RecordingServer();
        previousLevel = ROOT.getLevel();
        ROOT.setLevel(Level.ALL); // DEBUG lines too
        ROOT.addHandler(CAPTURE);
    }

    @AfterAll
    static void tearDown() {
        ROOT.removeHandler(CAPTURE);
        ROOT.setLevel(previousLevel);
    }

    @Test
    void theSeededSecretsReachTheWireAndNothingElse() throws Exception {
        TestClock clock = new TestClock(T0);
        List<String> exceptions = new ArrayList<>();
        URI deadPort = URI.create("http://127.0.0.1:" + closedPort());
        AlertRouting routing = AlertRouting.NONE
                .withPagerDuty(new PagerDutyRoute(pagerDuty.baseUrl(), "pd_key", List.of()))
                .withWebhooks(List.of(new WebhookRoute(webhook.url("/hook"), "hook")));
        AlertRouting unreachable = AlertRouting.NONE
                .withPagerDuty(new PagerDutyRoute(deadPort, "pd_key", List.of()))
                .withWebhooks(List.of(new WebhookRoute(deadPort.resolve("/hook"), "hook")));
        BreachRecorder recorder = new BreachRecorder(db.dataSource(), clock);
        // Peers that echo the secret in their error bodies.
        pagerDuty.thenAnswer(new Answer(500, Map.of(), "{\"error\":\"upstream rejected routing_key " + PD_KEY + "\"}"), 1)
                .thenAnswer(new Answer(400, Map.of(), "{\"errors\":[\"routing_key " + PD_KEY + " is invalid\"]}"), 1);
        webhook.thenAnswer(500, 1).errorBody("{\"bad signature with secret\":\"" + HOOK_SECRET + "\"}");

        recorder.record(Fixtures.opened(Fixtures.series("svc-a"), T0, Severity.CRITICAL),
                Fixtures.facts(Fixtures.series("svc-a"), 400, T0), routing);
        recorder.record(Fixtures.opened(Fixtures.series("svc-b"), T0, Severity.CRITICAL),
                Fixtures.facts(Fixtures.series("svc-b"), 400, T0), unreachable);
        OutboxDispatcher dispatcher = Dispatchers.loopback(db.dataSource(), clock);
        for (int round = 0; round < 4; round++) {
            dispatcher.dispatchOnce();
            clock.advance(Duration.ofMinutes(1));
        }
        recorder.record(Fixtures.resolved(Fixtures.series("svc-a"), T0, Severity.CRITICAL),
                Fixtures.facts(Fixtures.series("svc-a"), 400, T0), routing);
        try {
            Dispatchers.loopback(CrashingDataSource.failingCommits(db.dataSource()), clock).dispatchOnce();
        } catch (RuntimeException e) {
            exceptions.add(stackTrace(e));
        }
        dispatcher.dispatchOnce();

        // Positive control: the secrets were used where they belong.
        assertThat(pagerDuty.requests()).anySatisfy(r -> assertThat(r.routingKey()).isEqualTo(PD_KEY));
        assertThat(webhook.requests()).isNotEmpty().allSatisfy(r -> assertThat(r.header("X-InferSLA-Signature")).startsWith("sha256="));
        assertThat(exceptions).hasSize(1);
        assertThat(logged).isNotEmpty();
        assertThat(OutboxRows.strings(db.dataSource(), "SELECT last_error FROM sla.alert_outbox WHERE last_error IS NOT NULL"))
                .as("the echoed secrets were redacted, not dropped").anySatisfy(e -> assertThat(e).contains("******"));

        List<String> everything = new ArrayList<>();
        everything.addAll(logged);
        everything.addAll(exceptions);
        everything.addAll(OutboxRows.strings(db.dataSource(), "SELECT o::text FROM sla.alert_outbox o"));
        everything.addAll(OutboxRows.strings(db.dataSource(), "SELECT b::text FROM sla.breaches b"));
        everything.addAll(OutboxRows.strings(db.dataSource(), "SELECT v::text FROM sla.alert_deliveries_attention v"));
        everything.add(routing.toString());
        everything.add(dispatcher.counters().toString());
        assertThat(everything).allSatisfy(text -> assertThat(text).doesNotContain(PD_KEY).doesNotContain(HOOK_SECRET));
    }

    private static String stackTrace(Throwable t) {
        StringWriter out = new StringWriter();
        t.printStackTrace(new PrintWriter(out));
        return out.toString();
    }

    private static int closedPort() throws Exception {
        try (ServerSocket socket = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            return socket.getLocalPort();
        }
    }
}
