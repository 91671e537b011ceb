/**
 * Compliance arithmetic for monthly reports: attainment, time in breach, service-credit tiers.
 * The share of requests within the limit comes from merged sketches
 * ({@link io.infersla.core.breach.BurnRate#shareBeyondLimit}).
 */
package io.infersla.core.compliance;
