package io.infersla.bench;

import io.infersla.core.window.RollingWindow;
import io.infersla.core.window.Slice;
import io.infersla.core.window.WindowStats;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.Warmup;

/**
 * Target: merging the 30 slices of a 5-minute window (10 s slices) into window statistics takes
 * at most 20 µs. Also measured: merge plus the p95 and p99 queries an objective evaluation asks,
 * and the two queries alone on already merged statistics.
 *
 * <p>Each of the 30 slices has its own values (different seed), as consecutive slices of one
 * series do. The slices are built once per trial and never changed: {@code RollingWindow.merge}
 * copies them into a fresh slice.
 *
 * <p>The engine keeps closed slices only in their binary form, behind a one-byte flags prefix (its
 * state-store value), and merges windows from those bytes: {@link #merge30Frozen} measures that,
 * {@link #merge30Decoded} the way it avoids (decode each slice, then merge).
 */
@State(Scope.Thread)
@BenchmarkMode(Mode.SampleTime)
@OutputTimeUnit(TimeUnit.MICROSECONDS)
@Fork(value = 1, jvmArgsAppend = {"-Xms1g", "-Xmx1g"})
@Warmup(iterations = 3, time = 1)
@Measurement(iterations = 5, time = 1)
public class WindowMergeBenchmark {

    static final Duration SLICE = Duration.ofSeconds(10);
    static final Duration WINDOW = Duration.ofMinutes(5);
    static final int SLICES = (int) (WINDOW.toSeconds() / SLICE.toSeconds());

    /** Distribution and samples per slice, see {@link Workloads.Scenario}. */
    @Param({"lognormal-10", "lognormal-200", "lognormal-2000", "pareto-2000", "mixed-200"})
    public String scenario;

    private List<Slice> slices;
    /** The slices as the engine's state store holds them: a flags byte, then {@link Slice#toBytes()}. */
    private List<byte[]> frozen;
    private Instant end;
    private WindowStats merged;

    @Setup
    public void setUp() {
        Workloads.Scenario s = Workloads.Scenario.parse(scenario);
        slices = new ArrayList<>(SLICES);
        for (int i = 0; i < SLICES; i++) {
            slices.add(Workloads.slice(s, Workloads.T0.plus(SLICE.multipliedBy(i)), 1000 + i));
        }
        frozen = new ArrayList<>(SLICES);
        for (Slice slice : slices) {
            byte[] bytes = slice.toBytes();
            byte[] stored = new byte[bytes.length + 1];
            System.arraycopy(bytes, 0, stored, 1, bytes.length);
            frozen.add(stored);
        }
        end = Workloads.T0.plus(WINDOW);
        merged = RollingWindow.merge(end, WINDOW, slices);
        if (merge30Frozen().quantile(0.99).getAsDouble() != merged.quantile(0.99).getAsDouble()) {
            throw new IllegalStateException("a window merged from bytes must equal the one merged from live slices");
        }
        if (merged.count() != (long) SLICES * s.samples()) {
            throw new IllegalStateException("window must hold every slice, held " + merged.count());
        }
    }

    /** The target: 30 slices into fresh window statistics. */
    @Benchmark
    public WindowStats merge30() {
        return RollingWindow.merge(end, WINDOW, slices);
    }

    /** The same window from the 30 slices' stored bytes, read in place (what the engine does for closed slices). */
    @Benchmark
    public WindowStats merge30Frozen() {
        RollingWindow.Merge merge = RollingWindow.begin(end, WINDOW);
        for (byte[] stored : frozen) {
            merge.addBytes(stored, 1, stored.length - 1);
        }
        return merge.stats();
    }

    /** For comparison: decode each stored slice into a {@code Slice}, then merge. */
    @Benchmark
    public WindowStats merge30Decoded() {
        RollingWindow.Merge merge = RollingWindow.begin(end, WINDOW);
        for (byte[] stored : frozen) {
            merge.add(Slice.fromBytes(stored, 1, stored.length - 1));
        }
        return merge.stats();
    }

    /** Merge, then the p95 and p99 an objective evaluation reads. */
    @Benchmark
    public double merge30QueryP95P99() {
        WindowStats stats = RollingWindow.merge(end, WINDOW, slices);
        return stats.quantile(0.95).getAsDouble() + stats.quantile(0.99).getAsDouble();
    }

    /** The p95 and p99 queries alone, on statistics merged once in setup. */
    @Benchmark
    public double queryP95P99() {
        return merged.quantile(0.95).getAsDouble() + merged.quantile(0.99).getAsDouble();
    }
}
