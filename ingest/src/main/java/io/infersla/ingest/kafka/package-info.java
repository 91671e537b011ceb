/**
 * Kafka in and out: the idempotent {@code acks=all} publisher of {@code sla.requests} (one record
 * per series per export) and {@code sla.requests.dlq} (one JSON record per rejected span), and the
 * consumer of the OpenTelemetry Collector's {@code otlp_spans} topic.
 */
package io.infersla.ingest.kafka;
