package io.infersla.launcher;

import static org.assertj.core.api.Assertions.assertThat;

import io.infersla.core.measure.Metric;
import io.infersla.core.sketch.QuantileSketch;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.OptionalDouble;
import java.util.OptionalLong;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;

/** The book-keeping of {@code ./infersla chaos}: acknowledged against stored, episodes against the oracle, recovery times. */
class ChaosBooksTest {

    static final Instant MINUTE = Instant.parse("2026-12-06T23:40:00Z");
    /** 1..100: the exact p95 is 95 (rank floor(0.95 * 99) = 94). */
    static final double[] HUNDRED = IntStream.rangeClosed(1, 100).asDoubleStream().toArray();

    static ChaosBooks.MinuteCount minute(double[] acknowledged, double[] inDoubt, long stored, double p95, long deadLettered) {
        return new ChaosBooks.MinuteCount("chaos", "chatbot-vllm", Metric.TTFT_MS, MINUTE, true, acknowledged, inDoubt, stored,
                OptionalDouble.of(p95), 1, deadLettered);
    }

    @Test
    void n1BalancesWhenEveryAcknowledgedValueIsStoredOrDeadLetteredAndNothingIsCountedTwice() {
        assertThat(ChaosBooks.n1(List.of(minute(HUNDRED, new double[0], 98, 95, 2))).balanced()).isTrue();
        assertThat(ChaosBooks.n1(List.of(minute(HUNDRED, new double[] {7, 8}, 101, 95, 0))).balanced())
                .as("one of two in-doubt values stored").isTrue();

        ChaosBooks.Book lost = ChaosBooks.n1(List.of(minute(HUNDRED, new double[] {7}, 99, 95, 0)));
        assertThat(lost.balanced()).isFalse();
        assertThat(lost.covered()).contains("1 lost, 0 counted twice");
        assertThat(lost.problems()).singleElement().asString().contains("chaos/chatbot-vllm ttft_ms 23:40").endsWith("1 lost");

        ChaosBooks.Book twice = ChaosBooks.n1(List.of(minute(HUNDRED, new double[] {7}, 101, 95, 1)));
        assertThat(twice.balanced()).isFalse();
        assertThat(twice.covered()).contains("0 lost, 1 counted twice");
    }

    @Test
    void n1OverNothingDoesNotBalance() {
        assertThat(ChaosBooks.n1(List.of()).balanced()).as("no acknowledged values: nothing was proved").isFalse();
    }

    @Test
    void n2HoldsTheStoredP95ToTheSketchBoundOfTheExactP95() {
        double exact = QuantileSketch.exactQuantile(HUNDRED, 0.95);
        assertThat(exact).isEqualTo(95);
        assertThat(ChaosBooks.n2(List.of(minute(HUNDRED, new double[0], 100, exact * 1.0099, 0))).balanced()).isTrue();

        ChaosBooks.Book off = ChaosBooks.n2(List.of(minute(HUNDRED, new double[0], 100, exact * 1.011, 0)));
        assertThat(off.balanced()).isFalse();
        assertThat(off.problems()).singleElement().asString().contains("stored p95 96.0450, exact 95.0000 (1.10% off)");
    }

    @Test
    void n2RequiresTheExactCountAndUsesTheInDoubtValuesOnlyWhenAllOfThemWereStored() {
        assertThat(ChaosBooks.n2(List.of(minute(HUNDRED, new double[0], 99, 95, 0))).balanced()).as("one short").isFalse();

        // All in-doubt values stored: the exact p95 is of the union (1..100 and 1000 x10: rank floor(0.95 * 109) = 103 is 1000).
        double[] doubt = IntStream.range(0, 10).mapToDouble(i -> 1000).toArray();
        assertThat(ChaosBooks.n2(List.of(minute(HUNDRED, doubt, 110, 1000, 0))).balanced()).isTrue();
        assertThat(ChaosBooks.n2(List.of(minute(HUNDRED, doubt, 110, 95, 0))).balanced()).isFalse();

        // Some of them: the count is within bounds, the p95 cannot be checked and is said to be so.
        ChaosBooks.Book partly = ChaosBooks.n2(List.of(minute(HUNDRED, doubt, 102, 500, 0), minute(HUNDRED, new double[0], 100, 95, 0)));
        assertThat(partly.balanced()).isTrue();
        assertThat(partly.covered()).contains("p95 checked in 1").contains("1 not checkable");
    }

    @Test
    void n2SkipsIncompleteMinutesAndDoesNotBalanceWhenNoP95WasChecked() {
        ChaosBooks.MinuteCount incomplete = new ChaosBooks.MinuteCount("chaos", "chatbot-vllm", Metric.TTFT_MS, MINUTE, false,
                HUNDRED, new double[0], 3, OptionalDouble.of(1), 1, 0);
        ChaosBooks.Book book = ChaosBooks.n2(List.of(incomplete));
        assertThat(book.covered()).startsWith("0 complete series-minutes");
        assertThat(book.balanced()).isFalse();
    }

    static final ChaosBooks.ExpectedBreach EXPECTED = new ChaosBooks.ExpectedBreach("chaos-breach-0", "chatbot-vllm", "ttft_p95");

    static ChaosBooks.Episode episode(String environment, String objective, String dedupKey, boolean resolved) {
        return new ChaosBooks.Episode(environment, "chatbot-vllm", objective, dedupKey, MINUTE, resolved ? MINUTE.plusSeconds(90) : null);
    }

    static ChaosBooks.Delivery delivery(String action, String dedupKey) {
        return new ChaosBooks.Delivery(action, dedupKey, MINUTE);
    }

    @Test
    void n3BalancesWhenTheExpectedEpisodeOpenedOnceAndItsTriggerCameBeforeItsResolve() {
        ChaosBooks.Book book = ChaosBooks.n3(List.of(EXPECTED), List.of(episode("chaos-breach-0", "ttft_p95", "k1", true)),
                List.of(delivery("trigger", "k1"), delivery("trigger", "k1"), delivery("resolve", "k1")));
        assertThat(book.balanced()).isTrue();
        assertThat(book.covered()).contains("1 delivered trigger then resolve").contains("1 repeated deliveries");
    }

    @Test
    void n3FindsAMissingADoubleAStrayAnUnresolvedAndAnOutOfOrderEpisode() {
        assertThat(ChaosBooks.n3(List.of(EXPECTED), List.of(), List.of()).problems())
                .containsExactly("chaos-breach-0/chatbot-vllm ttft_p95: opened 0 times, expected once");
        assertThat(ChaosBooks.n3(List.of(EXPECTED), List.of(episode("chaos-breach-0", "ttft_p95", "k1", true),
                episode("chaos-breach-0", "ttft_p95", "k2", true)), List.of(delivery("trigger", "k1"), delivery("resolve", "k1"),
                delivery("trigger", "k2"), delivery("resolve", "k2"))).problems())
                .containsExactly("chaos-breach-0/chatbot-vllm ttft_p95: opened 2 times, expected once");
        assertThat(ChaosBooks.n3(List.of(EXPECTED), List.of(episode("chaos-breach-0", "ttft_p95", "k1", true),
                episode("chaos", "ttft_p95", "k2", true)), List.of(delivery("trigger", "k1"), delivery("resolve", "k1"),
                delivery("trigger", "k2"), delivery("resolve", "k2"))).problems())
                .containsExactly("chaos/chatbot-vllm ttft_p95: 1 episode(s) where no breach was injected");
        assertThat(ChaosBooks.n3(List.of(EXPECTED), List.of(episode("chaos-breach-0", "ttft_p95", "k1", false)),
                List.of(delivery("trigger", "k1"))).problems()).singleElement().asString().endsWith("not resolved");
        assertThat(ChaosBooks.n3(List.of(EXPECTED), List.of(episode("chaos-breach-0", "ttft_p95", "k1", true)),
                List.of(delivery("resolve", "k1"), delivery("trigger", "k1"))).problems())
                .singleElement().asString().contains("delivered out of order: [resolve, trigger]");
        assertThat(ChaosBooks.n3(List.of(EXPECTED), List.of(episode("chaos-breach-0", "ttft_p95", "k1", true)),
                List.of(delivery("trigger", "k1"), delivery("resolve", "other"))).problems())
                .singleElement().asString().contains("delivered [trigger], expected a trigger and a resolve");
    }

    @Test
    void anotherObjectiveOnTheBreachSeriesMayOpenOnceButMustBeDeliveredToo() {
        ChaosBooks.Book book = ChaosBooks.n3(List.of(EXPECTED), List.of(episode("chaos-breach-0", "ttft_p95", "k1", true),
                episode("chaos-breach-0", "ttft_tail_ratio", "k2", true)), List.of(delivery("trigger", "k1"), delivery("resolve", "k1")));
        assertThat(book.problems()).singleElement().asString().startsWith("chaos-breach-0/chatbot-vllm ttft_tail_ratio (dedup_key k2)");
    }

    @Test
    void recoveryIsTheFirstSampleFromTheFaultsEndWithTheEngineCaughtUpAndNoAlertPending() {
        Instant end = MINUTE.plusSeconds(30);
        ChaosBooks.Fault fault = new ChaosBooks.Fault("engine SIGKILL", MINUTE, end);
        List<ChaosBooks.Sample> samples = List.of(
                new ChaosBooks.Sample(end.minusSeconds(2), Optional.of(Duration.ZERO), OptionalLong.of(0)), // before the end: not counted
                new ChaosBooks.Sample(end.plusSeconds(2), Optional.empty(), OptionalLong.empty()),
                new ChaosBooks.Sample(end.plusSeconds(4), Optional.of(Duration.ofSeconds(12)), OptionalLong.of(2)),
                new ChaosBooks.Sample(end.plusSeconds(6), Optional.of(Duration.ofMillis(4900)), OptionalLong.of(1)),
                new ChaosBooks.Sample(end.plusSeconds(8), Optional.of(Duration.ofSeconds(9)), OptionalLong.of(0)));

        ChaosBooks.Recovery r = ChaosBooks.recoveries(List.of(fault), samples).get(0);

        assertThat(r.caughtUp()).hasValue(Duration.ofSeconds(6));
        assertThat(r.alertsDelivered()).hasValue(Duration.ofSeconds(8));
        assertThat(ChaosBooks.recoveries(List.of(fault), samples.subList(0, 3)).get(0).recovered()).isFalse();
    }

    @Test
    void theTableShowsEachBookEachFaultAndTheVerdict() {
        ChaosBooks.Fault fault = new ChaosBooks.Fault("PostgreSQL stopped 20 s", MINUTE, MINUTE.plusSeconds(21));
        ChaosBooks.Books books = ChaosBooks.books(List.of(minute(HUNDRED, new double[0], 100, 95, 0)), List.of(EXPECTED),
                List.of(episode("chaos-breach-0", "ttft_p95", "k1", true)), List.of(delivery("trigger", "k1"), delivery("resolve", "k1")),
                List.of(fault), List.of(new ChaosBooks.Sample(MINUTE.plusSeconds(24), Optional.of(Duration.ZERO), OptionalLong.of(0))));

        assertThat(books.balanced()).isTrue();
        assertThat(books.table()).contains("N1    balanced    100 acknowledged measurements (+0 in doubt) in 1 series-minutes")
                .contains("PostgreSQL stopped 20 s       23:40:00  23:40:21  +3.0 s                        +3.0 s").endsWith("books balanced");

        ChaosBooks.Books unrecovered = ChaosBooks.books(List.of(minute(HUNDRED, new double[0], 100, 95, 0)), List.of(EXPECTED),
                List.of(episode("chaos-breach-0", "ttft_p95", "k1", true)), List.of(delivery("trigger", "k1"), delivery("resolve", "k1")),
                List.of(fault), List.of());
        assertThat(unrecovered.balanced()).as("a fault not recovered from within the run").isFalse();
        assertThat(unrecovered.table()).contains("NOT within the run").endsWith("books NOT balanced");
    }
}
