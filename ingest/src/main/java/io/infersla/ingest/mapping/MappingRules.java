package io.infersla.ingest.mapping;

import io.infersla.core.catalog.Catalog;
import java.time.Duration;
import java.util.List;
import java.util.Objects;

/**
 * Everything the span mapping depends on besides the span: the catalog (which categories exist
 * and what they measure), the contract of spans that name none, the time bounds and the category
 * routes.
 *
 * @param lateBound spans that completed longer ago than this are rejected as {@code late}
 * @param futureSkew spans that complete further in the future than this are rejected as {@code future}
 */
public record MappingRules(
        Catalog catalog,
        String defaultContract,
        Duration lateBound,
        Duration futureSkew,
        List<CategoryRoute> routes) {

    public static final String DEFAULT_CONTRACT = "default";
    /** The engine's defaults (sla-engine EngineSettings): ingest refuses what the engine would. */
    public static final Duration DEFAULT_LATE_BOUND = Duration.ofMinutes(10);
    public static final Duration DEFAULT_FUTURE_SKEW = Duration.ofMinutes(2);

    public MappingRules {
        Objects.requireNonNull(catalog, "catalog");
        if (defaultContract == null || defaultContract.isEmpty()) {
            throw new IllegalArgumentException("default contract must be set, was " + (defaultContract == null ? "absent" : "empty"));
        }
        if (lateBound == null || lateBound.isNegative() || lateBound.isZero()) {
            throw new IllegalArgumentException("late bound must be > 0, was " + lateBound);
        }
        if (futureSkew == null || futureSkew.isNegative()) {
            throw new IllegalArgumentException("future skew must be >= 0, was " + futureSkew);
        }
        routes = List.copyOf(routes);
        for (CategoryRoute route : routes) {
            if (catalog.category(route.category()).isEmpty()) {
                throw new IllegalArgumentException("route category must be a catalog category id, was '" + route.category() + "'");
            }
        }
    }

    /** Contract {@value #DEFAULT_CONTRACT}, 10 min late bound, 2 min future skew, no routes. */
    public static MappingRules defaults(Catalog catalog) {
        return new MappingRules(catalog, DEFAULT_CONTRACT, DEFAULT_LATE_BOUND, DEFAULT_FUTURE_SKEW, List.of());
    }
}
