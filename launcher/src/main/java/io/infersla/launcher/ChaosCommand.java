package io.infersla.launcher;

import io.infersla.core.catalog.Catalog;
import io.infersla.core.json.Json;
import io.infersla.core.request.SeriesKey;
import io.infersla.loadgen.BreachInjection;
import io.infersla.loadgen.BreachPlan;
import io.infersla.loadgen.LoadGenerator;
import io.infersla.loadgen.LoadSettings;
import io.infersla.loadgen.SentMeasurements;
import io.infersla.loadgen.cli.Cli;
import java.io.PrintStream;
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
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalDouble;
import java.util.OptionalLong;
import java.util.Properties;
import java.util.TreeMap;
import java.util.concurrent.Callable;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicReference;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/**
 * {@code ./infersla chaos}: a fault run of the whole local stack that balances its books. It
 * starts the stack as {@code ./infersla local} does (free ports, a fresh data directory), drives
 * steady load over several categories plus a chatbot series per injected breach (every
 * generator records what was acknowledged and what is in doubt), applies {@link ChaosPlan}'s
 * faults while the launcher's supervision restarts what was killed, waits for the stack to
 * settle, and prints {@link ChaosBooks}: exit 0 when every book balances and every fault was
 * recovered from, 1 otherwise.
 */
@Command(name = "./infersla chaos", sortOptions = false, sortSynopsis = false,
        description = "A fault run of the local stack under load (kills, database and broker outages, PagerDuty failing) "
                + "that checks nothing acknowledged was lost or counted twice and every breach paged once.")
public final class ChaosCommand implements Callable<Integer> {

    static final String ENVIRONMENT = "chaos";
    /**
     * The background load. The books hold what the generator states for each request against what
     * was stored; it states TTFT, TPOT and E2E for the vLLM-shaped categories (the first five),
     * so the last two are load only.
     */
    static final List<String> CATEGORIES = List.of("chatbot", "code-completion", "doc-summarization", "realtime-translation",
            "mobile-chat", "content-moderation", "image-classification");
    static final double BREACH_SERIES_RATE = 10;
    static final String BREACH_SERVICE = "chatbot-vllm";
    static final String BREACH_OBJECTIVE = "ttft_p95";
    static final Duration SAMPLE = Duration.ofSeconds(2);

    record ChaosOptions(ChaosPlan plan, double rate, Optional<Path> dataDir, Path home) {
    }

    @Option(names = "--short", description = "one fault of each kind, short, about 4 minutes in all (default: the full run, about 30 minutes)")
    boolean shortRun;

    @Option(names = "--rate", paramLabel = "N", defaultValue = "40",
            description = "background requests/s over chatbot, code-completion, doc-summarization, realtime-translation, mobile-chat,"
                    + " content-moderation and image-classification, > 0 (default: ${DEFAULT-VALUE})")
    double rate;

    @Option(names = "--seed", paramLabel = "N", defaultValue = "1",
            description = "draws the moments of the full run's engine kills and the generated values (default: ${DEFAULT-VALUE})")
    long seed;

    @Mixin
    StackOptions.ScratchDataDir dataDir = new StackOptions.ScratchDataDir();

    @Mixin
    StackOptions.Home home;

    @Mixin
    Cli.Help help;

    @Spec
    CommandSpec spec;

    ChaosCommand(Path defaultHome) {
        this.home = new StackOptions.Home(defaultHome);
    }

    @Override
    public Integer call() throws Exception {
        return run(options(), System.getProperty("java.class.path"), System.out);
    }

    /** @throws picocli.CommandLine.ParameterException naming the option and the bad value */
    static ChaosOptions parse(String... args) {
        ChaosCommand command = new ChaosCommand(Path.of(""));
        Cli.commandLine(command).parseArgs(args);
        return command.options();
    }

    ChaosOptions options() {
        if (!(rate > 0) || !Double.isFinite(rate)) {
            throw Cli.usage(spec, "--rate must be a number > 0, was " + rate);
        }
        if (dataDir.given().filter(Files::exists).isPresent()) {
            throw Cli.usage(spec, "--data-dir must be a directory that does not exist yet (a fault run starts fresh), was "
                    + dataDir.dataDir);
        }
        return new ChaosOptions(shortRun ? ChaosPlan.shortRun() : ChaosPlan.fullRun(seed), rate, dataDir.given(), home.resolved());
    }

    /** Runs the plan on a fresh stack; 0 when the books balance, 1 otherwise. */
    static int run(ChaosOptions options, String classpath, PrintStream console) throws Exception {
        return LocalStack.runOnFreePorts("chaos", options.dataDir(), options.home(), classpath, console, stack -> {
            try {
                ChaosBooks.Books books = new ChaosCommand.Run(options, stack, console).go();
                console.println(books.table());
                return books.balanced() ? 0 : 1;
            } catch (RuntimeException e) {
                console.println("chaos: the run failed: " + e.getMessage());
                return 1;
            }
        });
    }

    /** One run on a started stack. */
    static final class Run {
        private final ChaosOptions options;
        private final LocalStack stack;
        private final PrintStream console;
        private final List<ChaosBooks.Fault> applied = new CopyOnWriteArrayList<>();
        private final List<ChaosBooks.Sample> samples = new CopyOnWriteArrayList<>();
        private final AtomicReference<String> gaveUp = new AtomicReference<>();
        private volatile boolean done;

        Run(ChaosOptions options, LocalStack stack, PrintStream console) {
            this.options = options;
            this.stack = stack;
            this.console = console;
        }

        ChaosBooks.Books go() throws Exception {
            ChaosPlan plan = options.plan();
            LocalStack.Endpoints endpoints = stack.endpoints();
            PagerDutyReceiver receiver = stack.receiver().orElseThrow();
            Catalog catalog = Catalog.builtIn();
            Map<String, SentMeasurements> sent = new TreeMap<>();
            List<LoadGenerator> generators = new ArrayList<>();
            sent.put(ENVIRONMENT, new SentMeasurements());
            generators.add(new LoadGenerator(new LoadSettings(endpoints.otlpHttp().toString(), endpoints.token(), CATEGORIES, options.rate(),
                    Optional.empty(), BreachPlan.NONE, 1, Duration.ofSeconds(30), ENVIRONMENT), catalog, console, sent.get(ENVIRONMENT)));
            List<ChaosBooks.ExpectedBreach> expected = new ArrayList<>();
            for (int i = 0; i < plan.breaches().size(); i++) {
                String environment = ENVIRONMENT + "-breach-" + i;
                sent.put(environment, new SentMeasurements());
                BreachInjection breach = plan.breaches().get(i);
                generators.add(new LoadGenerator(new LoadSettings(endpoints.otlpHttp().toString(), endpoints.token(), List.of("chatbot"),
                        BREACH_SERIES_RATE, Optional.empty(), new BreachPlan(List.of(breach)), 100 + i, Duration.ZERO, environment),
                        catalog, console, sent.get(environment)));
                expected.add(new ChaosBooks.ExpectedBreach(environment, BREACH_SERVICE, BREACH_OBJECTIVE));
            }
            console.printf(Locale.ROOT, "chaos: %s run: %.0f requests/s over %s, %d breach series; faults: %s; PagerDuty 500 for %d s from %d s,"
                    + " then 429 (Retry-After %d s) for %d s%n", plan.name(), options.rate(), CATEGORIES, plan.breaches().size(),
                    plan.faults().stream().map(f -> f.describe() + " at " + f.at().toSeconds() + " s").toList(),
                    plan.pagerDuty().length().toSeconds(), plan.pagerDuty().at().toSeconds(), plan.pagerDuty().retryAfter().toSeconds(),
                    plan.pagerDuty().throttled().toSeconds());

            Thread supervisor = daemon("chaos-supervisor", this::supervise);
            Thread monitor = daemon("chaos-monitor", this::monitor);
            supervisor.start();
            monitor.start();
            List<Thread> load = new ArrayList<>();
            for (LoadGenerator g : generators) {
                load.add(daemon("chaos-load-" + load.size(), g::run));
            }
            Instant start = Instant.now();
            load.forEach(Thread::start);
            Thread pagerDuty = daemon("chaos-pagerduty", () -> pagerDutyOutage(receiver, plan.pagerDuty(), start));
            pagerDuty.start();
            try {
                applyFaults(plan, start);
                // Stop 1 s after a minute boundary: the minute before is complete (N2 checks it), and
                // the next holds only a second of traffic.
                Instant nominalEnd = start.plus(plan.load());
                Instant loadEnd = Instant.ofEpochSecond((Math.floorDiv(nominalEnd.getEpochSecond(), 60) + 1) * 60 + 1);
                sleepUntil(loadEnd);
            } finally {
                generators.forEach(LoadGenerator::stop);
            }
            for (Thread t : load) {
                t.join(60_000);
            }
            pagerDuty.join();
            Instant loadStopped = Instant.now();
            for (LoadGenerator g : generators) {
                LoadGenerator.Totals t = g.totals();
                console.printf(Locale.ROOT, "chaos: load %s: %d spans sent, %d accepted, %d rejected, %d exports failed (in doubt)%n",
                        g == generators.get(0) ? ENVIRONMENT : "breach", t.spansSent(), t.spansAccepted(), t.spansRejected(), t.exportsFailed());
            }
            ChaosBooks.Books books = settle(sent, expected, receiver, loadStopped);
            done = true;
            supervisor.join(5_000);
            monitor.join(15_000);
            if (gaveUp.get() != null) {
                throw new IllegalStateException("the supervisor gave up: " + gaveUp.get());
            }
            return books;
        }

        private void supervise() {
            try {
                while (!done && gaveUp.get() == null) {
                    Thread.sleep(1000);
                    stack.supervise().ifPresent(reason -> {
                        gaveUp.set(reason);
                        console.println("chaos: " + reason);
                    });
                }
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }

        /** Every {@link #SAMPLE}: the engine's lag and the alerts not yet delivered, each empty while it cannot be read. */
        private void monitor() {
            String jdbc = stack.database().jdbcUrl() + (stack.database().jdbcUrl().contains("?") ? "&" : "?")
                    + "connectTimeout=2&socketTimeout=5&loginTimeout=3";
            try (ConsumerLag lag = new ConsumerLag(stack.endpoints().kafka())) {
                while (!done) {
                    Instant at = Instant.now();
                    Optional<Duration> engineLag;
                    try {
                        engineLag = Optional.of(lag.of(BenchCommand.ENGINE_GROUP, "sla.requests").age());
                    } catch (RuntimeException e) {
                        engineLag = Optional.empty();
                    }
                    OptionalLong pending;
                    try (Connection c = DriverManager.getConnection(jdbc, stack.database().user(), stack.database().password());
                         ResultSet rs = c.createStatement().executeQuery("SELECT count(*) FROM sla.alert_outbox WHERE state = 'pending'")) {
                        rs.next();
                        pending = OptionalLong.of(rs.getLong(1));
                    } catch (SQLException e) {
                        pending = OptionalLong.empty();
                    }
                    samples.add(new ChaosBooks.Sample(at, engineLag, pending));
                    Thread.sleep(Math.max(0, SAMPLE.minus(Duration.between(at, Instant.now())).toMillis()));
                }
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }

        private void pagerDutyOutage(PagerDutyReceiver receiver, ChaosPlan.PagerDutyOutage outage, Instant start) {
            try {
                sleepUntil(start.plus(outage.at()));
                Instant from = Instant.now();
                receiver.answerWith(PagerDutyReceiver.Answer.serverError());
                console.println("chaos: PagerDuty endpoint answers 500");
                sleepUntil(start.plus(outage.at()).plus(outage.length()));
                receiver.answerWith(PagerDutyReceiver.Answer.throttled(outage.retryAfter()));
                console.println("chaos: PagerDuty endpoint answers 429, Retry-After " + outage.retryAfter().toSeconds() + " s");
                sleepUntil(start.plus(outage.end()));
                receiver.answerWith(PagerDutyReceiver.Answer.PAGERDUTY);
                console.println("chaos: PagerDuty endpoint answers 202 again (" + receiver.refusedByScript() + " requests refused)");
                applied.add(new ChaosBooks.Fault("PagerDuty 500, then 429", from, Instant.now()));
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }

        private void applyFaults(ChaosPlan plan, Instant start) throws InterruptedException {
            for (ChaosPlan.Fault fault : plan.faults()) {
                sleepUntil(start.plus(fault.at()));
                if (gaveUp.get() != null) {
                    return;
                }
                Instant from = Instant.now();
                console.println("chaos: " + fault.describe() + " (" + Duration.between(start, from).toSeconds() + " s into the load)");
                Instant end;
                if (fault.kind() == ChaosPlan.Kind.STOP_POSTGRES) {
                    stack.embeddedDatabase().stop();
                    Thread.sleep(fault.length().toMillis());
                    stack.embeddedDatabase().restart();
                    end = Instant.now();
                    console.println("chaos: PostgreSQL is back");
                } else {
                    String part = fault.kind().part;
                    if (!fault.length().isZero()) {
                        stack.holdRestart(part, from.plus(fault.length()));
                    }
                    stack.kill(part);
                    end = awaitBack(part, from);
                }
                applied.add(new ChaosBooks.Fault(fault.describe(), from, end));
            }
        }

        /** When the supervisor reports {@code part} back after {@code since}; fails the run after 5 minutes. */
        private Instant awaitBack(String part, Instant since) throws InterruptedException {
            Instant deadline = Instant.now().plus(Duration.ofMinutes(5));
            while (Instant.now().isBefore(deadline) && gaveUp.get() == null) {
                Optional<Instant> back = stack.backAt(part);
                if (back.isPresent() && back.get().isAfter(since)) {
                    return back.get();
                }
                Thread.sleep(200);
            }
            throw new IllegalStateException(part + " did not come back within 5 minutes" + Optional.ofNullable(gaveUp.get())
                    .map(r -> ": " + r).orElse(""));
        }

        /**
         * Waits until the engine and the storage writer have consumed everything, no alert is
         * pending and the last minute is past its grace, then reads the books until they balance
         * or the settle time is over.
         */
        private ChaosBooks.Books settle(Map<String, SentMeasurements> sent, List<ChaosBooks.ExpectedBreach> expected,
                PagerDutyReceiver receiver, Instant loadStopped) throws Exception {
            Duration limit = options.plan().name().equals("short") ? Duration.ofSeconds(150) : Duration.ofMinutes(5);
            Instant deadline = loadStopped.plus(limit);
            // The last minute's slice is stored once the task clock (the wall clock after 10 s idle) passes its end plus grace (5 s).
            Instant earliest = Instant.ofEpochSecond((Math.floorDiv(loadStopped.getEpochSecond(), 60) + 1) * 60 + 20);
            console.println("chaos: load stopped; settling (at most " + limit.toSeconds() + " s)");
            ChaosBooks.Books books = null;
            try (ConsumerLag lag = new ConsumerLag(stack.endpoints().kafka())) {
                while (true) {
                    boolean quiet = false;
                    try {
                        ConsumerLag.Reading engine = lag.of(BenchCommand.ENGINE_GROUP, "sla.requests");
                        ConsumerLag.Reading writer = lag.of(BenchCommand.WRITER_GROUP, "sla.window-stats");
                        // By age, not records: the engine writes its results in transactions, and the
                        // commit marker after a partition's last record stays behind the writer's offset.
                        quiet = engine.age().isZero() && writer.age().isZero();
                        if (!quiet) {
                            console.printf(Locale.ROOT, "chaos: settling: engine %d records (%.1f s) behind, storage writer %d (%.1f s)%n",
                                    engine.records(), engine.age().toMillis() / 1000.0, writer.records(), writer.age().toMillis() / 1000.0);
                        }
                    } catch (RuntimeException e) {
                        console.println("chaos: settling: the lag cannot be read: " + e.getMessage());
                    }
                    if (quiet && !Instant.now().isBefore(earliest)) {
                        books = read(sent, expected, receiver);
                        if (books.balanced()) {
                            break;
                        }
                        console.println("chaos: settling: " + books.books().stream().filter(b -> !b.balanced()).map(ChaosBooks.Book::name).toList()
                                + " not balanced yet");
                    }
                    if (Instant.now().isAfter(deadline)) {
                        break;
                    }
                    Thread.sleep(5_000);
                }
            }
            if (books == null) {
                console.println("chaos: the stack did not settle (engine or writer still behind) within " + limit.toSeconds() + " s");
                books = read(sent, expected, receiver);
            }
            return books;
        }

        private ChaosBooks.Books read(Map<String, SentMeasurements> sent, List<ChaosBooks.ExpectedBreach> expected,
                PagerDutyReceiver receiver) throws SQLException {
            Map<List<Object>, long[]> deadLettered = deadLettered();
            List<ChaosBooks.MinuteCount> minutes = new ArrayList<>();
            List<ChaosBooks.Episode> episodes = new ArrayList<>();
            try (Connection c = stack.database().connect();
                 PreparedStatement st = c.prepareStatement("SELECT coalesce(sum(count), 0), count(*), max(p95) FROM sla.window_stats "
                         + "WHERE service = ? AND environment = ? AND metric = ? AND slice_start = ? AND slice_seconds = 60")) {
                for (Map.Entry<String, SentMeasurements> e : sent.entrySet()) {
                    String environment = e.getKey();
                    SentMeasurements s = e.getValue();
                    List<Instant> complete = s.completeMinutes();
                    for (SentMeasurements.Series series : s.series()) {
                        st.setString(1, series.service());
                        st.setString(2, environment);
                        st.setString(3, series.metric().id());
                        st.setObject(4, java.time.OffsetDateTime.ofInstant(series.minute(), java.time.ZoneOffset.UTC));
                        try (ResultSet rs = st.executeQuery()) {
                            rs.next();
                            double p95 = rs.getDouble(3);
                            OptionalDouble storedP95 = rs.wasNull() ? OptionalDouble.empty() : OptionalDouble.of(p95);
                            long dlq = deadLettered.getOrDefault(List.of(environment, series.service(), series.minute()), new long[1])[0];
                            minutes.add(new ChaosBooks.MinuteCount(environment, series.service(), series.metric(), series.minute(),
                                    complete.contains(series.minute()), s.values(series.service(), series.metric(), series.minute()),
                                    s.inDoubt(series.service(), series.metric(), series.minute()), rs.getLong(1), storedP95, rs.getInt(2), dlq));
                        }
                    }
                }
                try (ResultSet rs = c.createStatement().executeQuery(
                        "SELECT series_key, objective_id, dedup_key, opened_at, resolved_at FROM sla.breaches ORDER BY opened_at")) {
                    while (rs.next()) {
                        SeriesKey key = SeriesKey.parse(rs.getString(1));
                        java.sql.Timestamp resolved = rs.getTimestamp(5);
                        episodes.add(new ChaosBooks.Episode(key.environment(), key.service(), rs.getString(2), rs.getString(3),
                                rs.getTimestamp(4).toInstant(), resolved == null ? null : resolved.toInstant()));
                    }
                }
            }
            List<ChaosBooks.Delivery> deliveries = receiver.events().stream()
                    .map(e -> new ChaosBooks.Delivery(e.action(), e.dedupKey(), e.receivedAt())).toList();
            return ChaosBooks.books(minutes, expected, episodes, deliveries, List.copyOf(applied), List.copyOf(samples));
        }

        /**
         * The requests in {@code sla.requests.dlq} by environment, service and minute (their key is
         * the series key), except duplicates (the first copy is counted in the statistics).
         */
        private Map<List<Object>, long[]> deadLettered() {
            Properties props = new Properties();
            props.put(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, stack.endpoints().kafka());
            props.put(ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, false);
            props.put(ConsumerConfig.ISOLATION_LEVEL_CONFIG, "read_committed");
            Map<List<Object>, long[]> counts = new HashMap<>();
            Map<String, Long> reasons = new TreeMap<>();
            try (KafkaConsumer<byte[], byte[]> consumer = new KafkaConsumer<>(props, new ByteArrayDeserializer(), new ByteArrayDeserializer())) {
                List<TopicPartition> partitions = consumer.partitionsFor("sla.requests.dlq", Duration.ofSeconds(30)).stream()
                        .map(p -> new TopicPartition(p.topic(), p.partition())).toList();
                consumer.assign(partitions);
                consumer.seekToBeginning(partitions);
                Map<TopicPartition, Long> ends = consumer.endOffsets(partitions, Duration.ofSeconds(30));
                Instant deadline = Instant.now().plusSeconds(60);
                while (partitions.stream().anyMatch(p -> consumer.position(p) < ends.get(p)) && Instant.now().isBefore(deadline)) {
                    for (ConsumerRecord<byte[], byte[]> r : consumer.poll(Duration.ofSeconds(1))) {
                        Map<?, ?> value = (Map<?, ?>) Json.parse("DLQ record", new String(r.value(), StandardCharsets.UTF_8));
                        String reason = String.valueOf(value.get("reason"));
                        reasons.merge(reason, 1L, Long::sum);
                        if (reason.equals("duplicate") || r.key() == null || value.get("completed_at") == null) {
                            continue;
                        }
                        SeriesKey key = SeriesKey.fromBytes(r.key());
                        Instant at = Instant.parse(String.valueOf(value.get("completed_at")));
                        Instant minute = Instant.ofEpochSecond(Math.floorDiv(at.getEpochSecond(), 60) * 60);
                        counts.computeIfAbsent(List.of(key.environment(), key.service(), minute), k -> new long[1])[0]++;
                    }
                }
            } catch (RuntimeException e) {
                throw new IllegalStateException("cannot read sla.requests.dlq: " + e.getMessage(), e);
            }
            console.println("chaos: sla.requests.dlq holds " + (reasons.isEmpty() ? "nothing" : reasons + " (by reason)"));
            return counts;
        }

        private static Thread daemon(String name, Runnable body) {
            Thread t = new Thread(body, name);
            t.setDaemon(true);
            return t;
        }

        private static void sleepUntil(Instant at) throws InterruptedException {
            long ms = Duration.between(Instant.now(), at).toMillis();
            if (ms > 0) {
                Thread.sleep(ms);
            }
        }
    }
}
