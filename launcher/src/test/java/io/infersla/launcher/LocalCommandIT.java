package io.infersla.launcher;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;
import static org.assertj.core.api.Assertions.within;

import io.infersla.core.catalog.Catalog;
import io.infersla.core.measure.Metric;
import io.infersla.core.sketch.QuantileSketch;
import io.infersla.loadgen.BreachInjection;
import io.infersla.loadgen.BreachPlan;
import io.infersla.loadgen.LoadGenerator;
import io.infersla.loadgen.LoadSettings;
import io.infersla.loadgen.Protocol;
import io.infersla.loadgen.SentMeasurements;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code ./infersla local} as a user runs it: the launcher's main in its own JVM, on free ports,
 * with a fresh data directory; stopped with SIGTERM as Ctrl-C or a service manager would. Needs
 * ingest and sla-engine built (the reactor builds them before this module).
 */
class LocalCommandIT {

    static final Pattern READY = Pattern.compile(
            "InferSLA ready in ([0-9.]+) s: ingest http://127\\.0\\.0\\.1:(\\d+) \\(OTLP/HTTP\\) grpc 127\\.0\\.0\\.1:(\\d+) "
                    + "\\(OTLP/gRPC\\), API http://127\\.0\\.0\\.1:(\\d+), kafka 127\\.0\\.0\\.1:(\\d+), "
                    + "database jdbc:postgresql://127\\.0\\.0\\.1:(\\d+)/infersla, token (\\S+)");
    static final Duration READY_TIMEOUT = Duration.ofSeconds(180);
    /** No request of the test waits forever on a stack that stopped answering. */
    static final Duration HTTP_TIMEOUT = Duration.ofSeconds(60);
    static final Path HOME = Path.of("").toAbsolutePath().getParent();

    @TempDir
    Path dataDir;

    private final List<Process> launched = new ArrayList<>();

    /**
     * A started launcher: its process, its console up to the ready line, its live console (the
     * lines after it, as they come) and the ports of its ready line.
     */
    record Running(Process process, List<String> beforeReady, BlockingQueue<String> console, Matcher ready) {
        int port(int group) {
            return Integer.parseInt(ready.group(group));
        }
    }

    @Test
    void startsPrintsTheReadyLineAcceptsSpansOverHttpAndGrpcAndStopsEverythingOnSigterm() throws Exception {
        Running stack = launch();
        int otlpHttp = stack.port(2);
        String token = stack.ready().group(7);

        HttpClient http = HttpClient.newHttpClient();
        assertThat(get(http, "http://127.0.0.1:" + stack.port(4) + "/q/health/ready")).isEqualTo(200);
        // An empty protobuf export is a valid export: 200 means the token was accepted end to end.
        HttpResponse<byte[]> export = http.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + otlpHttp + "/v1/traces"))
                .header("Content-Type", "application/x-protobuf").header("Authorization", "Bearer " + token)
                .POST(HttpRequest.BodyPublishers.ofByteArray(new byte[0])).build(), HttpResponse.BodyHandlers.ofByteArray());
        assertThat(export.statusCode()).isEqualTo(200);
        // ./infersla loadgen --protocol grpc against ingest's real OTLP/gRPC receiver.
        LoadGenerator.Totals grpc = new LoadGenerator(new LoadSettings("http://127.0.0.1:" + stack.port(3), token,
                List.of("chatbot", "search-rag"), 20, Optional.of(Duration.ofSeconds(2)), BreachPlan.NONE, 1, Duration.ZERO,
                "local", Protocol.GRPC), Catalog.builtIn(), System.out).run();
        assertThat(grpc.spansSent()).isPositive();
        assertThat(grpc.exportsFailed()).isZero();
        assertThat(grpc.spansAccepted()).as("every span accepted over OTLP/gRPC").isEqualTo(grpc.spansSent());
        // The same token opens the REST API as the local tenant, whose contract the launcher wrote.
        HttpResponse<String> contracts = http.send(HttpRequest.newBuilder(
                        URI.create("http://127.0.0.1:" + stack.port(4) + "/api/v1/contracts"))
                .header("Authorization", "Bearer " + token).timeout(HTTP_TIMEOUT).GET().build(), HttpResponse.BodyHandlers.ofString());
        assertThat(contracts.statusCode()).isEqualTo(200);
        assertThat(contracts.body()).contains("\"contract\": \"" + LocalContract.CONTRACT + "\"");
        assertThat(get(http, "http://127.0.0.1:" + stack.port(4) + "/api/v1/contracts")).as("without the token").isEqualTo(401);

        stopAndCheckNothingIsLeft(stack);
    }

    @Test
    void aRestartOnTheSameDataDirectoryKeepsTheTokenAndTheDatabase() throws Exception {
        Running first = launch();
        String token = first.ready().group(7);
        int postgresPort = first.port(6);
        stopAndCheckNothingIsLeft(first);

        Running second = launch();
        assertThat(second.ready().group(7)).isEqualTo(token);
        assertThat(second.port(6)).isEqualTo(postgresPort);
        // How fast it is ready is a speed figure (the ready line prints it; docs/local.md), not
        // something a test on a shared CI machine can pin: under load it took 43 s, quiet 10-15 s.
        assertThat(Double.parseDouble(second.ready().group(1))).isPositive();
        assertThat(second.beforeReady()).noneMatch(line -> line.contains("applied")); // the schema was kept
        stopAndCheckNothingIsLeft(second);
    }

    /**
     * The launcher supervises its children: each of ingest, the engine and the broker is killed
     * with SIGKILL in turn while a chatbot of the test's own sends traffic; each is reported and
     * started again, the stack serves again, and every minute the chatbot sent in full is stored with
     * at least every request ingest acknowledged (nothing accepted is lost across the kills).
     */
    @Test
    void aChildKilledWithSigkillIsRestartedAndNothingAcceptedIsLost() throws Exception {
        Running stack = launch();
        String jdbcUrl = "jdbc:postgresql://127.0.0.1:" + stack.port(6) + "/infersla";
        SentMeasurements sent = new SentMeasurements();
        LoadSettings settings = new LoadSettings("http://127.0.0.1:" + stack.port(2), stack.ready().group(7), List.of("chatbot"),
                ORACLE_RATE, Optional.empty(), new BreachPlan(List.of()), 7, Duration.ZERO, ORACLE_ENVIRONMENT);
        LoadGenerator oracle = new LoadGenerator(settings, Catalog.builtIn(), System.out, sent);
        Thread oracleThread = new Thread(oracle::run, "oracle-load");
        oracleThread.start();
        List<String> seen = new ArrayList<>(stack.beforeReady());
        try {
            for (String child : List.of("ingest", "sla-engine", "kafka")) {
                drain(stack, seen, Duration.ofSeconds(15)); // traffic between the faults
                ProcessHandle victim = child(stack, child);
                assertThat(victim.destroyForcibly()).as("SIGKILL sent to %s", child).isTrue();
                String back = "infersla: " + child + " is back";
                await().atMost(Duration.ofMinutes(3)).pollInterval(Duration.ZERO).until(() -> {
                    drain(stack, seen, Duration.ofSeconds(1));
                    return seen.stream().anyMatch(l -> l.startsWith(back));
                });
                assertThat(seen).as("the console says what happened to %s", child)
                        .anyMatch(l -> l.startsWith("infersla: " + child + " exited unexpectedly (killed by SIGKILL"));
                assertThat(stack.process().isAlive()).as("the launcher goes on").isTrue();
            }
            // Two complete minutes: together they span the faults (the first kill comes 15 s in).
            await().atMost(Duration.ofMinutes(3)).pollInterval(Duration.ZERO).until(() -> {
                drain(stack, seen, Duration.ofSeconds(1));
                return sent.completeMinutes().size() >= 2;
            });
        } finally {
            oracle.stop();
            oracleThread.join(10_000);
        }
        assertThat(oracle.totals().spansRejected()).as("no span rejected").isZero();
        List<Instant> minutes = sent.completeMinutes();
        assertThat(minutes).as("complete minutes sent across the faults").hasSizeGreaterThanOrEqualTo(2);
        try (Connection c = DriverManager.getConnection(jdbcUrl, "postgres", "");
             PreparedStatement st = c.prepareStatement("SELECT count, p95 FROM sla.window_stats WHERE service = ? AND environment = ? "
                     + "AND category = 'chatbot' AND metric = 'ttft_ms' AND slice_start = ? AND slice_seconds = 60")) {
            st.setString(1, ORACLE_SERVICE);
            st.setString(2, ORACLE_ENVIRONMENT);
            for (Instant minute : minutes) {
                int acknowledged = sent.values(ORACLE_SERVICE, Metric.TTFT_MS, minute).length;
                st.setObject(3, java.time.OffsetDateTime.ofInstant(minute, java.time.ZoneOffset.UTC));
                // A request ingest stored but could not acknowledge (killed in between) counts too: at least, not exactly.
                await().atMost(Duration.ofSeconds(90)).pollInterval(Duration.ofMillis(500)).untilAsserted(() ->
                        assertThat((long) countAndP95(st)[0]).as("stored TTFT count of %s (acknowledged: %d)", minute, acknowledged)
                                .isGreaterThanOrEqualTo(acknowledged));
            }
        }
        stopAndCheckNothingIsLeft(stack);
    }

    /** Reads the launcher's console for {@code time}, keeping every line. */
    private static void drain(Running stack, List<String> seen, Duration time) throws InterruptedException {
        long end = System.nanoTime() + time.toNanos();
        for (long left = time.toNanos(); left > 0; left = end - System.nanoTime()) {
            String line = stack.console().poll(left, TimeUnit.NANOSECONDS);
            if (line != null) {
                seen.add(line);
            }
        }
    }

    /** The launcher's child {@code name} (ingest, sla-engine or kafka), by the pid file it keeps in the data directory. */
    private ProcessHandle child(Running stack, String name) throws IOException {
        long pid = Long.parseLong(Files.readString(dataDir.resolve("run").resolve(name + ".pid")).trim());
        ProcessHandle child = ProcessHandle.of(pid).orElseThrow(() -> new AssertionError(name + " (pid " + pid + ") is not running"));
        assertThat(stack.process().descendants().map(ProcessHandle::pid)).as("%s is the launcher's child", name).contains(pid);
        return child;
    }

    /**
     * The demo, plus a chatbot of the test's own (environment {@value #ORACLE_ENVIRONMENT}) whose
     * generator records every value it sent: its injected TTFT breach opens and resolves in
     * {@code sla.breaches} and pages the local receiver, and every complete minute it sent is stored
     * in {@code sla.window_stats} with the exact count and a p95 within the sketch's 1% of the
     * exact p95 of what was sent, the breach minute included.
     */
    @Test
    void demoOpensAndResolvesABreachPagesTheLocalReceiverAndStoresTheStatisticsOfWhatWasSent() throws Exception {
        Running stack = launch("--demo");
        String jdbcUrl = "jdbc:postgresql://127.0.0.1:" + stack.port(6) + "/infersla";
        SentMeasurements sent = new SentMeasurements();
        LoadGenerator oracle = oracleChatbot(stack, sent);
        Thread oracleThread = new Thread(oracle::run, "oracle-load");
        oracleThread.start();

        long deadline = System.nanoTime() + Duration.ofMinutes(5).toNanos();
        boolean opened = false;
        boolean resolved = false;
        List<String> seen = new ArrayList<>(stack.beforeReady());
        Optional<OracleBreach> breach = Optional.empty();
        long nextQuery = 0;
        while (System.nanoTime() < deadline && !(opened && resolved && breach.filter(b -> b.pagedAndResolved(seen)).isPresent()
                && !sent.completeMinutes().isEmpty())) {
            String line = stack.console().poll(1, TimeUnit.SECONDS);
            if (line != null) {
                seen.add(line);
                opened |= line.startsWith("breach opened: ") && line.contains("ttft");
                resolved |= line.startsWith("breach resolved: ") && line.contains("ttft");
                assertThat(line).as("the local receiver refuses nothing the engine sends").doesNotContain("refused an event");
            }
            if (System.nanoTime() > nextQuery) {
                nextQuery = System.nanoTime() + Duration.ofSeconds(2).toNanos();
                breach = oracleBreach(jdbcUrl);
            }
        }
        oracle.stop();
        oracleThread.join(10_000);
        assertThat(opened).as("a TTFT breach opened; console: %s", seen).isTrue();
        assertThat(resolved).as("the breach resolved; console: %s", seen).isTrue();
        assertThat(breach).as("the oracle chatbot's ttft_p95 breach in sla.breaches").isPresent();
        assertThat(breach.get().resolvedAt()).as("resolved in sla.breaches").isNotNull();
        String dedupKey = breach.get().dedupKey();
        assertThat(seen).as("PagerDuty trigger and resolve of that episode delivered to the local receiver")
                .anyMatch(l -> l.startsWith("pagerduty (local): trigger") && l.contains("dedup_key=" + dedupKey))
                .anyMatch(l -> l.startsWith("pagerduty (local): resolve") && l.contains("dedup_key=" + dedupKey));
        String metrics = HttpClient.newHttpClient().send(HttpRequest.newBuilder(
                URI.create("http://127.0.0.1:" + stack.port(4) + "/q/metrics")).timeout(HTTP_TIMEOUT).GET().build(),
                HttpResponse.BodyHandlers.ofString()).body();
        Matcher delivered = Pattern.compile("infersla_alert_deliveries_total\\{outcome=\"delivered\"} ([0-9.]+)").matcher(metrics);
        assertThat(delivered.find()).as("delivery counter on /q/metrics").isTrue();
        assertThat(Double.parseDouble(delivered.group(1))).as("trigger and resolve counted").isGreaterThanOrEqualTo(2);
        assertEveryMetricTheHealthDashboardAndRulesQueryIsExposed(stack);

        LoadGenerator.Totals totals = oracle.totals();
        assertThat(totals.exportsFailed()).as("every oracle export answered 200").isZero();
        assertThat(totals.spansRejected()).as("no oracle span rejected").isZero();
        assertStoredMinutesEqualWhatWasSent(jdbcUrl, sent);
        assertThat(seen).as("no false pages: the only episodes opened are those of the chatbots whose TTFT is injected")
                .filteredOn(l -> l.startsWith("breach opened: "))
                .allSatisfy(l -> assertThat(l).contains("|chatbot|"));
        assertTheDemosReportLineGivesThisMonthsReport(seen, dedupKey);
        stopAndCheckNothingIsLeft(stack);
    }

    /**
     * Every metric name the dashboards' PromQL and the Prometheus rules select is on {@code /q/metrics}
     * of the running ingest or engine, after the demo's traffic and one unauthenticated export (the
     * refused-exports counter is registered at the first refusal). {@code up} is Prometheus' own.
     */
    private static void assertEveryMetricTheHealthDashboardAndRulesQueryIsExposed(Running stack) throws Exception {
        HttpClient http = HttpClient.newHttpClient();
        HttpResponse<byte[]> refused = http.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + stack.port(2) + "/v1/traces"))
                .header("Content-Type", "application/x-protobuf").timeout(HTTP_TIMEOUT)
                .POST(HttpRequest.BodyPublishers.ofByteArray(new byte[0])).build(), HttpResponse.BodyHandlers.ofByteArray());
        assertThat(refused.statusCode()).as("an export without the token").isEqualTo(401);
        java.util.Set<String> exposed = new java.util.TreeSet<>(java.util.Set.of("up"));
        for (int port : List.of(stack.port(2), stack.port(4))) {
            HttpResponse<String> metrics = http.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + "/q/metrics"))
                    .timeout(HTTP_TIMEOUT).GET().build(), HttpResponse.BodyHandlers.ofString());
            assertThat(metrics.statusCode()).as("/q/metrics on port %d", port).isEqualTo(200);
            exposed.addAll(io.infersla.testsupport.PromQl.exposedNames(metrics.body()));
        }
        List<io.infersla.testsupport.PrometheusQueries.Query> queries = io.infersla.testsupport.PrometheusQueries.in(HOME);
        assertThat(queries).as("PromQL of the health dashboard and the rules")
                .anyMatch(q -> q.where().startsWith("dashboard infersla-health,")).anyMatch(q -> q.where().startsWith("rule "));
        List<String> missing = new ArrayList<>();
        for (io.infersla.testsupport.PrometheusQueries.Query query : queries) {
            for (String name : io.infersla.testsupport.PromQl.metricNames(query.expr())) {
                // Sample names as scraped: a histogram's x_bucket, x_count and x_sum are samples of their own.
                if (!exposed.contains(name)) {
                    missing.add(name + " (" + query.where() + ")");
                }
            }
        }
        assertThat(missing).as("metrics queried that neither ingest nor the engine exposes; their infersla_ samples: %s",
                exposed.stream().filter(n -> n.startsWith("infersla_")).toList()).isEmpty();
    }

    /** The URL the demo prints serves this month's provisional report: a PDF, and the same revision as JSON with the episode. */
    private static void assertTheDemosReportLineGivesThisMonthsReport(List<String> seen, String dedupKey) throws Exception {
        String line = seen.stream().filter(l -> l.startsWith("demo: this month's provisional compliance report")).findFirst()
                .orElseThrow(() -> new AssertionError("the demo prints where its report is; console: " + seen));
        Matcher m = Pattern.compile("Authorization: Bearer ([^']+)' -o infersla-report.pdf '([^']+)'").matcher(line);
        assertThat(m.find()).as(line).isTrue();
        HttpClient http = HttpClient.newHttpClient();
        HttpResponse<byte[]> pdf = http.send(HttpRequest.newBuilder(URI.create(m.group(2)))
                .header("Authorization", "Bearer " + m.group(1)).timeout(HTTP_TIMEOUT).GET().build(), HttpResponse.BodyHandlers.ofByteArray());
        assertThat(pdf.statusCode()).isEqualTo(200);
        assertThat(new String(pdf.body(), 0, 5, java.nio.charset.StandardCharsets.US_ASCII)).isEqualTo("%PDF-");
        HttpResponse<String> json = http.send(HttpRequest.newBuilder(URI.create(m.group(2).replace("format=pdf", "format=json")))
                .header("Authorization", "Bearer " + m.group(1)).timeout(HTTP_TIMEOUT).GET().build(), HttpResponse.BodyHandlers.ofString());
        assertThat(json.statusCode()).isEqualTo(200);
        assertThat(json.headers().firstValue("ETag")).isEqualTo(pdf.headers().firstValue("ETag"));
        assertThat(json.body()).contains("\"status\":\"provisional\"").contains("\"dedup_key\":\"" + dedupKey + "\"");
    }

    static final String ORACLE_ENVIRONMENT = "e2e-oracle";
    static final String ORACLE_SERVICE = "chatbot-vllm";
    static final double ORACLE_RATE = 8;
    static final Duration ORACLE_BREACH = Duration.ofSeconds(5);

    /**
     * A chatbot at {@link #ORACLE_RATE} requests/s whose TTFT goes x8 for {@link #ORACLE_BREACH},
     * 2 s into the first minute that begins at least 2 s after now: that minute is complete and
     * holds the breach (40 of about 480 requests, so its p95 is a breach value). The series is new,
     * so its window starts with it and the 40 bad requests are over 5% of it until it is 100 s
     * old: the breach opens at once and resolves about two minutes after the start.
     */
    private LoadGenerator oracleChatbot(Running stack, SentMeasurements sent) {
        Instant now = Instant.now(); // the stack under test runs on the wall clock
        Instant breachMinute = Instant.ofEpochSecond(Math.floorDiv(now.plusSeconds(2 + 59).getEpochSecond(), 60) * 60);
        Duration breachAt = Duration.between(now, breachMinute.plusSeconds(2));
        BreachInjection breach = new BreachInjection("chatbot", Metric.TTFT_MS, 8, breachAt, ORACLE_BREACH);
        LoadSettings settings = new LoadSettings("http://127.0.0.1:" + stack.port(2), stack.ready().group(7), List.of("chatbot"),
                ORACLE_RATE, Optional.empty(), new BreachPlan(List.of(breach)), 42, Duration.ZERO, ORACLE_ENVIRONMENT);
        return new LoadGenerator(settings, Catalog.builtIn(), System.out, sent);
    }

    record OracleBreach(String dedupKey, Instant resolvedAt) {
        boolean pagedAndResolved(List<String> console) {
            return resolvedAt != null && console.stream().anyMatch(l -> l.startsWith("pagerduty (local): resolve")
                    && l.contains("dedup_key=" + dedupKey));
        }
    }

    private static Optional<OracleBreach> oracleBreach(String jdbcUrl) throws SQLException {
        try (Connection c = DriverManager.getConnection(jdbcUrl, "postgres", "");
             PreparedStatement st = c.prepareStatement("SELECT dedup_key, resolved_at FROM sla.breaches "
                     + "WHERE objective_id = 'ttft_p95' AND series_key LIKE ? ORDER BY opened_at LIMIT 1")) {
            st.setString(1, "local|default|" + ORACLE_SERVICE + "|" + ORACLE_ENVIRONMENT + "|%");
            try (ResultSet rs = st.executeQuery()) {
                return rs.next() ? Optional.of(new OracleBreach(rs.getString(1),
                        Optional.ofNullable(rs.getTimestamp(2)).map(java.sql.Timestamp::toInstant).orElse(null))) : Optional.empty();
            }
        }
    }

    /**
     * Each complete minute of the oracle chatbot, for each metric its spans state, against the
     * stored 1-minute row: the count exact, the p95 within 1% of the exact p95 (the writer may
     * still be catching up, so a row is awaited until its count is complete).
     */
    private static void assertStoredMinutesEqualWhatWasSent(String jdbcUrl, SentMeasurements sent) throws Exception {
        List<Instant> minutes = sent.completeMinutes();
        assertThat(minutes).as("at least one complete minute sent").isNotEmpty();
        boolean breachMinuteChecked = false;
        try (Connection c = DriverManager.getConnection(jdbcUrl, "postgres", "");
             PreparedStatement st = c.prepareStatement("SELECT count, p95 FROM sla.window_stats WHERE service = ? AND environment = ? "
                     + "AND category = 'chatbot' AND metric = ? AND slice_start = ? AND slice_seconds = 60")) {
            for (Instant minute : minutes) {
                for (Metric metric : List.of(Metric.TTFT_MS, Metric.TPOT_MS, Metric.E2E_MS)) {
                    double[] values = sent.values(ORACLE_SERVICE, metric, minute);
                    assertThat(values.length).as("%s values sent in %s", metric.id(), minute).isGreaterThan(300);
                    st.setString(1, ORACLE_SERVICE);
                    st.setString(2, ORACLE_ENVIRONMENT);
                    st.setString(3, metric.id());
                    st.setObject(4, java.time.OffsetDateTime.ofInstant(minute, java.time.ZoneOffset.UTC));
                    await().atMost(Duration.ofSeconds(60)).pollInterval(Duration.ofMillis(500)).untilAsserted(() ->
                            assertThat((long) countAndP95(st)[0]).as("stored %s count of %s", metric.id(), minute).isEqualTo(values.length));
                    double p95 = countAndP95(st)[1];
                    double exact = QuantileSketch.exactQuantile(values, 0.95);
                    assertThat(p95).as("stored %s p95 of %s", metric.id(), minute)
                            .isCloseTo(exact, within(exact * QuantileSketch.RELATIVE_ACCURACY));
                    breachMinuteChecked |= metric == Metric.TTFT_MS && exact > 300; // chatbot TTFT limit: 300 ms
                }
            }
        }
        assertThat(breachMinuteChecked).as("a checked minute holds the breach (its exact TTFT p95 above the limit)").isTrue();
    }

    private static double[] countAndP95(PreparedStatement st) throws SQLException {
        try (ResultSet rs = st.executeQuery()) {
            return rs.next() ? new double[] {rs.getLong(1), rs.getDouble(2)} : new double[] {-1, Double.NaN};
        }
    }

    private Running launch(String... extra) throws Exception {
        List<String> command = new ArrayList<>(List.of(ChildProcess.java(), "-Xmx256m", "-cp", System.getProperty("java.class.path"),
                Infersla.class.getName(), "local", "--home", HOME.toString(), "--data-dir", dataDir.toString(),
                "--otlp-http-port", "0", "--otlp-grpc-port", "0", "--api-port", "0", "--kafka-port", "0"));
        command.addAll(List.of(extra));
        Process process = new ProcessBuilder(command).redirectErrorStream(true).start();
        launched.add(process);
        BlockingQueue<String> console = new LinkedBlockingQueue<>();
        Thread reader = new Thread(() -> {
            try (BufferedReader in = new BufferedReader(new InputStreamReader(process.getInputStream(), StandardCharsets.UTF_8))) {
                String line;
                while ((line = in.readLine()) != null) {
                    System.out.println("[launcher] " + line);
                    console.add(line);
                }
            } catch (IOException e) {
                // the process ended
            }
        }, "launcher-console");
        reader.setDaemon(true);
        reader.start();
        long deadline = System.nanoTime() + READY_TIMEOUT.toNanos();
        List<String> seen = new ArrayList<>();
        while (System.nanoTime() < deadline) {
            String line = console.poll(1, TimeUnit.SECONDS);
            if (line == null) {
                assertThat(process.isAlive()).as("launcher still running; console: %s", seen).isTrue();
                continue;
            }
            seen.add(line);
            Matcher ready = READY.matcher(line);
            if (line.startsWith("InferSLA ready")) {
                assertThat(ready.matches()).as("ready line format: %s", line).isTrue();
                return new Running(process, List.copyOf(seen), console, ready);
            }
        }
        throw new AssertionError("no ready line within " + READY_TIMEOUT + "; console: " + seen);
    }

    private void stopAndCheckNothingIsLeft(Running stack) throws Exception {
        List<Integer> ports = List.of(stack.port(2), stack.port(3), stack.port(4), stack.port(5), stack.port(6));
        List<ProcessHandle> children = stack.process().descendants().toList();
        assertThat(children).as("Kafka, ingest and sla-engine run as children").hasSizeGreaterThanOrEqualTo(3);

        stack.process().destroy(); // SIGTERM
        assertThat(stack.process().waitFor(90, TimeUnit.SECONDS)).as("launcher exits after SIGTERM").isTrue();

        assertThat(children).noneMatch(ProcessHandle::isAlive);
        assertThat(ProcessHandle.allProcesses().filter(ProcessHandle::isAlive)
                .filter(p -> p.info().commandLine().map(c -> c.contains(dataDir.toString())).orElse(false)))
                .as("no process of this data directory (broker, PostgreSQL, services) is left").isEmpty();
        for (int port : ports) {
            assertThat(Ports.isFree(port)).as("port %d is free again", port).isTrue();
        }
    }

    private static int get(HttpClient http, String url) throws Exception {
        return http.send(HttpRequest.newBuilder(URI.create(url)).timeout(HTTP_TIMEOUT).GET().build(), HttpResponse.BodyHandlers.discarding()).statusCode();
    }

    @AfterEach
    void killLeftovers() {
        for (Process p : launched) {
            p.descendants().forEach(ProcessHandle::destroyForcibly);
            p.destroyForcibly();
        }
    }
}
