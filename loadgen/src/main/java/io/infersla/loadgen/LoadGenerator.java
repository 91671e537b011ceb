package io.infersla.loadgen;

import io.infersla.core.catalog.Catalog;
import io.infersla.core.catalog.LoadClass;
import io.opentelemetry.proto.collector.trace.v1.ExportTraceServiceRequest;
import java.io.PrintStream;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Random;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicReference;

/**
 * Paces requests of the chosen categories, sends them as OTLP exports (HTTP or gRPC) and prints progress.
 *
 * <p>Every {@link #TICK} the generator owes each category {@code rate × share × tick} requests
 * (fractions carry over, so low rates come out exact on average), builds them with end times
 * spread over the tick, and sends them as one export, or as several of at most {@link #MAX_EXPORT}
 * requests at high rates (an OpenTelemetry SDK's batch processor exports at most 512 spans at a
 * time, the Collector's 8192: one huge export would be neither realistic nor parallel). At most
 * {@link #IN_FLIGHT} exports are in flight: when ingest is slower than the rate, the generator
 * slows down with it (a late tick is owed at most {@link #MAX_TICK} of traffic) and the progress
 * line shows the rate actually achieved. A {@code 429} / {@code 503} is counted and its
 * {@code Retry-After} honoured; the spans of a refused export are not resent (the progress line
 * says how many were lost).
 *
 * <pre>{@code
 * LoadGenerator generator = new LoadGenerator(settings, Catalog.builtIn(), System.out);
 * LoadGenerator.Totals totals = generator.run();   // until settings.duration() or stop()
 * }</pre>
 */
public final class LoadGenerator {

    static final Duration TICK = Duration.ofMillis(200);
    static final int IN_FLIGHT = 4;
    static final int MAX_EXPORT = 1000;
    static final Duration MAX_TICK = TICK.multipliedBy(2);

    /** Counts since start. {@code spansAccepted} excludes spans ingest rejected in partial_success. */
    public record Totals(long requests, long spansSent, long spansAccepted, long spansRejected, long exportsFailed,
            Duration elapsed) {
        public double requestsPerSecond() {
            return elapsed.isZero() ? 0 : requests / (elapsed.toNanos() / 1e9);
        }
    }

    private final LoadSettings settings;
    private final SpanShapes shapes;
    private final Map<String, Double> ratePerCategory;
    private final PrintStream console;
    /** null: nothing recorded. */
    private final SentMeasurements sent;
    private final ExportSender sender;
    private final Random random;
    /** Trace and span ids, drawn on the sender threads (one at a time). */
    private final Random ids;
    private final AtomicLong requests = new AtomicLong();
    private final AtomicLong spansSent = new AtomicLong();
    private final AtomicLong spansAccepted = new AtomicLong();
    private final AtomicLong spansRejected = new AtomicLong();
    private final AtomicLong exportsFailed = new AtomicLong();
    private final AtomicReference<String> lastProblem = new AtomicReference<>();
    private final AtomicLong pauseUntilNanos = new AtomicLong();
    private volatile boolean stopped;
    private volatile long startedNanos;
    private volatile Instant startedAt;

    public LoadGenerator(LoadSettings settings, Catalog catalog, PrintStream console) {
        this(settings, catalog, console, null);
    }

    /** A generator that also records what it sent and ingest accepted into {@code sent} (read it after {@link #run()}). */
    public LoadGenerator(LoadSettings settings, Catalog catalog, PrintStream console, SentMeasurements sent) {
        this.settings = settings;
        this.sent = sent;
        this.shapes = new SpanShapes(catalog, settings.environment());
        this.ratePerCategory = shareRate(catalog, settings.categories(), settings.rate());
        this.console = console;
        this.sender = settings.protocol().open(settings.url(), settings.token());
        this.random = new Random(settings.seed());
        this.ids = new Random(settings.seed() ^ 0x5DEECE66DL);
    }

    /**
     * Splits the total rate over the categories by their envelope's load class: a steady frame
     * stream or a medium-load API gets more requests than a single-user assistant, and training
     * jobs are rare.
     */
    static Map<String, Double> shareRate(Catalog catalog, List<String> categories, double rate) {
        Map<String, Double> weights = new LinkedHashMap<>();
        double total = 0;
        for (String id : categories) {
            LoadClass load = catalog.category(id).orElseThrow(() -> new IllegalArgumentException(
                    "--categories: unknown category '" + id + "'")).envelope().load();
            double weight = switch (load) {
                case VERY_LOW -> 0.5;
                case LOW -> 1;
                case MEDIUM, HIGH, VERY_HIGH -> 2;
                case STEADY -> 3;
                case NONE -> 0.02;
            };
            weights.put(id, weight);
            total += weight;
        }
        Map<String, Double> rates = new LinkedHashMap<>();
        for (Map.Entry<String, Double> e : weights.entrySet()) {
            rates.put(e.getKey(), rate * e.getValue() / total);
        }
        return rates;
    }

    /** Runs until the configured duration has passed or {@link #stop()} is called. */
    public Totals run() {
        startedNanos = System.nanoTime();
        startedAt = Instant.now();
        console.printf(Locale.ROOT, "loadgen: %s at %.1f requests/s to %s, categories %s%s%n",
                settings.duration().map(d -> "for " + d.toSeconds() + " s").orElse("until stopped"),
                settings.rate(), sender.endpoint(), String.join(",", settings.categories()),
                settings.plan().injections().isEmpty() ? "" : ", breaches " + settings.plan().injections());
        ExecutorService pool = Executors.newFixedThreadPool(IN_FLIGHT, r -> {
            Thread t = new Thread(r, "loadgen-sender");
            t.setDaemon(true);
            return t;
        });
        Semaphore inFlight = new Semaphore(IN_FLIGHT);
        Map<String, Double> owed = new LinkedHashMap<>();
        long tickNanos = TICK.toNanos();
        long nextTick = startedNanos + tickNanos;
        long nextProgress = startedNanos + settings.progressEvery().toNanos();
        long deadline = settings.duration().map(d -> startedNanos + d.toNanos()).orElse(Long.MAX_VALUE);
        if (sent != null) {
            sent.coverFrom(epochNanos());
        }
        try {
            while (!stopped && System.nanoTime() < deadline) {
                sleepUntil(Math.max(nextTick, pauseUntilNanos.get()));
                long now = System.nanoTime();
                // A tick that comes late (exports in flight, a pause, a busy machine) is owed at most
                // MAX_TICK of traffic: time the generator could not keep up with is skipped, not sent
                // later as a burst (which at high rates also ran the generator out of heap).
                double dt = Math.min(now - (nextTick - tickNanos), MAX_TICK.toNanos()) / 1e9;
                nextTick = now + tickNanos;
                Duration elapsed = Duration.ofNanos(now - startedNanos);
                long batchEnd = epochNanos();
                List<GeneratedSpan> batch = generate(owed, dt, elapsed, batchEnd);
                if (sent != null) {
                    sent.coverUntil(batchEnd);
                }
                for (int from = 0; from < batch.size(); from += MAX_EXPORT) {
                    List<GeneratedSpan> export = batch.subList(from, Math.min(batch.size(), from + MAX_EXPORT));
                    inFlight.acquire();
                    pool.execute(() -> {
                        try {
                            send(export);
                        } finally {
                            inFlight.release();
                        }
                    });
                }
                if (!settings.progressEvery().isZero() && now >= nextProgress) {
                    nextProgress = now + settings.progressEvery().toNanos();
                    printProgress(elapsed);
                }
            }
            inFlight.acquire(IN_FLIGHT); // the last exports finish before the totals are read
            inFlight.release(IN_FLIGHT);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } finally {
            pool.shutdownNow();
            sender.close();
        }
        Totals totals = totals();
        console.printf(Locale.ROOT, "loadgen: done: %d requests (%.1f/s), %d spans sent, %d accepted, %d rejected, %d exports failed%n",
                totals.requests(), totals.requestsPerSecond(), totals.spansSent(), totals.spansAccepted(),
                totals.spansRejected(), totals.exportsFailed());
        return totals;
    }

    /**
     * When {@link #run()} began, if it has: an injected breach's first bad request completes at
     * this instant plus the injection's start.
     */
    public Optional<Instant> startedAt() {
        return Optional.ofNullable(startedAt);
    }

    /** Stops {@link #run()} after its current tick. Safe from any thread, more than once. */
    public void stop() {
        stopped = true;
    }

    public Totals totals() {
        long started = startedNanos;
        return new Totals(requests.get(), spansSent.get(), spansAccepted.get(), spansRejected.get(), exportsFailed.get(),
                started == 0 ? Duration.ZERO : Duration.ofNanos(System.nanoTime() - started));
    }

    /** The requests owed for the {@code dtSeconds} up to {@code nowEpochNanos}, completing within that time. */
    private List<GeneratedSpan> generate(Map<String, Double> owed, double dtSeconds, Duration elapsed, long nowEpochNanos) {
        List<GeneratedSpan> batch = new ArrayList<>();
        for (Map.Entry<String, Double> e : ratePerCategory.entrySet()) {
            String category = e.getKey();
            double due = owed.getOrDefault(category, 0.0) + e.getValue() * dtSeconds;
            int n = (int) due;
            owed.put(category, due - n);
            SpanShapes.Distortion distortion = metric -> settings.plan().factor(category, metric, elapsed);
            for (int i = 0; i < n; i++) {
                // End times spread over the tick just passed, newest last.
                long end = nowEpochNanos - (long) ((n - 1 - i) * (dtSeconds * 1e9 / n));
                batch.add(shapes.next(category, end, random, distortion));
            }
        }
        return batch;
    }

    private void send(List<GeneratedSpan> batch) {
        int spans = batch.stream().mapToInt(GeneratedSpan::spanCount).sum();
        ExportSender.Result result = sender.send(encode(batch));
        requests.addAndGet(batch.size());
        spansSent.addAndGet(spans);
        if (result.ok()) {
            if (sent != null) {
                if (result.rejectedSpans() == 0) {
                    sent.record(batch);
                } else {
                    sent.recordInDoubt(batch); // which of the export's spans were rejected is not said
                }
            }
            spansAccepted.addAndGet(spans - result.rejectedSpans());
            spansRejected.addAndGet(result.rejectedSpans());
            if (result.rejectedSpans() > 0) {
                reportProblem("ingest rejected " + result.rejectedSpans() + " span(s): " + result.error());
            }
        } else {
            if (sent != null) {
                sent.recordInDoubt(batch);
            }
            exportsFailed.incrementAndGet();
            reportProblem("export failed: " + result.error());
            if (!result.retryAfter().isZero()) {
                pauseUntilNanos.set(System.nanoTime() + result.retryAfter().toNanos());
            }
        }
    }

    private ExportTraceServiceRequest encode(List<GeneratedSpan> batch) {
        synchronized (ids) {
            return OtlpEncoding.encode(batch, ids);
        }
    }

    /** The first occurrence of each kind of problem is printed at once, later ones in the progress line. */
    private void reportProblem(String problem) {
        String previous = lastProblem.getAndSet(problem);
        if (previous == null || !previous.regionMatches(0, problem, 0, Math.min(24, problem.length()))) {
            console.println("loadgen: " + problem);
        }
    }

    private void printProgress(Duration elapsed) {
        Totals t = totals();
        List<BreachInjection> active = settings.plan().activeAt(elapsed);
        console.printf(Locale.ROOT, "loadgen: %4d s  %d requests (%.1f/s)  %d spans: %d accepted, %d rejected, %d exports failed%s%n",
                elapsed.toSeconds(), t.requests(), t.requestsPerSecond(), t.spansSent(), t.spansAccepted(),
                t.spansRejected(), t.exportsFailed(), active.isEmpty() ? "" : "  breach active: " + active);
    }

    private long epochNanos() {
        Instant now = Instant.now();
        return now.getEpochSecond() * 1_000_000_000L + now.getNano();
    }

    private static void sleepUntil(long nanoTime) throws InterruptedException {
        long wait = nanoTime - System.nanoTime();
        if (wait > 0) {
            TimeUnit.NANOSECONDS.sleep(wait);
        }
    }
}
