package io.infersla.core.breach;

import java.time.Instant;
import java.util.Objects;
import java.util.Optional;

/**
 * One breach episode of one series and objective, from the first evaluation of the streak that
 * opened it to its resolution. The id is derived from the series, the objective and the start of
 * that streak, so every replay and every instance computes the same id (it becomes the PagerDuty
 * dedup key), and a later episode always gets a new one.
 *
 * @param startedAt the first evaluation of the streak that opened the episode
 * @param openedAt the evaluation that opened it (detection time)
 * @param peakValue the worst statistic value seen while open (largest for upper bounds,
 *     smallest for lower bounds)
 */
public record BreachEpisode(
        String id,
        Severity severity,
        Instant startedAt,
        Instant openedAt,
        double peakValue,
        Instant peakAt,
        Optional<Instant> resolvedAt) {

    public BreachEpisode {
        Objects.requireNonNull(id, "id");
        Objects.requireNonNull(severity, "severity");
        Objects.requireNonNull(startedAt, "startedAt");
        Objects.requireNonNull(openedAt, "openedAt");
        Objects.requireNonNull(peakAt, "peakAt");
        resolvedAt = Objects.requireNonNullElse(resolvedAt, Optional.empty());
        if (openedAt.isBefore(startedAt)) {
            throw new IllegalArgumentException("openedAt " + openedAt + " must not be before startedAt " + startedAt);
        }
    }

    public static String idFor(String seriesObjectiveKey, Instant startedAt) {
        return seriesObjectiveKey + "@" + startedAt.getEpochSecond();
    }

    public boolean isOpen() {
        return resolvedAt.isEmpty();
    }

    BreachEpisode withSeverity(Severity newSeverity) {
        return new BreachEpisode(id, newSeverity, startedAt, openedAt, peakValue, peakAt, resolvedAt);
    }

    BreachEpisode withPeak(double value, Instant at) {
        return new BreachEpisode(id, severity, startedAt, openedAt, value, at, resolvedAt);
    }

    BreachEpisode resolved(Instant at) {
        return new BreachEpisode(id, severity, startedAt, openedAt, peakValue, peakAt, Optional.of(at));
    }
}
