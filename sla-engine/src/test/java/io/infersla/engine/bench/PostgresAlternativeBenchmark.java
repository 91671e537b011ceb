package io.infersla.engine.bench;

import io.infersla.core.window.RollingWindow;
import io.infersla.core.window.Slice;
import io.infersla.core.window.WindowStats;
import io.infersla.testsupport.PostgresDatabase;
import java.io.StringReader;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.Statement;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import org.postgresql.PGConnection;

/**
 * The obvious alternative side by side with the engine's way, on the same data and machine:
 * every raw measurement as a row in PostgreSQL and {@code percentile_cont} per window, against
 * slices of sketches merged per window.
 *
 * <pre>
 * mvn -B -ntp -pl sla-engine exec:java -Dexec.classpathScope=test \
 *     -Dexec.mainClass=io.infersla.engine.bench.PostgresAlternativeBenchmark -Dexec.args="1000 1000"
 * </pre>
 *
 * SERIES series (default 1,000) × PER_SERIES measurements (default 1,000) spread over a 5-minute
 * window. Timed: loading (COPY vs recording into 10 s slices) and one evaluation of every
 * series' p95 over the window (one GROUP BY query vs merging each series' 30 slices).
 */
public final class PostgresAlternativeBenchmark {

    public static void main(String[] args) throws Exception {
        int seriesCount = args.length > 0 ? Integer.parseInt(args[0]) : 1000;
        int perSeries = args.length > 1 ? Integer.parseInt(args[1]) : 1000;
        long n = (long) seriesCount * perSeries;
        Instant end = Instant.parse("2026-11-02T10:05:00Z");
        Instant start = end.minus(Duration.ofMinutes(5));
        Random random = new Random(9);
        int[] series = new int[(int) n];
        long[] at = new long[(int) n];
        double[] value = new double[(int) n];
        for (int i = 0; i < n; i++) {
            series[i] = i % seriesCount;
            at[i] = start.toEpochMilli() + (long) (random.nextDouble() * 300_000);
            value[i] = Math.exp(Math.log(150) + 0.3 * random.nextGaussian());
        }
        System.out.printf("%,d measurements, %,d series, one 5-minute window%n", n, seriesCount);

        try (PostgresDatabase db = PostgresDatabase.create(); Connection c = db.connection(); Statement st = c.createStatement()) {
            st.execute("CREATE TABLE raw (series int NOT NULL, at timestamptz NOT NULL, value double precision NOT NULL)");
            st.execute("CREATE INDEX raw_at ON raw (at)");
            long t0 = System.nanoTime();
            StringBuilder csv = new StringBuilder(64 * 100_000);
            for (int i = 0; i < n; i++) {
                csv.append(series[i]).append(',').append(Instant.ofEpochMilli(at[i])).append(',').append(value[i]).append('\n');
                if ((i + 1) % 100_000 == 0 || i == n - 1) {
                    ((PGConnection) c).getCopyAPI().copyIn("COPY raw FROM STDIN WITH (FORMAT csv)", new StringReader(csv.toString()));
                    csv.setLength(0);
                }
            }
            double copySeconds = (System.nanoTime() - t0) / 1e9;
            st.execute("ANALYZE raw");
            double[] querySeconds = new double[3];
            int groups = 0;
            for (int rep = 0; rep < 3; rep++) {
                long q0 = System.nanoTime();
                try (ResultSet rs = st.executeQuery("SELECT series, percentile_cont(0.95) WITHIN GROUP (ORDER BY value) FROM raw "
                        + "WHERE at >= '" + start + "' AND at < '" + end + "' GROUP BY series")) {
                    groups = 0;
                    while (rs.next()) {
                        groups++;
                    }
                }
                querySeconds[rep] = (System.nanoTime() - q0) / 1e9;
            }
            System.out.printf("PostgreSQL rows:  load (COPY) %6.2f s = %,9.0f rows/s;  p95 of every series: %.3f / %.3f / %.3f s (%d groups)%n",
                    copySeconds, n / copySeconds, querySeconds[0], querySeconds[1], querySeconds[2], groups);
        }

        for (int rep = 0; rep < 3; rep++) {
            long t0 = System.nanoTime();
            List<Map<Long, Slice>> slices = new ArrayList<>(seriesCount);
            for (int s = 0; s < seriesCount; s++) {
                slices.add(new HashMap<>());
            }
            for (int i = 0; i < n; i++) {
                long sliceStart = Math.floorDiv(at[i], 10_000L) * 10_000L;
                slices.get(series[i]).computeIfAbsent(sliceStart, k -> new Slice(Instant.ofEpochMilli(k))).record(value[i], 1);
            }
            double recordSeconds = (System.nanoTime() - t0) / 1e9;
            long q0 = System.nanoTime();
            double checksum = 0;
            for (Map<Long, Slice> perSeriesSlices : slices) {
                WindowStats window = RollingWindow.merge(end, Duration.ofMinutes(5), perSeriesSlices.values());
                checksum += window.quantile(0.95).orElse(0);
            }
            double querySeconds = (System.nanoTime() - q0) / 1e9;
            System.out.printf("Engine slices:    load (record) %5.2f s = %,9.0f measurements/s;  p95 of every series: %.3f s (checksum %.0f)%n",
                    recordSeconds, n / recordSeconds, querySeconds, checksum);
        }
    }
}
