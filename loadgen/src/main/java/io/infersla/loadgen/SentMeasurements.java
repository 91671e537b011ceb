package io.infersla.loadgen;

import io.infersla.core.measure.Metric;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * What a {@link LoadGenerator} sent and ingest accepted in full, per service, metric and minute of
 * completion time: the exact values, so that a test or a benchmark can hold the engine's stored
 * 1-minute statistics ({@code sla.window_stats}) against them. Only the measurements a span shape
 * states are recorded (see {@link GeneratedSpan#measurements()}).
 *
 * <p>A minute counts as complete when the generator ran through all of it
 * ({@link #completeMinutes()}): earlier and later minutes hold only part of the traffic the engine
 * may have been sent for them by other runs. Exports that failed or were partly rejected are not
 * recorded as accepted; {@link LoadGenerator.Totals} counts them. Their values are kept apart as
 * <em>in doubt</em> ({@link #inDoubt}): ingest may have written an export to Kafka and died (or
 * lost the broker's acknowledgement) before answering, so a fault run holds the stored count
 * between the accepted values and the accepted plus the in-doubt ones.
 *
 * <pre>{@code
 * SentMeasurements sent = new SentMeasurements();
 * new LoadGenerator(settings, catalog, console, sent).run();
 * for (Instant minute : sent.completeMinutes()) {
 *     double[] ttft = sent.values("chatbot-vllm", Metric.TTFT_MS, minute);   // sorted
 * }
 * }</pre>
 *
 * Thread-safe: the generator's sender threads record while a reader may look.
 */
public final class SentMeasurements {

    static final Duration MINUTE = Duration.ofMinutes(1);

    private record Key(String service, Metric metric, long minuteEpochSecond) {
    }

    private final Map<Key, List<Double>> values = new HashMap<>();
    private final Map<Key, List<Double>> inDoubt = new HashMap<>();
    private long coveredFromNanos = Long.MAX_VALUE;
    private long coveredUntilNanos = Long.MIN_VALUE;

    /** The generator produces completion times from {@code fromNanos} on (epoch nanoseconds). */
    synchronized void coverFrom(long fromNanos) {
        coveredFromNanos = Math.min(coveredFromNanos, fromNanos);
    }

    /** The generator has produced every completion time up to {@code untilNanos} (epoch nanoseconds). */
    synchronized void coverUntil(long untilNanos) {
        coveredUntilNanos = Math.max(coveredUntilNanos, untilNanos);
    }

    /** Records the stated measurements of accepted requests (roots only: children are not requests). */
    synchronized void record(List<GeneratedSpan> acceptedRequests) {
        add(values, acceptedRequests);
    }

    /** Records the stated measurements of requests whose export failed or was partly rejected: maybe stored, maybe not. */
    synchronized void recordInDoubt(List<GeneratedSpan> requests) {
        add(inDoubt, requests);
    }

    private static void add(Map<Key, List<Double>> into, List<GeneratedSpan> requests) {
        for (GeneratedSpan request : requests) {
            String service = String.valueOf(request.resource().get("service.name"));
            long minute = Math.floorDiv(request.endNanos(), 1_000_000_000L * MINUTE.toSeconds()) * MINUTE.toSeconds();
            request.measurements().forEach((metric, value) ->
                    into.computeIfAbsent(new Key(service, metric, minute), k -> new ArrayList<>()).add(value));
        }
    }

    /** One service, metric and minute that holds a value, accepted or in doubt. */
    public record Series(String service, Metric metric, Instant minute) {
    }

    /** Every service, metric and minute with a value accepted or in doubt, complete or not, in no particular order. */
    public synchronized List<Series> series() {
        java.util.Set<Key> keys = new java.util.HashSet<>(values.keySet());
        keys.addAll(inDoubt.keySet());
        return keys.stream().map(k -> new Series(k.service(), k.metric(), Instant.ofEpochSecond(k.minuteEpochSecond()))).toList();
    }

    /** The minutes (their start) the generator ran through from beginning to end, oldest first. */
    public synchronized List<Instant> completeMinutes() {
        List<Instant> minutes = new ArrayList<>();
        if (coveredFromNanos > coveredUntilNanos) {
            return minutes;
        }
        long minuteNanos = MINUTE.toNanos();
        long first = Math.floorDiv(coveredFromNanos + minuteNanos - 1, minuteNanos) * minuteNanos;
        for (long m = first; m + minuteNanos <= coveredUntilNanos; m += minuteNanos) {
            minutes.add(Instant.ofEpochSecond(m / 1_000_000_000L));
        }
        return minutes;
    }

    /** The values of {@code metric} sent by {@code service} that completed in the minute starting at {@code minute}, sorted. */
    public synchronized double[] values(String service, Metric metric, Instant minute) {
        return sorted(values, service, metric, minute);
    }

    /** The values of requests whose export failed or was partly rejected ({@link #recordInDoubt}), sorted. */
    public synchronized double[] inDoubt(String service, Metric metric, Instant minute) {
        return sorted(inDoubt, service, metric, minute);
    }

    private static double[] sorted(Map<Key, List<Double>> from, String service, Metric metric, Instant minute) {
        List<Double> list = from.getOrDefault(new Key(service, metric, minute.getEpochSecond()), List.of());
        return list.stream().mapToDouble(Double::doubleValue).sorted().toArray();
    }
}
