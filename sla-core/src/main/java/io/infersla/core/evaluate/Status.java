package io.infersla.core.evaluate;

/**
 * The outcome of one evaluation as stored and reported. The wire names are a contract (the
 * {@code status} column of {@code sla.evaluations}, dashboards, reports).
 */
public enum Status {
    OK("ok"),
    WARNING("warning"),
    BREACH("breach"),
    /** Fewer samples than the objective's minimum: never a breach, never compliant. */
    INSUFFICIENT_DATA("insufficient_data"),
    /** Maintenance or contractual exclusion: not counted either way. */
    EXCUSED("excused"),
    /** The objective has no threshold (contract- or budget-dependent): the value is only reported. */
    REPORTED("reported");

    private final String id;

    Status(String id) {
        this.id = id;
    }

    public String id() {
        return id;
    }

    /** The status with this wire name, e.g. from the {@code status} column. */
    public static java.util.Optional<Status> fromId(String id) {
        for (Status status : values()) {
            if (status.id.equals(id)) {
                return java.util.Optional.of(status);
            }
        }
        return java.util.Optional.empty();
    }

    /** Whether this outcome counts in attainment (compliant or not). */
    public boolean isJudged() {
        return this == OK || this == WARNING || this == BREACH;
    }
}
