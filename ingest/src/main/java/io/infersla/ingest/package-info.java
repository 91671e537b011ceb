/**
 * The ingest service: the only part of InferSLA that knows OpenTelemetry types. It will accept
 * OTLP/HTTP {@code POST /v1/traces} on port 4318 (protobuf and JSON, optionally gzip), OTLP/gRPC
 * {@code TraceService/Export} on port 4317 and the Collector's {@code otlp_spans} Kafka topic; map
 * each inference span to an SLA request (series identity from the bearer token's tenant and the
 * resource / span attributes, measurements by the precedence {@code sla.*} &gt; vLLM &gt; GenAI
 * semantic conventions &gt; span timing); and produce the requests to {@code sla.requests}
 * (rejects with their reason to {@code sla.requests.dlq}), answering 200 only once Kafka has
 * acknowledged them. For now the module is a Quarkus application with health and metrics only.
 */
package io.infersla.ingest;
