/**
 * The quantile sketch: a mergeable summary of a distribution with a 1% relative-accuracy bound,
 * and its versioned binary form (stored in the database and the Kafka changelog). Costs measured
 * on the 2-core reference machine are in {@code docs/benchmarks.md}.
 */
package io.infersla.core.sketch;
