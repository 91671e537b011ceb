package io.infersla.launcher;

import io.infersla.core.measure.Metric;
import io.infersla.core.sketch.QuantileSketch;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.OptionalDouble;
import java.util.OptionalLong;

/**
 * The books of a fault run ({@code ./infersla chaos}): what the load generator had acknowledged
 * held against what the stack stored, the breach episodes against what the injected breaches
 * call for, and how long the stack took to recover from each fault. Pure: the run reads the
 * database, the DLQ and the PagerDuty receiver into these records and prints {@link Books#table()}.
 *
 * <p>Why "in doubt": an export whose answer never came (ingest SIGKILLed mid-export, the broker
 * gone) may or may not have reached Kafka; its values are neither required nor forbidden, so a
 * stored count is balanced when it lies between the acknowledged values and the acknowledged
 * plus the in-doubt ones. Anything below is lost; anything above was counted twice.
 */
final class ChaosBooks {

    /** The engine counts as caught up when the oldest record it has not consumed is younger than this. */
    static final Duration CAUGHT_UP = Duration.ofSeconds(5);
    /** Problems listed under the table; the rest are counted. */
    static final int PROBLEMS_SHOWN = 12;
    private static final DateTimeFormatter HH_MM = DateTimeFormatter.ofPattern("HH:mm", Locale.ROOT).withZone(ZoneOffset.UTC);
    private static final DateTimeFormatter HH_MM_SS = DateTimeFormatter.ofPattern("HH:mm:ss", Locale.ROOT).withZone(ZoneOffset.UTC);

    private ChaosBooks() {
    }

    /**
     * One series (a generator's environment and service), metric and minute: the values the
     * generator had acknowledged and those in doubt (both sorted), and what the stack holds: the
     * summed count of its 1-minute rows in {@code sla.window_stats}, the p95 when there is exactly
     * one row, and the requests of that service and minute in the DLQ (any reason but duplicate).
     */
    record MinuteCount(String environment, String service, Metric metric, Instant minute, boolean complete,
            double[] acknowledged, double[] inDoubt, long stored, OptionalDouble storedP95, int storedRows, long deadLettered) {
        MinuteCount {
            Objects.requireNonNull(environment, "environment");
            Objects.requireNonNull(service, "service");
            Objects.requireNonNull(metric, "metric");
            Objects.requireNonNull(minute, "minute");
            acknowledged = acknowledged.clone();
            inDoubt = inDoubt.clone();
            Objects.requireNonNull(storedP95, "storedP95");
        }

        long counted() {
            return stored + deadLettered;
        }

        String describe() {
            return String.format(Locale.ROOT, "%s/%s %s %s: acknowledged %d, in doubt %d, stored %d, DLQ %d", environment, service,
                    metric.id(), HH_MM.format(minute), acknowledged.length, inDoubt.length, stored, deadLettered);
        }
    }

    /** A breach episode in {@code sla.breaches}; {@code resolvedAt} null while open. */
    record Episode(String environment, String service, String objectiveId, String dedupKey, Instant openedAt, Instant resolvedAt) {
    }

    /** An event the PagerDuty endpoint accepted, in arrival order. */
    record Delivery(String action, String dedupKey, Instant at) {
    }

    /** An episode the injected breaches call for: one on this series and objective, opened once. */
    record ExpectedBreach(String environment, String service, String objectiveId) {
    }

    /** A fault as it was applied: from its start until the part was back (or the endpoint answered 202 again). */
    record Fault(String name, Instant start, Instant end) {
    }

    /** One look at the stack: the engine's lag (age of its oldest unconsumed record) and the alerts not yet delivered; empty when unreadable. */
    record Sample(Instant at, Optional<Duration> engineLag, OptionalLong pendingAlerts) {
    }

    /** How long after a fault's end the engine had caught up and the alert backlog was delivered; empty: not within the run. */
    record Recovery(Fault fault, Optional<Duration> caughtUp, Optional<Duration> alertsDelivered) {
        boolean recovered() {
            return caughtUp.isPresent() && alertsDelivered.isPresent();
        }
    }

    /** One book: what it covers, its verdict, and the first problems found. */
    record Book(String name, String covered, boolean balanced, List<String> problems) {
    }

    record Books(List<Book> books, List<Recovery> recoveries) {
        boolean balanced() {
            return books.stream().allMatch(Book::balanced) && recoveries.stream().allMatch(Recovery::recovered);
        }

        /** The table the command prints; the last line says whether everything balanced. */
        String table() {
            StringBuilder t = new StringBuilder();
            t.append(String.format(Locale.ROOT, "%-4s  %-10s  %s%n", "book", "result", "what was checked"));
            for (Book b : books) {
                t.append(String.format(Locale.ROOT, "%-4s  %-10s  %s%n", b.name(), b.balanced() ? "balanced" : "NOT BALANCED", b.covered()));
            }
            t.append(String.format(Locale.ROOT, "%-28s  %-8s  %-8s  %-28s  %s%n", "fault", "from", "to", "engine caught up (lag < 5 s)",
                    "alert backlog delivered"));
            for (Recovery r : recoveries) {
                t.append(String.format(Locale.ROOT, "%-28s  %-8s  %-8s  %-28s  %s%n", r.fault().name(), HH_MM_SS.format(r.fault().start()),
                        HH_MM_SS.format(r.fault().end()), after(r.caughtUp()), after(r.alertsDelivered())));
            }
            for (Book b : books) {
                b.problems().forEach(p -> t.append(b.name()).append(": ").append(p).append(System.lineSeparator()));
            }
            t.append(balanced() ? "books balanced" : "books NOT balanced");
            return t.toString();
        }

        private static String after(Optional<Duration> d) {
            return d.map(x -> String.format(Locale.ROOT, "+%.1f s", x.toMillis() / 1000.0)).orElse("NOT within the run");
        }
    }

    static Books books(List<MinuteCount> minutes, List<ExpectedBreach> expected, List<Episode> episodes, List<Delivery> deliveries,
            List<Fault> faults, List<Sample> samples) {
        return new Books(List.of(n1(minutes), n2(minutes), n3(expected, episodes, deliveries)), recoveries(faults, samples));
    }

    /** N1: every acknowledged measurement is stored or dead-lettered, and none more than acknowledged plus in doubt. */
    static Book n1(List<MinuteCount> minutes) {
        long acknowledged = 0;
        long inDoubt = 0;
        long stored = 0;
        long deadLettered = 0;
        long missing = 0;
        long extra = 0;
        List<String> problems = new ArrayList<>();
        for (MinuteCount m : minutes) {
            acknowledged += m.acknowledged().length;
            inDoubt += m.inDoubt().length;
            stored += m.stored();
            deadLettered += m.deadLettered();
            long lost = m.acknowledged().length - m.counted();
            long twice = m.counted() - m.acknowledged().length - m.inDoubt().length;
            if (lost > 0) {
                missing += lost;
                problems.add(m.describe() + ": " + lost + " lost");
            } else if (twice > 0) {
                extra += twice;
                problems.add(m.describe() + ": " + twice + " counted twice");
            }
        }
        String covered = String.format(Locale.ROOT, "%d acknowledged measurements (+%d in doubt) in %d series-minutes: %d stored, %d in the DLQ;"
                + " %d lost, %d counted twice", acknowledged, inDoubt, minutes.size(), stored, deadLettered, missing, extra);
        return new Book("N1", covered, acknowledged > 0 && missing == 0 && extra == 0, shown(problems));
    }

    /**
     * N2: every complete minute's stored count is what was acknowledged (or lies within the values in
     * doubt), and its p95 is within the sketch's guaranteed {@link QuantileSketch#RELATIVE_ACCURACY}
     * of the exact p95 of the values stored: checked when which values were stored is known (all
     * acknowledged, or all acknowledged and all in doubt) and the minute has one row.
     */
    static Book n2(List<MinuteCount> minutes) {
        int checked = 0;
        int countOff = 0;
        int p95Checked = 0;
        int p95Off = 0;
        int p95Unknowable = 0;
        double worst = 0;
        List<String> problems = new ArrayList<>();
        for (MinuteCount m : minutes) {
            if (!m.complete()) {
                continue;
            }
            checked++;
            int a = m.acknowledged().length;
            int d = m.inDoubt().length;
            if (m.stored() < a || m.stored() > a + d) {
                countOff++;
                problems.add(m.describe() + ": stored count is not what was acknowledged");
                continue;
            }
            double[] storedValues = m.stored() == a ? m.acknowledged() : m.stored() == a + d ? union(m.acknowledged(), m.inDoubt()) : null;
            if (storedValues == null || m.storedRows() != 1 || m.storedP95().isEmpty() || storedValues.length == 0) {
                p95Unknowable++;
                continue;
            }
            p95Checked++;
            double exact = QuantileSketch.exactQuantile(storedValues, 0.95);
            double error = exact == 0 ? Math.abs(m.storedP95().getAsDouble()) : Math.abs(m.storedP95().getAsDouble() - exact) / Math.abs(exact);
            worst = Math.max(worst, error);
            // The tiny slack is floating-point noise, not accuracy: the sketch's bound is exact in real numbers.
            if (error > QuantileSketch.RELATIVE_ACCURACY + 1e-9) {
                p95Off++;
                problems.add(String.format(Locale.ROOT, "%s: stored p95 %.6g, exact %.6g (%.2f%% off)", m.describe(),
                        m.storedP95().getAsDouble(), exact, error * 100));
            }
        }
        String covered = String.format(Locale.ROOT, "%d complete series-minutes: %d counts off; p95 checked in %d (worst %.3f%% off, bound %.0f%%),"
                + " %d off, %d not checkable (part of the in-doubt values stored)", checked, countOff, p95Checked, worst * 100,
                QuantileSketch.RELATIVE_ACCURACY * 100, p95Off, p95Unknowable);
        return new Book("N2", covered, checked > 0 && p95Checked > 0 && countOff == 0 && p95Off == 0, shown(problems));
    }

    /**
     * N3: every expected episode opened exactly once; no episode outside the injected series or
     * twice on one series and objective; every episode resolved, and its trigger and resolve
     * delivered with its dedup key, the trigger first and nothing after the resolve.
     */
    static Book n3(List<ExpectedBreach> expected, List<Episode> episodes, List<Delivery> deliveries) {
        List<String> problems = new ArrayList<>();
        Map<ExpectedBreach, Integer> opened = new HashMap<>();
        for (Episode e : episodes) {
            opened.merge(new ExpectedBreach(e.environment(), e.service(), e.objectiveId()), 1, Integer::sum);
        }
        List<String> injected = expected.stream().map(ExpectedBreach::environment).distinct().toList();
        for (ExpectedBreach x : expected) {
            int n = opened.getOrDefault(x, 0);
            if (n != 1) {
                problems.add(String.format(Locale.ROOT, "%s/%s %s: opened %d times, expected once", x.environment(), x.service(),
                        x.objectiveId(), n));
            }
        }
        opened.forEach((series, n) -> {
            if (!injected.contains(series.environment())) {
                problems.add(String.format(Locale.ROOT, "%s/%s %s: %d episode(s) where no breach was injected", series.environment(),
                        series.service(), series.objectiveId(), n));
            } else if (n > 1 && !expected.contains(series)) {
                problems.add(String.format(Locale.ROOT, "%s/%s %s: opened %d times", series.environment(), series.service(),
                        series.objectiveId(), n));
            }
        });
        long duplicates = 0;
        int delivered = 0;
        for (Episode e : episodes) {
            List<String> actions = deliveries.stream().filter(d -> d.dedupKey().equals(e.dedupKey())).map(Delivery::action).toList();
            duplicates += Math.max(0, actions.size() - 2);
            int firstResolve = actions.indexOf("resolve");
            int lastTrigger = actions.lastIndexOf("trigger");
            String name = e.environment() + "/" + e.service() + " " + e.objectiveId() + " (dedup_key " + e.dedupKey() + ")";
            if (e.resolvedAt() == null) {
                problems.add(name + ": not resolved");
            } else if (lastTrigger < 0 || firstResolve < 0) {
                problems.add(name + ": delivered " + actions + ", expected a trigger and a resolve");
            } else if (lastTrigger > firstResolve || actions.stream().anyMatch(a -> !a.equals("trigger") && !a.equals("resolve"))) {
                problems.add(name + ": delivered out of order: " + actions);
            } else {
                delivered++;
            }
        }
        String covered = String.format(Locale.ROOT, "%d expected episode(s), %d episode(s) in sla.breaches, %d delivered trigger then resolve"
                + " with their dedup key (%d repeated deliveries, which PagerDuty folds by dedup key)", expected.size(), episodes.size(),
                delivered, duplicates);
        return new Book("N3", covered, !expected.isEmpty() && problems.isEmpty(), shown(problems));
    }

    /** For each fault, the first sample at or after its end with the engine caught up, and the first with no alert pending. */
    static List<Recovery> recoveries(List<Fault> faults, List<Sample> samples) {
        List<Sample> ordered = samples.stream().sorted(java.util.Comparator.comparing(Sample::at)).toList();
        List<Recovery> recoveries = new ArrayList<>();
        for (Fault f : faults) {
            Optional<Duration> caughtUp = ordered.stream().filter(s -> !s.at().isBefore(f.end()))
                    .filter(s -> s.engineLag().filter(lag -> lag.compareTo(CAUGHT_UP) < 0).isPresent())
                    .findFirst().map(s -> Duration.between(f.end(), s.at()));
            Optional<Duration> delivered = ordered.stream().filter(s -> !s.at().isBefore(f.end()))
                    .filter(s -> s.pendingAlerts().isPresent() && s.pendingAlerts().getAsLong() == 0)
                    .findFirst().map(s -> Duration.between(f.end(), s.at()));
            recoveries.add(new Recovery(f, caughtUp, delivered));
        }
        return recoveries;
    }

    private static double[] union(double[] a, double[] b) {
        double[] all = Arrays.copyOf(a, a.length + b.length);
        System.arraycopy(b, 0, all, a.length, b.length);
        Arrays.sort(all);
        return all;
    }

    private static List<String> shown(List<String> problems) {
        if (problems.size() <= PROBLEMS_SHOWN) {
            return List.copyOf(problems);
        }
        List<String> shown = new ArrayList<>(problems.subList(0, PROBLEMS_SHOWN));
        shown.add("... and " + (problems.size() - PROBLEMS_SHOWN) + " more");
        return shown;
    }
}
