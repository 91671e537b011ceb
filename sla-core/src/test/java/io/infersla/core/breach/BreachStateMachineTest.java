package io.infersla.core.breach;

import static org.assertj.core.api.Assertions.assertThat;

import io.infersla.core.catalog.Catalog;
import io.infersla.core.catalog.Objective;
import io.infersla.core.evaluate.Evaluation;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;

/**
 * Given a sequence of evaluations (one every 10 s), when they pass through the state machine,
 * then episodes open, escalate and resolve at the expected evaluation.
 */
class BreachStateMachineTest {

    private static final Objective TTFT = Catalog.builtIn().category("chatbot").orElseThrow().objective("ttft_p95").orElseThrow();
    private static final Objective FPS = Catalog.builtIn().category("object-detection").orElseThrow().objective("fps_p5").orElseThrow();
    private static final Instant T0 = Instant.parse("2026-11-02T10:00:00Z");
    private static final String KEY = "acme/default/chat-api/prod/llama-70b/chatbot/gpu|ttft_p95";

    /** o = ok, w = warning, b = breach, i = insufficient data; values are TTFT p95 in ms. */
    private static List<Evaluation> sequence(Objective objective, String codes, double... values) {
        List<Evaluation> evaluations = new ArrayList<>();
        for (int i = 0; i < codes.length(); i++) {
            Instant at = T0.plusSeconds(10L * i);
            double v = values.length > i ? values[i] : 0;
            evaluations.add(switch (codes.charAt(i)) {
                case 'o' -> new Evaluation.Ok(objective, at, v == 0 ? 150 : v, 50);
                case 'w' -> new Evaluation.Warning(objective, at, v == 0 ? 250 : v, 50);
                case 'b' -> new Evaluation.Breach(objective, at, v == 0 ? 400 : v, 50);
                case 'i' -> new Evaluation.InsufficientData(objective, at, 3);
                case 'x' -> new Evaluation.Excused(objective, at, java.util.OptionalDouble.empty(), 40, "maintenance");
                default -> throw new IllegalArgumentException("code " + codes.charAt(i));
            });
        }
        return evaluations;
    }

    /** Runs the sequence and returns the events, as "index:Type:severity". */
    private static List<String> events(List<Evaluation> evaluations, BreachPolicy policy, List<BreachEvent> captured) {
        BreachState state = BreachState.INITIAL;
        List<String> out = new ArrayList<>();
        for (int i = 0; i < evaluations.size(); i++) {
            BreachStateMachine.Transition t = BreachStateMachine.next(state, evaluations.get(i), policy, KEY);
            state = t.state();
            int index = i;
            t.event().ifPresent(e -> {
                captured.add(e);
                out.add(index + ":" + e.getClass().getSimpleName() + ":" + e.episode().severity().id());
            });
        }
        return out;
    }

    private static List<String> events(String codes) {
        return events(sequence(TTFT, codes), BreachPolicy.DEFAULT, new ArrayList<>());
    }

    @Test
    void breachesOpenACriticalEpisodeOnTheSecondConsecutiveBreach() {
        assertThat(events("oobbb")).containsExactly("3:Opened:critical");
    }

    @Test
    void aSingleBreachingWindowNeverPages() {
        assertThat(events("obobobob")).isEmpty();
    }

    @Test
    void resolvesAfterThreeConsecutiveClearEvaluations() {
        assertThat(events("bbooboooo")).containsExactly("1:Opened:critical", "7:Resolved:critical");
    }

    @Test
    void warningsOpenAWarningEpisodeThatEscalatesWhenBreachesPersist() {
        assertThat(events("wwwbbboooo")).containsExactly("1:Opened:warning", "4:Escalated:critical", "8:Resolved:critical");
    }

    @Test
    void mixedWarningAndBreachOpensAsWarning() {
        assertThat(events("wb")).containsExactly("1:Opened:warning");
    }

    @Test
    void warningsKeepAnEpisodeOpenAndItNeverDeEscalates() {
        assertThat(events("bbwwwwwwooo")).containsExactly("1:Opened:critical", "10:Resolved:critical");
    }

    @Test
    void insufficientDataAndExcusedCountAsClear() {
        assertThat(events("bbiix")).containsExactly("1:Opened:critical", "4:Resolved:critical");
        assertThat(events("bibib")).isEmpty();
    }

    @Test
    void episodeIdIsStableAndANewEpisodeGetsANewId() {
        List<BreachEvent> captured = new ArrayList<>();
        events(sequence(TTFT, "obbbooooobb"), BreachPolicy.DEFAULT, captured);
        assertThat(captured).hasSize(3);
        String first = captured.get(0).episode().id();
        assertThat(first).isEqualTo(KEY + "@" + T0.plusSeconds(10).getEpochSecond());
        assertThat(captured.get(1).episode().id()).isEqualTo(first);
        assertThat(captured.get(2).episode().id()).isNotEqualTo(first)
                .isEqualTo(KEY + "@" + T0.plusSeconds(90).getEpochSecond());
        assertThat(captured.get(0).episode().startedAt()).isEqualTo(T0.plusSeconds(10));
        assertThat(captured.get(0).episode().openedAt()).isEqualTo(T0.plusSeconds(20));
        assertThat(captured.get(1).episode().resolvedAt()).hasValue(T0.plusSeconds(60));
    }

    @Test
    void replayingTheSameEvaluationsGivesTheSameEpisodes() {
        List<BreachEvent> first = new ArrayList<>();
        List<BreachEvent> second = new ArrayList<>();
        events(sequence(TTFT, "obbwbooobbbo"), BreachPolicy.DEFAULT, first);
        events(sequence(TTFT, "obbwbooobbbo"), BreachPolicy.DEFAULT, second);
        assertThat(second).isEqualTo(first);
    }

    @Test
    void peakIsTheWorstValueInTheDirectionOfTheObjective() {
        List<BreachEvent> captured = new ArrayList<>();
        events(sequence(TTFT, "bbbbooo", 400, 900, 600, 350), BreachPolicy.DEFAULT, captured);
        BreachEpisode resolved = captured.get(1).episode();
        assertThat(resolved.peakValue()).isEqualTo(900);
        assertThat(resolved.peakAt()).isEqualTo(T0.plusSeconds(10));

        captured.clear();
        events(sequence(FPS, "bbbbooo", 25, 12, 20, 28), BreachPolicy.DEFAULT, captured);
        assertThat(captured.get(1).episode().peakValue()).as("lowest FPS is the worst").isEqualTo(12);
    }

    @Test
    void policyChangesTheStreakLengths() {
        BreachPolicy immediate = new BreachPolicy(1, 1);
        assertThat(events(sequence(TTFT, "bob"), immediate, new ArrayList<>()))
                .containsExactly("0:Opened:critical", "1:Resolved:critical", "2:Opened:critical");
    }

    @Test
    void severeBreachOpensACriticalEpisodeAtOnce() {
        BreachPolicy policy = BreachPolicy.DEFAULT; // severe = at least 2 × the 300 ms limit
        assertThat(events(sequence(TTFT, "ob", 150, 600), policy, new ArrayList<>())).containsExactly("1:Opened:critical");
        assertThat(events(sequence(TTFT, "ob", 150, 599), policy, new ArrayList<>())).isEmpty();
        assertThat(events(sequence(TTFT, "wb", 250, 900), policy, new ArrayList<>()))
                .containsExactly("1:Opened:critical");
    }

    @Test
    void severeBreachEscalatesAnOpenWarningEpisodeAtOnce() {
        assertThat(events(sequence(TTFT, "wwb", 250, 250, 900), BreachPolicy.DEFAULT, new ArrayList<>()))
                .containsExactly("1:Opened:warning", "2:Escalated:critical");
    }

    @Test
    void severeLowerBoundIsAFactorBelowTheLimit() {
        // FPS limit 30: severe at or below 15
        assertThat(events(sequence(FPS, "ob", 120, 15), BreachPolicy.DEFAULT, new ArrayList<>())).containsExactly("1:Opened:critical");
        assertThat(events(sequence(FPS, "ob", 120, 16), BreachPolicy.DEFAULT, new ArrayList<>())).isEmpty();
    }

    @Test
    void severeFactorIsValidated() {
        org.assertj.core.api.Assertions.assertThatThrownBy(() -> new BreachPolicy(2, 3, 0.5))
                .hasMessage("severeFactor must be 0 (off) or a finite number > 1, was 0.5");
    }

    @Test
    void initialStateHasNoEpisode() {
        assertThat(BreachState.INITIAL.open()).isEqualTo(Optional.empty());
    }
}
