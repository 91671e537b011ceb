package io.infersla.launcher;

import io.infersla.core.secret.SecretCipher;
import io.infersla.core.secret.SecretKeys;
import io.infersla.loadgen.LoadgenCommand;
import io.infersla.migrations.Migrations;
import java.io.IOException;
import java.io.PrintStream;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.SQLException;
import java.time.Duration;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Future;

/**
 * Starts the local pipeline in dependency order and stops what it started in reverse order.
 *
 * <ol>
 *   <li>Kafka (child JVM) and PostgreSQL (embedded) start side by side; Kafka must answer an
 *       admin request; the pipeline's topics are created (3 partitions) if missing.
 *   <li>The migrations are applied (the services are told not to), and the local contract's alert
 *       routing is written ({@link LocalContract}).
 *   <li>ingest and sla-engine start side by side; each is ready when {@code /q/health/ready} says so.
 * </ol>
 *
 * Every started part is registered before the next one starts, so {@link #close()} (from the
 * shutdown hook, possibly while start-up is still under way) stops exactly what exists, and a part
 * that finishes starting after close began is stopped at once rather than left behind.
 */
final class LocalStack implements AutoCloseable {

    static final Duration KAFKA_READY = Duration.ofSeconds(90);
    static final Duration SERVICE_READY = Duration.ofSeconds(180);
    /** The engine closes Kafka Streams with a 30 s bound, then its storage writer: give it that and a margin. */
    static final Duration SERVICE_STOP = Duration.ofSeconds(45);

    /** Where the running stack answers. */
    record Endpoints(URI otlpHttp, String otlpGrpc, URI api, String kafka, String jdbcUrl, String token) {
    }

    private final Deque<Map.Entry<String, AutoCloseable>> started = new ArrayDeque<>();
    private final Map<String, RestartPolicy> restartPolicies = new java.util.concurrent.ConcurrentHashMap<>();
    /** A fault run keeps a killed part down for a while: no restart of that name before the instant. */
    private final Map<String, java.time.Instant> restartsHeldUntil = new java.util.concurrent.ConcurrentHashMap<>();
    /** When each part last came back after a restart (a fault run measures its recovery from there). */
    private final Map<String, java.time.Instant> backAt = new java.util.concurrent.ConcurrentHashMap<>();
    private final PrintStream console;
    private boolean closed;
    private Endpoints endpoints;
    private Database database;
    private KafkaNode kafka;
    private ServiceProcess ingest;
    private ServiceProcess engine;
    private PagerDutyReceiver receiver;
    private Duration startupTime;
    private Path dataRoot;

    LocalStack(PrintStream console) {
        this.console = console;
    }

    /** What a measuring run does with a started stack ({@link #runOnFreePorts}). */
    @FunctionalInterface
    interface Run {
        int on(LocalStack stack) throws Exception;
    }

    /**
     * Starts a stack on free ports in {@code dataDir} (a fresh temporary directory when empty,
     * deleted afterwards), prints its ready line, hands it to {@code run} and stops it, also on
     * Ctrl-C: the frame of the runs that measure a stack of their own (bench, chaos).
     *
     * @return what {@code run} returned
     */
    static int runOnFreePorts(String name, Optional<Path> dataDir, Path home, String classpath, PrintStream console, Run run)
            throws Exception {
        Path dir = dataDir.isPresent() ? dataDir.get() : Files.createTempDirectory("infersla-" + name);
        LaunchOptions launch = LaunchOptions.parse(new String[] {"--data-dir", dir.toString(), "--home", home.toString(),
                "--otlp-http-port", "0", "--otlp-grpc-port", "0", "--api-port", "0", "--kafka-port", "0"},
                LoadgenCommand.DEFAULT_DATA_DIR, home);
        LocalStack stack = new LocalStack(console);
        Thread stopOnSignal = new Thread(stack::close, name + "-stop");
        Runtime.getRuntime().addShutdownHook(stopOnSignal);
        try {
            stack.start(launch, classpath);
            console.println(stack.readyLine());
            return run.on(stack);
        } finally {
            stack.close();
            Runtime.getRuntime().removeShutdownHook(stopOnSignal);
            if (dataDir.isEmpty()) {
                DataDirectory.deleteQuietly(dir);
            }
        }
    }

    /** Starts everything; on failure, stops what was started and throws. */
    void start(LaunchOptions options, String classpath) throws InterruptedException {
        long t0 = System.nanoTime();
        DataDirectory data = DataDirectory.open(options.dataDir());
        dataRoot = data.root();
        String token = data.token();
        ChildProcess.reapLeftovers(data);
        for (String kept : new String[] {"postgres.port", "kafka.controller.port"}) {
            data.get(kept).map(Integer::parseInt).ifPresent(Ports::claim);
        }
        Path ingestJar = ServiceProcess.runnableJar(options.home(), "ingest");
        Path engineJar = ServiceProcess.runnableJar(options.home(), "sla-engine");
        int otlpHttp = Ports.resolve(options.otlpHttpPort());
        int otlpGrpc = Ports.resolve(options.otlpGrpcPort());
        int api = Ports.resolve(options.apiPort());
        Ports.requireFree(otlpHttp, "ingest OTLP/HTTP", "--otlp-http-port");
        Ports.requireFree(otlpGrpc, "ingest OTLP/gRPC", "--otlp-grpc-port");
        Ports.requireFree(api, "sla-engine API", "--api-port");

        URI pagerDutyUrl = options.pagerDutyUrl().orElseGet(() -> {
            receiver = register("PagerDuty receiver", PagerDutyReceiver.start(console));
            return receiver.url();
        });

        console.println("infersla: starting " + (options.kafka().isPresent() ? "" : "Kafka and ")
                + (options.pgUrl().isPresent() ? "" : "PostgreSQL ") + "(data in " + data.root() + ", logs in "
                + data.resolve("logs") + ")");
        CompletableFuture<Database> db = CompletableFuture.supplyAsync(() -> options.pgUrl()
                .<Database>map(url -> new Database.Given(url.jdbcUrl(), url.user(), url.password()))
                .orElseGet(() -> Database.Embedded.start(data)));
        try {
            kafka = register("Kafka", options.kafka().map(KafkaNode::external)
                    .orElseGet(() -> KafkaNode.start(data, options.kafkaPort(), classpath)));
        } finally {
            database = register("PostgreSQL", await(db));
        }
        kafka.awaitReady(KAFKA_READY);
        kafka.createTopics();

        String routingKey = Optional.ofNullable(System.getenv("INFERSLA_PAGERDUTY_ROUTING_KEY"))
                .orElseGet(() -> data.remember("pagerduty.dev-routing-key", LocalContract::newDevelopmentRoutingKey));
        int applied = Migrations.apply(database.jdbcUrl(), database.user(), database.password());
        if (applied > 0) {
            console.println("infersla: applied " + applied + " migration(s) to " + redact(database.jdbcUrl()));
        }
        Path grafana = GrafanaProvisioning.write(data.resolve("grafana"), database.jdbcUrl(), database.user(),
                database.password() != null && !database.password().isEmpty(),
                options.home().resolve("dashboards/src/main/resources/grafana/dashboards"));
        console.println("infersla: Grafana provisioning for this database in " + grafana
                + " (GF_PATHS_PROVISIONING=" + grafana + " grafana server; docs/local.md)");
        Path secretsKey = data.secretsKeyFile();
        SecretCipher secrets = SecretKeys.configure(Optional.empty(), Optional.of(secretsKey.toString()), Optional.empty(),
                Map.of(), Map.of());
        try (Connection connection = database.connect()) {
            LocalContract.writeRouting(connection, pagerDutyUrl, options.alertmanagerUrl(), routingKey, secrets);
        } catch (SQLException e) {
            throw new IllegalStateException("cannot write the local contract's alert routing: " + e.getMessage(), e);
        }

        Map<String, String> ingestProperties = new LinkedHashMap<>();
        ingestProperties.put("quarkus.http.host", Ports.LOOPBACK);
        ingestProperties.put("infersla.kafka.bootstrap-servers", kafka.bootstrapServers());
        ingestProperties.put("infersla.ingest.grpc.port", Integer.toString(otlpGrpc));
        ingestProperties.put("infersla.ingest.dev-token", token);
        ingestProperties.put("infersla.ingest.dev-tenant", LocalContract.TENANT);
        // An OpenTelemetry Collector with the kafka exporter can write to this broker's otlp_spans.
        ingestProperties.put("infersla.ingest.otlp-spans.enabled", "true");
        ingestProperties.put("infersla.ingest.otlp-spans.tenant", LocalContract.TENANT);
        ingest = register("ingest", ServiceProcess.start("ingest", ingestJar, otlpHttp, ingestProperties, "384m", data));

        Map<String, String> engineProperties = new LinkedHashMap<>();
        engineProperties.put("quarkus.http.host", Ports.LOOPBACK);
        engineProperties.put("infersla.kafka.bootstrap-servers", kafka.bootstrapServers());
        engineProperties.put("infersla.engine.state-dir", data.resolve("engine").resolve("state").toString());
        engineProperties.put("infersla.storage.jdbc-url", database.jdbcUrl());
        engineProperties.put("infersla.storage.user", database.user());
        engineProperties.put("infersla.storage.password", database.password());
        engineProperties.put("infersla.storage.migrate-at-start", "false");
        engineProperties.put("infersla.secrets.key-file", secretsKey.toString());
        // The printed token opens the REST API too, as the local tenant.
        engineProperties.put("infersla.api.dev-token", token);
        engineProperties.put("infersla.api.dev-tenant", LocalContract.TENANT);
        // The local contract pages the built-in receiver (or the given URLs): loopback and plain http are fine here.
        engineProperties.put("infersla.alerts.allow-loopback", "true");
        engineProperties.put("infersla.alerts.allow-plain-http", "true");
        engineProperties.put("infersla.alerts.allowed-hosts", allowedAlertHosts(pagerDutyUrl, options.alertmanagerUrl()));
        engine = register("sla-engine", ServiceProcess.start("sla-engine", engineJar, api, engineProperties, "512m", data));

        ingest.awaitReady(SERVICE_READY);
        engine.awaitReady(SERVICE_READY);
        startupTime = Duration.ofNanos(System.nanoTime() - t0);
        endpoints = new Endpoints(URI.create("http://" + Ports.LOOPBACK + ":" + otlpHttp), Ports.LOOPBACK + ":" + otlpGrpc,
                URI.create("http://" + Ports.LOOPBACK + ":" + api), kafka.bootstrapServers(), database.jdbcUrl(), token);
    }

    /** PagerDuty's public hosts plus the hosts the user pointed the local contract at. */
    static String allowedAlertHosts(URI pagerDutyUrl, Optional<URI> alertmanagerUrl) {
        java.util.Set<String> hosts = new java.util.LinkedHashSet<>(List.of("events.pagerduty.com", "events.eu.pagerduty.com"));
        hosts.add(pagerDutyUrl.getHost());
        alertmanagerUrl.ifPresent(url -> hosts.add(url.getHost()));
        return String.join(",", hosts);
    }

    /** The one line that says the stack is up; it begins with {@code InferSLA ready}. */
    String readyLine() {
        Endpoints e = endpoints;
        return String.format(Locale.ROOT,
                "InferSLA ready in %.1f s: ingest %s (OTLP/HTTP) grpc %s (OTLP/gRPC), API %s, kafka %s, database %s, token %s",
                startupTime.toMillis() / 1000.0, e.otlpHttp(), e.otlpGrpc(), e.api(), e.kafka(), redact(e.jdbcUrl()), e.token());
    }

    Endpoints endpoints() {
        return endpoints;
    }

    Database database() {
        return database;
    }

    Optional<PagerDutyReceiver> receiver() {
        return Optional.ofNullable(receiver);
    }

    /**
     * The process of each part this stack started, by name ({@code kafka}, {@code postgres},
     * {@code ingest}, {@code sla-engine}); parts it did not start (--kafka, --pg-url) are absent.
     * PostgreSQL's postmaster is no child of ours (pg_ctl detaches it): its pid is the first line of
     * {@code postmaster.pid} in its data directory.
     */
    Map<String, Long> pids() {
        Map<String, Long> pids = new LinkedHashMap<>();
        if (kafka != null) {
            kafka.broker().ifPresent(b -> pids.put("kafka", b.pid()));
        }
        if (database instanceof Database.Embedded) {
            try {
                List<String> lines = Files.readAllLines(dataRoot.resolve("postgres").resolve("postmaster.pid"));
                pids.put("postgres", Long.parseLong(lines.get(0).trim()));
            } catch (IOException | RuntimeException e) {
                // not running (any more): nothing to measure
            }
        }
        if (ingest != null) {
            pids.put("ingest", ingest.process().pid());
        }
        if (engine != null) {
            pids.put("sla-engine", engine.process().pid());
        }
        return pids;
    }

    /**
     * SIGKILLs the part {@code name} ({@code kafka}, {@code ingest} or {@code sla-engine}), as a
     * crash or the OOM killer would; {@link #supervise()} notices and restarts it.
     *
     * @return the pid killed
     * @throws IllegalStateException when the part is not running
     */
    long kill(String name) {
        Long pid = pids().get(name);
        if (pid == null || name.equals("postgres")) {
            throw new IllegalStateException("no " + name + " process of this stack to kill (parts: " + pids().keySet() + ")");
        }
        ProcessHandle victim = ProcessHandle.of(pid).filter(ProcessHandle::isAlive)
                .orElseThrow(() -> new IllegalStateException(name + " (pid " + pid + ") is not running"));
        victim.destroyForcibly();
        victim.onExit().join();
        return pid;
    }

    /** {@link #supervise()} leaves a dead {@code name} dead until {@code until} (a fault run's outage), then restarts it. */
    void holdRestart(String name, java.time.Instant until) {
        restartsHeldUntil.put(name, until);
    }

    /** When {@code name} last came back after a restart by {@link #supervise()}; empty if it never did. */
    Optional<java.time.Instant> backAt(String name) {
        return Optional.ofNullable(backAt.get(name));
    }

    /**
     * The embedded PostgreSQL, which a fault run stops and starts again.
     *
     * @throws IllegalStateException when the stack uses a server of the user's (--pg-url)
     */
    Database.Embedded embeddedDatabase() {
        if (database instanceof Database.Embedded embedded) {
            return embedded;
        }
        throw new IllegalStateException("the database is the user's (" + database + "), not the stack's own");
    }

    private boolean held(String name) {
        java.time.Instant until = restartsHeldUntil.get(name);
        return until != null && java.time.Instant.now().isBefore(until);
    }

    /** Starts a dead part again and waits until it is ready; returns its new process. */
    @FunctionalInterface
    private interface Restart {
        ChildProcess run() throws InterruptedException;
    }

    /**
     * Supervises the children, as a process supervisor or a container restart policy would: a
     * part that died although nobody asked it to (a crash, the OOM killer, {@code kill -9}) is
     * reported on the console and started again with the same settings after the backoff of
     * {@link RestartPolicy#standard()}, then awaited until ready. Nothing accepted is lost: ingest
     * acknowledges only what Kafka acknowledged, the broker keeps its log directory, and the engine
     * resumes from its committed state (exactly-once).
     *
     * @return empty while the stack can go on; the reason when a part died too often within a minute
     */
    Optional<String> supervise() throws InterruptedException {
        Optional<ChildProcess> broker = kafka == null ? Optional.empty() : kafka.broker();
        if (broker.isPresent() && !broker.get().isAlive() && !held(broker.get().name())) {
            return restart(broker.get(), () -> {
                kafka.restartBroker();
                kafka.awaitReady(KAFKA_READY);
                return kafka.broker().orElseThrow();
            });
        }
        for (ServiceProcess service : new ServiceProcess[] {ingest, engine}) {
            if (service != null && !service.process().isAlive() && !held(service.process().name())) {
                return restart(service.process(), () -> {
                    service.restart();
                    service.awaitReady(SERVICE_READY);
                    return service.process();
                });
            }
        }
        return Optional.empty();
    }

    private Optional<String> restart(ChildProcess dead, Restart restart) throws InterruptedException {
        if (isClosed()) {
            return Optional.empty();
        }
        String name = dead.name();
        RestartPolicy policy = restartPolicies.computeIfAbsent(name, n -> RestartPolicy.standard());
        Optional<Duration> delay = policy.onDeath(java.time.Instant.now());
        if (delay.isEmpty()) {
            return Optional.of(name + " died " + policy.maxFailures() + " times within a minute (last: "
                    + dead.exitDescription() + "); giving up. The end of " + dead.logFile() + ":\n" + dead.tail(30));
        }
        console.println("infersla: " + name + " exited unexpectedly (" + dead.exitDescription() + "); restarting it in "
                + delay.get().toSeconds() + " s (death " + policy.recentDeaths() + " of " + policy.maxFailures()
                + " allowed within a minute; log " + dead.logFile() + ")");
        Thread.sleep(delay.get().toMillis());
        if (isClosed()) {
            return Optional.empty();
        }
        try {
            ChildProcess back = restart.run();
            backAt.put(name, java.time.Instant.now());
            console.println("infersla: " + name + " is back (pid " + back.pid() + ")");
            if (isClosed()) {
                back.stop(SERVICE_STOP); // the stack began stopping while this part was coming back
            }
        } catch (RuntimeException e) {
            // Seen dead again at the next round, and counted: repeated failures give up.
            console.println("infersla: " + name + " did not come back: " + e.getMessage().lines().findFirst().orElse(""));
        }
        return Optional.empty();
    }

    private boolean isClosed() {
        synchronized (started) {
            return closed;
        }
    }

    /** Registers a started part for {@link #close()}; if closing has begun, stops it at once. */
    private <T extends AutoCloseable> T register(String name, T part) {
        synchronized (started) {
            if (!closed) {
                started.push(Map.entry(name, part));
                return part;
            }
        }
        closeQuietly(name, part);
        throw new IllegalStateException("stopping: " + name + " was stopped as soon as it started");
    }

    /** Stops every started part, newest first. Idempotent; safe from a shutdown hook. */
    @Override
    public void close() {
        synchronized (started) {
            if (closed) {
                return;
            }
            closed = true;
        }
        // The two services first and together: neither needs the other to stop.
        CompletableFuture<Void> services = CompletableFuture.allOf(
                CompletableFuture.runAsync(() -> stopService(engine)), CompletableFuture.runAsync(() -> stopService(ingest)));
        services.join();
        Map.Entry<String, AutoCloseable> next;
        while ((next = started.poll()) != null) {
            if (next.getValue() instanceof ServiceProcess) {
                continue;
            }
            closeQuietly(next.getKey(), next.getValue());
        }
    }

    private static void stopService(ServiceProcess service) {
        if (service != null) {
            service.stop(SERVICE_STOP);
        }
    }

    private void closeQuietly(String name, AutoCloseable part) {
        try {
            if (part instanceof ServiceProcess s) {
                s.stop(SERVICE_STOP);
            } else {
                part.close();
            }
        } catch (Exception e) {
            console.println("infersla: " + name + " did not stop cleanly: " + e.getMessage());
        }
    }

    private static <T> T await(Future<T> future) throws InterruptedException {
        try {
            return future.get();
        } catch (ExecutionException e) {
            Throwable cause = e.getCause() instanceof CompletionException c && c.getCause() != null ? c.getCause() : e.getCause();
            if (cause instanceof RuntimeException r) {
                throw r;
            }
            throw new IllegalStateException(cause.getMessage(), cause);
        }
    }

    /** A JDBC URL with any {@code password=} parameter masked, fit for the console. */
    static String redact(String jdbcUrl) {
        return jdbcUrl.replaceAll("(?i)(password=)[^&]*", "$1***");
    }
}
