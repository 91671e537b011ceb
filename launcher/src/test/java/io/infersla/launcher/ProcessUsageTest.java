package io.infersla.launcher;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/** What the benchmark reads from /proc, checked on this JVM and a child of it. */
class ProcessUsageTest {

    private static double busy(long millis) {
        long end = System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(millis);
        double x = 0;
        while (System.nanoTime() < end) {
            x += Math.sqrt(x + 1);
        }
        return x;
    }

    @Test
    void cpuTimeGrowsWithWorkAndMemoryIsResident() {
        long self = ProcessHandle.current().pid();
        ProcessUsage before = ProcessUsage.ofProcess(self).orElseThrow();

        assertThat(busy(400)).isPositive();
        ProcessUsage after = ProcessUsage.ofProcess(self).orElseThrow();

        // 400 ms of one busy thread is 40 ticks; allow for a machine that is busy with other work.
        assertThat(after.cpuTicks() - before.cpuTicks()).isGreaterThanOrEqualTo(10);
        assertThat(after.coresSince(before, 0.4)).isGreaterThan(0.2);
        assertThat(after.rssKb()).isGreaterThan(10_000); // a JVM holds more than 10 MB
        assertThat(after.pssKb()).isPositive().isLessThanOrEqualTo(after.rssKb());
        assertThat(after.processes()).isEqualTo(1);
    }

    @Test
    void aTreeCountsTheChildrenAndAnEndedProcessHasNoUsage() throws Exception {
        Process child = new ProcessBuilder("sleep", "30").start();
        try {
            assertThat(ProcessUsage.ofTree(ProcessHandle.current().pid()).orElseThrow().processes()).isGreaterThanOrEqualTo(2);
        } finally {
            child.destroy();
            child.waitFor(10, TimeUnit.SECONDS);
        }
        assertThat(ProcessUsage.ofTree(child.pid())).isEmpty();
    }
}
