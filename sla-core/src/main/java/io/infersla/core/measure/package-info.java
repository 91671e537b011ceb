/**
 * What is measured: the metrics of an inference request, their units, a validated
 * {@link io.infersla.core.measure.Measurement}, and the reasons an input is rejected. Nothing
 * invalid (negative, NaN, infinite) can be constructed here, so no statistic downstream has to
 * guard against it.
 */
package io.infersla.core.measure;
