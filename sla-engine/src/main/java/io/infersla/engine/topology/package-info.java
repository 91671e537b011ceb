/**
 * The Kafka Streams topology: per series, measurements into epoch-aligned slices kept in memory,
 * rolling-window evaluation at every step, the breach state machine, and one changelogged state
 * store written at commit time. {@link io.infersla.engine.topology.SeriesProcessor} wires the
 * parts: the task clock ({@code TaskClock}), evaluation ({@code SeriesEvaluator}), closed slices
 * ({@code SliceCloser}) and the store ({@code HotStatePersistence}).
 */
package io.infersla.engine.topology;
