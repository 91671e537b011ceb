/**
 * Breach alerts: from breach episodes to PagerDuty, Alertmanager and webhook notifications
 * through a transactional outbox. Plain Java (JDBC and java.net.http), used by the engine.
 */
package io.infersla.alerting;
