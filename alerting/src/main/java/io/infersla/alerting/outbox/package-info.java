/**
 * The transactional outbox: {@link io.infersla.alerting.outbox.BreachRecorder} writes a breach
 * and its notifications in one transaction; {@link io.infersla.alerting.outbox.OutboxDispatcher}
 * claims due rows ({@code FOR UPDATE SKIP LOCKED}), sends them and records the outcome;
 * {@link io.infersla.alerting.outbox.AlertmanagerRefresher} repeats open alerts to Alertmanager.
 * The only JDBC in the module.
 */
package io.infersla.alerting.outbox;
