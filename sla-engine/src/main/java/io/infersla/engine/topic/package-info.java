/**
 * The values of the engine's result topics ({@code sla.window-stats}, {@code sla.evaluations},
 * {@code sla.breaches}): their wire formats, written by the topology and read by the storage
 * writer and by anyone else who consumes them.
 */
package io.infersla.engine.topic;
