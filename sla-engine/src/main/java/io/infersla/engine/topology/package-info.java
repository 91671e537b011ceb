/**
 * The Kafka Streams topology: per series, measurements into epoch-aligned slices kept in memory,
 * rolling-window evaluation at every step, the breach state machine, and one changelogged state
 * store written at commit time.
 */
package io.infersla.engine.topology;
