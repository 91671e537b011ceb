/**
 * Alert routing per contract, pure: which sinks (PagerDuty, Alertmanager, webhooks), which
 * routing keys (by secret name), and the minimum severity for each. {@link
 * io.infersla.alerting.routing.Router#route} turns one breach event into the deliveries that
 * become outbox rows; timers and I/O live in the outbox and deliver packages.
 */
package io.infersla.alerting.routing;
