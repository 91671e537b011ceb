package io.infersla.reports.store;

import io.infersla.reports.render.ReportPdf;

import com.sun.management.GarbageCollectionNotificationInfo;
import io.infersla.core.catalog.Catalog;
import io.infersla.core.report.ReportMonth;
import io.infersla.core.request.SeriesKey;
import io.infersla.core.window.Slice;
import io.infersla.migrations.Migrations;
import io.infersla.testsupport.PostgresDatabase;
import java.lang.management.GarbageCollectorMXBean;
import java.lang.management.ManagementFactory;
import java.lang.management.MemoryPoolMXBean;
import java.lang.management.MemoryType;
import java.lang.management.MemoryUsage;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.sql.Timestamp;
import java.time.Duration;
import java.time.Instant;
import java.time.YearMonth;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.Random;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicLong;
import javax.management.NotificationEmitter;
import javax.management.openmbean.CompositeData;

/**
 * Benchmark of issue 10: one contract's monthly compliance report over a month of 100 chatbot
 * series × 3 objectives (ttft_p95 / tpot_p95 / e2e_p95 on ttft_ms / tpot_ms / e2e_ms), one
 * evaluation and one window-stats slice per series, objective/metric and minute: ~13 M rows in
 * {@code sla.evaluations} and ~13 M in {@code sla.window_stats} for 30 days, on plain PostgreSQL.
 * Target: the month generated in ≤ 10 s, PDF included, with bounded memory.
 *
 * <p>In one run, side by side:
 * <ol>
 *   <li>seeding, server side ({@code INSERT ... SELECT FROM generate_series}, one statement per
 *       day and table, the two tables on two connections in parallel), with the rollup marks the
 *       engine's writer adds ({@code INSERT ... SELECT DISTINCT} into {@code sla.rollup_pending});
 *   <li>(a) generation from raw rows only: every hour is still marked, nothing rolled up;
 *   <li>(b) {@link HourlyRollup#run} in a loop (default 2000 marks per batch) until nothing is left;
 *   <li>(c) generation from the rollups, repeated (default 5 times): rows read, read / compute /
 *       PDF split, PDF size; the raw and rolled-up runs must give the same report (same SHA-256,
 *       so no new revision is stored);
 *   <li>(d) heap: peak used (sampled every 5 ms) and peak used after GC (the live set), per phase.
 * </ol>
 *
 * <p>By default it creates its own database on the test server ({@link PostgresDatabase#create()}:
 * 127.0.0.1:5432, user postgres) and drops it at the end. {@code --reuse NAME} keeps a database
 * named NAME between runs: created and seeded on the first run, then reset (rollups and reports
 * deleted, every hour marked again) instead of re-seeded.
 *
 * <p>Run from the repository root (the classpath points at the reactor's target/classes, nothing
 * is installed into ~/.m2):
 *
 * <pre>
 * mvn -B -ntp -q -pl reports -am test-compile dependency:build-classpath \
 *     -Dmdep.outputFile=target/bench.cp -Dmdep.includeScope=test
 * java -Xmx512m -Djava.util.logging.manager=org.jboss.logmanager.LogManager \
 *     -cp reports/target/test-classes:reports/target/classes:$(cat reports/target/bench.cp) \
 *     io.infersla.reports.store.ReportBenchmark [--days 30] [--series 100] [--repeats 5] \
 *     [--rollup-batch 2000] [--reuse NAME [--rollups-only]]
 * </pre>
 *
 * <p>{@code --rollups-only} (with {@code --reuse}) runs only (c), on a database a previous run
 * rolled up. Results and their reading: docs/benchmarks.md, "Monthly compliance report (issue 10)".
 */
public final class ReportBenchmark {

    static final Catalog CATALOG = Catalog.builtIn();
    static final String TENANT = "bench";
    static final String CONTRACT = "gold";
    static final YearMonth MONTH = YearMonth.of(2026, 11);
    static final ReportMonth REPORT_MONTH = new ReportMonth(MONTH, ZoneOffset.UTC);
    static final String[] OBJECTIVES = {"ttft_p95", "tpot_p95", "e2e_p95"};
    static final String[] METRICS = {"ttft_ms", "tpot_ms", "e2e_ms"};
    /** Distinct precomputed slices per metric; row i uses slice 1 + (i % SLICES). */
    static final int SLICES = 16;
    /** Requests per one-minute slice (2 per second). */
    static final int REQUESTS_PER_SLICE = 120;
    static final int EPISODE_MINUTES = 25;

    private ReportBenchmark() {
    }

    public static void main(String[] args) throws Exception {
        int days = 30;
        int seriesCount = 100;
        int repeats = 5;
        int rollupBatch = 2000;
        String reuse = null;
        boolean rollupsOnly = false;
        for (int i = 0; i < args.length; i++) {
            switch (args[i]) {
                case "--days" -> days = Integer.parseInt(args[++i]);
                case "--series" -> seriesCount = Integer.parseInt(args[++i]);
                case "--repeats" -> repeats = Integer.parseInt(args[++i]);
                case "--rollup-batch" -> rollupBatch = Integer.parseInt(args[++i]);
                case "--reuse" -> reuse = args[++i];
                case "--rollups-only" -> rollupsOnly = true;
                default -> throw new IllegalArgumentException("unknown argument " + args[i]
                        + " (known: --days N, --series N, --repeats N, --rollup-batch N, --reuse DB_NAME, --rollups-only)");
            }
        }
        if (rollupsOnly && reuse == null) {
            throw new IllegalArgumentException("--rollups-only needs --reuse DB_NAME (a database a previous run rolled up)");
        }
        if (days < 1 || days > 30) {
            throw new IllegalArgumentException("--days must be 1..30, was " + days);
        }
        HeapWatch heap = HeapWatch.start();
        System.out.printf(Locale.ROOT, "ReportBenchmark: month %s UTC, %d series x 3 objectives, %d days, JVM max heap %d MiB, %d CPUs%n",
                MONTH, seriesCount, days, Runtime.getRuntime().maxMemory() >> 20, Runtime.getRuntime().availableProcessors());

        PostgresDatabase created = null;
        Db db;
        if (reuse == null) {
            created = PostgresDatabase.create();
            PostgresDatabase c = created;
            db = () -> c.connection();
            System.out.println("database " + created.name() + " (dropped at the end)");
        } else {
            db = reusable(reuse);
            System.out.println("database " + reuse + " (kept, --reuse)");
        }
        try {
            boolean seeded = isSeeded(db);
            if (rollupsOnly) {
                if (!seeded) {
                    throw new IllegalStateException("--rollups-only: database " + reuse + " is not seeded");
                }
                generateFromRollups(db, heap, repeats, null);
                return;
            }
            if (!seeded) {
                Migrations.apply(dataSource(db));
                heap.phase();
                seed(db, seriesCount, days);
                System.out.println("heap while seeding: " + heap.phase());
            } else {
                reset(db);
            }
            run(db, heap, repeats, rollupBatch);
        } finally {
            if (created != null) {
                created.close();
            }
            heap.stop();
        }
    }

    // ------------------------------------------------------------------------------------------
    // The measured phases
    // ------------------------------------------------------------------------------------------

    static void run(Db db, HeapWatch heap, int repeats, int rollupBatch) throws Exception {
        Instant now = REPORT_MONTH.end().plus(Duration.ofDays(1));
        Duration grace = Duration.ofHours(1);
        try (Connection c = db.open(); Statement st = c.createStatement()) {
            System.out.printf(Locale.ROOT, "rows: %,d evaluations, %,d window stats, %,d rollup marks, %,d episodes%n",
                    count(st, "sla.evaluations"), count(st, "sla.window_stats"), count(st, "sla.rollup_pending"),
                    count(st, "sla.breaches"));
        }
        Pdf pdf = Pdf.lookUp();
        System.out.println(pdf.describe());

        // (a) every hour pending: the report reads 26 M raw rows.
        System.gc();
        heap.phase();
        Generation raw = generate(db, now, grace, pdf);
        System.out.println("(a) raw rows only:   " + raw);
        System.out.println("    heap: " + heap.phase());

        // (b) the engine's rollup job catches up the whole month.
        long started = System.nanoTime();
        int batches = 0;
        long seriesHours = 0;
        try (Connection c = db.open()) {
            int n;
            while ((n = HourlyRollup.run(c, now, rollupBatch)) > 0) {
                seriesHours += n;
                batches++;
            }
        }
        double rollupSeconds = (System.nanoTime() - started) / 1e9;
        System.out.printf(Locale.ROOT, "(b) rollup: %,d series-hours in %d batches of <= %d marks, %.1f s, %.0f series-hours/s "
                        + "(%.1f month-hours/s for %d series)%n", seriesHours, batches, rollupBatch, rollupSeconds,
                seriesHours / rollupSeconds, seriesHours / rollupSeconds / seriesCount(db), seriesCount(db));
        System.out.println("    heap: " + heap.phase());
        try (Connection c = db.open(); Statement st = c.createStatement()) {
            st.execute("VACUUM ANALYZE sla.status_time_hourly, sla.window_stats_hourly, sla.rollup_pending");
            System.out.printf(Locale.ROOT, "    rollup rows: %,d status_time_hourly, %,d window_stats_hourly%n",
                    count(st, "sla.status_time_hourly"), count(st, "sla.window_stats_hourly"));
        }

        // (c) from the rollups, repeated.
        generateFromRollups(db, heap, repeats, raw);
    }

    /** (c): the month from the rollups, {@code repeats} times; checked against the raw-row report when there is one. */
    static void generateFromRollups(Db db, HeapWatch heap, int repeats, Generation raw) throws Exception {
        Instant now = REPORT_MONTH.end().plus(Duration.ofDays(1));
        Duration grace = Duration.ofHours(1);
        Pdf pdf = Pdf.lookUp();
        System.gc();
        heap.phase();
        List<Generation> rolled = new ArrayList<>();
        for (int i = 0; i < repeats; i++) {
            Generation g = generate(db, now, grace, pdf);
            rolled.add(g);
            System.out.println("(c) rollups, run " + (i + 1) + ": " + g);
            if (raw != null && (!g.sha256.equals(raw.sha256) || g.stored)) {
                throw new IllegalStateException("the rolled-up report differs from the raw one: " + raw.sha256 + " vs " + g.sha256);
            }
        }
        System.out.println("    heap: " + heap.phase());
        if (raw != null) {
            System.out.println("    same SHA-256 as the raw-row report, no new revision stored: " + raw.sha256);
        }
        System.out.println("(c) rollups, total ms min/median/max: " + stats(rolled, g -> g.totalMs));
        System.out.println("    read ms:    " + stats(rolled, g -> g.readMs));
        System.out.println("    compute ms: " + stats(rolled, g -> g.computeMs));
        System.out.println("    body ms:    " + stats(rolled, g -> g.bodyMs));
        System.out.println("    pdf ms:     " + stats(rolled, g -> g.pdfMs));
    }

    /** One month generated as the API would serve it: generate (read + compute + store), then the PDF. */
    record Generation(long totalMs, long readMs, long computeMs, long bodyMs, long pdfMs, long[] counts, int jsonBytes,
            int pdfBytes, String sha256, boolean stored, int revision) {

        @Override
        public String toString() {
            return String.format(Locale.ROOT, "total %,d ms = read %,d + compute/store %,d + body %,d + pdf %s ms; rows read "
                            + "[rollup status %,d, rollup slices %,d, raw evaluations %,d, raw slices %,d]; json %,d B, pdf %s; "
                            + "revision %d%s", totalMs, readMs, computeMs, bodyMs, pdfBytes < 0 ? "n/a" : String.valueOf(pdfMs),
                    counts[0], counts[1], counts[2], counts[3], jsonBytes, pdfBytes < 0 ? "not rendered" : String.format(Locale.ROOT, "%,d B", pdfBytes),
                    revision, stored ? " (stored)" : " (unchanged, not stored)");
        }
    }

    static Generation generate(Db db, Instant now, Duration grace, Pdf pdf) throws Exception {
        try (Connection c = db.open()) {
            long t0 = System.nanoTime();
            ReportGenerator.Result r = ReportGenerator.generate(c, CATALOG, TENANT, CONTRACT, MONTH, now, grace);
            long t1 = System.nanoTime();
            // The body the API serves: the stored revision (the one just written, or the unchanged latest).
            byte[] body = r.revision().map(n -> n.body()).orElse(null);
            if (body == null) {
                body = ReportStore.get(c, TENANT, CONTRACT, MONTH, Optional.empty()).orElseThrow().body();
            }
            long t2 = System.nanoTime();
            byte[] rendered = pdf.render(body, r.sha256());
            long t3 = System.nanoTime();
            return new Generation(ms(t3 - t0), r.read().toMillis(), r.compute().toMillis(), ms(t2 - t1), ms(t3 - t2), r.counts(),
                    body.length, rendered == null ? -1 : rendered.length, r.sha256(), r.stored(), r.latest());
        }
    }

    // ------------------------------------------------------------------------------------------
    // PDF
    // ------------------------------------------------------------------------------------------

    /** The customer's PDF of the stored revision, as the API renders it. */
    record Pdf() {
        static Pdf lookUp() {
            return new Pdf();
        }

        String describe() {
            return "PDF: rendered with " + ReportPdf.class.getName();
        }

        byte[] render(byte[] json, String sha256) {
            return ReportPdf.render(json, sha256);
        }
    }

    // ------------------------------------------------------------------------------------------
    // Seeding
    // ------------------------------------------------------------------------------------------

    static void seed(Db db, int seriesCount, int days) throws Exception {
        List<SeriesKey> series = new ArrayList<>();
        for (int i = 1; i <= seriesCount; i++) {
            series.add(new SeriesKey(TENANT, CONTRACT, String.format(Locale.ROOT, "chat-api-%03d", i), "prod", "llama-70b",
                    "chatbot", "gpu", ""));
        }
        String[] keys = series.stream().map(SeriesKey::canonical).toArray(String[]::new);
        String[] services = series.stream().map(SeriesKey::service).toArray(String[]::new);
        int minutes = days * 1440;
        long started = System.nanoTime();
        try (Connection c = db.open(); Statement st = c.createStatement()) {
            st.execute("""
                    INSERT INTO sla.contracts (tenant, contract, display_name, time_zone, definition) VALUES ('bench', 'gold',
                    'Benchmark Corp', 'UTC', '{"compliance": {"attainment": 0.999, "credits": [{"below": 0.999,
                    "credit_percent": 10}, {"below": 0.99, "credit_percent": 25}], "monthly_fee": 1000, "currency": "EUR"}}')""");
            // One episode of EPISODE_MINUTES breach minutes on every fifth series, on objective n % 3:
            // the same formula as the 'breach' evaluations below.
            try (PreparedStatement ps = c.prepareStatement("""
                    INSERT INTO sla.breaches (episode_id, tenant, contract, series_key, objective_id, severity, opened_at,
                        resolved_at, peak_value, peak_at, dedup_key) VALUES (?, 'bench', 'gold', ?, ?, 'critical', ?, ?, ?, ?, ?)""")) {
                for (int n = 1; n <= seriesCount; n++) {
                    if (n % 5 != 0) {
                        continue;
                    }
                    int first = episodeStart(n, minutes);
                    Instant opened = REPORT_MONTH.start().plusSeconds(60L * first);
                    ps.setString(1, "bench-" + n);
                    ps.setString(2, keys[n - 1]);
                    ps.setString(3, OBJECTIVES[n % 3]);
                    ps.setTimestamp(4, Timestamp.from(opened));
                    ps.setTimestamp(5, Timestamp.from(opened.plusSeconds(60L * EPISODE_MINUTES)));
                    ps.setDouble(6, new double[] {300, 50, 3000}[n % 3] * 1.2);
                    ps.setTimestamp(7, Timestamp.from(opened.plusSeconds(600)));
                    ps.setString(8, "bench-dedup-" + n);
                    ps.addBatch();
                }
                ps.executeBatch();
            }
        }

        Slice[][] slices = precomputedSlices();
        ExecutorService pool = Executors.newFixedThreadPool(2);
        AtomicLong evaluationMs = new AtomicLong();
        AtomicLong sliceMs = new AtomicLong();
        try {
            Future<?> evaluations = pool.submit(() -> {
                seedDays(db, days, "evaluations", evaluationMs, (c, from, to) -> {
                    try (PreparedStatement ps = c.prepareStatement(EVALUATIONS_SQL)) {
                        int i = 1;
                        ps.setArray(i++, c.createArrayOf("text", keys));
                        ps.setTimestamp(i++, Timestamp.from(REPORT_MONTH.start()));
                        ps.setInt(i++, minutes);
                        ps.setTimestamp(i++, Timestamp.from(from));
                        ps.setTimestamp(i, Timestamp.from(to));
                        return ps.executeUpdate();
                    }
                }, MARKS_FROM_EVALUATIONS_SQL);
                return null;
            });
            Future<?> windowStats = pool.submit(() -> {
                seedDays(db, days, "window_stats", sliceMs, (c, from, to) -> {
                    try (PreparedStatement ps = c.prepareStatement(WINDOW_STATS_SQL)) {
                        int i = 1;
                        ps.setArray(i++, c.createArrayOf("text", keys));
                        ps.setArray(i++, c.createArrayOf("text", services));
                        ps.setArray(i++, c.createArrayOf("bytea", Arrays.stream(slices).flatMap(Arrays::stream)
                                .map(Slice::sketchBytes).toArray(byte[][]::new)));
                        ps.setArray(i++, c.createArrayOf("int8", Arrays.stream(slices).flatMap(Arrays::stream)
                                .map(Slice::count).toArray(Long[]::new)));
                        ps.setArray(i++, c.createArrayOf("float8", Arrays.stream(slices).flatMap(Arrays::stream)
                                .map(Slice::sum).toArray(Double[]::new)));
                        ps.setArray(i++, c.createArrayOf("float8", Arrays.stream(slices).flatMap(Arrays::stream)
                                .map(Slice::min).toArray(Double[]::new)));
                        ps.setArray(i++, c.createArrayOf("float8", Arrays.stream(slices).flatMap(Arrays::stream)
                                .map(Slice::max).toArray(Double[]::new)));
                        ps.setTimestamp(i++, Timestamp.from(from));
                        ps.setTimestamp(i, Timestamp.from(to));
                        return ps.executeUpdate();
                    }
                }, MARKS_FROM_WINDOW_STATS_SQL);
                return null;
            });
            evaluations.get();
            windowStats.get();
        } finally {
            pool.shutdown();
        }
        long inserted = System.nanoTime();
        try (Connection c = db.open(); Statement st = c.createStatement()) {
            // What autovacuum does to insert-only tables after a while; done now so that every
            // phase below sees the same, settled tables.
            st.execute("VACUUM ANALYZE sla.evaluations, sla.window_stats, sla.rollup_pending, sla.breaches, sla.contracts");
        }
        long done = System.nanoTime();
        System.out.printf(Locale.ROOT, "seeded in %.1f s: inserts %.1f s (evaluations %.1f s, window stats %.1f s, on 2 connections "
                        + "in parallel, marks included), VACUUM ANALYZE %.1f s%n", (done - started) / 1e9,
                (inserted - started) / 1e9, evaluationMs.get() / 1e3, sliceMs.get() / 1e3, (done - inserted) / 1e9);
        try (Connection c = db.open(); Statement st = c.createStatement();
                ResultSet rs = st.executeQuery("""
                        SELECT pg_size_pretty(pg_total_relation_size('sla.evaluations')),
                               pg_size_pretty(pg_total_relation_size('sla.window_stats')),
                               pg_size_pretty(pg_database_size(current_database()))""")) {
            rs.next();
            System.out.printf("sizes: sla.evaluations %s, sla.window_stats %s, database %s (with indexes)%n",
                    rs.getString(1), rs.getString(2), rs.getString(3));
        }
    }

    /** First breach minute (from the month's start) of series n's episode. */
    static int episodeStart(int n, int minutes) {
        return (n * 1979) % (minutes - 60);
    }

    /**
     * One day of evaluations: every series × objective × minute. Mostly ok; an episode of
     * EPISODE_MINUTES breach minutes on every fifth series (objective n % 3, see episodeStart);
     * about 0.16% warning minutes; 2 minutes a day of insufficient data per series and objective.
     */
    static final String EVALUATIONS_SQL = """
            INSERT INTO sla.evaluations (series_key, tenant, contract, objective_id, evaluated_at, window_seconds, statistic,
                value, target, limit_value, samples, status)
            SELECT s.key, 'bench', 'gold', o.id, t, 300, 'p95',
                   CASE x.status WHEN 'breach' THEN o.lim * 1.2 WHEN 'warning' THEN (o.target + o.lim) / 2
                                 WHEN 'insufficient_data' THEN NULL ELSE o.target * 0.6 END,
                   o.target, o.lim, CASE x.status WHEN 'insufficient_data' THEN 5 ELSE 600 END, x.status
            FROM unnest(?::text[]) WITH ORDINALITY AS s(key, n)
            CROSS JOIN (VALUES (0, 'ttft_p95', 200.0::float8, 300.0::float8), (1, 'tpot_p95', 20, 50),
                               (2, 'e2e_p95', 2000, 3000)) AS o(k, id, target, lim)
            CROSS JOIN (SELECT ?::timestamptz AS month_start, ?::int AS minutes) AS p
            CROSS JOIN generate_series(?::timestamptz, ?::timestamptz - INTERVAL '1 minute', INTERVAL '1 minute') AS t
            CROSS JOIN LATERAL (SELECT (extract(epoch FROM t - p.month_start) / 60)::int AS m) AS mm
            CROSS JOIN LATERAL (SELECT CASE
                WHEN s.n % 5 = 0 AND o.k = s.n % 3 AND mm.m >= (s.n * 1979) % (p.minutes - 60)
                     AND mm.m < (s.n * 1979) % (p.minutes - 60) + 25 THEN 'breach'
                WHEN (mm.m * 7 + s.n * 31 + o.k * 101) % 613 = 0 THEN 'warning'
                WHEN (mm.m + s.n * 17 + o.k * 5) % 1440 < 2 THEN 'insufficient_data'
                ELSE 'ok' END AS status) AS x
            ORDER BY t, s.n, o.k""";

    /**
     * One day of one-minute window stats: every series × metric × minute, the sketch (and its
     * exact aggregates) one of SLICES real slices per metric, picked by (minute + series) % SLICES.
     */
    static final String WINDOW_STATS_SQL = """
            INSERT INTO sla.window_stats (series_key, tenant, contract, service, environment, model, category, hardware, metric,
                slice_start, slice_seconds, count, sum, weight_sum, weighted_sum, mean, min, max, sketch)
            SELECT s.key, 'bench', 'gold', s.service, 'prod', 'llama-70b', 'chatbot', 'gpu', m.metric, t, 60,
                   a.counts[j.j], a.sums[j.j], a.counts[j.j], a.sums[j.j], a.sums[j.j] / a.counts[j.j], a.mins[j.j], a.maxs[j.j],
                   a.sketches[j.j]
            FROM unnest(?::text[], ?::text[]) WITH ORDINALITY AS s(key, service, n)
            CROSS JOIN (VALUES (0, 'ttft_ms'), (1, 'tpot_ms'), (2, 'e2e_ms')) AS m(k, metric)
            CROSS JOIN (SELECT ?::bytea[] AS sketches, ?::int8[] AS counts, ?::float8[] AS sums, ?::float8[] AS mins,
                               ?::float8[] AS maxs) AS a
            CROSS JOIN generate_series(?::timestamptz, ?::timestamptz - INTERVAL '1 minute', INTERVAL '1 minute') AS t
            CROSS JOIN LATERAL (SELECT 1 + m.k * 16 + ((extract(epoch FROM t)::bigint / 60 + s.n) % 16)::int AS j) AS j
            ORDER BY t, s.n, m.k""";

    /** The marks the engine's writer adds with an evaluation at t: the hours of t - 1 min, t and t + 1 min. */
    static final String MARKS_FROM_EVALUATIONS_SQL = """
            INSERT INTO sla.rollup_pending (series_key, tenant, contract, hour)
            SELECT DISTINCT e.series_key, e.tenant, e.contract, date_trunc('hour', e.evaluated_at + d.d)
            FROM sla.evaluations e CROSS JOIN (VALUES (INTERVAL '-1 minute'), (INTERVAL '0'), (INTERVAL '1 minute')) AS d(d)
            WHERE e.tenant = 'bench' AND e.contract = 'gold' AND e.evaluated_at >= ? AND e.evaluated_at < ?
            ORDER BY 1, 4
            ON CONFLICT DO NOTHING""";

    /** The marks the engine's writer adds with a one-minute slice: its hour. */
    static final String MARKS_FROM_WINDOW_STATS_SQL = """
            INSERT INTO sla.rollup_pending (series_key, tenant, contract, hour)
            SELECT DISTINCT w.series_key, w.tenant, w.contract, date_trunc('hour', w.slice_start)
            FROM sla.window_stats w
            WHERE w.tenant = 'bench' AND w.contract = 'gold' AND w.slice_start >= ? AND w.slice_start < ?
            ORDER BY 1, 4
            ON CONFLICT DO NOTHING""";

    interface DayInsert {
        int insert(Connection c, Instant from, Instant to) throws SQLException;
    }

    /** One transaction per day: the rows and their marks, as the writer commits them together. */
    static void seedDays(Db db, int days, String table, AtomicLong elapsedMs, DayInsert insert, String marksSql) throws SQLException {
        long started = System.nanoTime();
        try (Connection c = db.open()) {
            try (Statement st = c.createStatement()) {
                st.execute("SET synchronous_commit = off");
                st.execute("SET TIME ZONE 'UTC'");
                st.execute("SET work_mem = '64MB'");
            }
            c.setAutoCommit(false);
            for (int d = 0; d < days; d++) {
                long t0 = System.nanoTime();
                Instant from = REPORT_MONTH.start().plus(Duration.ofDays(d));
                Instant to = from.plus(Duration.ofDays(1));
                int rows = insert.insert(c, from, to);
                int marks;
                try (PreparedStatement ps = c.prepareStatement(marksSql)) {
                    ps.setTimestamp(1, Timestamp.from(from));
                    ps.setTimestamp(2, Timestamp.from(to));
                    marks = ps.executeUpdate();
                }
                c.commit();
                System.out.printf(Locale.ROOT, "  %s day %2d: %,d rows, %,d new marks, %.1f s%n", table, d + 1, rows, marks,
                        (System.nanoTime() - t0) / 1e9);
            }
        }
        elapsedMs.set(ms(System.nanoTime() - started));
    }

    /** SLICES real slices per metric, lognormal around typical chatbot latencies. */
    static Slice[][] precomputedSlices() {
        double[] medians = {120, 12, 1500};
        double[] sigmas = {0.35, 0.3, 0.3};
        Random random = new Random(10);
        Slice[][] out = new Slice[METRICS.length][SLICES];
        for (int m = 0; m < METRICS.length; m++) {
            for (int k = 0; k < SLICES; k++) {
                Slice slice = new Slice(REPORT_MONTH.start());
                for (int r = 0; r < REQUESTS_PER_SLICE; r++) {
                    slice.record(Math.exp(Math.log(medians[m]) + sigmas[m] * random.nextGaussian()), 1);
                }
                out[m][k] = slice;
            }
        }
        System.out.printf(Locale.ROOT, "precomputed %d slices per metric, %d requests each, sketch bytes %d..%d%n", SLICES,
                REQUESTS_PER_SLICE, Arrays.stream(out).flatMap(Arrays::stream).mapToInt(s -> s.sketchBytes().length).min().orElse(0),
                Arrays.stream(out).flatMap(Arrays::stream).mapToInt(s -> s.sketchBytes().length).max().orElse(0));
        return out;
    }

    // ------------------------------------------------------------------------------------------
    // Databases
    // ------------------------------------------------------------------------------------------

    interface Db {
        Connection open() throws SQLException;
    }

    static final String SERVER = System.getProperty("bench.server", "jdbc:postgresql://127.0.0.1:5432/");

    /** A database kept between runs: created (empty) if missing. */
    static Db reusable(String name) throws SQLException {
        if (!name.matches("[a-z_][a-z0-9_]*")) {
            throw new IllegalArgumentException("--reuse: a database name of [a-z0-9_], was " + name);
        }
        try (Connection admin = DriverManager.getConnection(SERVER + "postgres", "postgres", "");
                Statement st = admin.createStatement()) {
            try (ResultSet rs = st.executeQuery("SELECT 1 FROM pg_database WHERE datname = '" + name + "'")) {
                if (!rs.next()) {
                    st.execute("CREATE DATABASE " + name);
                }
            }
        }
        return () -> DriverManager.getConnection(SERVER + name, "postgres", "");
    }

    static javax.sql.DataSource dataSource(Db db) throws SQLException {
        try (Connection c = db.open()) {
            org.postgresql.ds.PGSimpleDataSource ds = new org.postgresql.ds.PGSimpleDataSource();
            ds.setURL(c.getMetaData().getURL());
            ds.setUser("postgres");
            ds.setPassword("");
            return ds;
        }
    }

    static boolean isSeeded(Db db) throws SQLException {
        try (Connection c = db.open(); Statement st = c.createStatement();
                ResultSet rs = st.executeQuery("SELECT to_regclass('sla.rollup_pending') IS NOT NULL "
                        + "AND EXISTS (SELECT 1 FROM pg_tables WHERE schemaname = 'sla' AND tablename = 'contracts')")) {
            rs.next();
            if (!rs.getBoolean(1)) {
                return false;
            }
        }
        try (Connection c = db.open(); Statement st = c.createStatement();
                ResultSet rs = st.executeQuery("SELECT EXISTS (SELECT 1 FROM sla.contracts WHERE tenant = 'bench')")) {
            rs.next();
            return rs.getBoolean(1);
        }
    }

    /** A kept database back to "nothing rolled up": rollups and reports deleted, every hour marked again. */
    static void reset(Db db) throws SQLException {
        long started = System.nanoTime();
        try (Connection c = db.open(); Statement st = c.createStatement()) {
            st.execute("SET TIME ZONE 'UTC'");
            st.execute("DELETE FROM sla.reports WHERE tenant = 'bench'");
            st.execute("TRUNCATE sla.status_time_hourly, sla.window_stats_hourly, sla.rollup_pending");
            st.execute("""
                    INSERT INTO sla.rollup_pending (series_key, tenant, contract, hour)
                    SELECT DISTINCT series_key, tenant, contract, date_trunc('hour', evaluated_at + d.d)
                    FROM sla.evaluations CROSS JOIN (VALUES (INTERVAL '-1 minute'), (INTERVAL '0'), (INTERVAL '1 minute')) AS d(d)
                    UNION
                    SELECT DISTINCT series_key, tenant, contract, date_trunc('hour', slice_start) FROM sla.window_stats""");
            st.execute("VACUUM ANALYZE sla.rollup_pending, sla.status_time_hourly, sla.window_stats_hourly, sla.reports");
        }
        System.out.printf(Locale.ROOT, "reused the seeded database: reset to 'nothing rolled up' in %.1f s%n",
                (System.nanoTime() - started) / 1e9);
    }

    static long count(Statement st, String table) throws SQLException {
        try (ResultSet rs = st.executeQuery("SELECT count(*) FROM " + table)) {
            rs.next();
            return rs.getLong(1);
        }
    }

    static int seriesCount(Db db) throws SQLException {
        try (Connection c = db.open(); Statement st = c.createStatement();
                ResultSet rs = st.executeQuery("SELECT count(DISTINCT series_key) FROM sla.window_stats_hourly")) {
            rs.next();
            return Math.max(1, rs.getInt(1));
        }
    }

    // ------------------------------------------------------------------------------------------
    // Measurement helpers
    // ------------------------------------------------------------------------------------------

    static long ms(long nanos) {
        return nanos / 1_000_000;
    }

    static String stats(List<Generation> runs, java.util.function.ToLongFunction<Generation> f) {
        long[] v = runs.stream().mapToLong(f).sorted().toArray();
        return String.format(Locale.ROOT, "%,d / %,d / %,d", v[0], v[v.length / 2], v[v.length - 1]);
    }

    /**
     * Heap per phase: the peak of used heap sampled every 5 ms (garbage included) and the peak of
     * used heap right after a GC (the live set plus what the GC chose to keep).
     */
    static final class HeapWatch {
        final AtomicLong peakUsed = new AtomicLong();
        final AtomicLong peakAfterGc = new AtomicLong();
        final AtomicLong gcs = new AtomicLong();
        final Thread sampler;
        volatile boolean stopped;

        private HeapWatch() {
            sampler = new Thread(() -> {
                while (!stopped) {
                    peakUsed.accumulateAndGet(ManagementFactory.getMemoryMXBean().getHeapMemoryUsage().getUsed(), Math::max);
                    try {
                        Thread.sleep(5);
                    } catch (InterruptedException e) {
                        return;
                    }
                }
            }, "heap-sampler");
            sampler.setDaemon(true);
            for (GarbageCollectorMXBean gc : ManagementFactory.getGarbageCollectorMXBeans()) {
                ((NotificationEmitter) gc).addNotificationListener((notification, handback) -> {
                    if (!GarbageCollectionNotificationInfo.GARBAGE_COLLECTION_NOTIFICATION.equals(notification.getType())) {
                        return;
                    }
                    GarbageCollectionNotificationInfo info = GarbageCollectionNotificationInfo.from((CompositeData) notification.getUserData());
                    long used = 0;
                    for (MemoryPoolMXBean pool : ManagementFactory.getMemoryPoolMXBeans()) {
                        MemoryUsage after = info.getGcInfo().getMemoryUsageAfterGc().get(pool.getName());
                        if (pool.getType() == MemoryType.HEAP && after != null) {
                            used += after.getUsed();
                        }
                    }
                    peakAfterGc.accumulateAndGet(used, Math::max);
                    gcs.incrementAndGet();
                }, null, null);
            }
        }

        static HeapWatch start() {
            HeapWatch w = new HeapWatch();
            w.sampler.start();
            return w;
        }

        /** The peaks since the last call, and starts new ones. */
        String phase() {
            String out = String.format(Locale.ROOT, "peak used %,d MiB, peak after GC %,d MiB (%d GCs), max heap %,d MiB",
                    peakUsed.get() >> 20, peakAfterGc.get() >> 20, gcs.get(), Runtime.getRuntime().maxMemory() >> 20);
            peakUsed.set(ManagementFactory.getMemoryMXBean().getHeapMemoryUsage().getUsed());
            peakAfterGc.set(0);
            gcs.set(0);
            return out;
        }

        void stop() {
            stopped = true;
        }
    }
}
