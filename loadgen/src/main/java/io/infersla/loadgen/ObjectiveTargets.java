package io.infersla.loadgen;

import io.infersla.core.catalog.Catalog;
import io.infersla.core.catalog.Category;
import io.infersla.core.catalog.Direction;
import io.infersla.core.catalog.Objective;
import io.infersla.core.measure.Metric;
import java.util.Map;
import java.util.OptionalDouble;

/**
 * The catalog's targets, read the way the load generator needs them: "what value should a
 * healthy service of this category stay under (or above) for this metric". Healthy traffic is
 * sized from these, so the generator follows the catalog when the catalog changes.
 */
final class ObjectiveTargets {

    private final Catalog catalog;

    ObjectiveTargets(Catalog catalog) {
        this.catalog = catalog;
    }

    Category category(String id) {
        return catalog.category(id).orElseThrow(() -> new IllegalArgumentException(
                "category must be one of the catalog's, was '" + id + "'"));
    }

    /**
     * The target (the warning threshold) of the first objective of {@code category} on
     * {@code metric} with this direction that applies to a series with {@code series}
     * attributes (e.g. {@code hardware=gpu}); empty when the catalog sets none.
     */
    OptionalDouble target(String category, Metric metric, Direction direction, Map<String, String> series) {
        for (Objective objective : category(category).objectivesFor(series)) {
            if (objective.metric() == metric && objective.direction() == direction && objective.threshold().isPresent()) {
                return OptionalDouble.of(objective.threshold().get().target());
            }
        }
        return OptionalDouble.empty();
    }

    OptionalDouble upper(String category, Metric metric, Map<String, String> series) {
        return target(category, metric, Direction.UPPER_BOUND, series);
    }

    OptionalDouble upper(String category, Metric metric) {
        return upper(category, metric, Map.of());
    }
}
