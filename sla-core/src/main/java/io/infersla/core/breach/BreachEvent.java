package io.infersla.core.breach;

import java.time.Instant;

/** What changed in an episode: the lifecycle that alerts follow (trigger, re-trigger, resolve). */
public sealed interface BreachEvent {

    BreachEpisode episode();

    Instant at();

    record Opened(BreachEpisode episode) implements BreachEvent {
        @Override
        public Instant at() {
            return episode.openedAt();
        }
    }

    /** A warning episode became critical; same id, so the open alert is updated, not duplicated. */
    record Escalated(BreachEpisode episode, Instant at) implements BreachEvent {
    }

    record Resolved(BreachEpisode episode) implements BreachEvent {
        @Override
        public Instant at() {
            return episode.resolvedAt().orElseThrow();
        }
    }
}
