package io.infersla.alerting.bench;

import io.infersla.alerting.outbox.BreachRecorder;
import io.infersla.alerting.outbox.DispatcherConfig;
import io.infersla.alerting.outbox.OutboxDispatcher;
import io.infersla.alerting.routing.AlertRouting;
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
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.locks.LockSupport;

/**
 * The two numbers of docs/benchmarks.md "## alerting", against the real PostgreSQL of the test
 * harness and the validating PagerDuty stand-in on loopback:
 *
 * <ol>
 *   <li>dispatch throughput: N pending PagerDuty triggers (one routing key per contract, 500
 *       contracts, so PagerDuty's per-key limit is not what is measured), drained by one
 *       dispatcher; notifications per second from start to the last 202;
 *   <li>latency: breach events recorded one by one at a steady rate while the dispatcher runs;
 *       time from the start of {@code record(...)} to the request arriving at the server, with and
 *       without {@code wakeUp()} after each record (without it, the 250 ms poll decides).
 * </ol>
 *
 * Run: {@code mvn -B -ntp -pl alerting test-compile exec:java -Dexec.classpathScope=test
 * -Dexec.mainClass=io.infersla.alerting.bench.AlertingBenchmark [-Dexec.args="5000 400"]}
 */
public final class AlertingBenchmark {

    static final int CONTRACTS = 500;

    public static void main(String[] args) throws Exception {
        // The JDK's HttpServer (the stand-in) closes idle connections beyond 200 by default; the
        // client would then find some of its pooled connections dead and retry them.
        System.setProperty("sun.net.httpserver.maxIdleConnections", "2000");
        int throughputEvents = args.length > 0 ? Integer.parseInt(args[0]) : 5000;
        int latencyEvents = args.length > 1 ? Integer.parseInt(args[1]) : 400;
        try (PostgresDatabase db = PostgresDatabase.create(); PagerDutyServer server = new PagerDutyServer()) {
            Migrations.apply(db.dataSource());
            for (int c = 0; c < CONTRACTS; c++) {
                OutboxRows.contract(db.dataSource(), "acme", "c" + c, "{\"pd_key\": \"" + key(c) + "\"}");
            }
            AlertRouting routing = AlertRouting.NONE.withPagerDuty(new PagerDutyRoute(server.baseUrl(), "pd_key", List.of()));
            Clock clock = Clock.systemUTC();
            BreachRecorder recorder = new BreachRecorder(db.dataSource(), clock);

            // Warm-up: JIT, connections, HTTP client pool.
            throughput(db, server, recorder, routing, clock, 1000, "warm-up");
            OutboxRows.clear(db.dataSource());
            server.reset();
            double rate = throughput(db, server, recorder, routing, clock, throughputEvents, "measured");
            OutboxRows.clear(db.dataSource());
            server.reset();
            long[] polled = latency(db, server, recorder, routing, clock, latencyEvents, false);
            OutboxRows.clear(db.dataSource());
            server.reset();
            long[] woken = latency(db, server, recorder, routing, clock, latencyEvents, true);

            System.out.printf("dispatch throughput: %.0f notifications/s (%d PagerDuty triggers, batch %d, workers %d)%n",
                    rate, throughputEvents, Integer.getInteger("bench.batch", DispatcherConfig.DEFAULT.batchSize()),
                    Integer.getInteger("bench.workers", DispatcherConfig.DEFAULT.workers()));
            System.out.println("record -> PagerDuty request, poll only (250 ms): " + summary(polled));
            System.out.println("record -> PagerDuty request, wakeUp() after record: " + summary(woken));
            long invalid = server.requests().stream().filter(r -> !r.violations().isEmpty()).count();
            System.out.println("schema violations seen by the stand-in: " + invalid);
        }
    }

    static double throughput(PostgresDatabase db, PagerDutyServer server, BreachRecorder recorder, AlertRouting routing,
            Clock clock, int events, String label) throws InterruptedException {
        Instant start = Instant.parse("2026-03-01T00:00:00Z");
        for (int i = 0; i < events; i++) {
            SeriesKey series = series(i);
            recorder.record(Fixtures.opened(series, start, Severity.CRITICAL), Fixtures.facts(series, 400, start), routing);
        }
        DispatcherConfig config = DispatcherConfig.DEFAULT
                .withBatchSize(Integer.getInteger("bench.batch", DispatcherConfig.DEFAULT.batchSize()))
                .withWorkers(Integer.getInteger("bench.workers", DispatcherConfig.DEFAULT.workers()));
        long t0 = System.nanoTime();
        try (OutboxDispatcher dispatcher = Dispatchers.loopback(db.dataSource(), clock, config)) {
            dispatcher.start();
            while (server.acceptedCount() < events) {
                Thread.sleep(5);
                if (System.nanoTime() - t0 > Duration.ofMinutes(5).toNanos()) {
                    throw new IllegalStateException(label + ": only " + server.acceptedCount() + " of " + events);
                }
            }
        }
        double seconds = (System.nanoTime() - t0) / 1e9;
        System.out.printf("%s: %d notifications in %.2f s%n", label, events, seconds);
        return events / seconds;
    }

    static long[] latency(PostgresDatabase db, PagerDutyServer server, BreachRecorder recorder, AlertRouting routing,
            Clock clock, int events, boolean wake) throws InterruptedException {
        Map<String, Long> recordedAt = new HashMap<>();
        Instant start = Instant.parse("2026-03-02T00:00:00Z");
        try (OutboxDispatcher dispatcher = Dispatchers.loopback(db.dataSource(), clock)) {
            dispatcher.start();
            long interval = Duration.ofMillis(25).toNanos(); // 40 breach events per second
            long next = System.nanoTime();
            for (int i = 0; i < events; i++) {
                LockSupport.parkNanos(Math.max(0, next - System.nanoTime()));
                next += interval;
                SeriesKey series = series(i);
                var event = Fixtures.opened(series, start, Severity.CRITICAL);
                recordedAt.put(event.episode().id(), System.nanoTime());
                recorder.record(event, Fixtures.facts(series, 400, start), routing);
                if (wake) {
                    dispatcher.wakeUp();
                }
            }
            long deadline = System.nanoTime() + Duration.ofSeconds(60).toNanos();
            while (server.acceptedCount() < events && System.nanoTime() < deadline) {
                Thread.sleep(5);
            }
        }
        List<Long> micros = new ArrayList<>();
        for (PagerDutyServer.Request r : server.accepted()) {
            micros.add((r.receivedNanos() - recordedAt.get(r.dedupKey())) / 1000);
        }
        return micros.stream().mapToLong(Long::longValue).sorted().toArray();
    }

    static SeriesKey series(int i) {
        return new SeriesKey("acme", "c" + (i % CONTRACTS), "svc-" + i, "prod", "llama-3-70b", "chatbot", "gpu", "");
    }

    static String key(int contract) {
        return String.format("%032x", 0xABC000L + contract);
    }

    static String summary(long[] sortedMicros) {
        if (sortedMicros.length == 0) {
            return "no samples";
        }
        return String.format("n=%d p50 %.1f ms, p99 %.1f ms, max %.1f ms", sortedMicros.length,
                pct(sortedMicros, 0.50) / 1000.0, pct(sortedMicros, 0.99) / 1000.0,
                sortedMicros[sortedMicros.length - 1] / 1000.0);
    }

    static long pct(long[] sorted, double q) {
        int index = (int) Math.ceil(q * sorted.length) - 1;
        return sorted[Math.max(0, Math.min(sorted.length - 1, index))];
    }

    private AlertingBenchmark() {
    }

}
