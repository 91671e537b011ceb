/**
 * The load generator: realistic OpenTelemetry traffic for the 20 catalog categories, sent as
 * OTLP/HTTP protobuf with a bearer token. {@link io.infersla.loadgen.SpanShapes} builds one
 * inference request per call in the shape real servers emit (vLLM {@code llm_request} spans for
 * the LLM categories, ASR / TTS spans with audio durations and word errors, vision frames with
 * stream ids, embedding batches on CPU and GPU, RAG retrieval and agent step trees, batch and
 * training jobs, edge spans with power), sized from the category's traffic envelope, with
 * lognormal latencies whose p95 sits well under the category's targets. A
 * {@link io.infersla.loadgen.BreachPlan} multiplies one metric of one category for a while, so
 * that a breach opens and resolves on cue. {@link io.infersla.loadgen.LoadGenerator} paces the
 * requests, batches them per export and reports progress, and can record what it sent and ingest
 * accepted into {@link io.infersla.loadgen.SentMeasurements}, the oracle the end-to-end test holds
 * the stored statistics against; {@link io.infersla.loadgen.OtlpEncoding} is the only class that
 * knows the OTLP message types. For throughput measurements, {@link io.infersla.loadgen.VllmExports}
 * encodes exports once and {@link io.infersla.loadgen.ClosedLoopRun} sends them from concurrent
 * closed-loop clients.
 */
package io.infersla.loadgen;
