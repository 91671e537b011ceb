package io.infersla.alerting.outbox;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.infersla.alerting.deliver.Notifier;
import io.infersla.alerting.routing.AlertRouting;
import io.infersla.alerting.routing.Channel;
import io.infersla.alerting.routing.PagerDutyRoute;
import io.infersla.alerting.testing.Dispatchers;
import io.infersla.alerting.testing.Fixtures;
import io.infersla.alerting.testing.OutboxRows;
import io.infersla.alerting.testing.PagerDutyServer;
import io.infersla.core.breach.Severity;
import io.infersla.core.request.SeriesKey;
import io.infersla.migrations.Migrations;
import io.infersla.testsupport.PostgresDatabase;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.LongAdder;
import org.junit.jupiter.api.AutoClose;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * Two dispatchers (two engine instances) on one database draw from one PagerDuty bucket per
 * routing key: together they stay within the limit, and another key is not slowed by the first.
 * Real time, real PostgreSQL, a real HTTP stand-in that timestamps what it receives.
 */
class SharedRateLimitIT {

    static final String KEY_A = "RoutingKeyA00000000000000000000a";
    static final String KEY_B = "RoutingKeyB00000000000000000000b";
    static final int BURST = 5;
    static final int PER_SECOND = 2;
    /** Key B's events, were they drawn from key A's empty bucket, would take 2.5 s at least. */
    static final Duration NOT_SLOWED = Duration.ofMillis(1500);

    @AutoClose
    static final PostgresDatabase db = PostgresDatabase.create();

    @AutoClose
    static PagerDutyServer pagerDuty;

    final Clock clock = Clock.systemUTC();

    @BeforeAll
    static void setUp() throws Exception {
        Migrations.apply(db.dataSource());
        OutboxRows.contract(db.dataSource(), "acme", "gold",
                "{\"pd_a\": \"" + KEY_A + "\", \"pd_b\": \"" + KEY_B + "\"}");
        pagerDuty = new PagerDutyServer();
        OutboxRows.clear(db.dataSource());
    }

    @Test
    void twoDispatchersTogetherStayWithinOneKeysLimitAndAnotherKeyIsNotSlowed() {
        BreachRecorder recorder = new BreachRecorder(db.dataSource(), clock);
        AlertRouting routeA = AlertRouting.NONE.withPagerDuty(new PagerDutyRoute(pagerDuty.baseUrl(), "pd_a", List.of()));
        AlertRouting routeB = AlertRouting.NONE.withPagerDuty(new PagerDutyRoute(pagerDuty.baseUrl(), "pd_b", List.of()));
        Instant start = clock.instant();
        for (int i = 0; i < 100; i++) {
            SeriesKey series = Fixtures.series("a-" + i);
            recorder.record(Fixtures.opened(series, start, Severity.CRITICAL), Fixtures.facts(series, 400, start), routeA);
        }
        DispatcherConfig config = DispatcherConfig.DEFAULT.withPagerDutyRate(BURST, PER_SECOND * 60).withBatchSize(10)
                .withPollInterval(Duration.ofMillis(20));
        LongAdder sentByFirst = new LongAdder();
        LongAdder sentBySecond = new LongAdder();
        long startNanos = System.nanoTime();
        try (OutboxDispatcher first = dispatcher(config, sentByFirst);
                OutboxDispatcher second = dispatcher(config, sentBySecond)) {
            first.start();
            second.start();
            sleep(Duration.ofSeconds(2));

            // Key A has a backlog now; key B's bucket is full, so its events go out at once.
            for (int i = 0; i < BURST; i++) {
                SeriesKey series = Fixtures.series("b-" + i);
                recorder.record(Fixtures.opened(series, start, Severity.CRITICAL), Fixtures.facts(series, 400, start), routeB);
            }
            long bRecordedNanos = System.nanoTime();
            first.wakeUp();
            second.wakeUp();
            await().atMost(Duration.ofSeconds(10)).pollInterval(Duration.ofMillis(10))
                    .until(() -> sent(KEY_B).size() == BURST);
            long bLatestMillis = (sent(KEY_B).stream().mapToLong(Long::longValue).max().orElseThrow() - bRecordedNanos)
                    / 1_000_000;
            assertThat(bLatestMillis).as("ms until key B's last event arrived, while key A waits").isLessThan(NOT_SLOWED.toMillis());
            System.out.printf("key B: all %d events %d ms after they were recorded%n", BURST, bLatestMillis);
            assertThat(OutboxRows.strings(db.dataSource(), "SELECT id::text FROM sla.alert_outbox WHERE state = 'pending'"))
                    .as("key A still has a backlog").isNotEmpty();

            sleep(Duration.ofSeconds(2));
        }
        double seconds = (System.nanoTime() - startNanos) / 1e9;

        List<Long> a = sent(KEY_A);
        int maxInASecond = maxInWindow(a, Duration.ofSeconds(1));
        System.out.printf("key A: %d events in %.1f s, at most %d in one second (limit %d + %d/s)%n", a.size(), seconds,
                maxInASecond, BURST, PER_SECOND);
        // The bucket allows BURST + PER_SECOND in any second of the dispatchers' clock; one more
        // is tolerated for the spread of HTTP latency between taking a token and arriving here.
        // Without sharing, each dispatcher has its own bucket and a second sees up to twice that.
        assertThat(maxInASecond).as("key A events in the busiest second").isLessThanOrEqualTo(BURST + PER_SECOND + 1);
        assertThat(a.size()).as("key A events over %.1f s", seconds)
                .isLessThanOrEqualTo((int) (BURST + PER_SECOND * seconds) + 1)
                .isGreaterThanOrEqualTo((int) (0.7 * (BURST + PER_SECOND * (seconds - 1))));
        assertThat(sentByFirst.sum()).as("PagerDuty events sent by the first dispatcher").isPositive();
        assertThat(sentBySecond.sum()).as("PagerDuty events sent by the second dispatcher").isPositive();
        assertThat(OutboxRows.query(db.dataSource(), "SELECT * FROM sla.alert_outbox WHERE state = 'pending'"))
                .as("rows waiting for a token have not used an attempt").allSatisfy(r -> assertThat(r.attempts()).isZero());
        assertThat(pagerDuty.requests()).allSatisfy(r -> assertThat(r.violations()).isEmpty());
    }

    private OutboxDispatcher dispatcher(DispatcherConfig config, LongAdder pagerDutySends) {
        Map<Channel, Notifier> notifiers = new EnumMap<>(Dispatchers.notifiers(Dispatchers.http(clock)));
        Notifier pagerDutyNotifier = notifiers.get(Channel.PAGERDUTY);
        notifiers.put(Channel.PAGERDUTY, message -> {
            pagerDutySends.increment();
            return pagerDutyNotifier.send(message);
        });
        return new OutboxDispatcher(db.dataSource(), notifiers, config, clock, () -> 0.0, Dispatchers.SECRETS);
    }

    /** Arrival times (System.nanoTime) of the events sent with this routing key. */
    private static List<Long> sent(String routingKey) {
        return pagerDuty.requests().stream().filter(r -> routingKey.equals(r.routingKey()))
                .map(PagerDutyServer.Request::receivedNanos).sorted().toList();
    }

    /** The most arrivals within any span of {@code window} starting at an arrival. */
    static int maxInWindow(List<Long> sortedNanos, Duration window) {
        int max = 0;
        int end = 0;
        for (int begin = 0; begin < sortedNanos.size(); begin++) {
            while (end < sortedNanos.size() && sortedNanos.get(end) - sortedNanos.get(begin) < window.toNanos()) {
                end++;
            }
            max = Math.max(max, end - begin);
        }
        return max;
    }

    private static void sleep(Duration d) {
        try {
            Thread.sleep(d.toMillis());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new AssertionError(e);
        }
    }
}
