/**
 * Notification bodies, pure: PagerDuty Events v2 events, Alertmanager v2 alerts and the generic
 * webhook body, built from a breach event and the facts of the evaluation behind it. What these
 * build is stored in {@code sla.alert_outbox.payload}, so none of it may contain a secret:
 * routing keys and signatures are added by the notifiers at send time.
 */
package io.infersla.alerting.payload;
