package io.infersla.engine.topology;

import io.infersla.core.breach.BreachPolicy;
import io.infersla.core.breach.BreachStateMachine;
import io.infersla.core.catalog.Objective;
import io.infersla.core.contract.ContractTerms;
import io.infersla.core.evaluate.Evaluation;
import io.infersla.core.evaluate.ObjectiveEvaluator;
import io.infersla.core.window.RollingWindow;
import io.infersla.core.window.WindowStats;
import io.infersla.engine.topic.BreachRecord;
import io.infersla.engine.topic.EvaluationRecord;
import java.time.Duration;
import java.time.Instant;
import java.util.HashMap;
import java.util.Iterator;
import java.util.Map;
import java.util.Optional;

/**
 * Evaluates a series' objectives at every step boundary the task clock has passed plus the grace,
 * under its contract's terms, runs the breach state machine and forwards evaluation rows (at the
 * persistence resolution and on every status change) and breach records (on every episode change).
 */
final class SeriesEvaluator {

    private final ContractTermsCache contractTerms;
    private final BreachPolicy breachPolicy;
    private final long graceMs;
    private final long persistMs;
    private final Forwarder out;

    SeriesEvaluator(EngineSettings settings, ContractTermsCache contractTerms, Forwarder out) {
        this.contractTerms = contractTerms;
        this.breachPolicy = settings.breachPolicy();
        this.graceMs = settings.grace().toMillis();
        this.persistMs = settings.persistEvery().toMillis();
        this.out = out;
    }

    /**
     * Evaluates every boundary due at {@code clockMs}, step by step, and advances the series'
     * next boundaries; a step whose windows have gone quiet stops being scheduled (dormant) until
     * the series records again.
     */
    void evaluateDue(SeriesState state, long clockMs) {
        Iterator<Map.Entry<Long, Long>> steps = state.nextBoundary.entrySet().iterator();
        while (steps.hasNext()) {
            Map.Entry<Long, Long> step = steps.next();
            long stepMs = step.getKey();
            long boundary = step.getValue();
            boolean dormant = false;
            while (clockMs >= boundary + graceMs) {
                dormant = evaluate(state, stepMs, boundary);
                boundary += stepMs;
                state.metaDirty = true;
                if (dormant) {
                    break;
                }
            }
            if (dormant) {
                steps.remove();
            } else {
                step.setValue(boundary);
            }
        }
    }

    /**
     * Evaluates every objective with this step at window end {@code boundary}.
     *
     * @return whether the series has gone quiet on this step: every window empty and no episode
     *     open or pending, so evaluating further would only repeat "insufficient data"
     */
    private boolean evaluate(SeriesState state, long stepMs, long boundary) {
        Instant end = Instant.ofEpochMilli(boundary);
        Map<String, WindowStats> windows = new HashMap<>();
        boolean anyData = false;
        ContractTerms terms = contractTerms.termsOf(state.key);
        for (Objective catalogObjective : state.objectives) {
            if (catalogObjective.step().toMillis() != stepMs) {
                continue;
            }
            SeriesState.ObjectiveState objectiveState = state.objectiveStates.get(catalogObjective.id());
            Optional<Objective> contracted = terms.apply(state.key.category(), catalogObjective);
            Optional<String> excuse = Optional.empty();
            if (contracted.isEmpty()) {
                if (objectiveState.breach.open().isEmpty() && objectiveState.breach.badStreak() == 0) {
                    continue; // turned off by the contract: nothing to judge, nothing to store
                }
                // Turned off while an episode was open or pending: excused evaluations let it resolve.
                excuse = Optional.of("objective turned off by contract " + state.key.contract());
            }
            Objective objective = contracted.orElse(catalogObjective);
            // A window never reaches back before the series became active (see SeriesState.activeSinceMs).
            long activeFrom = Math.floorDiv(state.activeSinceMs, stepMs) * stepMs;
            long windowMs = Math.min(objective.window().toMillis(), Math.max(stepMs, boundary - activeFrom));
            String windowKey = objective.metric().id() + "/" + windowMs;
            WindowStats stats = windows.computeIfAbsent(windowKey, k -> {
                SliceRing ring = state.ring(objective.metric(), stepMs);
                RollingWindow.Merge merge = RollingWindow.begin(end, Duration.ofMillis(windowMs));
                if (ring != null) {
                    for (SliceRing.Entry entry : ring.between(boundary - windowMs, boundary)) {
                        entry.mergeInto(merge);
                    }
                }
                return merge.stats();
            });
            anyData |= !stats.isEmpty();
            if (excuse.isEmpty()) {
                excuse = terms.excuse(state.key, end.minusMillis(windowMs), end);
            }
            Evaluation evaluation = ObjectiveEvaluator.evaluate(objective, stats, excuse);
            BreachStateMachine.Transition transition = BreachStateMachine.next(objectiveState.breach, evaluation,
                    breachPolicy, state.canonical + "|" + objective.id());
            objectiveState.breach = transition.state();
            if (boundary % persistMs == 0 || evaluation.status() != objectiveState.lastStored) {
                objectiveState.lastStored = evaluation.status();
                out.forward(SeriesProcessor.EVALUATIONS_SINK, state.keyBytes, EvaluationRecord.of(evaluation).toBytes(), boundary);
            }
            transition.event().ifPresent(event -> out.forward(SeriesProcessor.BREACHES_SINK, state.keyBytes,
                    BreachRecord.of(event, evaluation).toBytes(), boundary));
        }
        return !anyData && !state.hasOpenEpisode();
    }
}
