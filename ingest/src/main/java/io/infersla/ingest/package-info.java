/**
 * The ingest service: the only part of InferSLA that knows OpenTelemetry types. It accepts
 * OTLP/HTTP {@code POST /v1/traces} on port 4318 (protobuf and JSON, optionally gzip), OTLP/gRPC
 * {@code TraceService/Export} on port 4317 and the Collector's {@code otlp_spans} Kafka topic; maps
 * each inference span to an SLA request (series identity from the bearer token's tenant and the
 * resource / span attributes, measurements by the precedence {@code sla.*} &gt; vLLM &gt; GenAI
 * semantic conventions &gt; span timing); and produces the requests to {@code sla.requests}
 * (rejects with their reason to {@code sla.requests.dlq}), answering only once Kafka has
 * acknowledged them.
 *
 * <p>Packages by role: {@code mapping} (pure span → request rules), {@code otlp} (HTTP and gRPC
 * receivers), {@code kafka} (publisher and {@code otlp_spans} consumer), {@code auth} (bearer
 * tokens), {@code config} (validated settings). {@link io.infersla.ingest.IngestPipeline} is what
 * every receiver calls. {@code docs/ingest.md} is the user's reference.
 */
package io.infersla.ingest;
