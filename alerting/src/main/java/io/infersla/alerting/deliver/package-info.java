/**
 * Delivery: one notifier per sink (PagerDuty Events v2, Alertmanager v2, signed webhook), each
 * a thin adapter over {@link io.infersla.alerting.deliver.HttpPost}, plus the pure policies
 * around them: which statuses are retried, backoff with jitter and {@code Retry-After}, the
 * per-routing-key rate limit, and the SSRF guard on outgoing URLs (whose resolver is the
 * HTTP client's, so the addresses checked are the ones connected to).
 */
package io.infersla.alerting.deliver;
