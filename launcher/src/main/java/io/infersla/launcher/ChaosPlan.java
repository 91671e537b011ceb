package io.infersla.launcher;

import io.infersla.core.measure.Metric;
import io.infersla.loadgen.BreachInjection;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Random;

/**
 * The script of a fault run: how long the load runs, the faults and when they begin (from the
 * start of the load), and the injected breaches, each on a chatbot series of its own. Pure; the
 * run applies it ({@link ChaosCommand}).
 *
 * @param load the nominal length of the load (the run stops it at the next minute boundary, so the last minute closes soon)
 * @param faults in the order they begin; a step begins when the one before it has ended, at the earliest at its {@code at}
 * @param pagerDuty when the PagerDuty endpoint fails: 500 from {@code at} for {@code length}, then 429 for {@code throttled}
 * @param breaches TTFT breaches, offsets from the start of the load
 */
record ChaosPlan(String name, Duration load, List<Fault> faults, PagerDutyOutage pagerDuty, List<BreachInjection> breaches) {

    enum Kind {
        KILL_ENGINE("sla-engine"), KILL_INGEST("ingest"), KILL_BROKER("kafka"), STOP_POSTGRES("postgres");

        final String part;

        Kind(String part) {
            this.part = part;
        }
    }

    /** A fault: {@code length} is how long a stopped database or a killed broker stays down (zero: the supervisor's own backoff). */
    record Fault(Kind kind, Duration at, Duration length) {
        String describe() {
            return switch (kind) {
                case KILL_ENGINE -> "engine SIGKILL";
                case KILL_INGEST -> "ingest SIGKILL";
                case KILL_BROKER -> "broker SIGKILL, down " + length.toSeconds() + " s";
                case STOP_POSTGRES -> "PostgreSQL stopped " + length.toSeconds() + " s";
            };
        }
    }

    record PagerDutyOutage(Duration at, Duration length, Duration throttled, Duration retryAfter) {
        Duration end() {
            return at.plus(length).plus(throttled);
        }
    }

    /** The breaches' factor on TTFT: far above the chatbot's 300 ms limit. */
    static final double BREACH_FACTOR = 8;

    ChaosPlan {
        faults = faults.stream().sorted(Comparator.comparing(Fault::at)).toList();
        breaches = List.copyOf(breaches);
    }

    /**
     * About 4 minutes with start-up: one fault of each kind, short. The breach is 4 s of a new
     * series at 10 requests/s: its 40 bad requests make the window's p95 bad at once, and it
     * resolves once they are under 5% of the window (800 requests, some 80 s of traffic).
     */
    static ChaosPlan shortRun() {
        return new ChaosPlan("short", Duration.ofSeconds(120), List.of(
                new Fault(Kind.KILL_ENGINE, Duration.ofSeconds(20), Duration.ZERO),
                new Fault(Kind.STOP_POSTGRES, Duration.ofSeconds(35), Duration.ofSeconds(20)),
                new Fault(Kind.KILL_BROKER, Duration.ofSeconds(70), Duration.ofSeconds(20)),
                new Fault(Kind.KILL_INGEST, Duration.ofSeconds(110), Duration.ZERO)),
                new PagerDutyOutage(Duration.ZERO, Duration.ofSeconds(40), Duration.ofSeconds(15), Duration.ofSeconds(5)),
                List.of(new BreachInjection("chatbot", Metric.TTFT_MS, BREACH_FACTOR, Duration.ofSeconds(2), Duration.ofSeconds(4))));
    }

    /**
     * The full run, 25 minutes of load: the engine SIGKILLed three times at moments drawn from
     * {@code seed} (one in each third of the run), PostgreSQL down 60 s and later 300 s, the broker
     * down 70 s, PagerDuty answering 500 for 10 minutes then 429 for 2, ingest SIGKILLed once.
     * Three 60 s breaches on series with at least four minutes of healthy history (600 bad of at
     * most 3,000 requests in the window), each resolving once its bad minute has left the window
     * (five minutes later, so the last one, at 17 minutes, resolves while the load still runs).
     */
    static ChaosPlan fullRun(long seed) {
        Random random = new Random(seed);
        List<Fault> faults = new ArrayList<>(List.of(
                new Fault(Kind.STOP_POSTGRES, Duration.ofSeconds(270), Duration.ofSeconds(60)),
                new Fault(Kind.KILL_INGEST, Duration.ofMinutes(9), Duration.ZERO),
                new Fault(Kind.STOP_POSTGRES, Duration.ofMinutes(12), Duration.ofSeconds(300)),
                new Fault(Kind.KILL_BROKER, Duration.ofSeconds(19 * 60 + 30), Duration.ofSeconds(70))));
        // One engine kill in each of three stretches that hold no other fault's start.
        long[][] stretches = {{120, 240}, {560, 700}, {1040, 1150}};
        for (long[] s : stretches) {
            faults.add(new Fault(Kind.KILL_ENGINE, Duration.ofSeconds(s[0] + random.nextInt((int) (s[1] - s[0]))), Duration.ZERO));
        }
        List<BreachInjection> breaches = new ArrayList<>();
        for (int minute : new int[] {4, 11, 17}) {
            breaches.add(new BreachInjection("chatbot", Metric.TTFT_MS, BREACH_FACTOR, Duration.ofMinutes(minute), Duration.ofSeconds(60)));
        }
        return new ChaosPlan("full", Duration.ofMinutes(25), faults,
                new PagerDutyOutage(Duration.ofMinutes(1), Duration.ofMinutes(10), Duration.ofMinutes(2), Duration.ofSeconds(30)), breaches);
    }
}
