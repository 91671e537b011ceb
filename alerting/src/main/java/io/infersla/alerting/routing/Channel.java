package io.infersla.alerting.routing;

/** Where a notification goes. The ids are the {@code channel} column of {@code sla.alert_outbox}. */
public enum Channel {
    PAGERDUTY("pagerduty"),
    ALERTMANAGER("alertmanager"),
    WEBHOOK("webhook");

    private final String id;

    Channel(String id) {
        this.id = id;
    }

    public String id() {
        return id;
    }

    public static Channel fromId(String id) {
        for (Channel c : values()) {
            if (c.id.equals(id)) {
                return c;
            }
        }
        throw new IllegalArgumentException("channel must be one of pagerduty, alertmanager, webhook, was '" + id + "'");
    }
}
