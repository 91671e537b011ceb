package io.infersla.bench;

import com.datadoghq.sketch.ddsketch.DDSketch;
import com.datadoghq.sketch.ddsketch.mapping.CubicallyInterpolatedMapping;
import com.datadoghq.sketch.ddsketch.store.Store;
import com.datadoghq.sketch.ddsketch.store.UnboundedSizeDenseStore;
import io.infersla.core.sketch.QuantileSketch;
import io.infersla.core.window.Slice;
import java.lang.management.ManagementFactory;
import java.lang.management.MemoryMXBean;
import java.lang.reflect.Field;
import java.util.List;
import java.util.Locale;
import java.util.Random;
import org.openjdk.jol.info.GraphLayout;
import org.openjdk.jol.vm.VM;

/**
 * Prints, for realistic latency slices, the serialized size ({@code Slice.toBytes()}, target
 * ≤ 1 KB typical) and the retained heap per live slice (JOL, target ≤ 4 KB), then cross-checks
 * the heap figure by holding 100 000 slices of 200 samples and measuring the used-heap delta.
 *
 * <p>Run: {@code java -cp benchmarks/target/benchmarks.jar io.infersla.bench.SliceFootprint}.
 * Optional argument: the number of slices of the cross-check (default 100000).
 */
public final class SliceFootprint {

    private static final int SERIALIZED_TARGET = 1024;
    private static final int HEAP_TARGET = 4096;

    private SliceFootprint() {
    }

    public static void main(String[] args) throws Exception {
        int crossCheckSlices = args.length > 0 ? Integer.parseInt(args[0]) : 100_000;
        System.out.println(VM.current().details());
        System.out.printf(Locale.ROOT, "JVM: %s %s, max heap %d MiB%n%n", System.getProperty("java.vm.name"),
                System.getProperty("java.runtime.version"), Runtime.getRuntime().maxMemory() >> 20);

        Object sharedMapping = mappingOf(new Slice(Workloads.T0));
        long mappingBytes = GraphLayout.parseInstance(sharedMapping).totalSize();
        System.out.printf(Locale.ROOT,
                "The index mapping (%d B) is one static instance shared by every slice; the 'heap' column excludes it,%n"
                        + "'heap incl. mapping' is JOL's raw totalSize() of the slice graph.%n%n", mappingBytes);

        List<String> scenarios = List.of("lognormal-20", "lognormal-200", "lognormal-2000",
                "pareto-200", "pareto-2000", "mixed-200", "mixed-2000", "constant-200", "empty-0");
        String header = String.format(Locale.ROOT, "| %-14s | %7s | %9s | %10s | %7s | %5s | %10s | %8s | %8s | %10s | %8s |",
                "slice", "samples", "min ms", "max ms", "decades", "bins", "serialized", "≤ 1 KB", "heap", "heap+map", "≤ 4 KB");
        System.out.println(header);
        System.out.println(header.replaceAll("[^|]", "-"));
        for (String name : scenarios) {
            Slice slice;
            double[] values;
            if (name.startsWith("empty")) {
                values = new double[0];
                slice = new Slice(Workloads.T0);
            } else {
                Workloads.Scenario scenario = Workloads.Scenario.parse(name);
                values = Workloads.values(scenario.distribution(), scenario.samples(), 7);
                slice = Workloads.slice(Workloads.T0, values);
            }
            int serialized = slice.toBytes().length;
            GraphLayout layout = GraphLayout.parseInstance(slice);
            long heapWithMapping = layout.totalSize();
            long heap = layout.subtract(GraphLayout.parseInstance(sharedMapping)).totalSize();
            int bins = binsSpanned(values);
            double min = values.length == 0 ? Double.NaN : slice.min();
            double max = values.length == 0 ? Double.NaN : slice.max();
            System.out.printf(Locale.ROOT, "| %-14s | %7d | %9.1f | %10.1f | %7.2f | %5d | %8d B | %8s | %6d B | %8d B | %8s |%n",
                    name, slice.count(), min, max, values.length == 0 ? 0.0 : Math.log10(max / min), bins,
                    serialized, serialized <= SERIALIZED_TARGET ? "pass" : "MISS",
                    heap, heapWithMapping, heap <= HEAP_TARGET ? "pass" : "MISS");
        }

        System.out.println();
        System.out.println("Object graph of one lognormal-200 slice (JOL footprint, shared mapping included):");
        Slice example = Workloads.slice(Workloads.Scenario.parse("lognormal-200"), Workloads.T0, 7);
        System.out.println(GraphLayout.parseInstance(example).toFootprint());

        crossCheck(crossCheckSlices);
    }

    /**
     * Holds {@code n} lognormal slices of 200 samples, each with its own values and start, and
     * reports the used-heap delta per slice after full GCs, next to JOL's figure for the same array.
     */
    private static void crossCheck(int n) throws ReflectiveOperationException {
        MemoryMXBean memory = ManagementFactory.getMemoryMXBean();
        long before = usedAfterGc(memory);
        Slice[] slices = new Slice[n];
        Random random = new Random(11);
        for (int i = 0; i < n; i++) {
            Slice slice = new Slice(Workloads.T0.plusSeconds(10L * i));
            for (int j = 0; j < 200; j++) {
                slice.record(Workloads.next(Workloads.Distribution.LOGNORMAL, random), 1.0);
            }
            slices[i] = slice;
        }
        long after = usedAfterGc(memory);
        long arrayBytes = GraphLayout.parseInstance((Object) new Slice[0]).totalSize() + 4L * n; // compressed oops
        double perSliceHeap = (after - before - arrayBytes) / (double) n;
        GraphLayout all = GraphLayout.parseInstance((Object) slices);
        double perSliceJol = (all.totalSize() - GraphLayout.parseInstance(mappingOf(slices[0])).totalSize()
                - VM.current().sizeOf(slices)) / (double) n;
        System.out.printf(Locale.ROOT, "Cross-check, %d live lognormal-200 slices:%n", n);
        System.out.printf(Locale.ROOT, "  used heap before %.1f MiB, after %.1f MiB, delta %.1f MiB%n",
                before / 1048576.0, after / 1048576.0, (after - before) / 1048576.0);
        System.out.printf(Locale.ROOT, "  heap delta per slice (minus the Slice[] itself): %.0f B  -> %s (target <= %d B)%n",
                perSliceHeap, perSliceHeap <= HEAP_TARGET ? "pass" : "MISS", HEAP_TARGET);
        System.out.printf(Locale.ROOT, "  JOL per slice over the same array (mapping counted once): %.0f B%n", perSliceJol);
        long checksum = 0;
        for (Slice slice : slices) {
            checksum += slice.count();
        }
        System.out.printf(Locale.ROOT, "  (records held: %d)%n", checksum);
    }

    private static long usedAfterGc(MemoryMXBean memory) {
        long used = Long.MAX_VALUE;
        for (int i = 0; i < 5; i++) {
            System.gc();
            try {
                Thread.sleep(100);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
            used = Math.min(used, memory.getHeapMemoryUsage().getUsed());
        }
        return used;
    }

    /** The number of sketch bins the values occupy (max index − min index + 1), on a mirror sketch. */
    private static int binsSpanned(double[] values) {
        if (values.length == 0) {
            return 0;
        }
        DDSketch mirror = new DDSketch(new CubicallyInterpolatedMapping(QuantileSketch.RELATIVE_ACCURACY),
                UnboundedSizeDenseStore::new);
        for (double value : values) {
            mirror.accept(value);
        }
        Store store = mirror.getPositiveValueStore();
        return store.getMaxIndex() - store.getMinIndex() + 1;
    }

    /** The index mapping instance a slice's sketch points at (shared static of QuantileSketch). */
    private static Object mappingOf(Slice slice) throws ReflectiveOperationException {
        Object quantileSketch = field(Slice.class, "sketch").get(slice);
        DDSketch ddSketch = (DDSketch) field(QuantileSketch.class, "sketch").get(quantileSketch);
        return ddSketch.getIndexMapping();
    }

    private static Field field(Class<?> type, String name) throws NoSuchFieldException {
        Field field = type.getDeclaredField(name);
        field.setAccessible(true);
        return field;
    }
}
