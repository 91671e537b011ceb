package io.infersla.bench;

import com.datadoghq.sketch.ddsketch.DDSketch;
import com.datadoghq.sketch.ddsketch.mapping.CubicallyInterpolatedMapping;
import com.datadoghq.sketch.ddsketch.store.UnboundedSizeDenseStore;
import io.infersla.core.sketch.QuantileSketch;
import io.infersla.core.window.Slice;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OperationsPerInvocation;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.Warmup;
import org.openjdk.jmh.infra.Blackhole;

/**
 * Target: recording one measurement into its slice costs at most 50 ns (median).
 *
 * <p>Values are pre-generated (64 Ki of them, cycled with a mask) so the RNG is never measured.
 * The slice (or sketch) lives for the whole trial, as an open slice does in a stream task; its
 * dense store stops growing after the first pass over the values, so the steady state is what is
 * measured. Single records are far below the resolution of {@code System.nanoTime()}, so the
 * per-record distribution comes from {@link #sliceRecordBatch}, which times batches of
 * {@value #BATCH} records (JMH divides each sample by the batch size).
 */
@State(Scope.Thread)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
@Fork(value = 1, jvmArgsAppend = {"-Xms1g", "-Xmx1g"})
@Warmup(iterations = 3, time = 1)
@Measurement(iterations = 5, time = 1)
public class SliceRecordBenchmark {

    static final int BATCH = 100;
    private static final int MASK = (1 << 16) - 1;

    @Param({"lognormal", "pareto"})
    public String distribution;

    private double[] values;
    private int next;
    private Slice slice;
    private QuantileSketch quantileSketch;
    private DDSketch ddSketch;

    @Setup
    public void setUp() {
        values = Workloads.values(Workloads.Distribution.valueOf(distribution.toUpperCase(java.util.Locale.ROOT)),
                MASK + 1, 42);
        slice = new Slice(Workloads.T0);
        quantileSketch = QuantileSketch.empty();
        // The same configuration QuantileSketch uses, without the wrapper.
        ddSketch = new DDSketch(new CubicallyInterpolatedMapping(QuantileSketch.RELATIVE_ACCURACY),
                UnboundedSizeDenseStore::new);
        for (double value : values) {
            slice.record(value, 1.0);
            quantileSketch.record(value);
            ddSketch.accept(value);
        }
    }

    private double nextValue() {
        double value = values[next];
        next = (next + 1) & MASK;
        return value;
    }

    /** The cost of fetching the next pre-generated value: subtract it mentally from the others. */
    @Benchmark
    public double baselineNextValue() {
        return nextValue();
    }

    /** The target: one {@code Slice.record(value, weight)} into an open slice. */
    @Benchmark
    public void sliceRecord() {
        slice.record(nextValue(), 1.0);
    }

    /** The sketch alone, through sla-core's wrapper. */
    @Benchmark
    public void quantileSketchRecord() {
        quantileSketch.record(nextValue());
    }

    /** DDSketch alone (cubic mapping, unbounded dense store): the raw accept cost. */
    @Benchmark
    public void ddSketchAccept() {
        ddSketch.accept(nextValue());
    }

    /** Per-record time distribution (median, p99) from batches of {@value #BATCH} records. */
    @Benchmark
    @BenchmarkMode(Mode.SampleTime)
    @OperationsPerInvocation(BATCH)
    public void sliceRecordBatch() {
        Slice s = slice;
        for (int i = 0; i < BATCH; i++) {
            s.record(nextValue(), 1.0);
        }
    }

    /**
     * A slice's whole life on the hot path: allocate it and record 200 values, per record. Includes
     * the allocation of the slice and the growth of its dense store, which the steady state hides.
     */
    @Benchmark
    @OperationsPerInvocation(200)
    public void freshSliceRecord200(Blackhole blackhole) {
        Slice s = new Slice(Workloads.T0);
        for (int i = 0; i < 200; i++) {
            s.record(nextValue(), 1.0);
        }
        blackhole.consume(s);
    }
}
