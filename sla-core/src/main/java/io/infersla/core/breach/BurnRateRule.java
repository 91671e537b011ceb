package io.infersla.core.breach;

import java.time.Duration;
import java.util.List;

/**
 * One multi-window burn-rate alert rule: it fires when the error budget burns at least
 * {@code factor} times too fast over both the long and the short window (the short window makes
 * the alert resolve quickly once the burn stops).
 */
public record BurnRateRule(double factor, Duration longWindow, Duration shortWindow, Severity severity) {

    /**
     * The Google SRE workbook's recommended pairs ("Alerting on SLOs", multiwindow multi-burn-rate
     * alerts, for a 30-day budget): 14.4× over 1 h and 5 m and 6× over 6 h and 30 m page;
     * 1× over 3 d and 6 h opens a ticket.
     */
    public static final List<BurnRateRule> SRE_WORKBOOK = List.of(
            new BurnRateRule(14.4, Duration.ofHours(1), Duration.ofMinutes(5), Severity.CRITICAL),
            new BurnRateRule(6, Duration.ofHours(6), Duration.ofMinutes(30), Severity.CRITICAL),
            new BurnRateRule(1, Duration.ofDays(3), Duration.ofHours(6), Severity.WARNING));

    public BurnRateRule {
        if (!(factor > 0) || Double.isInfinite(factor)) {
            throw new IllegalArgumentException("factor must be finite and > 0, was " + factor);
        }
        if (shortWindow == null || longWindow == null || shortWindow.isNegative() || shortWindow.isZero()
                || shortWindow.compareTo(longWindow) >= 0) {
            throw new IllegalArgumentException(
                    "windows must satisfy 0 < shortWindow < longWindow, were " + shortWindow + " and " + longWindow);
        }
    }
}
