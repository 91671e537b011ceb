package io.infersla.launcher;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;
import java.util.stream.Stream;

/**
 * CPU time and memory of one part of the stack, read from Linux's {@code /proc}: a process and
 * everything under it (PostgreSQL is a postmaster with a backend per connection).
 *
 * <p>CPU is user + system time in clock ticks of 1/100 s ({@code USER_HZ}, 100 on every Linux
 * architecture the JDK runs on). Backends that have exited count through the postmaster's
 * {@code cutime}/{@code cstime} (a parent is charged with the children it has reaped), so the
 * difference between two samples covers short-lived connections too. Memory is the sum of
 * {@code VmRSS} (each process's resident pages; PostgreSQL's shared buffers count once per
 * backend that touched them) and of {@code Pss} from {@code smaps_rollup} (shared pages divided
 * among the processes sharing them: the honest total for a process group).
 *
 * @param cpuTicks user + system ticks, including reaped children
 * @param rssKb sum of VmRSS
 * @param pssKb sum of Pss
 * @param processes how many processes were read
 */
record ProcessUsage(long cpuTicks, long rssKb, long pssKb, int processes) {

    static final int TICKS_PER_SECOND = 100;

    /** The usage of {@code pid} and its descendants now; empty when the process is gone. */
    static Optional<ProcessUsage> ofTree(long pid) {
        return ProcessHandle.of(pid).filter(ProcessHandle::isAlive)
                .flatMap(root -> sum(Stream.concat(Stream.of(root), root.descendants()).toList()));
    }

    /** The usage of {@code pid} alone (the launcher's JVM, whose children are measured on their own). */
    static Optional<ProcessUsage> ofProcess(long pid) {
        return ProcessHandle.of(pid).filter(ProcessHandle::isAlive).flatMap(p -> sum(List.of(p)));
    }

    private static Optional<ProcessUsage> sum(List<ProcessHandle> processes) {
        long ticks = 0;
        long rss = 0;
        long pss = 0;
        int n = 0;
        for (ProcessHandle p : processes) {
            Optional<long[]> stat = stat(p.pid());
            if (stat.isEmpty()) {
                continue; // exited between listing and reading
            }
            ticks += stat.get()[0] + stat.get()[1] + stat.get()[2] + stat.get()[3];
            rss += field(Path.of("/proc", Long.toString(p.pid()), "status"), "VmRSS:");
            pss += field(Path.of("/proc", Long.toString(p.pid()), "smaps_rollup"), "Pss:");
            n++;
        }
        return n == 0 ? Optional.empty() : Optional.of(new ProcessUsage(ticks, rss, pss, n));
    }

    /** The 1-minute load average (Linux), NaN where unreadable: how much else wanted the cores meanwhile. */
    static double loadAverage() {
        try {
            return Double.parseDouble(java.nio.file.Files.readString(Path.of("/proc/loadavg"),
                    java.nio.charset.StandardCharsets.US_ASCII).split(" ")[0]);
        } catch (java.io.IOException | RuntimeException e) {
            return Double.NaN;
        }
    }

    /** Cores used between {@code earlier} and this sample, {@code seconds} apart (1.0 = one core busy). */
    double coresSince(ProcessUsage earlier, double seconds) {
        return (cpuTicks - earlier.cpuTicks) / (double) TICKS_PER_SECOND / seconds;
    }

    /** utime, stime, cutime, cstime of /proc/pid/stat (fields 14-17). */
    private static Optional<long[]> stat(long pid) {
        try {
            String line = Files.readString(Path.of("/proc", Long.toString(pid), "stat"), StandardCharsets.US_ASCII);
            // The command name (field 2) is in parentheses and may hold spaces: count fields after its ')'.
            String[] f = line.substring(line.lastIndexOf(')') + 2).split(" ");
            return Optional.of(new long[] {Long.parseLong(f[11]), Long.parseLong(f[12]), Long.parseLong(f[13]),
                    Long.parseLong(f[14])});
        } catch (IOException | RuntimeException e) {
            return Optional.empty();
        }
    }

    /** The kB value of a {@code Name:   123 kB} line, 0 when absent or unreadable. */
    private static long field(Path file, String name) {
        try {
            List<String> lines = Files.readAllLines(file, StandardCharsets.US_ASCII);
            for (String l : lines) {
                if (l.startsWith(name)) {
                    return Long.parseLong(l.substring(name.length()).trim().split("\\s+")[0]);
                }
            }
        } catch (IOException | RuntimeException e) {
            // a process that just exited has no file any more
        }
        return 0;
    }
}
