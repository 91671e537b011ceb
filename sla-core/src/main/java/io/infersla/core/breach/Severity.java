package io.infersla.core.breach;

/**
 * How bad an open episode is. Warning: past the target (or the limit, but not yet for long
 * enough); critical: past the limit for the policy's opening streak. Alert routing maps these to
 * PagerDuty's {@code warning} and {@code critical} severities.
 */
public enum Severity {
    WARNING("warning"),
    CRITICAL("critical");

    private final String id;

    Severity(String id) {
        this.id = id;
    }

    public String id() {
        return id;
    }
}
