/**
 * What travels on {@code sla.requests}: the {@link io.infersla.core.request.SeriesKey} (record
 * key) and batches of {@link io.infersla.core.request.InferenceRequest}s in a compact, versioned
 * binary form ({@link io.infersla.core.request.RequestBatchCodec}). Ingest writes it, the engine
 * reads it; both validate through this one codec.
 */
package io.infersla.core.request;
