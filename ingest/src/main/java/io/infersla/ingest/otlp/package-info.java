/**
 * The OTLP receivers: {@code POST /v1/traces} on the HTTP port (protobuf and OTLP JSON, gzip,
 * size limits measured after decompression) and {@code TraceService/Export} on the gRPC port.
 * They authenticate, decode and translate outcomes into status codes; the mapping and the Kafka
 * acknowledgement happen in {@link io.infersla.ingest.IngestPipeline}, shared by both.
 */
package io.infersla.ingest.otlp;
