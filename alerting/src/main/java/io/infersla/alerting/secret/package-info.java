/**
 * Secrets (PagerDuty routing keys, webhook signing secrets) as their own type, masked whenever
 * printed. They live in {@code sla.contracts.secrets}, are read by the dispatcher at send time
 * and never enter outbox payloads, logs or error messages.
 */
package io.infersla.alerting.secret;
