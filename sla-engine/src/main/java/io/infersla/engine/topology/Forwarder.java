package io.infersla.engine.topology;

/** Sends one output record to a sink of the topology ({@code SeriesProcessor.*_SINK}). */
@FunctionalInterface
interface Forwarder {
    void forward(String sink, byte[] key, byte[] value, long timestampMs);
}
