package io.infersla.engine.api;

import io.infersla.core.auth.TokenDigest;
import io.infersla.migrations.Migrations;
import io.infersla.testsupport.PostgresDatabase;
import java.io.File;
import java.io.IOException;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.Statement;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;

/**
 * The REST API with and without the connection pool, side by side in one run: two engine builds
 * (the one before the pool and the one with it, {@code target/quarkus-app/quarkus-run.jar} of
 * each) run as child processes against the same seeded database, and 50 concurrent clients load
 * {@code GET /api/v1/status} and {@code GET /api/v1/breaches} on one engine at a time, the two
 * engines alternating round by round. Both engines run the API only (no topology, writer or
 * delivery: no Kafka needed). See docs/benchmarks.md, "REST API connection pool (issue 11)".
 *
 * <pre>
 * --before JAR --after JAR   the two builds (required)
 * --clients N (50)  --seconds N (10, per round)  --rounds N (3)  --warmup N (10 s per engine and route)
 * --series N (50 series x 3 objectives)  --breaches N (2000)
 * </pre>
 */
public final class ApiPoolBenchmark {

    private static final String TOKEN = "bench-api-token-0123456789";
    private static final List<String> ROUTES = List.of("/api/v1/status", "/api/v1/breaches");

    public static void main(String[] args) throws Exception {
        Map<String, String> options = options(args);
        Path before = Path.of(required(options, "before"));
        Path after = Path.of(required(options, "after"));
        int clients = Integer.parseInt(options.getOrDefault("clients", "50"));
        int seconds = Integer.parseInt(options.getOrDefault("seconds", "10"));
        int rounds = Integer.parseInt(options.getOrDefault("rounds", "3"));
        int warmup = Integer.parseInt(options.getOrDefault("warmup", "10"));
        int series = Integer.parseInt(options.getOrDefault("series", "50"));
        int breaches = Integer.parseInt(options.getOrDefault("breaches", "2000"));

        try (PostgresDatabase db = PostgresDatabase.create()) {
            Migrations.apply(db.dataSource());
            seed(db, series, breaches);
            System.out.printf(Locale.ROOT, "database %s: %s%n", db.name(), scalar(db, "SELECT version()"));
            Map<String, Engine> engines = new LinkedHashMap<>();
            try {
                engines.put("unpooled (before)", Engine.start(before, db));
                engines.put("pooled (after)", Engine.start(after, db));
                HttpClient http = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1)
                        .connectTimeout(Duration.ofSeconds(5)).build();
                for (Engine engine : engines.values()) {
                    engine.awaitReady(http);
                }
                for (Map.Entry<String, Engine> e : engines.entrySet()) {
                    for (String route : ROUTES) {
                        load(http, e.getValue(), route, clients, warmup, db);
                    }
                }
                Map<String, List<Result>> results = new LinkedHashMap<>();
                for (int round = 1; round <= rounds; round++) {
                    for (String route : ROUTES) {
                        for (Map.Entry<String, Engine> e : engines.entrySet()) {
                            Result r = load(http, e.getValue(), route, clients, seconds, db);
                            results.computeIfAbsent(e.getKey() + " " + route, k -> new ArrayList<>()).add(r);
                            System.out.printf(Locale.ROOT, "round %d %-20s %-18s %8.0f req/s  p50 %6.1f ms  p99 %7.1f ms"
                                    + "  errors %d  sessions opened %d  backends max %d%n", round, e.getKey(), route,
                                    r.perSecond(), r.p50(), r.p99(), r.errors, r.sessionsOpened, r.maxBackends);
                        }
                    }
                }
                System.out.printf(Locale.ROOT, "%n%d clients, %d x %d s per engine and route (after %d s warm-up each)%n",
                        clients, rounds, seconds, warmup);
                System.out.println("| engine | route | req/s (rounds) | req/s (all) | p50 ms | p99 ms | errors | "
                        + "PostgreSQL sessions opened per 1000 req | backends (max) |");
                System.out.println("|---|---|---|---|---|---|---|---|---|");
                for (String route : ROUTES) {
                    for (String engine : engines.keySet()) {
                        List<Result> rs = results.get(engine + " " + route);
                        Result all = Result.merge(rs);
                        System.out.printf(Locale.ROOT, "| %s | `%s` | %s | %.0f | %.1f | %.1f | %d | %.0f | %d |%n", engine,
                                route, String.join(" / ", rs.stream().map(r -> String.format(Locale.ROOT, "%.0f",
                                        r.perSecond())).toList()), all.perSecond(), all.p50(), all.p99(), all.errors,
                                1000.0 * all.sessionsOpened / Math.max(1, all.latenciesNanos.length), all.maxBackends);
                    }
                }
            } finally {
                for (Engine engine : engines.values()) {
                    engine.stop();
                }
            }
        }
    }

    /** 50 series x 3 objectives, an evaluation every 10 s for the last hour; closed and open breaches. */
    private static void seed(PostgresDatabase db, int series, int breaches) throws Exception {
        try (Connection c = db.connection(); Statement st = c.createStatement()) {
            st.execute("""
                    INSERT INTO sla.evaluations (series_key, tenant, contract, objective_id, evaluated_at, window_seconds,
                        statistic, value, target, limit_value, samples, status)
                    SELECT 'bench|default|svc-' || s || '|prod|model-' || (s % 5) || '|chatbot||', 'bench', 'default', o,
                           date_trunc('second', now()) - make_interval(secs => 10 * t), 300, 'p95',
                           100 + (s * 7 + t) % 300, 200, 300, 1000 + t, CASE WHEN (s + t) % 17 = 0 THEN 'breach' ELSE 'ok' END
                    FROM generate_series(1, SERIES) s, unnest(ARRAY['ttft_p95', 'tpot_p95', 'error_rate']) o,
                         generate_series(0, 359) t""".replace("SERIES", Integer.toString(series)));
            st.execute("""
                    INSERT INTO sla.breaches (episode_id, tenant, contract, series_key, objective_id, severity, opened_at,
                        resolved_at, peak_value, peak_at, dedup_key, delivery_state)
                    SELECT 'ep-' || b, 'bench', 'default', 'bench|default|svc-' || (b % 50) || '|prod|model-1|chatbot||',
                           'ttft_p95', CASE WHEN b % 3 = 0 THEN 'critical' ELSE 'warning' END,
                           now() - make_interval(mins => b), CASE WHEN b <= 40 THEN NULL ELSE now() - make_interval(mins => b - 1) END,
                           400 + b % 100, now() - make_interval(mins => b), 'ep-' || b, 'delivered'
                    FROM generate_series(1, BREACHES) b""".replace("BREACHES", Integer.toString(breaches)));
            st.execute("ANALYZE sla.evaluations; ANALYZE sla.breaches");
        }
    }

    private static Result load(HttpClient http, Engine engine, String route, int clients, int seconds, PostgresDatabase db)
            throws Exception {
        HttpRequest request = HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + engine.port + route))
                .header("Authorization", "Bearer " + TOKEN).timeout(Duration.ofSeconds(30)).GET().build();
        long sessionsBefore = Long.parseLong(scalar(db, "SELECT sessions FROM pg_stat_database WHERE datname = '"
                + db.name() + "'"));
        AtomicBoolean running = new AtomicBoolean(true);
        AtomicLong errors = new AtomicLong();
        List<long[]> perClient = new ArrayList<>();
        int[] counts = new int[clients];
        CountDownLatch done = new CountDownLatch(clients);
        long start = System.nanoTime();
        for (int i = 0; i < clients; i++) {
            long[] latencies = new long[2_000_000 / clients];
            perClient.add(latencies);
            int index = i;
            Thread client = new Thread(() -> {
                try {
                    while (running.get()) {
                        long t0 = System.nanoTime();
                        try {
                            HttpResponse<byte[]> response = http.send(request, HttpResponse.BodyHandlers.ofByteArray());
                            if (response.statusCode() != 200) {
                                errors.incrementAndGet();
                                continue;
                            }
                        } catch (IOException e) {
                            errors.incrementAndGet();
                            continue;
                        }
                        if (counts[index] < latencies.length) {
                            latencies[counts[index]++] = System.nanoTime() - t0;
                        }
                    }
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                } finally {
                    done.countDown();
                }
            });
            client.setDaemon(true);
            client.start();
        }
        int maxBackends = 0;
        int samples = 0;
        long until = start + Duration.ofSeconds(seconds).toNanos();
        while (System.nanoTime() < until) {
            Thread.sleep(250);
            samples++;
            maxBackends = Math.max(maxBackends, Integer.parseInt(scalar(db,
                    "SELECT count(*) - 1 FROM pg_stat_activity WHERE datname = '" + db.name() + "'")));
        }
        running.set(false);
        done.await();
        long elapsed = System.nanoTime() - start;
        long sessionsAfter = Long.parseLong(scalar(db, "SELECT sessions FROM pg_stat_database WHERE datname = '"
                + db.name() + "'"));
        int total = Arrays.stream(counts).sum();
        long[] all = new long[total];
        int at = 0;
        for (int i = 0; i < clients; i++) {
            System.arraycopy(perClient.get(i), 0, all, at, counts[i]);
            at += counts[i];
        }
        // this method's own queries are sessions too: one per sample and the last count, counted out
        return new Result(all, elapsed, errors.get(), Math.max(0, sessionsAfter - sessionsBefore - samples - 1), maxBackends);
    }

    private static String scalar(PostgresDatabase db, String sql) throws Exception {
        try (Connection c = db.connection(); Statement st = c.createStatement(); ResultSet rs = st.executeQuery(sql)) {
            rs.next();
            return rs.getString(1);
        }
    }

    private record Result(long[] latenciesNanos, long elapsedNanos, long errors, long sessionsOpened, int maxBackends) {

        Result {
            Arrays.sort(latenciesNanos);
        }

        double perSecond() {
            return latenciesNanos.length / (elapsedNanos / 1e9);
        }

        double p50() {
            return percentile(0.50);
        }

        double p99() {
            return percentile(0.99);
        }

        double percentile(double q) {
            if (latenciesNanos.length == 0) {
                return Double.NaN;
            }
            int i = (int) Math.min(latenciesNanos.length - 1, Math.ceil(q * latenciesNanos.length) - 1);
            return latenciesNanos[Math.max(0, i)] / 1e6;
        }

        static Result merge(List<Result> results) {
            long[] all = results.stream().flatMapToLong(r -> Arrays.stream(r.latenciesNanos)).toArray();
            return new Result(all, results.stream().mapToLong(Result::elapsedNanos).sum(),
                    results.stream().mapToLong(Result::errors).sum(), results.stream().mapToLong(Result::sessionsOpened).sum(),
                    results.stream().mapToInt(Result::maxBackends).max().orElse(0));
        }
    }

    /** An engine build running the API only, in a child JVM. */
    private record Engine(Process process, int port, Path jar) {

        static Engine start(Path jar, PostgresDatabase db) throws IOException {
            int port;
            try (ServerSocket socket = new ServerSocket(0)) {
                port = socket.getLocalPort();
            }
            List<String> command = new ArrayList<>(List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                    "-Xms256m", "-Xmx256m", "-Dquarkus.http.port=" + port,
                    "-Dinfersla.engine.enabled=false", "-Dinfersla.storage.enabled=false",
                    "-Dinfersla.kafka.create-topics=false", "-Dinfersla.alerts.enabled=false",
                    "-Dinfersla.storage.jdbc-url=" + db.jdbcUrl(), "-Dinfersla.storage.user=" + db.user(),
                    "-Dinfersla.storage.password=" + db.password(),
                    "-Dinfersla.api.tokens.bench=" + TokenDigest.of(TOKEN),
                    "-Dquarkus.log.level=WARN", "-jar", jar.toString()));
            File log = File.createTempFile("api-pool-benchmark-", ".log");
            Process process = new ProcessBuilder(command).redirectErrorStream(true)
                    .redirectOutput(ProcessBuilder.Redirect.appendTo(log)).start();
            System.out.printf(Locale.ROOT, "started %s on port %d (log %s)%n", jar, port, log);
            return new Engine(process, port, jar);
        }

        void awaitReady(HttpClient http) throws Exception {
            HttpRequest request = HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + "/api/v1/status"))
                    .header("Authorization", "Bearer " + TOKEN).build();
            long until = System.nanoTime() + Duration.ofSeconds(90).toNanos();
            while (System.nanoTime() < until) {
                if (!process.isAlive()) {
                    throw new IllegalStateException(jar + " exited with " + process.exitValue());
                }
                try {
                    if (http.send(request, HttpResponse.BodyHandlers.discarding()).statusCode() == 200) {
                        return;
                    }
                } catch (IOException e) {
                    // not listening yet
                }
                Thread.sleep(200);
            }
            throw new IllegalStateException(jar + " did not answer within 90 s");
        }

        void stop() throws InterruptedException {
            process.destroy();
            if (!process.waitFor(20, java.util.concurrent.TimeUnit.SECONDS)) {
                process.destroyForcibly();
            }
        }
    }

    private static Map<String, String> options(String[] args) {
        Map<String, String> options = new LinkedHashMap<>();
        for (int i = 0; i < args.length; i++) {
            if (!args[i].startsWith("--") || i + 1 >= args.length) {
                throw new IllegalArgumentException("usage: --before JAR --after JAR [--clients N] [--seconds N] [--rounds N]"
                        + " [--warmup N] [--series N] [--breaches N]; unexpected " + args[i]);
            }
            options.put(args[i].substring(2), args[++i]);
        }
        return options;
    }

    private static String required(Map<String, String> options, String name) {
        String value = options.get(name);
        if (value == null) {
            throw new IllegalArgumentException("--" + name + " JAR is required");
        }
        return value;
    }
}
