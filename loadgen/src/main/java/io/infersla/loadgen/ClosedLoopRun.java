package io.infersla.loadgen;

import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.CountDownLatch;

/**
 * A throughput measurement of an OTLP/HTTP receiver: {@code clients} threads, each sending the
 * next pre-encoded export as soon as the previous one was answered (a closed loop: the offered
 * load is whatever the receiver sustains), for a warm-up and then a measured interval. Only
 * exports answered within the measured interval count.
 *
 * <p>Latency is the time from sending an export to its answer, i.e. for ingest until Kafka
 * acknowledged its records; a closed loop never queues exports of its own, so no coordinated
 * omission hides in it beyond the clients' own waiting.
 */
public final class ClosedLoopRun {

    /**
     * What one run came to.
     *
     * @param acceptedSpans spans of exports answered 200, minus the spans they reported rejected
     * @param failures by status: {@code HTTP <code>}, or {@code no answer} (timeout, refused)
     * @param latencyNanos every measured export's latency, sorted ascending
     */
    public record Outcome(int clients, Duration measured, long exports, long acceptedSpans, long rejectedSpans,
            Map<String, Long> failures, long[] latencyNanos) {

        public double spansPerSecond() {
            return acceptedSpans / (measured.toNanos() / 1e9);
        }

        public double exportsPerSecond() {
            return exports / (measured.toNanos() / 1e9);
        }

        /** The latency at quantile q (nearest rank), in milliseconds; NaN without exports. */
        public double latencyMs(double q) {
            if (latencyNanos.length == 0) {
                return Double.NaN;
            }
            int rank = (int) Math.ceil(q * latencyNanos.length);
            return latencyNanos[Math.max(0, Math.min(latencyNanos.length - 1, rank - 1))] / 1e6;
        }

        public long failureCount() {
            return failures.values().stream().mapToLong(Long::longValue).sum();
        }

        /** One table row: clients, spans/s, exports/s, p50, p99, max latency (ms), failures. */
        public String row() {
            return String.format(Locale.ROOT, "%7d  %9.0f  %9.1f  %7.1f  %7.1f  %8.1f  %s", clients, spansPerSecond(),
                    exportsPerSecond(), latencyMs(0.5), latencyMs(0.99), latencyMs(1.0),
                    failureCount() == 0 && rejectedSpans == 0 ? "0"
                            : failures + (rejectedSpans == 0 ? "" : " rejected spans " + rejectedSpans));
        }

        public static String header() {
            return "clients    spans/s  exports/s  p50 ms   p99 ms    max ms  failures";
        }
    }

    private ClosedLoopRun() {
    }

    /**
     * Runs {@code clients} closed-loop senders against {@code endpoint} for {@code warmUp} plus
     * {@code measured}, cycling through {@code exports} (each of {@code spansPerExport} spans).
     */
    public static Outcome run(String endpoint, String token, List<byte[]> exports, int spansPerExport, int clients,
            Duration warmUp, Duration measured) throws InterruptedException {
        if (clients < 1) {
            throw new IllegalArgumentException("clients must be >= 1, was " + clients);
        }
        long start = System.nanoTime() + Duration.ofMillis(200).toNanos();
        long measureFrom = start + warmUp.toNanos();
        long measureUntil = measureFrom + measured.toNanos();
        List<Client> all = new ArrayList<>(clients);
        CountDownLatch done = new CountDownLatch(clients);
        for (int c = 0; c < clients; c++) {
            Client client = new Client(new OtlpHttpSender(endpoint, token), exports, c, spansPerExport, start,
                    measureFrom, measureUntil, done);
            all.add(client);
            Thread thread = new Thread(client, "load-client-" + c);
            thread.setDaemon(true);
            thread.start();
        }
        done.await();

        long exportsDone = 0;
        long accepted = 0;
        long rejected = 0;
        Map<String, Long> failures = new TreeMap<>();
        int latencies = 0;
        for (Client client : all) {
            exportsDone += client.ok;
            accepted += client.acceptedSpans;
            rejected += client.rejectedSpans;
            client.failures.forEach((status, n) -> failures.merge(status, n, Long::sum));
            latencies += client.latencyCount;
        }
        long[] sorted = new long[latencies];
        int at = 0;
        for (Client client : all) {
            System.arraycopy(client.latencies, 0, sorted, at, client.latencyCount);
            at += client.latencyCount;
        }
        Arrays.sort(sorted);
        return new Outcome(clients, measured, exportsDone, accepted, rejected, failures, sorted);
    }

    /** One sender thread and what it measured; read only after it finished. */
    private static final class Client implements Runnable {
        private final OtlpHttpSender sender;
        private final List<byte[]> exports;
        private final int spansPerExport;
        private final long start;
        private final long measureFrom;
        private final long measureUntil;
        private final CountDownLatch done;
        private int next;
        long ok;
        long acceptedSpans;
        long rejectedSpans;
        final Map<String, Long> failures = new TreeMap<>();
        long[] latencies = new long[4096];
        int latencyCount;

        Client(OtlpHttpSender sender, List<byte[]> exports, int first, int spansPerExport, long start, long measureFrom,
                long measureUntil, CountDownLatch done) {
            this.sender = sender;
            this.exports = exports;
            this.next = first % exports.size();
            this.spansPerExport = spansPerExport;
            this.start = start;
            this.measureFrom = measureFrom;
            this.measureUntil = measureUntil;
            this.done = done;
        }

        @Override
        public void run() {
            try {
                long wait = start - System.nanoTime();
                if (wait > 0) {
                    Thread.sleep(wait / 1_000_000, (int) (wait % 1_000_000));
                }
                while (true) {
                    long sent = System.nanoTime();
                    if (sent >= measureUntil) {
                        return;
                    }
                    ExportSender.Result result = sender.send(exports.get(next));
                    next = (next + 1) % exports.size();
                    long answered = System.nanoTime();
                    if (answered < measureFrom || answered >= measureUntil) {
                        continue;
                    }
                    record(answered - sent);
                    if (result.ok()) {
                        ok++;
                        acceptedSpans += spansPerExport - result.rejectedSpans();
                        rejectedSpans += result.rejectedSpans();
                    } else {
                        failures.merge(result.status(), 1L, Long::sum);
                    }
                }
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            } finally {
                done.countDown();
            }
        }

        private void record(long nanos) {
            if (latencyCount == latencies.length) {
                latencies = Arrays.copyOf(latencies, latencies.length * 2);
            }
            latencies[latencyCount++] = nanos;
        }
    }

    /** A line describing the conditions, for the report. */
    public static String conditions(int spansPerExport, Duration warmUp, Duration measured) {
        return String.format(Locale.ROOT, "OTLP/HTTP protobuf, %d vLLM llm_request spans per export, closed loop, "
                + "%d s warm-up then %d s measured per level, %d cores", spansPerExport, warmUp.toSeconds(),
                measured.toSeconds(), Runtime.getRuntime().availableProcessors());
    }
}
