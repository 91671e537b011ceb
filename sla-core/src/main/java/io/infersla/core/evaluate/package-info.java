/**
 * Judging a window: {@link io.infersla.core.evaluate.ObjectiveEvaluator} turns an objective and
 * a window's statistics into a sealed {@link io.infersla.core.evaluate.Evaluation} (ok, warning,
 * breach, insufficient data, excused, reported). Pure functions; time is in the window.
 */
package io.infersla.core.evaluate;
