/**
 * The SLA catalog: categories (the use cases of the seed table), their objectives (metric,
 * statistic, direction, target, limit, window, step, minimum samples, conditions) and traffic
 * envelopes. The catalog is data, loaded from a versioned JSON document by
 * {@link io.infersla.core.catalog.CatalogLoader}, which reports every problem with its location.
 */
package io.infersla.core.catalog;
