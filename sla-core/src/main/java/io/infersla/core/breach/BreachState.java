package io.infersla.core.breach;

import java.time.Instant;
import java.util.Objects;
import java.util.Optional;

/**
 * What the state machine remembers per series and objective between evaluations: the open
 * episode, if any, and the current streaks. Small and immutable, so it can live in a state store.
 *
 * @param badStreak consecutive evaluations at warning or breach
 * @param breachStreak consecutive evaluations at breach
 * @param clearStreak consecutive evaluations at neither
 * @param badStreakStart when the current bad streak began (meaningful while badStreak > 0)
 */
public record BreachState(
        Optional<BreachEpisode> open,
        int badStreak,
        int breachStreak,
        int clearStreak,
        Optional<Instant> badStreakStart) {

    public static final BreachState INITIAL =
            new BreachState(Optional.empty(), 0, 0, 0, Optional.empty());

    public BreachState {
        open = Objects.requireNonNullElse(open, Optional.empty());
        badStreakStart = Objects.requireNonNullElse(badStreakStart, Optional.empty());
        if (badStreak < 0 || breachStreak < 0 || clearStreak < 0) {
            throw new IllegalArgumentException("streaks must be >= 0, were " + badStreak + ", " + breachStreak + ", " + clearStreak);
        }
    }
}
