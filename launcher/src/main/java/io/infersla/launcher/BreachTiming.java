package io.infersla.launcher;

import io.infersla.loadgen.LoadGenerator;
import java.io.PrintStream;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Times injected breaches for {@link BenchCommand}: from each breaching series' first bad request
 * to its {@code ttft_p95} episode appearing in {@code sla.breaches} (polled every 250 ms) and to
 * the PagerDuty trigger arriving at the local receiver, and how much of that the pipeline adds to
 * the engine's own timing (the trigger against {@code opened_at} + grace, the earliest moment the
 * engine can evaluate the window that opened the episode).
 */
final class BreachTiming {

    /** The series keys of the local stack's chatbots, up to their environment: tenant|contract|service|. */
    static final String SERIES_PREFIX = "local|default|chatbot-vllm|";
    /** sla-engine's default {@code infersla.engine.grace}: a window ending at W is evaluated once stream time passes W + grace. */
    static final Duration ENGINE_GRACE = Duration.ofSeconds(5);

    /** One breaching chatbot and when its first bad request completes. */
    private record BreachSeries(String environment, LoadGenerator generator, Duration badAfter) {
        Optional<Instant> badFrom() {
            return generator.startedAt().map(t -> t.plus(badAfter));
        }
    }

    /** When the watch first saw an episode, and its {@code opened_at} (the end of the window whose evaluation opened it). */
    private record Seen(Instant seenAt, Instant openedAt) {
    }

    private final Database database;
    private final String seriesPrefix;
    private final List<BreachSeries> breaches = new ArrayList<>();
    private final Map<String, Seen> seen = new ConcurrentHashMap<>();
    private Thread watch;

    /** @param seriesPrefix what the breaching series' keys begin with, up to the environment's varying part */
    BreachTiming(Database database, String seriesPrefix) {
        this.database = database;
        this.seriesPrefix = seriesPrefix;
    }

    /** A breaching chatbot in {@code environment} whose first bad request completes {@code badAfter} after its generator starts. */
    void add(String environment, LoadGenerator generator, Duration badAfter) {
        breaches.add(new BreachSeries(environment, generator, badAfter));
    }

    void start() {
        watch = new Thread(this::watch, "bench-breach-watch");
        watch.setDaemon(true);
        watch.start();
    }

    void stop() {
        if (watch != null) {
            watch.interrupt();
        }
    }

    private void watch() {
        try (Connection c = database.connect(); PreparedStatement st = c.prepareStatement(
                "SELECT series_key, opened_at FROM sla.breaches WHERE objective_id = 'ttft_p95' AND series_key LIKE ?")) {
            st.setString(1, seriesPrefix + "%");
            while (!Thread.currentThread().isInterrupted()) {
                try (ResultSet rs = st.executeQuery()) {
                    Instant now = Instant.now();
                    while (rs.next()) {
                        String environment = rs.getString(1).split("\\|")[3];
                        seen.putIfAbsent(environment, new Seen(now, rs.getTimestamp(2).toInstant()));
                    }
                }
                Thread.sleep(250);
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } catch (SQLException e) {
            System.err.println("bench: the breach watch stopped: " + e.getMessage());
        }
    }

    /** Prints each breach's timings and their distributions. */
    void report(List<PagerDutyReceiver.Event> paged, PrintStream console) {
        if (breaches.isEmpty()) {
            return;
        }
        List<Double> toRow = new ArrayList<>();
        List<Double> toPage = new ArrayList<>();
        List<Double> pipeline = new ArrayList<>();
        for (BreachSeries b : breaches) {
            Instant bad = b.badFrom().orElseThrow();
            Optional<Seen> row = Optional.ofNullable(seen.get(b.environment()));
            Optional<Instant> page = paged.stream()
                    .filter(e -> e.action().equals("trigger") && e.dedupKey().contains("|" + b.environment() + "|")
                            && e.dedupKey().contains("|ttft_p95@"))
                    .map(PagerDutyReceiver.Event::receivedAt).min(Comparator.naturalOrder());
            row.ifPresent(r -> toRow.add(seconds(bad, r.seenAt())));
            page.ifPresent(t -> toPage.add(seconds(bad, t)));
            row.flatMap(r -> page.map(t -> seconds(r.openedAt().plus(ENGINE_GRACE), t))).ifPresent(pipeline::add);
            console.printf(Locale.ROOT, "bench:   %s: first bad request %s; opened_at +%s; episode row seen %s; PagerDuty trigger %s%n",
                    b.environment(), bad, row.map(r -> seconds(bad, r.openedAt()) + " s").orElse("-"),
                    row.map(r -> "+" + seconds(bad, r.seenAt()) + " s").orElse("never"),
                    page.map(t -> "+" + seconds(bad, t) + " s").orElse("never"));
        }
        console.println("bench:   detection latency, first bad request -> episode row: " + distribution(toRow) + " of "
                + breaches.size());
        console.println("bench:   detection latency, first bad request -> PagerDuty trigger received: " + distribution(toPage)
                + " of " + breaches.size());
        console.println("bench:   after the engine's earliest possible evaluation (opened_at + grace) -> PagerDuty trigger: "
                + distribution(pipeline));
    }

    private static double seconds(Instant from, Instant to) {
        return Duration.between(from, to).toMillis() / 1000.0;
    }

    static String distribution(List<Double> values) {
        if (values.isEmpty()) {
            return "none detected";
        }
        double[] v = values.stream().mapToDouble(Double::doubleValue).sorted().toArray();
        return String.format(Locale.ROOT, "min %.1f s, median %.1f s, max %.1f s (%d detected)", v[0], v[(v.length - 1) / 2],
                v[v.length - 1], v.length);
    }
}
