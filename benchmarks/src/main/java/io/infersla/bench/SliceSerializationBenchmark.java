package io.infersla.bench;

import io.infersla.core.window.Slice;
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
 * Context for the 1 KB target: the time to write a closed slice to its binary form (what a stream
 * task emits and the store persists) and to read it back (what window evaluation does per slice).
 * Sizes themselves are printed by {@link SliceFootprint}.
 */
@State(Scope.Thread)
@BenchmarkMode(Mode.SampleTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
@Fork(value = 1, jvmArgsAppend = {"-Xms1g", "-Xmx1g"})
@Warmup(iterations = 3, time = 1)
@Measurement(iterations = 5, time = 1)
public class SliceSerializationBenchmark {

    /** Distribution and samples per slice, see {@link Workloads.Scenario}. */
    @Param({"lognormal-20", "lognormal-200", "lognormal-2000", "pareto-2000"})
    public String scenario;

    private Slice slice;
    private byte[] bytes;

    @Setup
    public void setUp() {
        slice = Workloads.slice(Workloads.Scenario.parse(scenario), Workloads.T0, 7);
        bytes = slice.toBytes();
        if (Slice.fromBytes(bytes).count() != slice.count()) {
            throw new IllegalStateException("round trip lost records");
        }
    }

    @Benchmark
    public byte[] toBytes() {
        return slice.toBytes();
    }

    @Benchmark
    public Slice fromBytes() {
        return Slice.fromBytes(bytes);
    }
}
