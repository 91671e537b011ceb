/**
 * Breach alerts: from breach episodes to PagerDuty, Alertmanager and webhook notifications
 * through a transactional outbox. Plain Java (JDBC and Apache HttpClient 5), used by the engine.
 *
 * <p>Folders follow the pipeline: {@code routing} (which sinks, pure) → {@code payload} (what
 * they are told, pure) → {@code outbox} (stored with the breach, claimed, retried) →
 * {@code deliver} (one thin notifier per sink, plus the retry, rate-limit and SSRF policies).
 * {@code secret} keeps routing keys and signing secrets out of every printout.
 */
package io.infersla.alerting;
