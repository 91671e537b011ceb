/**
 * The SLA engine: everything downstream of {@code sla.requests}. It will run the Kafka Streams
 * topology (exactly_once_v2) that folds requests into per-series, per-metric slices of mergeable
 * sketches, evaluates rolling windows against the catalog's and contracts' objectives at every
 * slice close and drives one breach state machine per series and objective; write window
 * statistics, evaluations and breach episodes to TimescaleDB with idempotent upserts; deliver
 * alerts to PagerDuty, Alertmanager and webhooks through an outbox; and serve the REST API
 * (catalog, contracts, status, breaches, monthly compliance reports) on port 8080. The SLA logic
 * itself lives in {@code sla-core}; this module wires it to Kafka, JDBC and HTTP. For now it is a
 * Quarkus application with health, metrics and OpenAPI only.
 */
package io.infersla.engine;
