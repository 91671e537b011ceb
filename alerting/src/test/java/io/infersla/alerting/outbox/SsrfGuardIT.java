package io.infersla.alerting.outbox;

import static io.infersla.alerting.testing.Fixtures.T0;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.infersla.alerting.deliver.UrlGuard;
import io.infersla.alerting.deliver.UrlPolicy;
import io.infersla.alerting.routing.AlertRouting;
import io.infersla.alerting.routing.WebhookRoute;
import io.infersla.alerting.testing.Dispatchers;
import io.infersla.alerting.testing.Fixtures;
import io.infersla.alerting.testing.OutboxRows;
import io.infersla.alerting.testing.RecordingServer;
import io.infersla.alerting.testing.TestClock;
import io.infersla.core.breach.Severity;
import io.infersla.migrations.Migrations;
import io.infersla.testsupport.PostgresDatabase;
import java.net.InetAddress;
import java.net.URI;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AutoClose;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** The SSRF guard refuses disallowed targets at configuration and again at send time. */
class SsrfGuardIT {

    @AutoClose
    static final PostgresDatabase db = PostgresDatabase.create();

    @AutoClose
    static RecordingServer inside;

    @AutoClose
    static RecordingServer redirector;

    final TestClock clock = new TestClock(T0);

    @BeforeAll
    static void setUp() throws Exception {
        Migrations.apply(db.dataSource());
        OutboxRows.contract(db.dataSource(), "acme", "gold", "{\"hook\": \"s3cr3t-hook\"}");
        inside = new RecordingServer();
        redirector = new RecordingServer();
    }

    @BeforeEach
    void reset() {
        OutboxRows.clear(db.dataSource());
        inside.reset();
        redirector.reset();
    }

    @Test
    void aRoutingToTheMetadataServiceIsRefusedAtConfiguration() {
        AlertRouting routing = AlertRouting.NONE.withWebhooks(
                List.of(new WebhookRoute(URI.create("http://169.254.169.254/latest/meta-data"), "hook")));

        assertThatThrownBy(() -> new UrlGuard(UrlPolicy.PAGERDUTY_ONLY).requireAllowed("contract acme/gold", routing.targets()))
                .hasMessageStartingWith("contract acme/gold: plain http refused");
    }

    @Test
    void aLoopbackTargetIsRefusedAtSendTimeWhenLoopbackIsOffAndNothingIsSent() {
        record(inside.url("/hook"));
        UrlPolicy production = new UrlPolicy(Set.of("hooks.example"), false, false, false);
        OutboxDispatcher dispatcher = dispatcher(new UrlGuard(production));

        dispatcher.dispatchOnce();

        assertThat(inside.requests()).isEmpty();
        assertThat(OutboxRows.all(db.dataSource())).singleElement().satisfies(row -> {
            assertThat(row.state()).isEqualTo("failed");
            assertThat(row.lastError()).startsWith("refused by the URL allowlist: loopback target refused");
        });
    }

    @Test
    void anAllowedNameThatResolvesToALinkLocalAddressIsRefusedAtSendTime() {
        record(URI.create("https://hooks.example/infersla"));
        UrlPolicy production = new UrlPolicy(Set.of("hooks.example"), false, false, false);
        UrlGuard rebound = new UrlGuard(production, host -> List.of(InetAddress.getByName("169.254.169.254")));
        OutboxDispatcher dispatcher = dispatcher(rebound);

        dispatcher.dispatchOnce();

        assertThat(OutboxRows.all(db.dataSource()).get(0).lastError())
                .isEqualTo("refused by the URL allowlist: host hooks.example resolves to 169.254.169.254, a wildcard,"
                        + " multicast or link-local address");
    }

    @Test
    void redirectsAreNeverFollowed() {
        redirector.thenAnswer(307, 1).answerHeaders(Map.of("Location", inside.url("/internal").toString()));
        record(redirector.url("/hook"));

        Dispatchers.drain(Dispatchers.loopback(db.dataSource(), clock), clock, Duration.ofMinutes(1), 3);

        assertThat(redirector.requests()).hasSize(1);
        assertThat(inside.requests()).isEmpty();
        assertThat(OutboxRows.all(db.dataSource()).get(0).state()).isEqualTo("failed");
    }

    @Test
    void aNameThatRebindsToLoopbackAfterTheFirstAnswerNeverReachesLoopback() throws Exception {
        // Public first (nothing listens there; the policy allows it), loopback on every later
        // lookup: a client that resolved again after the check would reach the server inside.
        AtomicInteger lookups = new AtomicInteger();
        UrlGuard rebinding = new UrlGuard(PRODUCTION_PLAIN_HTTP, host -> List.of(InetAddress.getByName(
                lookups.getAndIncrement() == 0 ? "93.184.215.14" : "127.0.0.1")));
        record(nameForInside("/hook"));
        OutboxDispatcher dispatcher = dispatcher(rebinding);

        for (int round = 0; round < 3; round++) {
            dispatcher.dispatchOnce();
            clock.advance(Duration.ofMinutes(10));
        }

        assertThat(inside.requests()).isEmpty();
        assertThat(lookups).as("the connection resolves through the guard").hasValueGreaterThanOrEqualTo(2);
        assertThat(OutboxRows.all(db.dataSource())).singleElement().satisfies(row -> {
            assertThat(row.state()).isEqualTo("failed");
            assertThat(row.lastError()).isEqualTo("refused by the URL allowlist: host hooks.example resolves to 127.0.0.1,"
                    + " a loopback address (allow-loopback is off)");
        });
    }

    @Test
    void aNameThatResolvesToAllowedAndRefusedAddressesIsRefusedAndNothingIsSent() {
        UrlGuard mixed = new UrlGuard(PRODUCTION_PLAIN_HTTP, host -> List.of(InetAddress.getByName("93.184.215.14"),
                InetAddress.getByName("127.0.0.1")));
        record(nameForInside("/hook"));

        dispatcher(mixed).dispatchOnce();

        assertThat(inside.requests()).isEmpty();
        assertThat(OutboxRows.all(db.dataSource())).singleElement().satisfies(row -> {
            assertThat(row.state()).isEqualTo("failed");
            assertThat(row.lastError()).contains("resolves to 127.0.0.1, a loopback address");
        });
    }

    @Test
    void theClientConnectsToTheAddressTheGuardResolvedAndKeepsTheHostName() {
        // Control for the two tests above: with loopback allowed the same name does reach the
        // server inside, so it is the guard's answer (not the system's DNS, which does not know
        // hooks.example) that the client connects to, and the request still names the host.
        UrlGuard pinned = new UrlGuard(new UrlPolicy(Set.of("hooks.example"), true, false, true),
                host -> List.of(InetAddress.getByName("127.0.0.1")));
        URI url = nameForInside("/hook");
        record(url);

        dispatcher(pinned).dispatchOnce();

        assertThat(inside.requests()).singleElement()
                .satisfies(r -> assertThat(r.header("Host")).isEqualTo("hooks.example:" + url.getPort()));
        assertThat(OutboxRows.all(db.dataSource()).get(0).state()).isEqualTo("delivered");
    }

    static final UrlPolicy PRODUCTION_PLAIN_HTTP = new UrlPolicy(Set.of("hooks.example"), false, false, true);

    /** The server inside, named by an allowed host name instead of its loopback address. */
    private static URI nameForInside(String path) {
        return URI.create("http://hooks.example:" + inside.url(path).getPort() + path);
    }

    private OutboxDispatcher dispatcher(UrlGuard guard) {
        return new OutboxDispatcher(db.dataSource(), Dispatchers.notifiers(Dispatchers.http(guard, clock)),
                DispatcherConfig.DEFAULT, clock, () -> 0.0, Dispatchers.SECRETS);
    }

    private void record(URI webhook) {
        new BreachRecorder(db.dataSource(), clock).record(Fixtures.opened(Severity.WARNING), Fixtures.facts(),
                AlertRouting.NONE.withWebhooks(List.of(new WebhookRoute(webhook, "hook"))));
    }
}
