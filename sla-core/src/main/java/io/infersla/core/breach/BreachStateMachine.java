package io.infersla.core.breach;

import io.infersla.core.catalog.Direction;
import io.infersla.core.evaluate.Evaluation;
import io.infersla.core.evaluate.Status;
import java.time.Instant;
import java.util.Optional;
import java.util.OptionalDouble;

/**
 * The breach lifecycle per series and objective, as a pure function of the previous state and
 * the next evaluation.
 *
 * <ul>
 *   <li>An episode opens after {@code openAfter} consecutive evaluations at warning or breach:
 *       critical when all of them were breaches, warning otherwise. A severe breach (the policy's
 *       {@code severeFactor} beyond the limit) opens a critical episode at once.
 *   <li>An open warning episode escalates to critical after {@code openAfter} consecutive
 *       breaches, or at once on a severe breach. Episodes never de-escalate: the page already
 *       went out.
 *   <li>An episode resolves after {@code resolveAfter} consecutive evaluations that are neither
 *       warning nor breach. Insufficient data, excused and reported count as clear: a breach
 *       needs evidence, and a silent service must not hold a page open forever.
 * </ul>
 */
public final class BreachStateMachine {

    private BreachStateMachine() {
    }

    /** The next state and what happened, if anything. */
    public record Transition(BreachState state, Optional<BreachEvent> event) {
    }

    /**
     * @param seriesObjectiveKey identifies the series and objective; episode ids derive from it
     */
    public static Transition next(
            BreachState state, Evaluation evaluation, BreachPolicy policy, String seriesObjectiveKey) {
        Status status = evaluation.status();
        Instant at = evaluation.evaluatedAt();
        boolean bad = status == Status.WARNING || status == Status.BREACH;
        int badStreak = bad ? state.badStreak() + 1 : 0;
        int breachStreak = status == Status.BREACH ? state.breachStreak() + 1 : 0;
        int clearStreak = bad ? 0 : state.clearStreak() + 1;
        Optional<Instant> badStreakStart = !bad ? Optional.empty()
                : badStreak == 1 ? Optional.of(at) : state.badStreakStart();

        boolean severe = isSevere(evaluation, policy);
        if (state.open().isEmpty()) {
            if (badStreak >= policy.openAfter() || severe) {
                Instant startedAt = badStreakStart.orElse(at);
                Severity severity = breachStreak >= policy.openAfter() || severe ? Severity.CRITICAL : Severity.WARNING;
                BreachEpisode episode = new BreachEpisode(BreachEpisode.idFor(seriesObjectiveKey, startedAt),
                        severity, startedAt, at, evaluation.value().orElse(Double.NaN), at, Optional.empty());
                return new Transition(new BreachState(Optional.of(episode), badStreak, breachStreak, clearStreak,
                        badStreakStart), Optional.of(new BreachEvent.Opened(episode)));
            }
            return new Transition(new BreachState(Optional.empty(), badStreak, breachStreak, clearStreak,
                    badStreakStart), Optional.empty());
        }

        BreachEpisode episode = withPeak(state.open().get(), evaluation);
        if (clearStreak >= policy.resolveAfter()) {
            BreachEpisode resolved = episode.resolved(at);
            return new Transition(BreachState.INITIAL, Optional.of(new BreachEvent.Resolved(resolved)));
        }
        Optional<BreachEvent> event = Optional.empty();
        if (episode.severity() == Severity.WARNING && (breachStreak >= policy.openAfter() || severe)) {
            episode = episode.withSeverity(Severity.CRITICAL);
            event = Optional.of(new BreachEvent.Escalated(episode, at));
        }
        return new Transition(new BreachState(Optional.of(episode), badStreak, breachStreak, clearStreak,
                badStreakStart), event);
    }

    private static boolean isSevere(Evaluation evaluation, BreachPolicy policy) {
        if (policy.severeFactor() == 0 || evaluation.status() != io.infersla.core.evaluate.Status.BREACH
                || evaluation.value().isEmpty() || evaluation.limit().isEmpty()) {
            return false;
        }
        double value = evaluation.value().getAsDouble();
        double limit = evaluation.limit().getAsDouble();
        return evaluation.objective().direction() == Direction.UPPER_BOUND
                ? value >= limit * policy.severeFactor()
                : value <= limit / policy.severeFactor();
    }

    private static BreachEpisode withPeak(BreachEpisode episode, Evaluation evaluation) {
        if (!evaluation.status().isJudged()) {
            return episode;
        }
        OptionalDouble value = evaluation.value();
        if (value.isEmpty()) {
            return episode;
        }
        double v = value.getAsDouble();
        boolean upper = evaluation.objective().direction() == Direction.UPPER_BOUND;
        boolean worse = Double.isNaN(episode.peakValue()) || (upper ? v > episode.peakValue() : v < episode.peakValue());
        return worse ? episode.withPeak(v, evaluation.evaluatedAt()) : episode;
    }
}
