package io.infersla.alerting.routing;

/** Open (or update) an alert, or close it. The ids are the {@code action} column of {@code sla.alert_outbox}. */
public enum Action {
    TRIGGER("trigger"),
    RESOLVE("resolve");

    private final String id;

    Action(String id) {
        this.id = id;
    }

    public String id() {
        return id;
    }

    public static Action fromId(String id) {
        for (Action a : values()) {
            if (a.id.equals(id)) {
                return a;
            }
        }
        throw new IllegalArgumentException("action must be trigger or resolve, was '" + id + "'");
    }
}
