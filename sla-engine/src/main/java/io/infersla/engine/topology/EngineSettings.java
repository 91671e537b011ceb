package io.infersla.engine.topology;

import io.infersla.core.breach.BreachPolicy;
import io.infersla.core.catalog.Catalog;
import java.time.Duration;
import java.util.Objects;

/**
 * Everything the topology needs to know, validated: the catalog, the topics and the time rules.
 *
 * @param grace how long after a slice ends records for it are still awaited before the slice
 *     is evaluated (records arrive out of order across hosts and partitions)
 * @param lateBound records older than this (relative to the task's clock) are rejected as
 *     {@code late}; younger late records correct the stored statistics
 * @param futureSkew records completed more than this after the wall clock are rejected as
 *     {@code future}, so a bad client clock cannot advance time for every series
 * @param persistEvery resolution of stored window statistics and of routine evaluation rows
 *     (status changes are always stored)
 * @param idleAfter wall time without input after which the task clock follows the wall clock,
 *     so that windows of silent series still close
 */
public record EngineSettings(
        Catalog catalog,
        Topics topics,
        Duration grace,
        Duration lateBound,
        Duration futureSkew,
        Duration persistEvery,
        Duration idleAfter,
        BreachPolicy breachPolicy) {

    public static final Duration DEFAULT_GRACE = Duration.ofSeconds(5);
    public static final Duration DEFAULT_LATE_BOUND = Duration.ofMinutes(10);
    public static final Duration DEFAULT_FUTURE_SKEW = Duration.ofMinutes(2);
    public static final Duration DEFAULT_PERSIST_EVERY = Duration.ofMinutes(1);
    public static final Duration DEFAULT_IDLE_AFTER = Duration.ofSeconds(10);

    public EngineSettings {
        Objects.requireNonNull(catalog, "catalog");
        Objects.requireNonNull(topics, "topics");
        Objects.requireNonNull(breachPolicy, "breachPolicy");
        requirePositive("grace", grace, true);
        requirePositive("late-bound", lateBound, false);
        requirePositive("future-skew", futureSkew, true);
        requirePositive("persist-every", persistEvery, false);
        requirePositive("idle-after", idleAfter, false);
        if (lateBound.compareTo(grace) < 0) {
            throw new IllegalArgumentException("infersla.engine.late-bound must be >= grace " + grace + ", was " + lateBound);
        }
        if (persistEvery.toMillis() % 1000 != 0) {
            throw new IllegalArgumentException("infersla.engine.persist-every must be whole seconds, was " + persistEvery);
        }
    }

    public static EngineSettings defaults(Catalog catalog) {
        return new EngineSettings(catalog, Topics.DEFAULT, DEFAULT_GRACE, DEFAULT_LATE_BOUND, DEFAULT_FUTURE_SKEW,
                DEFAULT_PERSIST_EVERY, DEFAULT_IDLE_AFTER, BreachPolicy.DEFAULT);
    }

    private static void requirePositive(String key, Duration value, boolean zeroAllowed) {
        if (value == null || value.isNegative() || (!zeroAllowed && value.isZero())) {
            throw new IllegalArgumentException("infersla.engine." + key + " must be " + (zeroAllowed ? ">= 0" : "> 0")
                    + ", was " + value);
        }
    }
}
