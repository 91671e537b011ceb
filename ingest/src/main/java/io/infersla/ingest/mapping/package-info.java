/**
 * Span → request mapping: pure functions from OTLP spans (with their resource and the tenant of
 * the credential) to {@link io.infersla.core.request.SeriesKey series} and
 * {@link io.infersla.core.request.InferenceRequest inference requests}, by the precedence
 * explicit {@code sla.*} &gt; vLLM &gt; GenAI semantic conventions &gt; span timing. The mapping
 * decides, per span, accepted / ignored / rejected-with-a-reason; it does no I/O and reads no
 * clock (the caller passes "now"), so the HTTP, gRPC and Kafka receivers share it unchanged and
 * tests drive it with plain spans. {@link io.infersla.ingest.mapping.SpanMapper} documents the
 * rules; {@code docs/ingest.md} is the reference table.
 */
package io.infersla.ingest.mapping;
