package io.infersla.launcher;

import io.infersla.core.catalog.Catalog;
import io.infersla.core.catalog.Category;
import io.infersla.loadgen.BreachInjection;
import io.infersla.loadgen.BreachPlan;
import io.infersla.loadgen.LoadGenerator;
import io.infersla.loadgen.LoadSettings;
import java.io.PrintStream;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * {@code --demo}: traffic for all 20 categories, plus a chatbot service whose time to first token
 * goes eight times slower for a few seconds ({@link #BREACH}), so that a breach opens and resolves
 * within about two minutes of the ready line.
 *
 * <p>Why these numbers: the catalog judges chatbot TTFT by its p95 over a rolling 5-minute window,
 * opened after 2 breaching evaluations (every 10 s) and resolved after 3 healthy ones. A breach of
 * length D is diluted below the 5% the p95 allows once the window holds 20·D of traffic: with
 * D = 3 s the p95 recovers about 60 s after traffic began, and the episode resolves some 30 s
 * later. Longer breaches resolve later (a 60 s breach needs the full 5-minute window to pass).
 */
final class Demo implements AutoCloseable {

    static final String BREACH = "chatbot:ttft_ms:x8@12s+3s";
    /** The breaching chatbot's own rate, on top of the all-category background. */
    static final double CHATBOT_RATE = 8;

    private final List<LoadGenerator> generators = new ArrayList<>();
    private final List<Thread> threads = new ArrayList<>();

    static Demo start(LocalStack.Endpoints endpoints, double backgroundRate, PrintStream console) {
        Catalog catalog = Catalog.builtIn();
        Demo demo = new Demo();
        List<String> all = catalog.categories().stream().map(Category::id).toList();
        long seed = System.nanoTime();
        demo.run(new LoadSettings(endpoints.otlpHttp().toString(), endpoints.token(), all, backgroundRate, Optional.empty(),
                BreachPlan.NONE, seed, Duration.ofSeconds(15), "local-demo"), catalog, console, "demo-load");
        demo.run(new LoadSettings(endpoints.otlpHttp().toString(), endpoints.token(), List.of("chatbot"), CHATBOT_RATE,
                Optional.empty(), new BreachPlan(List.of(BreachInjection.parse(BREACH))), seed + 1, Duration.ZERO,
                "local-demo"), catalog, console, "demo-breach");
        console.println("demo: all 20 categories at " + backgroundRate + " requests/s, and a chatbot at " + CHATBOT_RATE
                + " requests/s whose TTFT goes x8 from 12 s to 15 s: expect 'breach opened' within a minute "
                + "and 'breach resolved' about a minute later");
        console.println(reportLine(endpoints, java.time.YearMonth.now(java.time.ZoneOffset.UTC)));
        return demo;
    }

    /** Where this month's provisional report is: the local contract's months are UTC months. */
    static String reportLine(LocalStack.Endpoints endpoints, java.time.YearMonth month) {
        String url = endpoints.api().resolve("/api/v1/reports/" + LocalContract.CONTRACT + "/" + month) + "?format=pdf";
        return "demo: this month's provisional compliance report (PDF; format=json or csv for the same figures): curl -fsS -H '"
                + "Authorization: Bearer " + endpoints.token() + "' -o infersla-report.pdf '" + url + "'  (or: ./infersla report "
                + LocalContract.CONTRACT + " " + month + ")";
    }

    private void run(LoadSettings settings, Catalog catalog, PrintStream console, String name) {
        LoadGenerator generator = new LoadGenerator(settings, catalog, console);
        Thread thread = new Thread(generator::run, name);
        thread.setDaemon(true);
        generators.add(generator);
        threads.add(thread);
        thread.start();
    }

    /** Stops the load and waits (briefly) for the last exports. */
    @Override
    public void close() {
        generators.forEach(LoadGenerator::stop);
        for (Thread thread : threads) {
            try {
                thread.join(5_000);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return;
            }
        }
    }
}
