package io.infersla.launcher;

import io.infersla.core.catalog.Catalog;
import io.infersla.core.catalog.Category;
import io.infersla.core.measure.Metric;
import io.infersla.loadgen.BreachInjection;
import io.infersla.loadgen.BreachPlan;
import io.infersla.loadgen.LoadGenerator;
import io.infersla.loadgen.LoadSettings;
import io.infersla.loadgen.Protocol;
import io.infersla.loadgen.cli.Cli;
import java.io.PrintStream;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.Statement;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/**
 * {@code ./infersla bench}: the end-to-end benchmark of the local stack on this machine. It starts
 * the stack as {@code ./infersla local} does (free ports, a fresh data directory), sends the load
 * generator's traffic for all 20 categories at {@code --rate}, and adds {@code --breaches} chatbots
 * of their own whose TTFT goes x{@code --breach-factor} for {@link #BREACH_LENGTH}, starting {@link #BREACH_SPACING}
 * apart (not a multiple of the 10 s evaluation step, so the breaches meet the step at different
 * phases). Every {@link #SAMPLE} it prints what ingest accepted, how far the engine and the
 * storage writer are behind ({@link ConsumerLag}: records, and the age of the oldest record not
 * yet consumed), the age of the newest stored evaluation, and the cores used by Kafka,
 * PostgreSQL, ingest, the engine and the generator itself ({@link ProcessUsage}); at the end a
 * summary over the time after {@code --warmup}, and per breach the time from its first bad
 * request to the episode in {@code sla.breaches} and to the PagerDuty trigger at the local
 * receiver ({@link BreachTiming}).
 */
@Command(name = "./infersla bench", sortOptions = false, sortSynopsis = false,
        description = "The end-to-end benchmark: the local stack on free ports under load, with breaches.")
public final class BenchCommand implements Callable<Integer> {

    /** sla-engine's default {@code infersla.engine.application-id}, which the launcher keeps. */
    static final String ENGINE_GROUP = "infersla-sla-engine";
    /** sla-engine's default {@code infersla.storage.consumer-group}. */
    static final String WRITER_GROUP = "infersla-storage-writer";
    static final Duration BREACH_SPACING = Duration.ofSeconds(13);
    static final Duration BREACH_LENGTH = Duration.ofSeconds(60);
    static final double BREACH_SERIES_RATE = 10;
    static final Duration SAMPLE = Duration.ofSeconds(5);
    static final String ENVIRONMENT = "bench";
    static final double RATE_PER_GENERATOR = 20_000;
    record BenchOptions(double rate, int breaches, double breachFactor, Duration breachAfter, Duration duration, Duration warmup,
            Protocol protocol, Optional<Path> dataDir, Path home) {
    }

    @Option(names = "--rate", paramLabel = "N", defaultValue = "1000",
            description = "background requests/s over all 20 categories, > 0 (default: ${DEFAULT-VALUE})")
    double rate;

    @Option(names = "--breaches", paramLabel = "N", defaultValue = "0",
            description = "chatbots whose TTFT goes xF for 60 s, each a series of its own, >= 0 (default: ${DEFAULT-VALUE})")
    int breaches;

    @Option(names = "--breach-factor", paramLabel = "F", defaultValue = "8",
            description = "the TTFT factor of the breaches, > 0 (default: ${DEFAULT-VALUE})")
    double breachFactor;

    @Option(names = "--breach-after", paramLabel = "D", defaultValue = "5m",
            description = "when the first breach begins, 0 allowed (default: ${DEFAULT-VALUE}: a full window of healthy history)")
    Duration breachAfter;

    @Option(names = "--duration", paramLabel = "D",
            description = "how long the load runs, > 0 (default: 3m, or until 90 s after the last breach begins)")
    Duration duration;

    @Option(names = "--warmup", paramLabel = "D", defaultValue = "60s",
            description = "left out of the throughput and CPU figures, 0 allowed (default: ${DEFAULT-VALUE})")
    Duration warmup;

    @Option(names = "--protocol", paramLabel = "P", defaultValue = "http", description = "http or grpc (default: ${DEFAULT-VALUE})")
    String protocol;

    @Mixin
    StackOptions.ScratchDataDir dataDir = new StackOptions.ScratchDataDir();

    @Mixin
    StackOptions.Home home;

    @Mixin
    Cli.Help help;

    @Spec
    CommandSpec spec;

    BenchCommand(Path defaultHome) {
        this.home = new StackOptions.Home(defaultHome);
    }

    @Override
    public Integer call() throws Exception {
        return run(options(), System.getProperty("java.class.path"), System.out);
    }

    /** @throws picocli.CommandLine.ParameterException naming the option and the bad value */
    static BenchOptions parse(String... args) {
        BenchCommand command = new BenchCommand(Path.of(""));
        Cli.commandLine(command).parseArgs(args);
        return command.options();
    }

    /** The parsed options, checked; a bad value is a usage error naming the option. */
    BenchOptions options() {
        if (!(rate > 0) || !Double.isFinite(rate)) {
            throw Cli.usage(spec, "--rate must be a number > 0, was " + rate);
        }
        if (breaches < 0) {
            throw Cli.usage(spec, "--breaches must be a whole number >= 0, was " + breaches);
        }
        if (!(breachFactor > 0) || !Double.isFinite(breachFactor)) {
            throw Cli.usage(spec, "--breach-factor must be a number > 0, was " + breachFactor);
        }
        if (duration != null && duration.isZero()) {
            throw Cli.usage(spec, "--duration must be > 0");
        }
        Protocol p;
        try {
            p = Protocol.parse(protocol);
        } catch (IllegalArgumentException e) {
            throw Cli.usage(spec, e.getMessage());
        }
        Duration d = duration != null ? duration : breaches == 0 ? Duration.ofMinutes(3)
                : breachAfter.plus(BREACH_SPACING.multipliedBy(breaches - 1)).plusSeconds(90);
        if (d.compareTo(warmup.plus(SAMPLE.multipliedBy(2))) < 0) {
            throw Cli.usage(spec, "--duration " + d.toSeconds() + " s leaves nothing to measure after --warmup "
                    + warmup.toSeconds() + " s");
        }
        return new BenchOptions(rate, breaches, breachFactor, breachAfter, d, warmup, p, dataDir.given(),
                home.resolved());
    }

    /** One sample of everything measured. */
    private record Sample(Instant at, boolean loadRunning, LoadGenerator.Totals load, ConsumerLag.Reading engine, ConsumerLag.Reading writer,
            Optional<Duration> newestEvaluationAge, Map<String, ProcessUsage> usage, double loadAverage) {
    }

    static int run(BenchOptions options, String classpath, PrintStream console) throws Exception {
        return LocalStack.runOnFreePorts("bench", options.dataDir(), options.home(), classpath, console, stack -> {
            console.printf(Locale.ROOT, "bench: %.0f requests/s over all categories by OTLP/%s for %d s (warm-up %d s), %d breach(es)"
                    + " (TTFT x%s) from %d s, %d CPUs, load average %.2f%n", options.rate(), options.protocol() == Protocol.GRPC ? "gRPC" : "HTTP",
                    options.duration().toSeconds(), options.warmup().toSeconds(), options.breaches(), options.breachFactor(),
                    options.breachAfter().toSeconds(), Runtime.getRuntime().availableProcessors(), ProcessUsage.loadAverage());
            measure(options, stack, console);
            return 0;
        });
    }

    private static void measure(BenchOptions options, LocalStack stack, PrintStream console) throws Exception {
        LocalStack.Endpoints endpoints = stack.endpoints();
        String url = options.protocol() == Protocol.HTTP ? endpoints.otlpHttp().toString() : "http://" + endpoints.otlpGrpc();
        Catalog catalog = Catalog.builtIn();
        List<String> all = catalog.categories().stream().map(Category::id).toList();
        // One generator thread (pacing and generating; 4 senders encode) topped out at about 30,000
        // requests/s on the 2-core machine: above RATE_PER_GENERATOR several share the load.
        int backgroundCount = (int) Math.ceil(options.rate() / RATE_PER_GENERATOR);
        List<LoadGenerator> background = new ArrayList<>();
        for (int i = 0; i < backgroundCount; i++) {
            background.add(new LoadGenerator(new LoadSettings(url, endpoints.token(), all, options.rate() / backgroundCount,
                    Optional.of(options.duration()), BreachPlan.NONE, 1 + i, Duration.ZERO, ENVIRONMENT, options.protocol()),
                    catalog, console));
        }
        List<LoadGenerator> generators = new ArrayList<>(background);
        BreachTiming breaches = new BreachTiming(stack.database(), BreachTiming.SERIES_PREFIX + ENVIRONMENT + "-breach-");
        for (int i = 0; i < options.breaches(); i++) {
            Duration at = options.breachAfter().plus(BREACH_SPACING.multipliedBy(i));
            BreachInjection injection = new BreachInjection("chatbot", Metric.TTFT_MS, options.breachFactor(), at, BREACH_LENGTH);
            String environment = ENVIRONMENT + "-breach-" + i;
            LoadGenerator generator = new LoadGenerator(new LoadSettings(url, endpoints.token(), List.of("chatbot"),
                    BREACH_SERIES_RATE, Optional.of(options.duration()), new BreachPlan(List.of(injection)), 100 + i, Duration.ZERO,
                    environment, options.protocol()), catalog, console);
            breaches.add(environment, generator, at);
            generators.add(generator);
        }
        List<Thread> threads = new ArrayList<>();
        for (LoadGenerator g : generators) {
            Thread t = new Thread(g::run, "bench-load-" + threads.size());
            t.setDaemon(true); // a failed measurement must not leave load running against a stopped stack
            threads.add(t);
        }
        threads.forEach(Thread::start);

        breaches.start();

        List<Sample> samples = new ArrayList<>();
        try (ConsumerLag lag = new ConsumerLag(endpoints.kafka()); Connection db = stack.database().connect()) {
            long next = System.nanoTime();
            while (threads.stream().anyMatch(Thread::isAlive)) {
                next += SAMPLE.toNanos();
                Thread.sleep(Math.max(0, (next - System.nanoTime()) / 1_000_000));
                Sample s = sample(threads.get(0).isAlive(), background, lag, db, stack);
                Sample previous = samples.isEmpty() ? null : samples.get(samples.size() - 1);
                samples.add(s);
                console.println(progressLine(samples.get(0), previous, s));
            }
        } finally {
            breaches.stop();
            generators.forEach(LoadGenerator::stop);
        }
        summarize(options, samples, console);
        breaches.report(stack.receiver().map(PagerDutyReceiver::events).orElse(List.of()), console);
    }

    private static Sample sample(boolean loadRunning, List<LoadGenerator> load, ConsumerLag lag, Connection db, LocalStack stack)
            throws Exception {
        ConsumerLag.Reading engine = lag.of(ENGINE_GROUP, "sla.requests");
        ConsumerLag.Reading writer = lag.of(WRITER_GROUP, "sla.window-stats");
        Optional<Duration> newest = Optional.empty();
        try (Statement st = db.createStatement(); ResultSet rs = st.executeQuery("SELECT max(evaluated_at) FROM sla.evaluations")) {
            if (rs.next() && rs.getTimestamp(1) != null) {
                newest = Optional.of(Duration.between(rs.getTimestamp(1).toInstant(), Instant.now()));
            }
        }
        Map<String, ProcessUsage> usage = new LinkedHashMap<>();
        stack.pids().forEach((name, pid) -> ProcessUsage.ofTree(pid).ifPresent(u -> usage.put(name, u)));
        ProcessUsage.ofProcess(ProcessHandle.current().pid()).ifPresent(u -> usage.put("bench (loadgen)", u));
        return new Sample(Instant.now(), loadRunning, sum(load), engine, writer, newest, usage, ProcessUsage.loadAverage());
    }

    /** The totals of several generators as one. */
    private static LoadGenerator.Totals sum(List<LoadGenerator> generators) {
        List<LoadGenerator.Totals> all = generators.stream().map(LoadGenerator::totals).toList();
        return new LoadGenerator.Totals(all.stream().mapToLong(LoadGenerator.Totals::requests).sum(),
                all.stream().mapToLong(LoadGenerator.Totals::spansSent).sum(), all.stream().mapToLong(LoadGenerator.Totals::spansAccepted).sum(),
                all.stream().mapToLong(LoadGenerator.Totals::spansRejected).sum(), all.stream().mapToLong(LoadGenerator.Totals::exportsFailed).sum(),
                all.stream().map(LoadGenerator.Totals::elapsed).max(Comparator.naturalOrder()).orElse(Duration.ZERO));
    }

    private static String progressLine(Sample first, Sample previous, Sample s) {
        StringBuilder line = new StringBuilder(String.format(Locale.ROOT, "bench: %4d s", Duration.between(first.at(), s.at())
                .plus(SAMPLE).toSeconds()));
        if (previous != null) {
            double seconds = Duration.between(previous.at(), s.at()).toNanos() / 1e9;
            line.append(String.format(Locale.ROOT, "  %5.0f req/s %5.0f spans/s", (s.load().requests() - previous.load().requests()) / seconds,
                    (s.load().spansAccepted() - previous.load().spansAccepted()) / seconds));
        }
        line.append(String.format(Locale.ROOT, "  engine lag %d rec %.1f s  writer lag %d rec %.1f s  newest evaluation %s",
                s.engine().records(), s.engine().age().toMillis() / 1000.0, s.writer().records(), s.writer().age().toMillis() / 1000.0,
                s.newestEvaluationAge().map(a -> a.toSeconds() + " s old").orElse("none")));
        if (previous != null) {
            double seconds = Duration.between(previous.at(), s.at()).toNanos() / 1e9;
            line.append("  cores");
            s.usage().forEach((name, u) -> Optional.ofNullable(previous.usage().get(name)).ifPresent(p ->
                    line.append(String.format(Locale.ROOT, " %s %.2f", name, u.coresSince(p, seconds)))));
        }
        line.append(String.format(Locale.ROOT, "  load %.2f", s.loadAverage()));
        return line.toString();
    }

    private static void summarize(BenchOptions options, List<Sample> samples, PrintStream console) {
        Instant start = samples.get(0).at().minus(SAMPLE);
        // After the warm-up, and while the load ran: the sample that sees the generator finish covers a partial interval.
        List<Sample> steady = samples.stream().filter(Sample::loadRunning)
                .filter(s -> Duration.between(start, s.at()).compareTo(options.warmup()) >= 0).toList();
        Sample from = steady.get(0);
        Sample to = steady.get(steady.size() - 1);
        double seconds = Duration.between(from.at(), to.at()).toNanos() / 1e9;
        console.printf(Locale.ROOT, "bench: summary over %.0f s after the %d s warm-up (%d samples):%n", seconds,
                options.warmup().toSeconds(), steady.size());
        console.printf(Locale.ROOT, "bench:   background load: %.0f requests/s, %.0f spans/s accepted; in all %d spans rejected, %d exports failed%n",
                (to.load().requests() - from.load().requests()) / seconds, (to.load().spansAccepted() - from.load().spansAccepted()) / seconds,
                to.load().spansRejected(), to.load().exportsFailed());
        for (String who : List.of("engine", "writer")) {
            List<ConsumerLag.Reading> readings = steady.stream().map(s -> who.equals("engine") ? s.engine() : s.writer()).toList();
            int half = readings.size() / 2;
            console.printf(Locale.ROOT, "bench:   %s lag: age of oldest unconsumed record max %.1f s, mean %.1f s (first half %.1f s,"
                    + " second half %.1f s), last %.1f s; records max %d, last %d%n", who,
                    readings.stream().mapToLong(r -> r.age().toMillis()).max().orElse(0) / 1000.0,
                    meanAge(readings), meanAge(readings.subList(0, Math.max(1, half))), meanAge(readings.subList(half, readings.size())),
                    readings.get(readings.size() - 1).age().toMillis() / 1000.0,
                    readings.stream().mapToLong(ConsumerLag.Reading::records).max().orElse(0),
                    readings.get(readings.size() - 1).records());
        }
        long[] ages = steady.stream().flatMap(s -> s.newestEvaluationAge().stream()).mapToLong(Duration::toSeconds).sorted().toArray();
        if (ages.length > 0) {
            console.printf(Locale.ROOT, "bench:   newest row in sla.evaluations: %d to %d s old%n", ages[0], ages[ages.length - 1]);
        }
        for (String name : to.usage().keySet()) {
            ProcessUsage first = from.usage().get(name);
            ProcessUsage last = to.usage().get(name);
            if (first == null) {
                continue;
            }
            long maxRss = steady.stream().map(s -> s.usage().get(name)).filter(u -> u != null).mapToLong(ProcessUsage::rssKb).max().orElse(0);
            console.printf(Locale.ROOT, "bench:   %-16s %.2f cores, RSS max %d MB, PSS at end %d MB (%d process%s)%n", name,
                    last.coresSince(first, seconds), maxRss / 1024, last.pssKb() / 1024, last.processes(), last.processes() == 1 ? "" : "es");
        }
        console.printf(Locale.ROOT, "bench:   load average %.2f at the start of the steady part, %.2f at the end%n",
                from.loadAverage(), to.loadAverage());
    }

    private static double meanAge(List<ConsumerLag.Reading> readings) {
        return readings.stream().mapToLong(r -> r.age().toMillis()).average().orElse(0) / 1000.0;
    }
}
